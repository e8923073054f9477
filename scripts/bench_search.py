"""Seed a PostgreSQL database with many articles and time site search through the view.

Usage (from the project folder; the database is created if missing and is yours to drop):

    createdb -h 127.0.0.1 -U postgres nr_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_search_bench \\
        .venv/bin/python scripts/bench_search.py [--articles 100000] [--runs 1]

It migrates the database, then (only if it holds fewer articles than asked for) adds
published articles with COPY, in one transaction: their bylines and tags first, then the
articles, so the insert trigger of migration 0004 builds each search vector once, complete.
Text is drawn from a vocabulary with a Zipf-like distribution, as real prose is: a few words
are in most stories ("council"), most in a handful. Then it runs about fifty searches
through the Django test client (the whole page: form, query, count, snippets, template),
common and rare words, phrases, with and without filters, once to warm up and --runs more
times timed, and prints p50, p95 and the slowest.
"""

# Random text for a benchmark, not secrets.
# ruff: noqa: S311
import argparse
import io
import os
import random
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

# Real words a local paper uses, most common first; invented words make up the long tail.
COMMON_WORDS = [
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "said",
    "at", "by", "from", "city", "council", "will", "new", "school", "board", "river",
    "street", "county", "police", "residents", "year", "people", "mayor", "park", "water",
    "budget", "vote", "meeting", "plan", "public", "community", "district", "state", "money",
    "road", "bridge", "local", "housing", "library", "neighbors", "business", "tax", "fire",
    "church", "football", "team", "coach", "game", "season", "students", "teacher", "parents",
    "election", "candidate", "downtown", "traffic", "construction", "flood", "storm",
    "weather", "summer", "winter", "festival", "market", "farmers", "museum", "art", "music",
    "history",
]  # fmt: skip
SYLLABLES = [consonant + vowel for consonant in "bklmnrst" for vowel in "aeiou"]

PLAIN_QUERIES = [
    "council", "city", "school", "river", "police", "budget", "flood", "bridge", "park",
    "library", "football", "election", "festival", "museum", "housing", "storm",
    "weather", "coach", "traffic", "church",
]  # fmt: skip
PHRASES = [
    '"city council"', '"school board"', '"river street"', "budget vote", "flood bridge",
    "police traffic", "library museum", "park festival", '"farmers market"', "storm water",
]  # fmt: skip


def vocabulary(size, rng):
    words = list(COMMON_WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def copy_rows(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(escape_copy(value) for value in row) + "\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def escape_copy(value):
    if value is None:
        return r"\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def seed(count, rng):
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Author, Section
    from neighborhoods.models import Neighborhood

    existing = Article.objects.count()
    if existing >= count:
        print(f"{existing} articles already there; not seeding.")
        return
    wanted = count - existing
    print(f"Seeding {wanted} articles with COPY...", flush=True)
    started = time.perf_counter()

    words = vocabulary(20000, rng)
    # Zipf-like: the word of rank r is drawn with weight 1 / r^1.1.
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank**1.1
        cumulative.append(total)

    def sentence(length):
        chosen = rng.choices(words, cum_weights=cumulative, k=length)
        return " ".join(chosen).capitalize() + "."

    with transaction.atomic():
        sections = [
            Section.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}"})[0]
            for n in range(8)
        ]
        neighborhoods = [
            Neighborhood.objects.get_or_create(
                slug=f"bench-{n}", defaults={"name": f"Bench neighborhood {n}"}
            )[0]
            for n in range(12)
        ]
        authors = [
            Author.objects.get_or_create(
                slug=f"bench-{n}",
                defaults={"name": f"{rng.choice(words).title()} {rng.choice(words).title()}"},
            )[0]
            for n in range(200)
        ]
        tags = [
            Tag.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"{words[n + 40]} {n}"})[
                0
            ]
            for n in range(300)
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('articles_article', 'id'))")
            first_id = cursor.fetchone()[0]
            ids = range(first_id, first_id + wanted)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)",
                [first_id + wanted],
            )
            now = timezone.now()
            kinds = [kind for kind, _label in Article.Kind.choices]

            # Bylines and tags before the articles they belong to (the foreign keys are
            # checked at commit), so the articles' insert trigger sees them.
            bylines, tagged, places = [], [], []
            for article_id in ids:
                for order, author in enumerate(rng.sample(authors, rng.choice((1, 1, 1, 2)))):
                    bylines.append((article_id, author.pk, order))
                for tag in rng.sample(tags, rng.randint(0, 3)):
                    tagged.append((article_id, tag.pk))
                if rng.random() < 0.4:
                    places.append((article_id, rng.choice(neighborhoods).pk))
            copy_rows(cursor, "articles_byline", ["article_id", "author_id", '"order"'], bylines)
            copy_rows(cursor, "articles_taggedarticle", ["content_object_id", "tag_id"], tagged)
            copy_rows(
                cursor, "articles_article_neighborhoods", ["article_id", "neighborhood_id"], places
            )
            print(f"  related rows: {time.perf_counter() - started:.0f} s", flush=True)

            columns = [
                "id", "headline", "slug", "dek", "body", "section_id", "kind", "status",
                "publish_at", "created_at", "updated_at", "comments_enabled", "priority",
                "withdrawal_note", "version",
            ]  # fmt: skip
            batch = []
            for number, article_id in enumerate(ids, 1):
                # Ten years of stories, newest first by id.
                published = now - timedelta(minutes=(wanted - number) * 50 + 5)
                body = "".join(
                    f"<p>{' '.join(sentence(rng.randint(8, 22)) for _ in range(rng.randint(2, 5)))}</p>"  # noqa: E501
                    for _ in range(rng.randint(3, 8))
                )
                batch.append(
                    (
                        article_id,
                        sentence(rng.randint(5, 11))[:-1],
                        f"bench-{article_id}",
                        sentence(rng.randint(12, 25)),
                        body,
                        rng.choice(sections).pk,
                        rng.choices(kinds, weights=(70, 10, 5, 5, 3, 6, 1))[0],
                        "published",
                        published.isoformat(),
                        published.isoformat(),
                        published.isoformat(),
                        "t",
                        0,
                        "",
                        1,
                    )
                )
                if len(batch) == 5000:
                    copy_rows(cursor, "articles_article", columns, batch)
                    batch = []
                    print(f"  {number} articles: {time.perf_counter() - started:.0f} s", flush=True)
            if batch:
                copy_rows(cursor, "articles_article", columns, batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Seeded in {time.perf_counter() - started:.0f} s.", flush=True)


def queries(rng):
    from articles.models import Article, Section

    # This script's own sections and stories, or any paper's (make bench's newsroom_bench).
    sections = list(
        Section.objects.filter(slug__startswith="bench-").values_list("slug", flat=True)
    ) or list(Section.objects.values_list("slug", flat=True))
    year_ago = (django.utils.timezone.localdate() - timedelta(days=365)).isoformat()
    two_years_ago = (django.utils.timezone.localdate() - timedelta(days=730)).isoformat()
    own = Article.objects.filter(slug__startswith="bench-")
    rare = list(
        (own if own.exists() else Article.objects.published())
        .order_by("?")
        .values_list("headline", flat=True)[:10]
    )
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
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database: this measures full-text search.")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rng = random.Random(args.seed)
    seed(args.articles, rng)
    setup_test_environment()

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
                paginator = response.context["paginator"]
                count = paginator.count if paginator else 0
                timings.append((elapsed, in_database[0] * 1000, count, params))

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
