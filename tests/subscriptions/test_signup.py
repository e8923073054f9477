import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from subscriptions import tokens
from subscriptions.models import Consent, Newsletter, Subscriber
from subscriptions.services import hash_ip, normalize_email
from tests.factories import ArticleFactory, AuthorFactory, NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/newsletter/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly", kind=Newsletter.Kind.DIGEST)


@pytest.fixture
def breaking():
    return NewsletterFactory(name="Breaking news", kind=Newsletter.Kind.BREAKING)


def sign_up(client, django_capture_on_commit_callbacks, email, newsletters, meta=None, **fields):
    data = {"email": email, "newsletters": [n.pk for n in newsletters], "source": "newsletter"}
    data.update(fields)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SIGNUP_URL, data, **(meta or {}))


def link_in(message):
    return re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0)


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


def test_reader_signs_up_confirms_from_the_email_and_gets_the_lists_chosen(
    client, django_capture_on_commit_callbacks, digest, breaking
):
    NewsletterFactory(name="Not chosen")

    response = sign_up(
        client, django_capture_on_commit_callbacks, "Ana@Example.org", [digest, breaking]
    )

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "The Weekly" in message.body
    assert "114 Front Street" in message.body  # the paper's postal address
    html = message.alternatives[0].content
    assert link_in(message) in html and "114 Front Street" in html

    # Following the link only shows a button: link scanners must not confirm.
    page = client.get(path_of(link_in(message)))
    assert page.status_code == 200
    assert "Yes, subscribe me" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    done = client.post(path_of(link_in(message)))

    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    assert set(subscriber.newsletters.all()) == {digest, breaking}
    assert len(mail.outbox) == 1  # nothing else went out


def test_confirming_twice_changes_nothing(client, django_capture_on_commit_callbacks, digest):
    sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [digest])
    url = path_of(link_in(mail.outbox[0]))
    client.post(url)
    confirmed_at = Subscriber.objects.get().confirmed_at

    again = client.post(url)

    assert again.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at == confirmed_at
    assert list(subscriber.newsletters.all()) == [digest]


def test_signup_records_the_consent_shown_with_a_hashed_address(
    client, django_capture_on_commit_callbacks, digest
):
    page = client.get(SIGNUP_URL).content.decode()
    sign_up(
        client,
        django_capture_on_commit_callbacks,
        "ana@example.org",
        [digest],
        source="article",
        meta={"REMOTE_ADDR": "203.0.113.9"},
    )

    consent = Consent.objects.get()
    assert consent.source == "article page"
    assert consent.wording in page  # the exact words the reader saw next to the button
    assert list(consent.newsletters.all()) == [digest]
    assert consent.ip_hash == hash_ip("203.0.113.9")
    assert "203.0.113.9" not in consent.ip_hash and len(consent.ip_hash) == 64


def test_the_answer_is_the_same_for_new_pending_active_and_bounced_addresses(
    client, django_capture_on_commit_callbacks, digest
):
    SubscriberFactory(email="active@example.org", newsletters=[digest])
    SubscriberFactory(email="pending@example.org", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)

    answers = {
        email: sign_up(client, django_capture_on_commit_callbacks, email, [digest])
        for email in [
            "new@example.org",
            "pending@example.org",
            "active@example.org",
            "bounced@example.org",
            "left@example.org",
        ]
    }

    assert {r.status_code for r in answers.values()} == {200}
    assert len({r.content for r in answers.values()}) == 1


def test_no_email_goes_to_a_bounced_or_complained_address(
    client, django_capture_on_commit_callbacks, digest
):
    SubscriberFactory(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    SubscriberFactory(email="spam@example.org", status=Subscriber.Status.COMPLAINED)

    sign_up(client, django_capture_on_commit_callbacks, "bounced@example.org", [digest])
    sign_up(client, django_capture_on_commit_callbacks, "SPAM@example.org", [digest])

    assert mail.outbox == []
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"bounced", "complained"}
    assert not Consent.objects.exists()


def test_active_reader_must_confirm_lists_added_by_a_new_signup(
    client, django_capture_on_commit_callbacks, digest, breaking
):
    subscriber = SubscriberFactory(email="ana@example.org", newsletters=[digest])

    sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [breaking])

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert list(subscriber.newsletters.all()) == [digest]  # not added behind their back
    assert len(mail.outbox) == 1
    assert "add these newsletters" in mail.outbox[0].body

    client.post(path_of(link_in(mail.outbox[0])))

    assert set(subscriber.newsletters.all()) == {digest, breaking}


