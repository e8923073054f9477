import pytest
from django.urls import reverse

from comments.models import Comment, Commenter, CommentReport, ModerationSettings
from comments.moderation import comment_approve
from comments.services import comment_report
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_comment(site_policy):
    commenter = Commenter.objects.create(email="ana@example.org", name="Ana")
    return Comment.objects.create(
        article=ArticleFactory(),
        commenter=commenter,
        name="Ana",
        body="A heated opinion.",
        status=Comment.Status.APPROVED,
    )


def report(client, comment, *, ip, reason="Personal attack"):
    return client.post(
        reverse("comments:report", args=[comment.pk]),
        {"reason": reason},
        REMOTE_ADDR=ip,
        follow=True,
    )


def test_a_comment_reported_by_n_readers_disappears_until_reviewed(
    client, site_policy, live_comment
):
    url = live_comment.article.get_absolute_url()

    response = report(client, live_comment, ip="192.0.2.1")
    assert "A moderator will look at the comment you reported" in response.content.decode()
    assert "A heated opinion." in client.get(url).content.decode()

    report(client, live_comment, ip="192.0.2.2")

    live_comment.refresh_from_db()
    assert live_comment.report_count == site_policy.hide_after_reports
    assert live_comment.is_hidden_by_reports
    assert "A heated opinion." not in client.get(url).content.decode()
    assert list(live_comment.reports.values_list("reason", flat=True)) == ["Personal attack"] * 2


def test_a_reader_who_reports_twice_counts_once(live_comment):
    assert comment_report(comment=live_comment, reason="Rude", ip="192.0.2.1")
    assert not comment_report(comment=live_comment, reason="Very rude", ip="192.0.2.1")

    live_comment.refresh_from_db()
    assert live_comment.report_count == 1
    assert not live_comment.is_hidden_by_reports
    assert CommentReport.objects.count() == 1


def test_a_report_needs_a_reason(client, live_comment):
    response = report(client, live_comment, ip="192.0.2.1", reason="")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not CommentReport.objects.exists()


def test_a_filled_honeypot_report_is_thanked_and_not_counted(client, live_comment):
    response = client.post(
        reverse("comments:report", args=[live_comment.pk]),
        {"reason": "spam", "website": "x"},
        follow=True,
    )

    assert "A moderator will look" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_only_a_shown_comment_can_be_reported(client, live_comment):
    live_comment.status = Comment.Status.HELD
    live_comment.save()

    assert report(client, live_comment, ip="192.0.2.1").status_code == 404


def test_a_comment_a_moderator_approved_needs_as_many_new_reports_to_hide_again():
    settings_row = ModerationSettings.objects.first() or ModerationSettings.objects.create()
    settings_row.hide_after_reports = 2
    settings_row.save()
    commenter = Commenter.objects.create(email="ana@example.org", name="Ana")
    comment = Comment.objects.create(
        article=ArticleFactory(),
        commenter=commenter,
        name="Ana",
        body="Fair point.",
        status="approved",
    )
    comment_report(comment=comment, reason="rude", ip="203.0.113.1")
    comment_report(comment=comment, reason="rude", ip="203.0.113.2")
    comment.refresh_from_db()
    assert comment.is_hidden_by_reports

    comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=None)
    comment_report(comment=comment, reason="still rude", ip="203.0.113.3")
    comment.refresh_from_db()
    assert not comment.is_hidden_by_reports

    comment_report(comment=comment, reason="rude again", ip="203.0.113.4")
    comment.refresh_from_db()
    assert comment.is_hidden_by_reports
