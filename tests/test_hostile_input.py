"""Issue 9: every payload of tests/hostile/payloads.py, through every field a reader or an
editor fills, by the paths they use, and out through every page that shows the value.

"Nothing runs" is read off the HTML with the standard library's parser
(tests/hostile/checks.py): no event-handler attribute, no script URL, no embedded document,
no script or style element carrying a payload's marker. Escaped fields must also show the
payload as text, so a page that dropped the value could not pass. The same pages are
loaded in Chromium by tests/browser/test_xss.py.
"""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import views as article_views
from articles.models import Article, ErrorReport
from comments import views as comment_views
from comments.models import Comment, ModerationSettings
from neighborhoods import views as neighborhood_views
from neighborhoods.models import Approval, Meeting, Notice
from photos.models import Photo
from subscriptions import views as subscription_views
from subscriptions.models import Subscriber
from tests.factories import (
    ArticleFactory,
    AssociationFactory,
    NewsletterFactory,
    StaffFactory,
)
from tests.hostile.checks import page_text, script_problems
from tests.hostile.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

# Quoted local parts are valid addresses (RFC 5321), so markup can ride in an email field.
HOSTILE_EMAILS = [
    "\"<script>alert('xss-901')</script>\"@example.org",
    "\"<img/src=x/onerror=alert('xss-902')>\"@example.org",
    "\"'><svg/onload=alert('xss-903')>\"@example.org",
]


def assert_nothing_runs(response, where):
    assert response.status_code < 500, where
    html = response.content.decode()
    problems = script_problems(html)
    assert not problems, f"{where}:\n" + "\n".join(problems)
    return html


def assert_shown_as_text(html, value, where):
    """The value is on the page as the reader typed it (whitespace aside): escaped, not lost."""
    text = " ".join(page_text(html).split())
    assert " ".join(value.split()) in text, f"{where}: {value!r} is not shown as text"


@pytest.fixture(autouse=True)
def _no_rate_limits(monkeypatch):
    # Ninety posts from one address are this test's point, not a flood; the limits
    # themselves are tested in tests/test_hostile_forms.py.
    monkeypatch.setattr(comment_views, "COMMENTS_PER_WINDOW", 10_000)
    monkeypatch.setattr(comment_views, "REPORTS_PER_WINDOW", 10_000)
    monkeypatch.setattr(article_views, "ERROR_REPORTS_PER_WINDOW", 10_000)
    monkeypatch.setattr(neighborhood_views, "SUBMISSIONS_PER_WINDOW", 10_000)
    monkeypatch.setattr(subscription_views, "SIGNUPS_PER_WINDOW", 10_000)


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def article():
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    return ArticleFactory(headline="Bridge reopens after repairs")


def test_comment_names_and_bodies_are_shown_as_text_on_the_story(client, article, staff_client):
    for payload in PAYLOADS:
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            {
                "name": payload.text[:80],
                "email": f"reader{payload.number}@example.org",
                "body": f"{payload.text}\n\nSigned, {payload.marker}",
            },
        )
        assert response.status_code == 302, (payload.number, response.status_code)
    # Links, suspect words: held comments are shown once a moderator approves them.
    Comment.objects.update(status=Comment.Status.APPROVED)

    html = assert_nothing_runs(client.get(article.get_absolute_url()), "story with comments")
    for payload in PAYLOADS:
        assert_shown_as_text(html, payload.text, f"comment {payload.number}")
        assert_shown_as_text(html, payload.text[:80], f"commenter name {payload.number}")
    assert "{{7*7}}" in html
    assert "{% debug %}" in html

    for page in ("/admin/comments/comment/", "/admin/comments/commenter/"):
        assert_nothing_runs(staff_client.get(page), page)
    for comment in Comment.objects.all()[:10]:
        page = f"/admin/comments/comment/{comment.pk}/change/"
        assert_nothing_runs(staff_client.get(page), page)


def test_a_refused_comment_keeps_the_text_escaped_in_the_form(client, article):
    for payload in PAYLOADS:
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            # An invalid email: the form comes back with the name and text kept.
            {"name": payload.text[:80], "email": payload.text, "body": payload.text},
        )
        assert response.status_code == 400
        html = assert_nothing_runs(response, f"refused comment {payload.number}")
        assert_shown_as_text(html, payload.text, f"refused comment {payload.number}")


def test_comment_report_reasons_are_escaped_for_moderators(client, article, staff_client):
    # Kept visible however many reports come in, so every reason is stored and shown.
    ModerationSettings.objects.update(hide_after_reports=1000)
    client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Ana", "email": "ana@example.org", "body": "Good reporting."},
    )
    comment = Comment.objects.get()
    for payload in PAYLOADS:
        response = client.post(
            reverse("comments:report", args=[comment.pk]),
            {"reason": payload.text[:300]},
            REMOTE_ADDR=f"10.0.{payload.number // 250}.{payload.number % 250}",
        )
        assert response.status_code == 302, payload.number
    assert comment.reports.count() == len(PAYLOADS)
    assert_nothing_runs(staff_client.get(f"/admin/comments/comment/{comment.pk}/change/"), "admin")


