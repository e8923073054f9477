"""In-process measurements for `make bench`, run in a process of their own with the bench's
environment: `python -m newsroom.bench.probe {paths,queries} OUT.json`.

`paths` picks the addresses each page kind is loaded with, from the seeded database.
`queries` requests one address of each kind through Django's test client, counts its
queries, and EXPLAINs every one that reads the articles table, looking for a sequential
scan of it. With the page cache on (warm), the count is that of a second request, after a
first one stored the page.
"""

import json
import os
import random
import sys

import django

ARTICLE_PATHS = 1000
TAG_PATHS = 200
SEARCH_PATHS = 200
# Page kinds whose main query lists articles: none may read the whole articles table.
LISTING_KINDS = ("home", "section", "tag", "author", "neighborhood", "archive", "feed")
ARTICLES_TABLE = "articles_article"


def pick_paths():
    from django.db import connection
    from django.urls import reverse

    from articles.models import Article, Author, Section
    from neighborhoods.models import Neighborhood
    from newsroom.bench.seed import seeded_sizes
    from newsroom.bench.text import Prose

    rng = random.Random(42)  # noqa: S311 - a sample, not a secret
    articles = Article.objects.published().order_by("?").only("slug", "publish_at")
    sections = list(Section.objects.values_list("slug", flat=True))
    with connection.cursor() as cursor:
        # Tags with at least one published story: the others answer 404 by design.
        cursor.execute(
            "SELECT DISTINCT t.slug FROM taggit_tag t "
            "JOIN articles_taggedarticle ta ON ta.tag_id = t.id "
            "JOIN articles_article a ON a.id = ta.content_object_id "
            "WHERE a.status = 'published' AND a.publish_at <= now()"
        )
        tags = sorted(row[0] for row in cursor.fetchall())
    prose = Prose(rng)
    searches = ["+".join(prose.search_terms(rng.choice((1, 1, 2)))) for _ in range(SEARCH_PATHS)]
    return {
        "paths": {
            "home": [reverse("articles:home")],
            "article": [article.get_absolute_url() for article in articles[:ARTICLE_PATHS]],
            "section": [reverse("articles:section", args=[slug]) for slug in sections],
            "tag": [
                reverse("articles:tag", args=[slug])
                for slug in rng.sample(tags, min(TAG_PATHS, len(tags)))
            ],
            "author": [
                reverse("articles:author", args=[slug])
                for slug in Author.objects.values_list("slug", flat=True)
            ],
            "neighborhood": [
                neighborhood.get_absolute_url() for neighborhood in Neighborhood.objects.all()
            ],
            # Fixed addresses (the contract with search and feeds), not reverse(): a page
            # kind not built yet shows up as 404s in the report instead of a crash here.
            "search": [f"/search/?q={words}" for words in searches],
            "feed": ["/feed/"] + [f"/section/{slug}/feed/" for slug in sections],
        },
        "explain_only": {"archive": ["/archive/"]},
        "seeded": seeded_sizes(),
    }


def _seq_scans(plan, table):
    """The Seq Scan nodes on `table` anywhere in an EXPLAIN (FORMAT JSON) plan."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == table:
        found.append(plan)
    for child in plan.get("Plans", []):
        found.extend(_seq_scans(child, table))
    return found


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return _seq_scans(plan, ARTICLES_TABLE)


def measure_queries(paths, *, warm):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for kind, kind_paths in paths.items():
        path = kind_paths[0]
        client = Client(HTTP_HOST="127.0.0.1")
        if warm:
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result = {"path": path, "status": response.status_code, "queries": len(captured)}
        if not warm:
            plans = []
            for query in captured.captured_queries:
                sql = query["sql"]
                if ARTICLES_TABLE not in sql or not sql.lstrip().upper().startswith("SELECT"):
                    continue
                scans = explain(sql)
                plans.append({"sql": sql[:2000], "seq_scan": bool(scans)})
            result["plans"] = plans
            result["seq_scan"] = any(plan["seq_scan"] for plan in plans)
        results[kind] = result
    return results


def main(argv):
    command, out = argv[1], argv[2]
    django.setup()
    if command == "paths":
        data = pick_paths()
    elif command == "queries":
        with open(argv[3]) as fp:
            picked = json.load(fp)
        paths = {**picked["paths"], **picked["explain_only"]}
        data = measure_queries(paths, warm=os.environ.get("PAGE_CACHE", "on") != "off")
    else:
        raise SystemExit(f"Unknown command {command!r}: paths or queries.")
    with open(out, "w") as fp:
        json.dump(data, fp, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv)
