"""Publishing, signing up and posting a comment happen whole or not at all.

Each test breaks the service after its first write (the next step raises, as a full disk or
a lost connection would) and checks that nothing it wrote survived. Inside the test's own
transaction the service's atomic block is a savepoint: were the service not atomic, its
first writes would still be visible here and the test would fail.
"""

from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from articles.models import Article, ArticleRevision, ArticleTransition
from articles.services import article_publish
from comments.models import Comment, Commenter, ModerationSettings
from comments.services import comment_post
from subscriptions.models import Consent, Subscriber
from subscriptions.services import subscriber_signup
from tests.factories import ArticleFactory, NewsletterFactory, StaffFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

READER_IP = "203.0.113.9"


class DiskFull(Exception):
    pass


def fail(*args, **kwargs):
    raise DiskFull


def test_a_publish_that_fails_half_way_leaves_the_draft_unpublished():
    editor = StaffFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    # The revision is kept last, after the status, the transition and the admin history.
    with mock.patch("articles.services.revision_create", fail), pytest.raises(DiskFull):
        article_publish(article=draft, by=editor)

    stored = Article.objects.get(pk=draft.pk)
    assert stored.status == Article.Status.DRAFT
    assert stored.publish_at is None
    assert stored.version == 1
    assert not ArticleTransition.objects.filter(article=draft).exists()
    assert not ArticleRevision.objects.filter(article=draft).exists()
    assert not LogEntry.objects.filter(object_id=str(draft.pk)).exists()
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_a_signup_that_fails_half_way_records_no_subscriber_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    weekly = NewsletterFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        # Fails once the subscriber, the consent and its lists are written.
        mock.patch("subscriptions.services._send_confirmation_on_commit", fail),
        pytest.raises(DiskFull),
    ):
        subscriber_signup(
            email="ana@example.org", newsletters=[weekly], source="home page", wording="Yes"
        )

    assert not Subscriber.objects.filter(email="ana@example.org").exists()
    assert not Consent.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_a_returning_readers_failed_signup_keeps_them_unsubscribed():
    weekly = NewsletterFactory()
    reader = SubscriberFactory(email="ben@example.org", status=Subscriber.Status.UNSUBSCRIBED)

    with mock.patch("subscriptions.services.Consent.objects.create", fail), pytest.raises(DiskFull):
        subscriber_signup(
            email="ben@example.org", newsletters=[weekly], source="home page", wording="Yes"
        )

    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert not reader.consents.exists()


def test_a_comment_that_fails_half_way_stores_neither_comment_nor_commenter():
    article = ArticleFactory()

    # Runs between writing the new commenter and writing the comment.
    with mock.patch("comments.services._hold_reason", fail), pytest.raises(DiskFull):
        comment_post(
            article=article,
            name="Ada",
            email="ada@example.org",
            body="The crosswalk is overdue.",
            ip=READER_IP,
        )

    assert not Commenter.objects.exists()
    assert not Comment.objects.exists()


def test_a_live_comment_that_fails_after_being_written_is_not_stored():
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    article = ArticleFactory()
    regular = Commenter.objects.create(email="dana@example.org", name="Dana", approved_count=5)

    # The last step of a live comment, after the commenter's new name and the comment.
    with (
        mock.patch("comments.services.notify_replies_on_commit", fail),
        pytest.raises(DiskFull),
    ):
        comment_post(
            article=article,
            name="Dana K.",
            email="dana@example.org",
            body="Thank you for covering this.",
            ip=READER_IP,
        )

    regular.refresh_from_db()
    assert regular.name == "Dana"
    assert not Comment.objects.exists()
    assert not article.comments.exists()
