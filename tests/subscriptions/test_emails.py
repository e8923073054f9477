from urllib.parse import urlsplit

import pytest
from django.test import Client

from subscriptions.emails import edition_message, edition_test_message
from subscriptions.models import EditionArticle, Subscriber
from tests.factories import ArticleFactory, EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _https_site(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.SITE_DOMAIN = "news.example.org"
    settings.DEFAULT_FROM_EMAIL = "The Riverside Ledger <news@example.org>"


@pytest.fixture
def edition():
    edition = EditionFactory(subject="The week in Riverside")
    article = ArticleFactory(headline="Council approves the river park")
    EditionArticle.objects.create(edition=edition, article=article, order=0)
    return edition


@pytest.fixture
def reader(edition):
    return SubscriberFactory(email="ana@example.org", newsletters=[edition.newsletter])


def test_digest_arrives_as_html_and_text_with_address_and_links(edition, reader):
    message = edition_message(edition=edition, subscriber=reader)

    assert message.to == ["ana@example.org"]
    assert message.from_email == "The Riverside Ledger <news@example.org>"
    assert message.subject == "The week in Riverside"
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    for part in (message.body, html):
        assert "Council approves the river park" in part
        assert "114 Front Street" in part  # the paper's postal address
        assert "https://news.example.org/newsletter/preferences/" in part
        assert "https://news.example.org/newsletter/unsubscribe/" in part
        assert f"https://news.example.org/newsletter/editions/{edition.pk}/" in part


def test_digest_headers_offer_one_click_unsubscribe(edition, reader):
    parsed = edition_message(edition=edition, subscriber=reader).message()

    unsubscribe = parsed["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://news.example.org/newsletter/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    slug = edition.newsletter.slug
    assert parsed["List-Id"] == f'"{edition.newsletter.name}" <{slug}.news.example.org>'
    assert parsed["Message-ID"] == (
        f"<edition-{edition.pk}.subscriber-{reader.pk}@news.example.org>"
    )


def test_each_reader_gets_their_own_message_id_the_same_on_every_attempt(edition, reader):
    other = SubscriberFactory(newsletters=[edition.newsletter])

    first = edition_message(edition=edition, subscriber=reader).extra_headers["Message-ID"]
    again = edition_message(edition=edition, subscriber=reader).extra_headers["Message-ID"]
    theirs = edition_message(edition=edition, subscriber=other).extra_headers["Message-ID"]

    assert first == again
    assert theirs != first


def test_one_click_post_to_the_header_link_unsubscribes_without_login_or_csrf(edition, reader):
    header = edition_message(edition=edition, subscriber=reader).extra_headers["List-Unsubscribe"]
    path = urlsplit(header.strip("<>")).path
    mail_app = Client(enforce_csrf_checks=True)

    # A link scanner following the URL changes nothing.
    assert mail_app.get(path).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE

    response = mail_app.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_test_copy_is_marked_and_has_real_links_for_a_subscribed_editor(edition, reader):
    message = edition_test_message(edition=edition, to="Ana@Example.org")

    assert message.subject == "[TEST] The week in Riverside"
    assert "TEST" in message.body
    assert "114 Front Street" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(message.extra_headers["List-Unsubscribe"].strip("<>")).path
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_test_copy_to_a_non_subscriber_invents_no_unsubscribe_link(edition):
    message = edition_test_message(edition=edition, to="editor@example.org")

    assert message.to == ["editor@example.org"]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/newsletter/unsubscribe/" not in message.body
    assert "114 Front Street" in message.body
    assert not Subscriber.objects.exists()
