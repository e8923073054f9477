import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.roles import CONTRIBUTOR, EDITOR
from comments.models import BannedAddress, Comment, Commenter, CommentReport, ModerationSettings
from subscriptions.services import hash_ip
from tests.articles.test_concurrent_editing import loaded_form
from tests.articles.workflow_helpers import staff_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

COMMENTS = reverse("admin:comments_comment_changelist")
COMMENTERS = reverse("admin:comments_commenter_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(staff_in(EDITOR))
    return client


@pytest.fixture
def article():
    return ArticleFactory(headline="Bridge to close for repairs")


def commenter_named(name="Ada Reader", email="ada@example.org"):
    return Commenter.objects.create(name=name, email=email)


def comment_by(commenter, article, body="I was at the meeting too.", **fields):
    fields.setdefault("ip_hash", hash_ip("203.0.113.5"))
    return Comment.objects.create(
        article=article,
        commenter=commenter,
        name=commenter.name,
        body=body,
        body_hash=body,
        **fields,
    )


def listed(response):
    return list(response.context["cl"].result_list)


def test_comment_list_opens_on_the_queue_oldest_first(editor_client, article):
    ada = commenter_named()
    first = comment_by(ada, article, body="first held")
    comment_by(ada, article, body="already live", status="approved")
    reported = comment_by(ada, article, body="reported", status="approved")
    CommentReport.objects.create(comment=reported, reason="Rude", ip_hash="x")
    last = comment_by(ada, article, body="last held")

    response = editor_client.get(COMMENTS)

    assert listed(response) == [first, reported, last]
    assert "Moderation queue: 3 waiting" in response.text


def test_all_comments_choice_lists_everything(editor_client, article):
    ada = commenter_named()
    comment_by(ada, article, body="held")
    comment_by(ada, article, body="live", status="approved")
    comment_by(ada, article, body="spam", status="spam")

    response = editor_client.get(COMMENTS, {"queue": "all"})

    assert [c.body for c in listed(response)] == ["held", "live", "spam"]


def test_each_row_shows_the_commenters_history(editor_client, article):
    ada = commenter_named()
    comment_by(ada, article, body="a", status="approved")
    comment_by(ada, article, body="b", status="approved")
    comment_by(ada, article, body="c", status="rejected")
    comment_by(ada, article, body="d")

    response = editor_client.get(COMMENTS)

    assert "2 approved, 1 rejected, 1 held" in response.text
    assert f"queue=all&amp;commenter__id__exact={ada.pk}" in response.text
    theirs = editor_client.get(COMMENTS, {"queue": "all", "commenter__id__exact": ada.pk})
    assert len(listed(theirs)) == 4


def test_comment_list_costs_the_same_queries_for_many_comments(editor_client, article):
    def queries_for_listing():
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(COMMENTS)
        assert response.status_code == 200
        return len(captured)

    comment_by(commenter_named(), article, body="only one")
    few = queries_for_listing()
    for n in range(40):
        reader = commenter_named(name=f"Reader {n}", email=f"r{n}@example.org")
        comment_by(reader, ArticleFactory(), body=f"held {n}")
        comment_by(reader, article, body=f"live {n}", status="approved")

    assert queries_for_listing() == few


def test_bulk_approve_makes_a_newcomer_trusted(editor_client, article):
    ada = commenter_named()
    held = [comment_by(ada, article, body=f"c{n}") for n in range(3)]

    response = editor_client.post(
        COMMENTS,
        {"action": "approve", ACTION_CHECKBOX_NAME: [c.pk for c in held]},
        follow=True,
    )

    assert "3 comments are approved and on the site." in response.text
    ada.refresh_from_db()
    assert ada.approved_count == ModerationSettings().trusted_after == 3
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}


@pytest.mark.parametrize(("action", "status"), [("reject", "rejected"), ("mark_spam", "spam")])
def test_bulk_reject_and_spam(editor_client, article, action, status):
    comment = comment_by(commenter_named(), article)

    editor_client.post(COMMENTS, {"action": action, ACTION_CHECKBOX_NAME: [comment.pk]})

    comment.refresh_from_db()
    assert comment.status == status


