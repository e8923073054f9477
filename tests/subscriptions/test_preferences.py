import time

import pytest
from django.test import Client
from django.urls import reverse

from subscriptions import tokens
from subscriptions.models import Consent, Newsletter, Subscriber
from tests.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly")


@pytest.fixture
def breaking():
    return NewsletterFactory(name="Breaking news", kind=Newsletter.Kind.BREAKING)


@pytest.fixture
def subscriber(digest):
    return SubscriberFactory(email="ana@example.org", newsletters=[digest])


def preferences_path(subscriber):
    return tokens.preferences_url(subscriber).removeprefix("http://127.0.0.1:8000")


def test_preferences_page_shows_the_lists_with_the_readers_checked(client, subscriber, breaking):
    response = client.get(preferences_path(subscriber))

    assert response.status_code == 200
    content = response.content.decode()
    assert "ana@example.org" in content
    assert "Breaking news" in content
    options = {n.name: c.data["selected"] for c, n in response.context["form"].newsletter_options()}
    assert options == {"The Weekly": True, "Breaking news": False}


def test_reader_changes_lists_and_the_addition_is_recorded(client, subscriber, digest, breaking):
    path = preferences_path(subscriber)

    response = client.post(path, {"action": "save", "newsletters": [breaking.pk]}, follow=True)

    assert response.status_code == 200
    assert "Your choices are saved." in response.content.decode()
    assert list(subscriber.newsletters.all()) == [breaking]
    consent = Consent.objects.get(subscriber=subscriber)
    assert consent.source == "preferences page"
    assert list(consent.newsletters.all()) == [breaking]


def test_reader_can_leave_a_private_list_but_not_join_one(client, digest):
    private = NewsletterFactory(name="Board members", is_public=False)
    other_private = NewsletterFactory(name="Staff bulletin", is_public=False)
    subscriber = SubscriberFactory(newsletters=[digest, private])

    content = client.get(preferences_path(subscriber)).content.decode()
    assert "Board members" in content and "Staff bulletin" not in content

    client.post(
        preferences_path(subscriber),
        {"action": "save", "newsletters": [digest.pk, other_private.pk]},
    )
    assert set(subscriber.newsletters.all()) == {digest, private}  # nothing saved

    client.post(preferences_path(subscriber), {"action": "save", "newsletters": [digest.pk]})
    assert list(subscriber.newsletters.all()) == [digest]


def test_leave_all_unsubscribes(client, subscriber):
    response = client.post(preferences_path(subscriber), {"action": "leave"}, follow=True)

    assert "You have left all our newsletters." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.status_changed_at is not None


def test_unchecking_every_list_is_leaving(client, subscriber):
    response = client.post(preferences_path(subscriber), {"action": "save"}, follow=True)

    assert "you have left all our newsletters" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_an_unsubscribed_reader_cannot_rejoin_without_confirming(client, subscriber, breaking):
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()

    page = client.get(preferences_path(subscriber))
    client.post(preferences_path(subscriber), {"action": "save", "newsletters": [breaking.pk]})

    assert "Sign up again" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert breaking not in subscriber.newsletters.all()


def test_preferences_form_requires_the_csrf_token(subscriber, breaking):
    client = Client(enforce_csrf_checks=True)

    response = client.post(preferences_path(subscriber), {"action": "leave"})

    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_invalid_or_expired_link_gets_a_clear_400_page(client, subscriber, monkeypatch):
    path = preferences_path(subscriber)
    bad = reverse("subscriptions:preferences", args=["1:forged:signature"])

    response = client.get(bad)
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()

    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 401 * 24 * 3600)
    assert client.post(path, {"action": "leave"}).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_preferences_page_costs_a_few_queries(client, subscriber, django_assert_max_num_queries):
    NewsletterFactory.create_batch(8)

    with django_assert_max_num_queries(4):
        response = client.get(preferences_path(subscriber))

    assert response.status_code == 200
