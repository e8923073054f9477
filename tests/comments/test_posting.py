from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comments.models import ArticleCommentPolicy, BannedAddress, Comment, ModerationSettings
from comments.services import comment_post
from subscriptions.services import hash_ip
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def post(client, article, *, ip="203.0.113.7", follow=True, **fields):
    data = {"name": "Ana", "email": "ana@example.org", "body": "The crosswalk is overdue."}
    data.update(fields)
    return client.post(
        reverse("comments:post", args=[article.pk]), data, REMOTE_ADDR=ip, follow=follow
    )


def approve(comment):
    # What a moderator's approval does (comments.moderation), without its permission check.
    comment.status = Comment.Status.APPROVED
    comment.save(update_fields=["status"])
    comment.commenter.approved_count += 1
    comment.commenter.save(update_fields=["approved_count"])


def say(article, body, *, email="ana@example.org", **kwargs):
    return comment_post(
        article=article, name="Ana", email=email, body=body, ip="203.0.113.7", **kwargs
    )


def test_newcomers_first_comment_waits_for_a_moderator(client, site_policy):
    article = ArticleFactory()

    response = post(client, article)

    assert "Your comment is waiting for a moderator" in response.content.decode()
    assert "The crosswalk is overdue." not in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    assert "New commenter" in comment.hold_reason


def test_commenter_goes_live_at_once_after_n_approvals(client, site_policy):
    article = ArticleFactory()
    for number in range(site_policy.trusted_after):
        approve(say(article, f"Comment number {number}"))

    response = post(client, article, body="Now I am a regular.")

    assert "Your comment is live" in response.content.decode()
    assert "Now I am a regular." in response.content.decode()
    assert Comment.objects.get(body="Now I am a regular.").status == Comment.Status.APPROVED


def test_one_approval_short_is_still_held(site_policy):
    article = ArticleFactory()
    approve(say(article, "First"))

    assert say(article, "Second").status == Comment.Status.HELD


def test_pre_moderation_holds_even_a_regular(site_policy, regular):
    site_policy.mode = ModerationSettings.Mode.PRE
    site_policy.save()

    comment = say(ArticleFactory(), "Thanks for the story.", email=regular.email)

    assert comment.status == Comment.Status.HELD


def test_article_override_holds_everything_on_a_sensitive_story(site_policy, regular):
    article = ArticleFactory()
    ArticleCommentPolicy.objects.create(article=article, mode=ModerationSettings.Mode.PRE)

    assert say(article, "On the trial.", email=regular.email).status == Comment.Status.HELD
    assert say(ArticleFactory(), "Elsewhere.", email=regular.email).status == (
        Comment.Status.APPROVED
    )


def test_post_moderation_publishes_a_newcomer_at_once(site_policy):
    site_policy.mode = ModerationSettings.Mode.POST
    site_policy.save()

    assert say(ArticleFactory(), "First time here.").status == Comment.Status.APPROVED


def test_comment_with_a_link_is_held(site_policy, regular):
    comment = say(ArticleFactory(), "See https://example.com/deal", email=regular.email)

    assert comment.status == Comment.Status.HELD
    assert comment.hold_reason == "Contains a link."


def test_comment_with_a_suspect_word_is_held(site_policy, regular):
    comment = say(ArticleFactory(), "Ask for a Refund today.", email=regular.email)

    assert comment.status == Comment.Status.HELD
    assert "refund" in comment.hold_reason


def test_comment_with_a_banned_word_is_refused_with_a_clear_message(client, site_policy):
    article = ArticleFactory()

    response = post(client, article, body="The mayor is a scumbag.")

    assert response.status_code == 400
    assert "contains words this newspaper does not publish" in response.content.decode()
    # The reader's text is kept so they can rephrase it.
    assert "The mayor is a scumbag." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_word_inside_another_is_not_banned(site_policy, regular):
    comment = say(ArticleFactory(), "Scumbaggery is not a word.", email=regular.email)

    assert comment.status == Comment.Status.APPROVED


def test_posting_the_same_comment_again_is_refused(client, site_policy):
    article = ArticleFactory()
    say(article, "Fix the potholes!")

    response = post(client, article, body="  fix the   potholes!  ")

    assert response.status_code == 400
    assert "You already posted this comment." in response.content.decode()
    assert Comment.objects.count() == 1


