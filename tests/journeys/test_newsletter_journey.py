"""The issue's promise end to end: a reader signs up from the home page, confirms from the
email in the outbox, receives the digest with one-click unsubscribe headers, and leaves with
one POST that carries no cookie and no CSRF token."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from subscriptions.models import Delivery, EditionArticle, Subscriber
from subscriptions.sending import edition_send
from tests.factories import ArticleFactory, EditionFactory, NewsletterFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.SITE_DOMAIN = "news.example.org"


def path_of(url):
    return urlsplit(url).path


def links_in(text):
    return re.findall(r"https://news\.example\.org/newsletter/[^\s\"<>]+", text)


def test_reader_signs_up_confirms_gets_the_digest_and_leaves_with_one_post(
    client, django_capture_on_commit_callbacks
):
    digest = NewsletterFactory(name="The Riverside Ledger Weekly")
    ArticleFactory(headline="Council approves the river park")

    # Sign up from the home page's form.
    home = client.get("/")
    assert "Get our newsletters" in home.text
    with django_capture_on_commit_callbacks(execute=True):
        thanks = client.post(
            "/newsletter/",
            {"email": "Ana@Example.org", "newsletters": [str(digest.pk)], "source": "home"},
        )
    assert thanks.status_code == 200
    reader = Subscriber.objects.get(email="ana@example.org")
    assert reader.status == Subscriber.Status.PENDING

    # Confirm from the email in the outbox: the link shows a button, the button confirms.
    assert len(mail.outbox) == 1
    confirm_link = next(u for u in links_in(mail.outbox[0].body) if "/confirm/" in u)
    assert client.get(path_of(confirm_link)).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING, "opening the link alone must not confirm"
    client.post(path_of(confirm_link))
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE
    assert list(reader.newsletters.all()) == [digest]

    # An editor sends the digest; the worker (immediate in tests) delivers it.
    edition = EditionFactory(newsletter=digest, subject="The week in Riverside")
    EditionArticle.objects.create(
        edition=edition, article=ArticleFactory(headline="A new crosswalk on Elm"), order=0
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edition_send(edition=edition, by=StaffFactory())
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    digest_message = mail.outbox[0].message()
    assert "A new crosswalk on Elm" in mail.outbox[0].body
    assert digest_message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = digest_message["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("https://news.example.org/newsletter/unsubscribe/")
    assert Delivery.objects.get(edition=edition, subscriber=reader).status == "sent"

    # Leave with the one POST a mail app makes: no session, no CSRF token.
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED

    # The next edition does not reach them.
    second = EditionFactory(newsletter=digest, subject="Another week")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edition_send(edition=second, by=StaffFactory())
    assert mail.outbox == []
