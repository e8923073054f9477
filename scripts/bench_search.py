"""Time site search through the view on a PostgreSQL database with many articles.

Usage (from the project folder), on make bench's database or one of your own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python scripts/bench_search.py [--articles 100000] [--runs 1]

It migrates the database and, only if it holds fewer articles than asked for, seeds it with
make bench's seeder (newsroom/bench/seed.py). Then it runs about fifty searches through the
Django test client (the whole page: form, query, count, snippets, template), common and
rare words, phrases, with and without filters, once to warm up and --runs more times timed,
and prints p50, p95 and the slowest.
"""

# Random text for a benchmark, not secrets.
# ruff: noqa: S311
import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Every search is run, not served from the page cache (newsroom/cache.py): that is what is
# being measured.
os.environ["PAGE_CACHE"] = "off"

PLAIN_QUERIES = [
    "council", "city", "school", "river", "police", "budget", "flood", "bridge", "park",
    "library", "football", "election", "festival", "museum", "housing", "storm",
    "weather", "coach", "traffic", "church",
]  # fmt: skip
PHRASES = [
    '"city council"', '"school board"', '"river street"', "budget vote", "flood bridge",
    "police traffic", "library museum", "park festival", '"farmers market"', "storm water",
]  # fmt: skip


def seed(count):
    """Make sure the database holds at least `count` articles: make bench's seeder adds them
    (COPY, text with a Zipf-like vocabulary, the search trigger filling every vector)."""
    from articles.models import Article
    from newsroom.bench.seed import seed as bench_seed
    from newsroom.bench.sizes import Sizes

    existing = Article.objects.count()
    if existing >= count:
        print(f"{existing} articles already there; not seeding.")
        return
    sizes = Sizes(articles=count, comments=count // 10, subscribers=10, photos=20)
    _seeded, seconds = bench_seed(sizes=sizes)
    print(f"Seeded {count:,} articles in {seconds:.0f} s.")


def queries(rng):
    from articles.models import Article, Section

    sections = list(Section.objects.values_list("slug", flat=True))
    year_ago = (django.utils.timezone.localdate() - timedelta(days=365)).isoformat()
    two_years_ago = (django.utils.timezone.localdate() - timedelta(days=730)).isoformat()
    rare = list(Article.objects.published().order_by("?").values_list("headline", flat=True)[:10])
    searches = [{"q": word} for word in PLAIN_QUERIES]
    searches += [{"q": phrase} for phrase in PHRASES]
    # Rare words: the last word of random headlines, mostly from the long tail.
    searches += [{"q": headline.split()[-1]} for headline in rare]
    searches += [
        {"q": "council", "section": sections[0]},
        {"q": "school", "kind": "opinion"},
        {"q": "river", "date_from": year_ago},
        {"q": "budget", "date_from": two_years_ago, "date_to": year_ago},
        {"q": "police", "section": sections[1], "kind": "news"},
        {"q": '"city council"', "section": sections[2]},
        {"q": "flood", "page": "3"},
        {"q": "the"},
        {"q": "council -budget"},
        {"q": "storm or flood"},
    ]
    return searches


# The line above the results: "12 results for …", or "The best of the 300 newest …".
RESULT_COUNT = re.compile(r'class="search-count"[^>]*>\s*(?:The best of the )?([\d,]+)')


def result_count(response):
    """How many results the page says it has. Read from the page, not from the template
    context: capturing the context (setup_test_environment) would add its own cost to
    every timing."""
    found = RESULT_COUNT.search(response.content.decode())
    return int(found.group(1).replace(",", "")) if found else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="timed passes over the searches")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database: this measures full-text search.")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rng = random.Random(args.seed)
    seed(args.articles)

    client = Client()
    searches = queries(rng)
    timings = []
    in_database = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_database[0] += time.perf_counter() - started

    for run in range(args.runs + 1):
        for params in searches:
            in_database[0] = 0.0
            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get("/search/", params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (params, response.status_code)
            if run:
                timings.append((elapsed, in_database[0] * 1000, result_count(response), params))

    # The whole page includes the masthead, the section navigation and the form's menus, and
    # on a busy machine Python's share varies most; the database's share is the search.
    print(f"{len(timings)} searches over {connection.settings_dict['NAME']}:")
    for label, column in (("whole page", 0), ("SQL only ", 1)):
        values = sorted(row[column] for row in timings)
        p95 = values[max(0, round(len(values) * 0.95) - 1)]
        print(
            f"  {label}: p50 {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, "
            f"max {values[-1]:.1f} ms"
        )
    print("  slowest (page, SQL):")
    for elapsed, sql, count, params in sorted(timings, key=lambda row: row[1], reverse=True)[:5]:
        print(f"    {elapsed:6.1f} ms {sql:6.1f} ms  {count:>6} results  {params}")


if __name__ == "__main__":
    main()