def test_banned_email_and_banned_address_are_refused(site_policy):
    BannedAddress.objects.create(email="troll@example.org")
    BannedAddress.objects.create(ip_hash=hash_ip("198.51.100.9"))
    article = ArticleFactory()

    with pytest.raises(ValidationError):
        say(article, "Hello", email="Troll@Example.org")
    with pytest.raises(ValidationError):
        comment_post(
            article=article, name="X", email="new@example.org", body="Hi", ip="198.51.100.9"
        )
    assert not Comment.objects.exists()


def test_a_banned_reader_posting_through_the_form_gets_403_and_keeps_their_text(
    client, site_policy
):
    BannedAddress.objects.create(email="troll@example.org")

    response = post(client, ArticleFactory(), email="troll@example.org", body="Let me in.")

    assert response.status_code == 403
    assert "We cannot publish comments from you." in response.content.decode()
    assert "Let me in." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_form_with_a_mistake_comes_back_with_400_and_the_text_kept(client, site_policy):
    response = post(client, ArticleFactory(), email="not an address", body="Keep me.")

    assert response.status_code == 400
    assert "Your comment was not posted." in response.content.decode()
    assert "Enter a valid email address." in response.content.decode()
    assert "Keep me." in response.content.decode()
    assert not Comment.objects.exists()


def test_banned_commenter_is_refused(site_policy, regular):
    regular.is_banned = True
    regular.save()

    with pytest.raises(ValidationError):
        say(ArticleFactory(), "Let me back in.", email=regular.email)


def test_a_filled_honeypot_stores_nothing_and_gives_nothing_away(client, site_policy):
    response = post(client, ArticleFactory(), website="http://spam.example")

    assert response.status_code == 200
    assert "Your comment is waiting for a moderator" in response.content.decode()
    assert not Comment.objects.exists()


def test_rate_limited_reader_gets_429_with_a_message_and_their_text(client, site_policy):
    article = ArticleFactory()
    for number in range(5):
        post(client, article, body=f"Comment {number}")

    response = post(client, article, body="One too many, kept for later.")

    assert response.status_code == 429
    assert "Please wait ten minutes" in response.content.decode()
    assert "One too many, kept for later." in response.content.decode()
    assert Comment.objects.count() == 5


def test_comments_close_after_the_sites_number_of_days(client, site_policy):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=15))

    response = post(client, article, body="Too late, but kept.")

    assert response.status_code == 403
    assert "Comments on this article are closed." in response.content.decode()
    assert "Too late, but kept." in response.content.decode()
    assert not Comment.objects.exists()


def test_an_article_can_stay_open_longer_than_the_site_default(site_policy):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=15))
    ArticleCommentPolicy.objects.create(article=article, close_after_days=30)

    assert say(article, "Still open.").pk


def test_an_article_can_close_sooner_than_the_site_default(site_policy):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=3))
    ArticleCommentPolicy.objects.create(article=article, close_after_days=2)

    with pytest.raises(ValidationError):
        say(article, "Too late.")


def test_editors_can_close_comments_at_any_time(site_policy):
    article = ArticleFactory(comments_enabled=False)

    with pytest.raises(ValidationError):
        say(article, "Hello?")


def test_only_a_hash_of_the_address_is_stored(client, site_policy):
    post(client, ArticleFactory(), ip="192.0.2.44")

    comment = Comment.objects.get()
    assert comment.ip_hash == hash_ip("192.0.2.44")
    assert "192.0.2.44" not in comment.ip_hash


def test_a_reply_to_a_reply_joins_the_conversation(site_policy, regular):
    article = ArticleFactory()
    top = say(article, "Top", email=regular.email)
    reply = say(article, "Reply", email=regular.email, parent=top)

    answer = say(article, "Answer", email=regular.email, parent=reply)

    assert reply.parent == top
    assert answer.parent == top


def test_a_reply_to_a_held_comment_is_refused(site_policy, regular):
    article = ArticleFactory()
    held = say(article, "Held")

    with pytest.raises(ValidationError):
        say(article, "Reply", email=regular.email, parent=held)


def test_the_policy_row_is_created_with_defaults_on_first_post(client):
    post(client, ArticleFactory())

    assert ModerationSettings.objects.get().mode == ModerationSettings.Mode.TRUSTED
    assert Comment.objects.get().status == Comment.Status.HELD