def test_ban_action_bans_the_commenters_email_and_address(editor_client, article):
    ada = commenter_named()
    comment = comment_by(ada, article)

    editor_client.post(COMMENTS, {"action": "ban_commenter", ACTION_CHECKBOX_NAME: [comment.pk]})

    assert Commenter.objects.get(pk=ada.pk).is_banned
    assert BannedAddress.objects.filter(email="ada@example.org").exists()
    assert BannedAddress.objects.filter(ip_hash=hash_ip("203.0.113.5")).exists()


def test_erase_asks_first_then_deletes_everything(editor_client, article):
    ada = commenter_named()
    comment_by(ada, article, body="one")
    comment_by(ada, article, body="two")
    data = {"action": "erase_everything", ACTION_CHECKBOX_NAME: [ada.pk]}

    asked = editor_client.post(COMMENTERS, data)

    assert asked.status_code == 200
    assert "Ada Reader &lt;ada@example.org&gt;: 2 comments" in asked.text
    assert Comment.objects.count() == 2

    done = editor_client.post(COMMENTERS, {**data, "confirmed": "yes"}, follow=True)

    assert "1 commenter and their 2 comments were erased." in done.text
    assert not Commenter.objects.exists()
    assert not Comment.objects.exists()


def test_contributor_cannot_open_the_moderation_queue(client, article):
    comment_by(commenter_named(), article)
    client.force_login(staff_in(CONTRIBUTOR))

    assert client.get(COMMENTS).status_code == 403
    response = client.post(COMMENTS, {"action": "approve", ACTION_CHECKBOX_NAME: ["1"]})
    assert response.status_code == 403
    assert Comment.objects.get().status == Comment.Status.HELD


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(COMMENTS)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_html_in_a_comment_is_shown_as_text_in_the_admin(editor_client, article):
    comment_by(commenter_named(name="<b>Eve</b>"), article, body="<script>alert(1)</script>")

    response = editor_client.get(COMMENTS)

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "&lt;b&gt;Eve&lt;/b&gt;" in response.text


def test_comment_policy_is_one_row_edited_in_place_and_never_deleted(editor_client):
    changelist = reverse("admin:comments_moderationsettings_changelist")

    opened = editor_client.get(changelist)

    row = ModerationSettings.objects.get()
    change = reverse("admin:comments_moderationsettings_change", args=[row.pk])
    assert opened["Location"] == change
    editor_client.post(
        change,
        {
            "mode": "pre",
            "trusted_after": 2,
            "close_after_days": 7,
            "hide_after_reports": 3,
            "banned_words": "",
            "suspect_words": "",
        },
    )
    row.refresh_from_db()
    assert row.mode == "pre"
    assert editor_client.get(changelist)["Location"] == change
    assert ModerationSettings.objects.count() == 1
    assert editor_client.get(reverse("admin:comments_moderationsettings_add")).status_code == 403
    delete = reverse("admin:comments_moderationsettings_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert ModerationSettings.objects.exists()


def test_article_admin_edits_the_articles_comment_policy(editor_client, article):
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert "comment_policy-TOTAL_FORMS" in response.text


def test_editor_sets_an_articles_own_comment_policy(editor_client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = loaded_form(editor_client.get(url))
    data.update(
        {
            "comment_policy-TOTAL_FORMS": ["1"],
            "comment_policy-0-mode": ["pre"],
            "comment_policy-0-close_after_days": ["2"],
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.comment_policy.mode == "pre"
    assert article.comment_policy.close_after_days == 2


def test_article_filter_offers_only_articles_with_comments(editor_client, article):
    comment_by(commenter_named(), article)
    ArticleFactory(headline="Quiet story nobody answered")

    response = editor_client.get(COMMENTS, {"queue": "all"})

    assert "Bridge to close for repairs" in response.text
    assert "Quiet story nobody answered" not in response.text


def test_a_single_comment_cannot_be_deleted_behind_the_approval_count(editor_client, article):
    from comments.models import Comment, Commenter

    commenter = Commenter.objects.create(email="ana@example.org", name="Ana", approved_count=1)
    comment = Comment.objects.create(
        article=article, commenter=commenter, name="Ana", body="Hello.", status="approved"
    )

    response = editor_client.post(
        reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()
