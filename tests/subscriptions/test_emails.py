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


def test_bulk_rendered_messages_carry_only_their_own_reader_links_and_address(edition, reader):
    from email import message_from_bytes, policy

    from subscriptions.emails import EditionMailing
    from subscriptions.tokens import read_token

    other = SubscriberFactory(email="ben@example.org", newsletters=[edition.newsletter])
    mailing = EditionMailing(edition=edition)

    for subscriber, stranger in ((reader, other), (other, reader)):
        stranger_token = f"/{stranger.pk}:"
        raw = mailing.as_bytes(subscriber)
        parsed = message_from_bytes(raw, policy=policy.default)
        parts = [part.get_content() for part in parsed.iter_parts()]
        assert parsed["To"] == subscriber.email
        assert stranger.email not in raw.decode()
        assert parsed["Message-ID"].endswith(f".subscriber-{subscriber.pk}@news.example.org>")
        unsubscribe = parsed["List-Unsubscribe"].strip("<>")
        token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
        assert read_token(token, "manage") == subscriber
        for part in parts:
            assert unsubscribe in part
            assert f"/newsletter/preferences/{subscriber.pk}:" in part
            assert stranger_token not in part
            assert stranger.email not in part
        # The Django message (other mail backends) is the same message.
        message = mailing.message(subscriber)
        assert message.to == [subscriber.email]
        assert stranger_token not in message.body
        assert stranger_token not in message.alternatives[0].content


def test_bulk_rendering_escapes_links_in_html_but_not_in_text(edition, reader, monkeypatch):
    from email import message_from_bytes, policy

    from subscriptions import emails

    monkeypatch.setattr(emails, "make_token", lambda subscriber, purpose: "a&b<c>:'\"")
    mailing = emails.EditionMailing(edition=edition)

    parsed = message_from_bytes(mailing.as_bytes(reader), policy=policy.default)
    text, html = (part.get_content() for part in parsed.iter_parts())

    assert "/newsletter/unsubscribe/a&b<c>:'\"/" in text
    assert "/newsletter/unsubscribe/a&amp;b&lt;c&gt;:&#x27;&quot;/" in html
    assert "a&b<c>" not in html


def test_bulk_message_reads_the_same_as_the_one_django_builds(edition, reader):
    from email import message_from_bytes, policy

    from subscriptions.emails import EditionMailing

    edition.subject = "Café & «news» from Riverside, with a subject long enough to be folded"
    edition.newsletter.name = "Riverside Küche"
    mailing = EditionMailing(edition=edition)
    fast = message_from_bytes(mailing.as_bytes(reader), policy=policy.default)
    # What Django's SMTP backend would have written on the wire, read back.
    django = message_from_bytes(
        mailing.message(reader).message(policy=policy.SMTP).as_bytes(), policy=policy.default
    )

    for header in ("Subject", "From", "To", "List-Id", "List-Unsubscribe-Post", "Message-ID"):
        assert str(fast[header]) == str(django[header]), header
    assert fast["List-Unsubscribe"] == django["List-Unsubscribe"]
    assert [p.get_content_type() for p in fast.iter_parts()] == ["text/plain", "text/html"]
    assert [p.get_content() for p in fast.iter_parts()] == [
        p.get_content() for p in django.iter_parts()
    ]
