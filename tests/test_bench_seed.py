"""The benchmark's seeder (`manage.py bench_seed`): the paper it makes, and what it refuses.

PostgreSQL only: it loads with COPY. Transactional tests, because the seeder commits its own
transaction and then VACUUMs, which PostgreSQL refuses inside one.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Section
from comments.models import Comment
from newsroom.bench.seed import MARKER_TABLE, NotABenchDatabase, seed
from newsroom.bench.sizes import Sizes
from photos.models import Photo
from subscriptions.models import Subscriber

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the seeder uses COPY"),
]

SMALL = Sizes(articles=300, comments=2000, subscribers=150, photos=20, years=2)


@pytest.fixture(autouse=True)
def _no_seed_record():
    # The record of what was seeded is a table of its own, which Django's flush between
    # transactional tests does not know about.
    drop = f"DROP TABLE IF EXISTS {MARKER_TABLE}"
    with connection.cursor() as cursor:
        cursor.execute(drop)
    yield
    with connection.cursor() as cursor:
        cursor.execute(drop)


def test_seeding_makes_the_requested_paper_and_a_rerun_reuses_it(client):
    seeded, _seconds = seed(sizes=SMALL)

    assert seeded
    assert Article.objects.count() == SMALL.articles
    assert Comment.objects.count() == SMALL.comments
    assert Subscriber.objects.count() == SMALL.subscribers
    assert Photo.objects.count() == SMALL.photos
    # Nearly everything is published, as in a real archive, with some drafts besides.
    assert Article.objects.published().count() > SMALL.articles * 0.9
    # A reader can open a seeded story, and it shows its picture's renditions.
    article = Article.objects.published().filter(lead_photo__isnull=False).first()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.text
    assert "renditions/" in response.text

    seeded_again, _seconds = seed(sizes=SMALL)

    assert not seeded_again
    assert Article.objects.count() == SMALL.articles


def test_other_sizes_reseed_from_scratch():
    seed(sizes=SMALL)

    call_command("bench_seed", "--articles=120", "--comments=500", "--subscribers=50", "--photos=8")

    assert Article.objects.count() == 120
    assert Comment.objects.count() == 500
    assert Photo.objects.count() == 8


def test_a_real_paper_is_never_overwritten():
    section = Section.objects.create(name="City Hall", slug="city-hall")
    Article.objects.create(headline="Our own story", slug="our-own-story", section=section)

    with pytest.raises(NotABenchDatabase):
        seed(sizes=SMALL)
    with pytest.raises(CommandError, match="newsroom_bench"):
        call_command("bench_seed", "--articles=10", "--comments=0", "--subscribers=0")

    assert list(Article.objects.values_list("headline", flat=True)) == ["Our own story"]