def test_filled_honeypot_gets_the_usual_answer_and_nothing_is_stored(
    client, django_capture_on_commit_callbacks, digest
):
    response = sign_up(
        client, django_capture_on_commit_callbacks, "bot@example.org", [digest], website="x"
    )

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_too_many_signups_from_one_address_are_refused_with_the_input_kept(
    client, django_capture_on_commit_callbacks, digest
):
    for n in range(5):
        assert (
            sign_up(
                client, django_capture_on_commit_callbacks, f"r{n}@example.org", [digest]
            ).status_code
            == 200
        )

    response = sign_up(client, django_capture_on_commit_callbacks, "sixth@example.org", [digest])

    assert response.status_code == 429
    content = response.content.decode()
    assert "wait ten minutes" in content
    assert 'value="sixth@example.org"' in content
    assert not Subscriber.objects.filter(email="sixth@example.org").exists()
    assert len(mail.outbox) == 5


def test_signup_requires_the_csrf_token(digest):
    client = Client(enforce_csrf_checks=True)

    response = client.post(SIGNUP_URL, {"email": "ana@example.org", "newsletters": [digest.pk]})

    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_signup_with_mistakes_explains_and_keeps_the_input(client, digest):
    response = client.post(SIGNUP_URL, {"email": "not-an-address", "source": "home"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Choose at least one newsletter." in content
    assert 'value="not-an-address"' in content
    assert not Subscriber.objects.exists()


def test_private_lists_cannot_be_joined_through_the_form(
    client, django_capture_on_commit_callbacks, digest
):
    staff_only = NewsletterFactory(name="Staff bulletin", is_public=False)

    response = sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [staff_only])

    assert response.status_code == 200
    assert "not open to signups" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_expired_confirmation_link_explains_and_offers_a_new_signup(
    client, django_capture_on_commit_callbacks, digest, monkeypatch
):
    sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [digest])
    url = path_of(link_in(mail.outbox[0]))
    # Eight days later: TimestampSigner reads the clock through time.time().
    now = __import__("time").time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 8 * 24 * 3600)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        content = response.content.decode()
        assert "has expired" in content
        assert 'action="/newsletter/"' in content  # a way to sign up again
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_tampered_confirmation_link_is_refused(client, django_capture_on_commit_callbacks, digest):
    sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [digest])
    other = SubscriberFactory(status=Subscriber.Status.PENDING)
    token = tokens.make_token(Subscriber.objects.get(email="ana@example.org"), "confirm")
    forged = token.replace(token.split(":")[0], str(other.pk), 1)

    response = client.post(reverse("subscriptions:confirm", args=[forged]))

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == Subscriber.Status.PENDING


def test_a_manage_link_cannot_confirm_a_signup(client, django_capture_on_commit_callbacks, digest):
    sign_up(client, django_capture_on_commit_callbacks, "ana@example.org", [digest])
    subscriber = Subscriber.objects.get()

    response = client.post(
        reverse("subscriptions:confirm", args=[tokens.make_token(subscriber, "manage")])
    )

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_signup_page_offers_public_lists_with_the_digest_checked(client, digest, breaking):
    NewsletterFactory(name="Staff bulletin", is_public=False)

    content = client.get(SIGNUP_URL).content.decode()

    assert "The Weekly" in content and "Breaking news" in content
    assert "Staff bulletin" not in content
    assert re.search(rf'<input[^>]*value="{digest.pk}"[^>]*checked', content)
    assert not re.search(rf'<input[^>]*value="{breaking.pk}"[^>]*checked', content)


def test_signup_form_appears_on_the_home_and_article_pages(client, digest):
    article = ArticleFactory()

    for url, source in [("/", "home"), (article.get_absolute_url(), "article")]:
        content = client.get(url).content.decode()
        assert 'action="/newsletter/"' in content
        assert f'name="source" value="{source}"' in content
        assert "The Weekly" in content


def test_normalize_email_lowercases_and_encodes_international_domains():
    assert normalize_email("  Ana.Perez@Bücher.Example ") == "ana.perez@xn--bcher-kva.example"


def test_the_signup_box_costs_one_query_however_many_lists(django_assert_num_queries):
    NewsletterFactory.create_batch(10)
    template = Template('{% load newsletters %}{% newsletter_signup source="article" %}')

    with django_assert_num_queries(1):
        html = template.render(Context({}))

    assert html.count('type="checkbox"') == 10


def test_article_page_with_the_signup_box_stays_within_its_query_ceiling(
    client, digest, django_assert_max_num_queries
):
    NewsletterFactory.create_batch(5)
    article = ArticleFactory(authors=AuthorFactory.create_batch(3))
    article.tags.add("roads", "budget")
    ArticleFactory.create_batch(6)

    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())

    assert 'action="/newsletter/"' in response.content.decode()
