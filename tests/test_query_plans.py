"""No page that lists stories reads the whole articles table (issue: performance).

On a seeded, vacuumed paper, every query the home, section, tag, author, neighborhood,
archive and feed pages send that touches the articles table is EXPLAINed: none may plan a
sequential scan of it. `make bench` runs the same check at 100,000 articles.

PostgreSQL only, and transactional: the seeder commits and VACUUMs, which PostgreSQL
refuses inside a transaction.
"""

import pytest
from django.db import connection

from newsroom.bench.probe import LISTING_KINDS, measure_queries, pick_paths
from newsroom.bench.seed import MARKER_TABLE, seed
from newsroom.bench.sizes import Sizes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"),
]

# Enough stories that a scan of the table costs the planner more than the indexes do.
PAPER = Sizes(articles=10_000, comments=3_000, subscribers=50, photos=20, years=10)


@pytest.fixture
def seeded_paper(settings):
    settings.PAGE_CACHE_ENABLED = False  # the queries of rendering, not of a stored page
    seed(sizes=PAPER)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")


def test_no_listing_page_plans_a_sequential_scan_of_the_articles_table(seeded_paper):
    picked = pick_paths()
    paths = {kind: picked["paths"][kind][:1] for kind in LISTING_KINDS if kind in picked["paths"]}
    paths.update(picked["explain_only"])

    results = measure_queries(paths, warm=False)

    assert set(results) == set(LISTING_KINDS)
    for kind, result in results.items():
        assert result["status"] == 200, kind
        assert result["plans"], f"{kind}: no query of the articles table was checked"
    scanned = {
        kind: [plan["sql"][:300] for plan in result["plans"] if plan["seq_scan"]]
        for kind, result in results.items()
    }
    assert scanned == {kind: [] for kind in LISTING_KINDS}
