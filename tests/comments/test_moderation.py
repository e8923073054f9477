import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError

from articles.roles import CONTRIBUTOR, EDITOR, MANAGING_EDITOR, REPORTER
from comments.models import BannedAddress, Comment, Commenter, CommentReport
from comments.moderation import (
    comment_approve,
    comment_mark_spam,
    comment_reject,
    commenter_ban,
    commenter_erase,
)
from subscriptions.services import hash_ip
from tests.articles.workflow_helpers import staff_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

READER_IP = "203.0.113.5"


@pytest.fixture
def editor():
    return staff_in(EDITOR)


@pytest.fixture
def article():
    return ArticleFactory()


def commenter_named(name="Ada Reader", email="ada@example.org"):
    return Commenter.objects.create(name=name, email=email)


def comment_by(commenter, article, body="I was at the meeting too.", **fields):
    fields.setdefault("ip_hash", hash_ip(READER_IP))
    return Comment.objects.create(
        article=article,
        commenter=commenter,
        name=commenter.name,
        body=body,
        body_hash=body,
        **fields,
    )


def test_approving_a_newcomers_comments_counts_each_approval_once(editor, article):
    ada = commenter_named()
    held = [comment_by(ada, article, body=f"Comment {n}") for n in range(3)]

    comment_approve(comments=held, by=editor)
    # Approving again (a second moderator, a double click) is not a second approval.
    comment_approve(comments=Comment.objects.filter(pk=held[0].pk), by=editor)

    ada.refresh_from_db()
    assert ada.approved_count == 3
    first = Comment.objects.get(pk=held[0].pk)
    assert first.status == Comment.Status.APPROVED
    assert first.moderated_by == editor
    assert first.moderated_at is not None


def test_newcomer_becomes_trusted_after_enough_approvals(editor, article):
    from comments.policy import moderation_settings
    from comments.services import comment_post

    needed = moderation_settings().trusted_after
    posted = [
        comment_post(
            article=article, name="Ada", email="ada@example.org", body=f"Point {n}", ip=READER_IP
        )
        for n in range(needed)
    ]
    assert all(comment.status == Comment.Status.HELD for comment in posted)

    comment_approve(comments=posted, by=editor)
    next_one = comment_post(
        article=article, name="Ada", email="ada@example.org", body="And another.", ip=READER_IP
    )

    assert next_one.status == Comment.Status.APPROVED


def test_approving_a_reported_comment_shows_it_again_and_closes_its_reports(editor, article):
    comment = comment_by(
        commenter_named(), article, status=Comment.Status.APPROVED, is_hidden_by_reports=True
    )
    CommentReport.objects.create(comment=comment, reason="Rude", ip_hash="a")
    CommentReport.objects.create(comment=comment, reason="Off topic", ip_hash="b")

    comment_approve(comments=[comment], by=editor)

    comment.refresh_from_db()
    assert not comment.is_hidden_by_reports
    assert comment in Comment.objects.visible()
    assert not CommentReport.objects.filter(reviewed=False).exists()
    assert comment not in Comment.objects.awaiting_moderation()


def test_rejecting_an_approved_comment_takes_it_down_and_off_the_count(editor, article):
    ada = commenter_named()
    comment = comment_by(ada, article)
    comment_approve(comments=[comment], by=editor)

    comment_reject(comments=[comment], by=editor)

    comment.refresh_from_db()
    ada.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert comment not in Comment.objects.visible()
    assert ada.approved_count == 0


def test_spam_is_recorded_as_spam_and_leaves_the_queue(editor, article):
    comment = comment_by(commenter_named(), article, body="Cheap watches www.example.com")

    comment_mark_spam(comments=[comment], by=editor)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert comment not in Comment.objects.awaiting_moderation()


