import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles.roles import CONTRIBUTOR, EDITOR
from comments.models import BannedAddress, Comment, Commenter
from comments.moderation import commenter_ban, commenter_unban
from comments.services import comment_post
from subscriptions.services import hash_ip
from tests.articles.workflow_helpers import staff_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

COMMENTERS = reverse("admin:comments_commenter_changelist")
ADA_IP = "203.0.113.5"


@pytest.fixture
def editor():
    return staff_in(EDITOR)


@pytest.fixture
def article(site_policy):
    return ArticleFactory()


@pytest.fixture
def ada(article):
    """A regular whose comment earned her a ban (by email and by the address she used)."""
    ada = Commenter.objects.create(email="ada@example.org", name="Ada", approved_count=5)
    Comment.objects.create(
        article=article,
        commenter=ada,
        name="Ada",
        body="Something nasty.",
        body_hash="nasty",
        ip_hash=hash_ip(ADA_IP),
        status=Comment.Status.APPROVED,
    )
    commenter_ban(commenter=ada, by=None, reason="Threats")
    return ada


def ada_says(article, body):
    return comment_post(article=article, name="Ada", email="ada@example.org", body=body, ip=ADA_IP)


def test_unbanning_lets_the_next_comment_through(article, ada, editor):
    with pytest.raises(ValidationError) as refused:
        ada_says(article, "Let me back in.")
    assert refused.value.code == "banned"

    removed = commenter_unban(commenter=ada, by=editor)

    assert removed == 2  # her email and the address she commented from
    assert not BannedAddress.objects.exists()
    ada.refresh_from_db()
    assert not ada.is_banned
    assert ada_says(article, "I am sorry.").status == Comment.Status.APPROVED


def test_unbanning_keeps_a_shared_address_banned_for_someone_still_banned(article, ada, editor):
    troll = Commenter.objects.create(email="troll@example.org", name="Troll")
    Comment.objects.create(
        article=article,
        commenter=troll,
        name="Troll",
        body="Same café wifi.",
        body_hash="troll",
        ip_hash=hash_ip(ADA_IP),
    )
    commenter_ban(commenter=troll, by=editor)

    commenter_unban(commenter=ada, by=editor)

    assert not BannedAddress.objects.filter(email="ada@example.org").exists()
    assert BannedAddress.objects.filter(ip_hash=hash_ip(ADA_IP)).exists()
    with pytest.raises(ValidationError):
        comment_post(article=article, name="T", email="troll2@example.org", body="Hi", ip=ADA_IP)


def test_staff_without_the_comments_role_cannot_lift_a_ban(ada):
    with pytest.raises(PermissionDenied):
        commenter_unban(commenter=ada, by=staff_in(CONTRIBUTOR))

    assert Commenter.objects.get(pk=ada.pk).is_banned
    assert BannedAddress.objects.filter(email="ada@example.org").exists()


def test_unticking_banned_in_the_admin_lifts_the_ban(client, article, ada, editor):
    client.force_login(editor)
    refused = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Ada", "email": "ada@example.org", "body": "Before."},
        REMOTE_ADDR=ADA_IP,
    )
    assert refused.status_code == 403

    response = client.post(
        reverse("admin:comments_commenter_change", args=[ada.pk]), {"name": "Ada"}, follow=True
    )

    assert "The ban on 1 commenter is lifted" in response.text
    assert "2 banned addresses were removed." in response.text
    assert not BannedAddress.objects.exists()
    accepted = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Ada", "email": "ada@example.org", "body": "After."},
        REMOTE_ADDR=ADA_IP,
        follow=True,
    )
    assert "Your comment is live." in accepted.text
    assert Comment.objects.filter(body="After.").exists()


def test_ticking_banned_in_the_admin_bans_the_address_too(client, article, editor):
    bo = Commenter.objects.create(email="bo@example.org", name="Bo")
    client.force_login(editor)

    client.post(
        reverse("admin:comments_commenter_change", args=[bo.pk]),
        {"name": "Bo", "is_banned": "on"},
    )

    assert BannedAddress.objects.filter(email="bo@example.org").exists()
    with pytest.raises(ValidationError):
        comment_post(article=article, name="Bo", email="bo@example.org", body="Hi", ip="")


def test_lift_the_ban_action(client, article, ada, editor):
    client.force_login(editor)

    response = client.post(
        COMMENTERS, {"action": "lift_ban", ACTION_CHECKBOX_NAME: [ada.pk]}, follow=True
    )

    assert "The ban on 1 commenter is lifted" in response.text
    assert not Commenter.objects.get(pk=ada.pk).is_banned
    assert not BannedAddress.objects.exists()
    assert ada_says(article, "Thank you.").pk
