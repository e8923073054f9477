from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.demo import loader
from newsroom.demo.newsletters import load_newsletters
from subscriptions.models import Consent, Delivery, Edition, Newsletter, Subscriber
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    now = timezone.now()
    neighborhoods = loader._load_neighborhoods(report=loader.LoadReport())
    last_week = ArticleFactory(
        headline="Ferry returns to the river", publish_at=now - timedelta(days=9)
    )
    ArticleFactory(headline="Yesterday's news", publish_at=now - timedelta(days=1))
    report = loader.LoadReport()
    load_newsletters(report=report, now=now, neighborhoods=neighborhoods)
    return {"now": now, "neighborhoods": neighborhoods, "report": report, "last_week": last_week}


def test_demo_has_the_four_lists_with_their_neighborhoods(loaded):
    lists = {n.name: n for n in Newsletter.objects.select_related("neighborhood")}
    assert set(lists) == {
        "The Riverside Ledger Weekly",
        "Breaking news",
        "Eastbank letter",
        "Old Mill & Depot Square letter",
    }
    assert lists["The Riverside Ledger Weekly"].kind == Newsletter.Kind.DIGEST
    assert lists["Eastbank letter"].neighborhood.slug == "eastbank"
    assert lists["Old Mill & Depot Square letter"].neighborhood.slug == "old-mill"


def test_demo_readers_are_active_with_a_demo_consent(loaded):
    readers = Subscriber.objects.all()
    assert readers.count() >= 5
    assert all(r.status == Subscriber.Status.ACTIVE for r in readers)
    assert Consent.objects.filter(source="demo").count() == readers.count()


def test_last_weeks_digest_is_sent_with_that_weeks_stories(loaded, client):
    edition = Edition.objects.get(status=Edition.Status.SENT)
    assert edition.sent_at < loaded["now"] - timedelta(days=6)
    assert list(edition.articles.all()) == [loaded["last_week"]]
    assert Delivery.objects.filter(edition=edition, status=Delivery.Status.SENT).count() == (
        Subscriber.objects.filter(newsletters=edition.newsletter).count()
    )


def test_loading_the_newsletters_again_adds_nothing(loaded):
    before = [model.objects.count() for model in (Newsletter, Subscriber, Consent, Edition)]
    report = loader.LoadReport()
    load_newsletters(report=report, now=timezone.now(), neighborhoods=loaded["neighborhoods"])
    assert [model.objects.count() for model in (Newsletter, Subscriber, Consent, Edition)] == before
    assert not report.anything_created


def test_archive_lists_the_demo_digest(loaded, client):
    edition = Edition.objects.get(status=Edition.Status.SENT)
    response = client.get(reverse("subscriptions:archive"))
    assert response.status_code == 200
    assert edition.subject in response.content.decode()
