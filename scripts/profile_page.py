"""Time whole public pages in-process, cold (no page cache), and show where the time goes.

Usage (from the project folder, against a seeded database, read-only):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench PAGE_CACHE=off \\
        .venv/bin/python scripts/profile_page.py [--kind article] [-n 20] [-m 20] \\
        [--profile] [--top 30] [--save-html DIR]

--kind is one of article (default), home, section, tag, author. For articles it picks -n
published stories that have visible comments and a lead photo, plus a few with a gallery if
the database has any; for the lists, -n sections, tags or authors. Every address is
requested once untimed (filling the template cache and PostgreSQL's buffers, and counting
its queries), then -m times timed, round-robin so that a passing disturbance on the shared
machine spreads over all of them. It prints the median, p95 and slowest request in ms, the
median and p95 of this process's CPU time per request (steadier than the clock when others
share the machine; PostgreSQL's share is not in it), and the queries per request.

--profile runs the timed requests under cProfile and prints the hottest functions by own
time and by cumulative time. --save-html DIR writes each page's HTML, to diff a change
against the page before it (whitespace aside, readers must see the same page).

As production does: the page cache is off (PAGE_CACHE=off, forced), and DEBUG is switched
off before any template is loaded, so templates are compiled without debug information and
kept by the cached loader. What stays from the development settings: static files are
served by the plain storage (no manifest lookup), and the test client skips the WSGI
server, so the figures are the application's own share of a request.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Every request is rendered, not served from the page cache: that is what is measured.
os.environ["PAGE_CACHE"] = "off"

KINDS = ("article", "home", "section", "tag", "author")
# Share of the article sample that has a gallery, when the database has galleries at all.
GALLERY_SHARE = 0.2


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=KINDS, default="article")
    parser.add_argument("-n", "--pages", type=int, default=20, help="addresses (default 20)")
    parser.add_argument(
        "-m", "--repeat", type=int, default=20, help="timed requests per address (default 20)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the timed requests")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--seed", type=int, default=42, help="for the choice of addresses")
    parser.add_argument("--save-html", metavar="DIR", help="write each page's HTML here")
    return parser.parse_args(argv)


def article_paths(rng, count):
    from django.db.models import Exists, OuterRef

    from articles.models import Article
    from comments.models import Comment

    published = Article.objects.published()
    with_comments = published.filter(
        Exists(Comment.objects.visible().filter(article=OuterRef("pk"))),
        lead_photo__isnull=False,
    )
    with_gallery = list(published.filter(gallery__isnull=False).values_list("pk", flat=True))
    gallery_count = min(len(with_gallery), round(count * GALLERY_SHARE)) if with_gallery else 0
    # Sorted before sampling, so the same seed picks the same stories run after run.
    candidates = sorted(with_comments.values_list("pk", flat=True))
    picked = rng.sample(candidates, min(count - gallery_count, len(candidates)))
    picked += rng.sample(sorted(with_gallery), gallery_count)
    return [article.get_absolute_url() for article in Article.objects.filter(pk__in=picked)]


def list_paths(kind, rng, count):
    from django.urls import reverse

    from articles.models import Article, Author, Section

    if kind == "home":
        return [reverse("articles:home")]
    if kind == "section":
        slugs = sorted(Section.objects.values_list("slug", flat=True))
        name = "articles:section"
    elif kind == "author":
        slugs = sorted(Author.objects.values_list("slug", flat=True))
        name = "articles:author"
    else:
        # Tags with a published story: the others answer 404 by design.
        slugs = sorted(
            set(
                Article.objects.published()
                .filter(tags__isnull=False)
                .values_list("tags__slug", flat=True)
            )
        )
        name = "articles:tag"
    return [reverse(name, args=[slug]) for slug in rng.sample(slugs, min(count, len(slugs)))]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv):
    args = parse_args(argv)
    django.setup()
    from django.conf import settings

    # Before the template engine exists: it reads DEBUG once, when it is made.
    settings.DEBUG = False

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(args.seed)  # noqa: S311 - a sample, not a secret
    if args.kind == "article":
        paths = article_paths(rng, args.pages)
    else:
        paths = list_paths(args.kind, rng, args.pages)
    if not paths:
        raise SystemExit(f"No {args.kind} pages in this database.")

    # The host gunicorn is reached at in the benchmark, and one ALLOWED_HOSTS accepts.
    client = Client(HTTP_HOST="127.0.0.1")
    queries = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}.")
        queries[path] = len(captured)
        if args.save_html:
            out = Path(args.save_html)
            out.mkdir(parents=True, exist_ok=True)
            (out / (path.strip("/").replace("/", "_") or "home")).with_suffix(".html").write_bytes(
                response.content
            )

    profiler = cProfile.Profile() if args.profile else None
    timings = {path: [] for path in paths}
    cpu = []
    for _round in range(args.repeat):
        for path in paths:
            if profiler:
                profiler.enable()
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(path)
            elapsed = time.perf_counter() - started
            cpu.append((time.process_time() - cpu_started) * 1000)
            if profiler:
                profiler.disable()
            timings[path].append(elapsed * 1000)

    every = [ms for values in timings.values() for ms in values]
    medians = [statistics.median(values) for values in timings.values()]
    print(
        f"{args.kind}: {len(paths)} addresses x {args.repeat} requests"
        f"{' (under cProfile: slower than real)' if profiler else ''}"
    )
    print(
        f"  median {statistics.median(every):6.2f} ms   p95 {percentile(every, 0.95):6.2f} ms   "
        f"max {max(every):6.2f} ms   per-address medians {min(medians):.2f}-{max(medians):.2f} ms"
    )
    # This process's own CPU time: what other work on a shared machine disturbs least.
    print(f"  CPU median {statistics.median(cpu):6.2f} ms   p95 {percentile(cpu, 0.95):6.2f} ms")
    counts = sorted(set(queries.values()))
    print(f"  queries per request: {', '.join(map(str, counts))}")
    if profiler:
        for order in ("tottime", "cumulative"):
            print(f"\n--- top {args.top} by {order} ---")
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.strip_dirs().sort_stats(order).print_stats(args.top)


if __name__ == "__main__":
    main(sys.argv[1:])
