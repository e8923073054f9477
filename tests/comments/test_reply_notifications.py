import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles.roles import EDITOR
from comments import tokens
from comments.models import BannedAddress, Comment, Commenter
from comments.moderation import (
    comment_approve,
    comment_mark_spam,
    comment_reject,
    commenter_ban,
)
from comments.services import comment_post
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://ledger.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def article():
    return ArticleFactory(headline="Bridge to close for repairs")


@pytest.fixture
def ana():
    """A trusted reader who ticked "Email me when someone replies"."""
    return Commenter.objects.create(email="ana@example.org", name="Ana", approved_count=5)


@pytest.fixture
def question(article, ana, site_policy):
    return Comment.objects.create(
        article=article,
        commenter=ana,
        name="Ana",
        body="When does the bridge reopen?",
        body_hash="question",
        status=Comment.Status.APPROVED,
        notify_on_reply=True,
    )


@pytest.fixture
def editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run what was enqueued on commit, as the worker would once the request commits."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def reply_to(parent, *, email="regular@example.org", name="Dana", body="In March, the city says."):
    return comment_post(
        article=parent.article, name=name, email=email, body=body, parent=parent, ip="203.0.113.9"
    )


def link_after(text, intro):
    """The URL on the line after `intro` in a plain-text email."""
    return re.search(re.escape(intro) + r"\s*\n(\S+)", text).group(1)


def test_a_live_reply_emails_the_comments_author_with_a_working_link(
    client, send, question, regular
):
    reply = send(reply_to, parent=question)

    assert reply.status == Comment.Status.APPROVED
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ana@example.org"]
    assert email.subject == "Dana replied to your comment on “Bridge to close for repairs”"
    assert "In March, the city says." in email.body
    permalink = link_after(email.body, "Read the reply and the conversation on the article page:")
    assert permalink == f"{SITE_URL}{question.article.get_absolute_url()}#comment-{reply.pk}"
    html = email.alternatives[0].content
    assert f'href="{permalink}"' in html
    page = client.get(permalink.removeprefix(SITE_URL).split("#")[0])
    assert page.status_code == 200
    assert f'id="comment-{reply.pk}"' in page.text
    assert "In March, the city says." in page.text


def test_the_email_carries_one_click_unsubscribe_headers_and_a_link(send, question, regular):
    send(reply_to, parent=question)

    email = mail.outbox[0]
    unsubscribe = link_after(email.body, "open this link and press the button on the page:")
    assert unsubscribe.startswith(f"{SITE_URL}/comments/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'href="{unsubscribe}"' in email.alternatives[0].content


def test_html_in_a_reply_reaches_the_email_as_escaped_text(send, question, regular):
    send(
        reply_to,
        parent=question,
        # No web address in it: a reply with one is held for a moderator.
        body='<script>alert(1)</script> <a href="javascript:evil()">win</a>\nSecond line',
    )

    html = mail.outbox[0].alternatives[0].content
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "&lt;a href=&quot;javascript:evil()&quot;&gt;win&lt;/a&gt;<br>Second line" in html
    # The plain-text part is plain text: what the reader typed, as they typed it.
    assert '<script>alert(1)</script> <a href="javascript:evil()">win</a>' in mail.outbox[0].body


def test_no_email_when_the_author_did_not_ask_for_one(send, question, regular):
    question.notify_on_reply = False
    question.save()

    send(reply_to, parent=question)

    assert mail.outbox == []


def test_the_replier_is_not_mailed_about_their_own_reply(send, question):
    send(reply_to, parent=question, email="ana@example.org", name="Ana", body="Answering myself.")

    assert Comment.objects.get(body="Answering myself.").status == Comment.Status.APPROVED
    assert mail.outbox == []


def test_a_held_reply_sends_nothing_until_a_moderator_approves_it(send, question, editor):
    newcomer_reply = send(reply_to, parent=question, email="new@example.org", name="Newcomer")
    assert newcomer_reply.status == Comment.Status.HELD
    assert mail.outbox == []

    send(comment_approve, comments=[newcomer_reply], by=editor)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].subject.startswith("Newcomer replied to your comment")


def test_approving_again_or_after_a_rejection_does_not_mail_twice(send, question, editor):
    reply = send(reply_to, parent=question, email="new@example.org")
    send(comment_approve, comments=[reply], by=editor)
    send(comment_approve, comments=[reply], by=editor)
    send(comment_reject, comments=[reply], by=editor)
    send(comment_approve, comments=[reply], by=editor)

    assert len(mail.outbox) == 1
    reply.refresh_from_db()
    assert reply.reply_notified_at is not None


