import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from subscriptions import tokens
from subscriptions.models import Subscriber
from tests.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly")


@pytest.fixture
def subscriber(digest):
    return SubscriberFactory(email="ana@example.org", newsletters=[digest])


def unsubscribe_path(subscriber):
    return tokens.unsubscribe_url(subscriber).removeprefix("http://127.0.0.1:8000")


def one_click(path):
    """What a mail app sends for RFC 8058: no cookie, no CSRF token, a fixed body."""
    return Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_one_click_post_without_csrf_token_unsubscribes(subscriber):
    response = one_click(unsubscribe_path(subscriber))

    assert response.status_code == 200
    assert "You have left all our newsletters" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.status_changed_at is not None


def test_opening_the_link_shows_a_button_and_changes_nothing(client, subscriber):
    path = unsubscribe_path(subscriber)
    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Unsubscribe from all" in content
    assert f'action="{path}"' in content  # the button posts back to the same link
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.status_changed_at is None


def test_the_button_on_the_page_unsubscribes(client, subscriber):
    response = client.post(unsubscribe_path(subscriber))

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_tampered_token_is_refused_and_changes_nothing(subscriber):
    other = SubscriberFactory()
    token = unsubscribe_path(subscriber).split("/")[-2]
    forged = token.replace(str(subscriber.pk), str(other.pk), 1)
    truncated = token[:-1]

    for bad in (forged, truncated, "garbage"):
        path = reverse("subscriptions:unsubscribe", args=[bad])
        response = one_click(path)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
        assert Client().get(path).status_code == 400
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"active"}


def test_a_confirm_link_cannot_unsubscribe(subscriber):
    path = reverse("subscriptions:unsubscribe", args=[tokens.make_token(subscriber, "confirm")])

    assert one_click(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_a_second_post_is_harmless(subscriber):
    path = unsubscribe_path(subscriber)
    one_click(path)
    subscriber.refresh_from_db()
    left_at = subscriber.status_changed_at

    response = one_click(path)

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.status_changed_at == left_at


def test_unsubscribe_link_still_works_a_year_later(subscriber, monkeypatch):
    path = unsubscribe_path(subscriber)
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 365 * 24 * 3600)

    assert one_click(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_does_not_lift_a_bounce(digest):
    bounced = SubscriberFactory(status=Subscriber.Status.BOUNCED, newsletters=[digest])

    assert one_click(unsubscribe_path(bounced)).status_code == 200
    bounced.refresh_from_db()
    assert bounced.status == Subscriber.Status.BOUNCED


def test_signing_up_again_after_leaving_needs_a_new_confirmation(
    client, subscriber, digest, django_capture_on_commit_callbacks
):
    breaking = NewsletterFactory(name="Breaking news")
    one_click(unsubscribe_path(subscriber))

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "ana@example.org", "newsletters": [breaking.pk]})

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    confirm_path = re.search(r"/newsletter/confirm/\S+/", mail.outbox[0].body).group(0)

    client.post(confirm_path)

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    # They get what they asked for this time, not the list they had left.
    assert list(subscriber.newsletters.all()) == [breaking]


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(client, subscriber):
    old_confirm = tokens.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000")
    one_click(unsubscribe_path(subscriber))

    response = client.post(old_confirm)

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