def test_article_bodies_lose_everything_that_could_run(client, staff_client):
    articles = [ArticleFactory(body=f"<p>{payload.text}</p>") for payload in PAYLOADS]
    for payload, article in zip(PAYLOADS, articles, strict=True):
        stored = Article.objects.get(pk=article.pk).body
        assert not script_problems(stored), (payload.number, stored)
        assert_nothing_runs(client.get(article.get_absolute_url()), f"article {payload.number}")

    # QuerySet.update never calls save(): the field sanitizes there too.
    for payload, article in zip(PAYLOADS, articles, strict=True):
        Article.objects.filter(pk=article.pk).update(body=payload.text)
        stored = Article.objects.get(pk=article.pk).body
        assert not script_problems(stored), (payload.number, stored)

    # The body's words reach the search snippet, the feeds' descriptions and the admin.
    html = assert_nothing_runs(client.get("/search/?q=alert+xss"), "search results")
    assert "result" in html
    assert_nothing_runs(client.get("/"), "home page")
    for page in ("/admin/articles/article/", f"/admin/articles/article/{articles[0].pk}/change/"):
        assert_nothing_runs(staff_client.get(page), page)


def test_article_body_is_sanitized_on_every_save_and_shown_in_the_admin(staff_client):
    article = ArticleFactory()
    for payload in PAYLOADS[:: len(PAYLOADS) // 15]:
        article.body = f"<p>Intro</p>{payload.text}"
        article.save()
        article.refresh_from_db()
        assert not script_problems(article.body), (payload.number, article.body)
    page = f"/admin/articles/article/{article.pk}/change/"
    assert_nothing_runs(staff_client.get(page), page)


def tiny_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 30)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "hostile.jpg"
    return buffer


def test_photo_caption_credit_and_alt_text_are_escaped_everywhere(client, staff_client):
    for payload in PAYLOADS:
        response = staff_client.post(
            "/admin/photos/photo/add/",
            {
                "image": tiny_jpeg(),
                "caption": payload.text,
                "credit": payload.text[:200],
                "alt_text": payload.text[:300],
            },
        )
        assert response.status_code == 302, (payload.number, response.status_code)
    photos = list(Photo.objects.order_by("pk"))
    assert len(photos) == len(PAYLOADS)
    # What the rendition task would record; the <picture> tag reads only this.
    Photo.objects.update(
        renditions={
            "jpeg": [{"width": 64, "height": 48, "name": "photos/r.jpg"}],
            "webp": [{"width": 64, "height": 48, "name": "photos/r.webp"}],
            "social": {"width": 64, "height": 48, "name": "photos/s.jpg"},
        }
    )
    for payload, photo in zip(PAYLOADS, photos, strict=True):
        article = ArticleFactory(lead_photo=photo)
        html = assert_nothing_runs(
            client.get(article.get_absolute_url()), f"photo {payload.number}"
        )
        assert_shown_as_text(html, payload.text, f"caption {payload.number}")
        assert f"xss-{payload.number}" in html or "__xss" in html

    assert_nothing_runs(staff_client.get("/admin/photos/photo/"), "photo list")
    assert_nothing_runs(staff_client.get("/admin/photos/photo/?q=alert"), "photo search")
    for photo in photos[::9]:
        page = f"/admin/photos/photo/{photo.pk}/change/"
        assert_nothing_runs(staff_client.get(page), page)


def test_upload_several_shared_caption_and_credit_are_escaped(staff_client):
    for payload in PAYLOADS[::6]:
        response = staff_client.post(
            "/admin/photos/photo/upload-several/",
            # A refused file keeps the page, with the shared fields filled in again.
            {
                "images": [tiny_jpeg(), io.BytesIO(b"not a picture")],
                "caption": payload.text,
                "credit": payload.text[:200],
            },
        )
        assert_nothing_runs(response, f"upload several {payload.number}")
    assert Photo.objects.filter(caption__contains="xss-").exists()


def submit(client, kind, data, **extra):
    return client.post(reverse(f"neighborhoods:submit_{kind}"), data, **extra)