def test_queue_holds_held_and_reported_comments_only(article):
    ada = commenter_named()
    held = comment_by(ada, article, body="held")
    hidden = comment_by(ada, article, body="hidden", status="approved", is_hidden_by_reports=True)
    reported = comment_by(ada, article, body="reported once", status="approved")
    CommentReport.objects.create(comment=reported, reason="Spam?", ip_hash="a")
    comment_by(ada, article, body="fine", status="approved")
    rejected = comment_by(ada, article, body="gone", status="rejected")
    CommentReport.objects.create(comment=rejected, reason="Rude", ip_hash="a")

    assert list(Comment.objects.awaiting_moderation()) == [held, hidden, reported]


def test_ban_refuses_later_comments_by_email_and_address(editor, article):
    from comments.services import comment_post

    ada = commenter_named()
    comment_by(ada, article)

    commenter_ban(commenter=ada, by=editor, reason="Threats")

    ada.refresh_from_db()
    assert ada.is_banned
    assert BannedAddress.objects.filter(email="ada@example.org").exists()
    assert BannedAddress.objects.filter(ip_hash=hash_ip(READER_IP)).exists()
    with pytest.raises(ValidationError) as refused:
        comment_post(
            article=article, name="Ada", email="ada@example.org", body="I'm back", ip="10.0.0.9"
        )
    assert refused.value.code == "banned"
    with pytest.raises(ValidationError):
        comment_post(
            article=article, name="Not Ada", email="new@example.org", body="Hi", ip=READER_IP
        )


def test_banning_twice_adds_no_duplicate_bans(editor, article):
    ada = commenter_named()
    comment_by(ada, article)

    commenter_ban(commenter=ada, by=editor)
    commenter_ban(commenter=ada, by=editor)

    assert BannedAddress.objects.count() == 2


def test_erase_deletes_everything_the_commenter_wrote(editor, article):
    ada = commenter_named()
    bob = commenter_named(name="Bob", email="bob@example.org")
    first = comment_by(ada, article, body="first", status="approved")
    comment_by(ada, ArticleFactory(), body="elsewhere")
    reply_to_ada = comment_by(bob, article, body="I disagree", parent=first, status="approved")
    CommentReport.objects.create(comment=first, reason="Rude", ip_hash="a")
    bobs_own = comment_by(bob, article, body="Separately", status="approved")

    erased = commenter_erase(commenter=ada, by=editor)

    assert erased == 2
    assert not Commenter.objects.filter(email="ada@example.org").exists()
    assert not Comment.objects.filter(name="Ada Reader").exists()
    assert not Comment.objects.filter(pk=reply_to_ada.pk).exists()
    assert not CommentReport.objects.exists()
    assert list(Comment.objects.all()) == [bobs_own]


@pytest.mark.parametrize("role", [CONTRIBUTOR, REPORTER])
def test_staff_without_the_comments_role_cannot_moderate(role, article):
    user = staff_in(role)
    ada = commenter_named()
    comment = comment_by(ada, article)

    for service in (comment_approve, comment_reject, comment_mark_spam):
        with pytest.raises(PermissionDenied):
            service(comments=[comment], by=user)
    with pytest.raises(PermissionDenied):
        commenter_ban(commenter=ada, by=user)
    with pytest.raises(PermissionDenied):
        commenter_erase(commenter=ada, by=user)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert Commenter.objects.filter(pk=ada.pk, is_banned=False).exists()


def test_anonymous_cannot_moderate(article):
    comment = comment_by(commenter_named(), article)

    with pytest.raises(PermissionDenied):
        comment_approve(comments=[comment], by=AnonymousUser())

    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD


def test_editors_and_managing_editors_hold_every_comments_permission():
    names = {
        f"{action}_{model}"
        for model in (
            "comment",
            "commenter",
            "commentreport",
            "bannedaddress",
            "moderationsettings",
            "articlecommentpolicy",
        )
        for action in ("add", "change", "delete", "view")
    }
    for role in (EDITOR, MANAGING_EDITOR):
        held = set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="comments")
            .values_list("codename", flat=True)
        )
        assert held == names
    for role in (CONTRIBUTOR, REPORTER):
        assert not Group.objects.get(name=role).permissions.filter(
            content_type__app_label="comments"
        )
