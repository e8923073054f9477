"""Editions in the admin: composing, reordering, the test send, sending and scheduling."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.roles import EDITOR
from subscriptions.models import Delivery, Edition, EditionArticle, Subscriber
from tests.articles.workflow_helpers import staff_in
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    NewsletterFactory,
    SubscriberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:subscriptions_edition_add")
CHANGELIST_URL = reverse("admin:subscriptions_edition_changelist")


def change_url(edition):
    return reverse("admin:subscriptions_edition_change", args=[edition.pk])


def send_test_url(edition):
    return reverse("admin:subscriptions_edition_send_test", args=[edition.pk])


def send_url(edition):
    return reverse("admin:subscriptions_edition_send", args=[edition.pk])


def schedule_url(edition):
    return reverse("admin:subscriptions_edition_schedule", args=[edition.pk])


@pytest.fixture
def editor(client):
    user = staff_in(EDITOR)
    user.email = "editor@ledger.example"
    user.save()
    client.force_login(user)
    return user


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly", slug="weekly")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def change_form_data(edition, *, subject=None, orders=None, delete=()):
    """What the change form posts: the edition's fields and its two inlines as they are."""
    items = list(edition.items.order_by("pk"))
    data = {
        "subject": subject or edition.subject,
        "preheader": edition.preheader,
        "intro": edition.intro,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "meeting_items-TOTAL_FORMS": "0",
        "meeting_items-INITIAL_FORMS": "0",
        "meeting_items-MIN_NUM_FORMS": "0",
        "meeting_items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data[f"items-{index}-id"] = str(item.pk)
        data[f"items-{index}-edition"] = str(edition.pk)
        data[f"items-{index}-article"] = str(item.article_id)
        data[f"items-{index}-order"] = str((orders or {}).get(item.article_id, item.order))
        if item.article_id in delete:
            data[f"items-{index}-DELETE"] = "on"
    return data


def test_adding_an_edition_asks_only_for_the_newsletter_and_fills_it(client, editor, digest):
    ArticleFactory(headline="Ferry fares go up", publish_at=timezone.now() - timedelta(days=1))
    ArticleFactory(headline="Library reopens", publish_at=timezone.now() - timedelta(hours=1))

    form = client.get(ADD_URL)
    response = client.post(ADD_URL, {"newsletter": digest.pk}, follow=True)

    assert list(form.context["adminform"].form.fields) == ["newsletter"]
    edition = Edition.objects.get()
    assert response.redirect_chain[-1][0] == change_url(edition)
    assert edition.newsletter == digest
    assert edition.created_by == editor
    assert [item.article.headline for item in edition.items.all()] == [
        "Library reopens",
        "Ferry fares go up",
    ]
    assert "The edition was filled with 2 articles and 0 meetings." in messages_of(response)[0]
    assert "Library reopens" in response.content.decode()


def test_editor_reorders_and_removes_articles(client, editor, digest):
    edition = EditionFactory(newsletter=digest)
    first, second, third = ArticleFactory.create_batch(3)
    for order, article in enumerate([first, second, third], start=1):
        EditionArticle.objects.create(edition=edition, article=article, order=order)

    response = client.post(
        change_url(edition),
        change_form_data(
            edition, subject="Bridge week", orders={third.pk: 1, first.pk: 2}, delete=[second.pk]
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    edition.refresh_from_db()
    assert edition.subject == "Bridge week"
    assert [item.article for item in edition.items.all()] == [third, first]


def test_editor_sends_a_test_to_themselves(client, editor, digest):
    edition = EditionFactory(newsletter=digest, subject="Bridge week")
    article = ArticleFactory(headline="Bridge closes for repairs")
    EditionArticle.objects.create(edition=edition, article=article, order=1)
    SubscriberFactory(newsletters=[digest])

    response = client.post(send_test_url(edition), follow=True)

    assert messages_of(response) == ["A test was sent to editor@ledger.example."]
    [message] = mail.outbox
    assert message.to == ["editor@ledger.example"]
    assert message.subject == "[TEST] Bridge week"
    html = message.alternatives[0].content
    assert "TEST: not sent to subscribers" in message.body
    assert "TEST: not sent to subscribers" in html
    assert "Bridge closes for repairs" in html
    # A test is only a test: nobody on the list got anything, and the edition is still a draft.
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not Delivery.objects.exists()


def test_test_send_without_an_email_address_says_what_to_do(client, editor, digest):
    editor.email = ""
    editor.save()
    edition = EditionFactory(newsletter=digest)

    response = client.post(send_test_url(edition), follow=True)

    assert not mail.outbox
    assert "Your account has no email address" in messages_of(response)[0]


def test_test_send_refuses_a_get(client, editor, digest):
    response = client.get(send_test_url(EditionFactory(newsletter=digest)))

    assert response.status_code == 405
    assert not mail.outbox


def test_send_now_confirmation_counts_the_active_subscribers_of_the_list(client, editor, digest):
    edition = EditionFactory(newsletter=digest)
    SubscriberFactory.create_batch(3, newsletters=[digest])
    SubscriberFactory(newsletters=[digest], status=Subscriber.Status.PENDING)
    SubscriberFactory(newsletters=[digest], status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(newsletters=[NewsletterFactory()])

    response = client.get(send_url(edition))

    assert response.status_code == 200
    assert "This edition will go to the 3 active subscribers of The Weekly." in (
        response.content.decode()
    )
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT  # Looking changes nothing.


def test_send_now_delivers_the_edition_to_the_list(
    client, editor, digest, django_capture_on_commit_callbacks
):
    edition = EditionFactory(newsletter=digest, subject="Bridge week")
    readers = SubscriberFactory.create_batch(2, newsletters=[digest])
    SubscriberFactory(newsletters=[digest], status=Subscriber.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(edition), follow=True)

    assert "Sending has started." in messages_of(response)[0]
    edition.refresh_from_db()
    assert edition.status in (Edition.Status.SENDING, Edition.Status.SENT)
    assert edition.sending_started_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in readers)
    assert all(m.subject == "Bridge week" for m in mail.outbox)


def test_scheduling_sets_the_time_and_locks_sending_again(client, editor, digest):
    edition = EditionFactory(newsletter=digest)
    when = timezone.localtime() + timedelta(days=1)

    response = client.post(
        schedule_url(edition), {"send_at": when.strftime("%Y-%m-%dT%H:%M")}, follow=True
    )

    assert "The edition will be sent on" in messages_of(response)[0]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED
    assert edition.send_at == when.replace(second=0, microsecond=0)
    again = client.post(send_url(edition), follow=True)
    assert "already scheduled" in messages_of(again)[0]


def test_scheduling_in_the_past_is_refused_with_a_reason(client, editor, digest):
    edition = EditionFactory(newsletter=digest)
    when = timezone.localtime() - timedelta(hours=1)

    response = client.post(schedule_url(edition), {"send_at": when.strftime("%Y-%m-%dT%H:%M")})

    assert response.status_code == 200
    assert "Choose a time in the future" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_staff_without_the_change_permission_cannot_send(client, digest):
    viewer = UserFactory(is_staff=True, email="viewer@ledger.example")
    viewer.user_permissions.add(Permission.objects.get(codename="view_edition"))
    client.force_login(viewer)
    edition = EditionFactory(newsletter=digest)
    SubscriberFactory(newsletters=[digest])

    responses = [
        client.post(send_url(edition)),
        client.post(schedule_url(edition), {"send_at": "2099-01-01T09:00"}),
        client.post(send_test_url(edition)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not mail.outbox
    assert "Send now" not in client.get(change_url(edition)).content.decode()


def test_nothing_in_an_edition_changes_once_sending_began(client, editor, digest):
    edition = EditionFactory(
        newsletter=digest,
        subject="As sent",
        status=Edition.Status.SENT,
        sending_started_at=timezone.now(),
        sent_at=timezone.now(),
    )
    article = ArticleFactory()
    EditionArticle.objects.create(edition=edition, article=article, order=1)

    page = client.get(change_url(edition)).content.decode()
    client.post(
        change_url(edition), change_form_data(edition, subject="Rewritten", delete=[article.pk])
    )

    assert 'name="subject"' not in page
    assert "Sending has begun: this edition can no longer change." in page
    edition.refresh_from_db()
    assert edition.subject == "As sent"
    assert edition.items.count() == 1
    delete = client.post(reverse("admin:subscriptions_edition_delete", args=[edition.pk]))
    assert delete.status_code == 403


def test_saving_a_form_opened_before_sending_began_is_refused(client, editor, digest):
    edition = EditionFactory(newsletter=digest, subject="Before")
    data = change_form_data(edition, subject="After")
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING)

    response = client.post(change_url(edition), data, follow=True)

    assert "your changes were not saved" in messages_of(response)[0]
    edition.refresh_from_db()
    assert edition.subject == "Before"


def test_change_form_shows_the_progress_of_a_sending_edition(client, editor, digest):
    edition = EditionFactory(
        newsletter=digest, status=Edition.Status.SENDING, sending_started_at=timezone.now()
    )
    statuses = ["sent", "sent", "failed", "skipped", "pending"]
    for status in statuses:
        Delivery.objects.create(edition=edition, subscriber=SubscriberFactory(), status=status)

    page = client.get(change_url(edition)).content.decode()

    assert "2 sent, 1 failed, 1 skipped (left the list), 1 remaining, of 5" in page


def test_edition_list_shows_progress_in_a_fixed_number_of_queries(
    client, editor, digest, django_assert_max_num_queries
):
    for _ in range(5):
        edition = EditionFactory(
            newsletter=NewsletterFactory(), status=Edition.Status.SENT, sent_at=timezone.now()
        )
        for status in ["sent", "sent", "failed"]:
            Delivery.objects.create(edition=edition, subscriber=SubscriberFactory(), status=status)

    with django_assert_max_num_queries(10):
        response = client.get(CHANGELIST_URL)

    assert response.content.decode().count("2 sent, 1 failed, 0 remaining of 3") == 5


def test_only_a_sent_edition_links_to_its_public_page(client, editor, digest):
    draft = EditionFactory(newsletter=digest)
    done = EditionFactory(newsletter=digest, status=Edition.Status.SENT, sent_at=timezone.now())

    draft_page = client.get(change_url(draft)).content.decode()
    sent_page = client.get(change_url(done)).content.decode()

    assert "View on site" not in draft_page
    assert "View on site" in sent_page