def test_association_notices_and_meetings_are_escaped_once_approved(client, staff_client):
    association = AssociationFactory()
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    for payload in PAYLOADS:
        common = {
            "association": association.pk,
            "title": payload.text[:200],
            "submitter_name": payload.text[:150],
            "submitter_email": f"secretary{payload.number}@example.org",
        }
        notice = submit(client, "notice", {**common, "body": payload.text})
        meeting = submit(
            client,
            "meeting",
            {
                **common,
                "date": day,
                "start_time": "19:00",
                "place": payload.text[:200],
                "description": payload.text,
                # Only http(s) agendas are accepted; a script URL is refused with a message.
                "agenda_url": "",
            },
        )
        assert (notice.status_code, meeting.status_code) == (302, 302), payload.number

    assert_nothing_runs(staff_client.get("/admin/neighborhoods/notice/approval-queue/"), "queue")
    Notice.objects.update(approval=Approval.APPROVED)
    Meeting.objects.update(approval=Approval.APPROVED)
    for payload, notice in zip(PAYLOADS, Notice.objects.order_by("pk"), strict=True):
        html = assert_nothing_runs(
            client.get(notice.get_absolute_url()), f"notice {payload.number}"
        )
        assert_shown_as_text(html, payload.text, f"notice {payload.number}")
    for payload, meeting in zip(PAYLOADS, Meeting.objects.order_by("pk"), strict=True):
        html = assert_nothing_runs(
            client.get(meeting.get_absolute_url()), f"meeting {payload.number}"
        )
        assert_shown_as_text(html, payload.text, f"meeting {payload.number}")
    neighborhood = association.neighborhoods.get()
    assert_nothing_runs(client.get(neighborhood.get_absolute_url()), "neighborhood page")
    assert_nothing_runs(client.get(reverse("neighborhoods:events")), "events")
    calendar = client.get(reverse("neighborhoods:calendar"))
    assert calendar.status_code == 200
    assert calendar["Content-Type"].startswith("text/calendar")


def test_script_url_as_meeting_agenda_is_refused_with_a_message(client):
    association = AssociationFactory()
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    for url in ("javascript:alert('xss-1')", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>"):
        response = submit(
            client,
            "meeting",
            {
                "association": association.pk,
                "title": "Meeting",
                "date": day,
                "start_time": "19:00",
                "place": "Library",
                "agenda_url": url,
                "submitter_name": "Sam",
                "submitter_email": "sam@example.org",
            },
        )
        assert response.status_code == 200
        assert "Enter a full web address" in response.content.decode()
        assert_nothing_runs(response, url)
    assert not Meeting.objects.exists()


def test_search_query_is_shown_as_typed_and_never_as_markup(client):
    ArticleFactory(body="<p>alert script img svg onerror javascript</p>")
    for payload in PAYLOADS:
        response = client.get(reverse("articles:search"), {"q": payload.text})
        html = assert_nothing_runs(response, f"search {payload.number}")
        # The box shows the query, tidied (control characters and runs of spaces collapsed).
        assert payload.marker in html or "__xss" in html, payload.number


def test_newsletter_signup_refuses_markup_without_running_it(client):
    newsletter = NewsletterFactory()
    for payload in PAYLOADS:
        response = client.post(
            reverse("subscriptions:signup"),
            {"email": payload.text, "newsletters": [newsletter.pk], "source": payload.text},
        )
        assert response.status_code == 200
        assert_nothing_runs(response, f"signup {payload.number}")
    assert not Subscriber.objects.exists()


def test_markup_in_a_quoted_email_address_is_escaped_in_pages_and_emails(
    client, staff_client, django_capture_on_commit_callbacks
):
    newsletter = NewsletterFactory()
    for email in HOSTILE_EMAILS:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("subscriptions:signup"), {"email": email, "newsletters": [newsletter.pk]}
            )
        assert_nothing_runs(response, email)
    for message in mail.outbox:
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert not script_problems(body), message.to
    for page in ("/admin/subscriptions/subscriber/",):
        assert_nothing_runs(staff_client.get(page), page)
    for subscriber in Subscriber.objects.all():
        page = f"/admin/subscriptions/subscriber/{subscriber.pk}/change/"
        assert_nothing_runs(staff_client.get(page), page)


def test_error_reports_are_escaped_in_the_form_and_for_editors(client, staff_client):
    article = ArticleFactory()
    url = reverse("articles:report_error", args=[article.pk])
    for payload in PAYLOADS:
        response = client.post(
            url,
            {
                "message": payload.text,
                "name": payload.text[:100],
                "email": HOSTILE_EMAILS[payload.number % len(HOSTILE_EMAILS)],
            },
        )
        if response.status_code != 302:
            assert_nothing_runs(response, f"error report form {payload.number}")
        # And the form re-rendered with a mistake (bad email) keeps the text escaped.
        response = client.post(url, {"message": payload.text, "email": payload.text})
        assert response.status_code == 200
        html = assert_nothing_runs(response, f"refused error report {payload.number}")
        assert "Enter a valid email address" in html
    assert ErrorReport.objects.count() == len(PAYLOADS)

    assert_nothing_runs(staff_client.get("/admin/articles/errorreport/"), "error report list")
    for report in ErrorReport.objects.order_by("pk")[::7]:
        page = f"/admin/articles/errorreport/{report.pk}/change/"
        html = assert_nothing_runs(staff_client.get(page), page)
        assert_shown_as_text(html, report.message, page)