@pytest.mark.parametrize("decision", [comment_reject, comment_mark_spam])
def test_a_rejected_or_spam_reply_sends_nothing(send, question, editor, decision):
    reply = send(reply_to, parent=question, email="new@example.org")

    send(decision, comments=[reply], by=editor)

    assert mail.outbox == []


def test_a_banned_author_gets_no_email(send, question, regular, ana, editor):
    commenter_ban(commenter=ana, by=editor)

    send(reply_to, parent=question)

    assert mail.outbox == []


def test_an_author_whose_email_is_banned_gets_no_email(send, question, regular):
    BannedAddress.objects.create(email="ANA@example.org")

    send(reply_to, parent=question)

    assert mail.outbox == []


def test_no_email_when_the_comment_was_taken_down_before_the_reply_was_approved(
    send, question, editor
):
    reply = send(reply_to, parent=question, email="new@example.org")
    send(comment_reject, comments=[question], by=editor)

    send(comment_approve, comments=[reply], by=editor)

    assert mail.outbox == []


def test_the_box_on_the_form_asks_for_reply_emails(client, send, site_policy, article, regular):
    def post(**data):
        return client.post(
            reverse("comments:post", args=[article.pk]), data, REMOTE_ADDR="203.0.113.9"
        )

    page = client.get(article.get_absolute_url())
    assert "Email me when someone replies" in page.text
    post(name="Dana", email=regular.email, body="Tell me when.", notify_on_reply="on")
    top = Comment.objects.get(body="Tell me when.")
    assert top.notify_on_reply

    send(post, name="Eli", email="eli@example.org", body="Soon.", parent=str(top.pk))
    eli = Commenter.objects.get(email="eli@example.org")
    eli.approved_count = 5
    eli.save()
    send(post, name="Eli", email="eli@example.org", body="Very soon.", parent=str(top.pk))

    # The first reply was a newcomer's, held; the second went live and was mailed about.
    assert [email.to for email in mail.outbox] == [["regular@example.org"]]
    assert "Very soon." in mail.outbox[0].body


# Stopping the emails


@pytest.fixture
def unsubscribe_path(send, question, regular):
    send(reply_to, parent=question)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    return url.removeprefix(SITE_URL)


def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(
    client, unsubscribe_path, question
):
    response = client.get(unsubscribe_path)

    assert response.status_code == 200
    assert "Stop emailing me about replies" in response.text
    assert "Bridge to close for repairs" in response.text
    question.refresh_from_db()
    assert question.notify_on_reply


def test_the_button_stops_reply_emails_about_all_the_readers_comments(
    client, send, unsubscribe_path, question, ana, regular
):
    other = Comment.objects.create(
        article=ArticleFactory(),
        commenter=ana,
        name="Ana",
        body="Another question.",
        body_hash="other",
        status=Comment.Status.APPROVED,
        notify_on_reply=True,
    )

    response = client.post(unsubscribe_path)

    assert response.status_code == 200
    assert "we will no longer email you when someone replies" in response.text
    assert not ana.comments.filter(notify_on_reply=True).exists()
    mail.outbox.clear()
    send(reply_to, parent=other, body="A reply she will not hear about.")
    send(reply_to, parent=question, body="Nor about this one.")
    assert mail.outbox == []


def test_a_mail_apps_one_click_post_works_without_a_csrf_token(unsubscribe_path, question):
    mail_app = Client(enforce_csrf_checks=True)

    response = mail_app.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    question.refresh_from_db()
    assert not question.notify_on_reply


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_gets_a_clear_400_and_changes_nothing(
    client, unsubscribe_path, question, method
):
    tampered = unsubscribe_path.replace(f"/{question.pk}:", f"/{question.pk + 1}:")
    assert tampered != unsubscribe_path

    response = getattr(client, method)(tampered)

    assert response.status_code == 400
    assert "This link is not valid. Nothing has changed." in response.text
    question.refresh_from_db()
    assert question.notify_on_reply


def test_a_newsletter_token_is_not_a_reply_email_token(client, question):
    from subscriptions.tokens import _signer

    forged = _signer("manage").sign(str(question.pk))

    response = client.post(reverse("comments:unsubscribe", args=[forged]))

    assert response.status_code == 400
    question.refresh_from_db()
    assert question.notify_on_reply
    assert tokens.read_token(tokens.make_token(question)) == question
