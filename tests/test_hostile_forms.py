"""Issue 9: forged and repeated posts to every public form (found in each app's urls.py).

- Without a CSRF token every POST endpoint answers 403 and changes nothing; the two
  one-click unsubscribe endpoints are CSRF-exempt on purpose (RFC 8058) and need a valid
  signed token instead.
- A GET of any state-changing address changes nothing.
- Every rate limit answers its status with a sentence for the reader, never a 500.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ErrorReport
from comments import tokens as comment_tokens
from comments.models import Comment, CommentReport, ModerationSettings
from comments.services import comment_post
from neighborhoods.models import Meeting, Notice
from subscriptions import tokens as subscription_tokens
from subscriptions.models import Subscriber
from tests.factories import (
    ArticleFactory,
    AssociationFactory,
    NewsletterFactory,
    StaffFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    article = ArticleFactory()
    newsletter = NewsletterFactory()
    comment = comment_post(
        article=article,
        name="Ana",
        email="ana@example.org",
        body="Thanks for this.",
        ip="10.0.0.9",
        notify_on_reply=True,
    )
    subscriber = SubscriberFactory(newsletters=[newsletter])
    pending = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    association = AssociationFactory()
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    submitter = {
        "association": association.pk,
        "title": "Cleanup",
        "submitter_name": "Sam",
        "submitter_email": "sam@example.org",
    }
    return {
        "comment": comment,
        "subscriber": subscriber,
        "posts": {
            "comment": (
                reverse("comments:post", args=[article.pk]),
                {"name": "Bo", "email": "bo@example.org", "body": "A fresh comment."},
            ),
            "comment report": (
                reverse("comments:report", args=[comment.pk]),
                {"reason": "Spam"},
            ),
            "error report": (
                reverse("articles:report_error", args=[article.pk]),
                {"message": "The date is wrong."},
            ),
            "newsletter signup": (
                reverse("subscriptions:signup"),
                {"email": "new@example.org", "newsletters": [newsletter.pk]},
            ),
            "confirm": (
                reverse(
                    "subscriptions:confirm",
                    args=[subscription_tokens.make_token(pending, "confirm")],
                ),
                {},
            ),
            "preferences": (
                reverse(
                    "subscriptions:preferences",
                    args=[subscription_tokens.make_token(subscriber, "manage")],
                ),
                {"action": "leave"},
            ),
            "notice": (reverse("neighborhoods:submit_notice"), {**submitter, "body": "Hello"}),
            "meeting": (
                reverse("neighborhoods:submit_meeting"),
                {**submitter, "date": day, "start_time": "19:00", "place": "Library"},
            ),
        },
    }


def state():
    """Everything a public form can change."""
    return {
        "comments": list(Comment.objects.values_list("pk", "status", "notify_on_reply")),
        "reports": CommentReport.objects.count(),
        "error reports": ErrorReport.objects.count(),
        "subscribers": list(
            Subscriber.objects.values_list("email", "status", "confirmed_at").order_by("pk")
        ),
        "lists": list(Subscriber.newsletters.through.objects.values_list("pk", flat=True)),
        "notices": Notice.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def test_every_public_post_without_a_csrf_token_is_refused_and_changes_nothing(world):
    forger = Client(enforce_csrf_checks=True)
    before = state()
    for name, (url, data) in world["posts"].items():
        response = forger.post(url, data)
        assert response.status_code == 403, name
    assert state() == before


def test_admin_login_without_a_csrf_token_is_refused():
    StaffFactory(username="editor")
    forger = Client(enforce_csrf_checks=True)
    response = forger.post(
        reverse("admin:login"), {"username": "editor", "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in forger.session


def test_the_same_posts_with_a_token_do_change_things(world):
    """The control for the test above: with the cookie and token, each post works."""
    client = Client(enforce_csrf_checks=True)
    for name, (url, data) in world["posts"].items():
        client.get(reverse("subscriptions:signup"))  # sets the CSRF cookie
        before = state()
        token = client.cookies["csrftoken"].value
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code in {200, 302}, name
        assert state() != before, name


def test_one_click_unsubscribes_need_a_valid_signed_token_and_ignore_get(world):
    forger = Client(enforce_csrf_checks=True)
    comment, subscriber = world["comment"], world["subscriber"]
    comment_url = reverse("comments:unsubscribe", args=[comment_tokens.make_token(comment)])
    newsletter_url = reverse(
        "subscriptions:unsubscribe", args=[subscription_tokens.make_token(subscriber, "manage")]
    )
    before = state()
    for url in (comment_url, newsletter_url):
        assert forger.get(url).status_code == 200
        tampered = url.rstrip("/")[:-3] + "xyz/"
        assert forger.post(tampered).status_code == 400
        assert forger.post(reverse("comments:unsubscribe", args=["nonsense"])).status_code == 400
    assert state() == before

    # With the signed token, no cookie and no CSRF token: the RFC 8058 one-click POST.
    assert forger.post(comment_url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert forger.post(newsletter_url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    comment.refresh_from_db()
    subscriber.refresh_from_db()
    assert not comment.notify_on_reply
    assert subscriber.status != Subscriber.Status.ACTIVE


def test_get_on_every_state_changing_address_changes_nothing(world, client):
    before = state()
    for name, (url, _data) in world["posts"].items():
        response = client.get(url)
        assert response.status_code in {200, 405}, name
    assert state() == before


@pytest.mark.parametrize(
    ("name", "limit", "message"),
    [
        ("comment", 5, "Please wait ten minutes"),
        ("comment report", 10, "Please wait"),
        ("error report", 5, "Please wait ten minutes"),
        ("newsletter signup", 5, "Please wait ten minutes"),
        ("notice", 10, "Please wait an hour"),
    ],
)
def test_every_rate_limit_answers_429_with_a_sentence(world, client, name, limit, message):
    url, data = world["posts"][name]
    statuses = []
    for attempt in range(limit + 3):
        varied = {
            key: (f"{value} {attempt}" if isinstance(value, str) and key != "email" else value)
            for key, value in data.items()
        }
        if "email" in varied and name != "comment":
            varied["email"] = f"reader{attempt}@example.org"
        response = client.post(url, varied)
        statuses.append(response.status_code)
        assert response.status_code < 500, (name, attempt)
    assert statuses[-1] == 429, (name, statuses)
    assert message in response.content.decode()


def test_admin_login_lockout_answers_with_a_message_not_a_500(settings, client):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    StaffFactory(username="editor")
    for _ in range(5):
        response = client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "guess", "next": "/admin/"},
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code < 500
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
