"""'Report an error': the form under every article, its defenses, and the editors' admin."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ErrorReport
from articles.services import error_report_submit
from articles.views import ERROR_REPORT_WINDOW, ERROR_REPORTS_PER_WINDOW
from tests.factories import ArticleFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/articles/errorreport/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The rate limit lives in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def report_url(article):
    return reverse("articles:report_error", args=[article.pk])


def report(client, article, *, ip="198.51.100.4", follow=False, **data):
    data = {"message": "The mayor's name is spelled Okafor.", **data}
    return client.post(report_url(article), data, REMOTE_ADDR=ip, follow=follow)


# The form


def test_published_article_offers_a_report_an_error_form(client):
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).text

    assert "<summary>Report an error</summary>" in html
    assert f'action="{report_url(article)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="message"' in html and 'name="email"' in html


def test_reader_reports_an_error_and_is_thanked_on_the_article(client):
    article = ArticleFactory()

    response = report(client, article, name="Ana", email="ana@example.org", follow=True)

    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    assert "Thank you. Your report has reached our editors" in response.text
    stored = ErrorReport.objects.get()
    assert stored.article == article
    assert stored.message == "The mayor's name is spelled Okafor."
    assert (stored.name, stored.email, stored.resolved) == ("Ana", "ana@example.org", False)


def test_a_message_the_admin_left_unread_does_not_show_on_the_site(client):
    client.force_login(StaffFactory())
    article = ArticleFactory()
    waiting = ErrorReport.objects.create(article=article, message="Wrong.")
    # An editor's action whose confirmation the admin never displayed (no redirect followed).
    client.post(CHANGELIST_URL, {"action": "mark_resolved", "_selected_action": [waiting.pk]})

    html = client.get(article.get_absolute_url()).text

    waiting.refresh_from_db()
    assert waiting.resolved is True
    assert "marked resolved" not in html


def test_report_without_a_message_is_refused_and_keeps_what_was_typed(client):
    article = ArticleFactory()

    response = report(client, article, message="   ", name="Ana", email="ana@example.org")

    assert response.status_code == 200
    assert "Tell us what is wrong, so an editor can check it." in response.text
    assert 'value="Ana"' in response.text
    assert 'value="ana@example.org"' in response.text
    assert not ErrorReport.objects.exists()


def test_report_with_a_bad_email_is_refused_and_keeps_the_message(client):
    article = ArticleFactory()

    response = report(client, article, message="Wrong date in the caption.", email="not-an-email")

    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert "Wrong date in the caption." in response.text
    assert not ErrorReport.objects.exists()


def test_overlong_report_is_refused_with_the_limit_named(client):
    response = report(client, ArticleFactory(), message="x" * 5001)

    assert "Please keep it under 5000 characters; this has 5001." in response.text
    assert not ErrorReport.objects.exists()


def test_report_page_works_without_javascript(client):
    article = ArticleFactory(headline="Bridge reopens")

    response = client.get(report_url(article))

    assert response.status_code == 200
    assert "Bridge reopens" in response.text
    assert '<textarea name="message"' in response.text


def test_report_needs_a_csrf_token():
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(report_url(article), {"message": "Wrong."})

    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


# Refusals


def test_bot_that_fills_the_honeypot_is_thanked_but_nothing_is_stored(client):
    article = ArticleFactory()

    response = report(client, article, website="http://spam.example", follow=True)

    assert "Thank you. Your report has reached our editors" in response.text
    assert not ErrorReport.objects.exists()


def test_honeypot_is_hidden_from_people(client):
    html = client.get(ArticleFactory().get_absolute_url()).text

    trap = html[html.index('class="report-error-trap"') :]
    assert trap.startswith('class="report-error-trap" aria-hidden="true"')
    assert 'name="website"' in trap[:400] and 'tabindex="-1"' in trap[:400]


def test_sixth_report_in_ten_minutes_is_refused_and_not_stored(client):
    article = ArticleFactory()
    for number in range(ERROR_REPORTS_PER_WINDOW):
        assert report(client, article, message=f"Error {number}").status_code == 302

    response = report(client, article, message="One more error")

    assert response.status_code == 429
    assert "Please wait ten minutes" in response.text
    assert "One more error" in response.text
    assert ErrorReport.objects.count() == ERROR_REPORTS_PER_WINDOW


def test_rate_limit_is_per_reader_address(client):
    article = ArticleFactory()
    for _ in range(ERROR_REPORTS_PER_WINDOW + 1):
        report(client, article, ip="198.51.100.4")

    response = report(client, article, ip="203.0.113.9")

    assert response.status_code == 302
    assert ErrorReport.objects.count() == ERROR_REPORTS_PER_WINDOW + 1


def test_rate_limit_ends_when_the_window_does(client, monkeypatch):
    article = ArticleFactory()
    for _ in range(ERROR_REPORTS_PER_WINDOW + 1):
        report(client, article)

    later = time.time() + ERROR_REPORT_WINDOW.total_seconds() + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))

    assert report(client, article).status_code == 302


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT, "publish_at": None},
        {"status": Article.Status.REVIEW, "publish_at": None},
        {"publish_at_in": timedelta(days=1)},
        {"status": Article.Status.WITHDRAWN},
    ],
    ids=["draft", "in review", "scheduled", "withdrawn"],
)
def test_errors_cannot_be_reported_on_an_article_readers_cannot_see(client, hidden):
    hidden = dict(hidden)
    if "publish_at_in" in hidden:
        hidden["publish_at"] = timezone.now() + hidden.pop("publish_at_in")
    article = ArticleFactory(**hidden)

    assert client.get(report_url(article)).status_code == 404
    assert report(client, article).status_code == 404
    assert not ErrorReport.objects.exists()


def test_report_service_refuses_an_unpublished_article():
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    with pytest.raises(ValidationError):
        error_report_submit(article=article, message="Wrong.")

    assert not ErrorReport.objects.exists()


# Editors in the admin


@pytest.fixture
def editor(client):
    user = StaffFactory(username="editor")
    client.force_login(user)
    return user


def test_anonymous_visitor_cannot_open_the_error_reports(client):
    ErrorReport.objects.create(article=ArticleFactory(), message="Secret tip")

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_reader_account_cannot_open_the_error_reports(client):
    ErrorReport.objects.create(article=ArticleFactory(), message="Secret tip")
    client.force_login(UserFactory())

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 302
    assert "Secret tip" not in response.text


def test_staff_without_the_permission_cannot_open_the_error_reports(client):
    ErrorReport.objects.create(article=ArticleFactory(), message="Secret tip")
    client.force_login(StaffFactory(is_superuser=False))

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 403


def test_staff_who_may_only_view_reports_cannot_mark_them_resolved(client):
    waiting = ErrorReport.objects.create(article=ArticleFactory(), message="Wrong.")
    user = StaffFactory(is_superuser=False)
    user.user_permissions.add(Permission.objects.get(codename="view_errorreport"))
    client.force_login(user)

    listing = client.get(CHANGELIST_URL)
    client.post(CHANGELIST_URL, {"action": "mark_resolved", "_selected_action": [waiting.pk]})

    assert listing.status_code == 200
    assert 'value="mark_resolved"' not in listing.text
    waiting.refresh_from_db()
    assert waiting.resolved is False


def test_editor_sees_reports_with_an_excerpt_and_a_link_to_the_article(client, editor):
    article = ArticleFactory(headline="Bridge reopens")
    ErrorReport.objects.create(article=article, message="A" * 200)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert "A" * 79 + "…" in response.text
    assert "A" * 200 not in response.text
    assert reverse("admin:articles_article_change", args=[article.pk]) in response.text
    assert f'href="{article.get_absolute_url()}"' in response.text


def test_editor_filters_reports_by_resolved(client, editor):
    article = ArticleFactory()
    ErrorReport.objects.create(article=article, message="Still open")
    ErrorReport.objects.create(article=article, message="Dealt with", resolved=True)

    response = client.get(CHANGELIST_URL, {"resolved__exact": "0"})

    assert "Still open" in response.text
    assert "Dealt with" not in response.text


def test_editor_marks_reports_resolved(client, editor):
    article = ArticleFactory()
    first = ErrorReport.objects.create(article=article, message="One")
    second = ErrorReport.objects.create(article=article, message="Two")
    untouched = ErrorReport.objects.create(article=article, message="Three")

    response = client.post(
        CHANGELIST_URL,
        {"action": "mark_resolved", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert "2 reports are marked resolved." in response.text
    assert set(ErrorReport.objects.filter(resolved=True)) == {first, second}
    untouched.refresh_from_db()
    assert untouched.resolved is False


def test_editor_cannot_add_or_rewrite_a_readers_report(client, editor):
    waiting = ErrorReport.objects.create(article=ArticleFactory(), message="As sent.")

    add = client.get(CHANGELIST_URL + "add/")
    client.post(
        reverse("admin:articles_errorreport_change", args=[waiting.pk]),
        {"message": "Rewritten.", "resolved": "on"},
    )

    assert add.status_code == 403
    waiting.refresh_from_db()
    assert waiting.message == "As sent."
    assert waiting.resolved is True


def test_article_admin_page_counts_its_open_reports(client, editor):
    article = ArticleFactory()
    ErrorReport.objects.create(article=article, message="One")
    ErrorReport.objects.create(article=article, message="Two")
    ErrorReport.objects.create(article=article, message="Done", resolved=True)
    ErrorReport.objects.create(article=ArticleFactory(), message="Another story")

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert "2 reports from readers waiting" in response.text
    link = f"{CHANGELIST_URL}?article__id__exact={article.pk}&amp;resolved__exact=0"
    assert link in response.text
    filtered = client.get(CHANGELIST_URL, {"article__id__exact": article.pk, "resolved__exact": 0})
    assert filtered.status_code == 200
    assert "One" in filtered.text and "Another story" not in filtered.text


def test_report_list_costs_the_same_queries_for_many_reports(
    client, editor, django_assert_max_num_queries
):
    for article in ArticleFactory.create_batch(15):
        ErrorReport.objects.create(article=article, message="Wrong.")

    with django_assert_max_num_queries(8):
        response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 15
