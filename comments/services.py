"""Writes with side effects on comments: post one, report one, stop reply emails.

Views call these, never copy them. Every rule of the comment policy is applied here, so a
comment posted any other way (a test, a shell, a future API) meets the same rules.
"""

import hashlib
import re
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from subscriptions.services import hash_ip, normalize_email

from . import policy
from .models import BannedAddress, Comment, Commenter, CommentReport, ModerationSettings

# Anything a reader would click: the commonest spam carries one, so a human looks first.
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def body_hash(body):
    """The same words with other spacing or case are the same comment."""
    normalized = " ".join(body.split()).lower()
    return hashlib.sha256(normalized.encode()).hexdigest()


def _is_banned(*, commenter, email, ip_hash):
    if commenter is not None and commenter.is_banned:
        return True
    addresses = Q(email__iexact=email)
    if ip_hash:
        addresses |= Q(ip_hash=ip_hash)
    return BannedAddress.objects.filter(addresses).exists()


def notify_replies_on_commit(*, replies):
    """Email the authors of the comments these replies answer, once the replies are visible.

    Call it wherever a reply goes live (posted live, approved by a moderator). Which replies
    are due is decided by Comment.objects.replies_due_a_notification(), here to enqueue no
    needless task and again in the task; the task also makes sure no reply is mailed twice.
    """
    from .tasks import send_reply_notification

    pks = [reply.pk for reply in replies if reply.parent_id is not None]
    if not pks:
        return
    due = Comment.objects.filter(pk__in=pks).replies_due_a_notification()
    for pk in due.values_list("pk", flat=True):
        # After commit: the worker must find the reply approved, and a rolled-back approval
        # sends nothing. Robust: a queue that is down must not undo the approval.
        transaction.on_commit(partial(send_reply_notification.enqueue, pk), robust=True)


def _hold_reason(*, article, commenter, body, settings):
    """Why this comment must wait for a moderator, or "" if it may go live at once."""
    mode = policy.effective_mode(article, settings)
    if mode == ModerationSettings.Mode.PRE:
        return _("Every comment on this article is moderated first.")
    if (
        mode == ModerationSettings.Mode.TRUSTED
        and commenter.approved_count < settings.trusted_after
    ):
        return _("New commenter: %(approved)d of %(needed)d comments approved so far.") % {
            "approved": commenter.approved_count,
            "needed": settings.trusted_after,
        }
    if LINK.search(body):
        return _("Contains a link.")
    suspect = policy.words_found(body, policy.word_list(settings.suspect_words))
    if suspect:
        return _("Contains suspect words: %(words)s.") % {"words": ", ".join(suspect)}
    return ""


@transaction.atomic
def comment_post(*, article, name, email, body, parent=None, ip, notify_on_reply=False):
    """Post a reader's comment under the site's policy; returns the Comment.

    Raises ValidationError, with a message for the reader, when the comment is refused:
    comments closed, a banned address, banned words, or a repeat of one of their own. An
    accepted comment is either approved (live at once) or held, with `hold_reason` saying
    why for the moderator.
    """
    settings = policy.moderation_settings()
    if not policy.comments_are_open(article, settings):
        raise ValidationError(_("Comments on this article are closed."), code="closed")

    email = normalize_email(email)
    name = name.strip()
    body = body.strip()
    ip_hash = hash_ip(ip)
    commenter = Commenter.objects.filter(email=email).first()
    if _is_banned(commenter=commenter, email=email, ip_hash=ip_hash):
        # Deliberately vague: saying which ban matched would tell a spammer what to change.
        raise ValidationError(
            _("We cannot publish comments from you. If you think this is a mistake, write to us."),
            code="banned",
        )
    if policy.words_found(body, policy.word_list(settings.banned_words)):
        raise ValidationError(
            _(
                "Your comment contains words this newspaper does not publish. "
                "Please rephrase it and post it again."
            ),
            code="banned_words",
        )
    if parent is not None:
        if (
            parent.article_id != article.pk
            or not Comment.objects.visible().filter(pk=parent.pk).exists()
        ):
            raise ValidationError(
                _("The comment you are answering is no longer shown."), code="parent"
            )
        # One level of replies: an answer to a reply joins the conversation it belongs to.
        if parent.parent_id is not None:
            parent = parent.parent

    fingerprint = body_hash(body)
    created = False
    if commenter is None:
        # Not create(): a newcomer's double click posts twice at once, and the second post
        # must find the first's commenter (and its repeat check), not a unique-email error.
        commenter, created = Commenter.objects.get_or_create(email=email, defaults={"name": name})
    if not created:
        # Lock the row: two posts at once must not both pass the repeat check.
        commenter = Commenter.objects.select_for_update().get(pk=commenter.pk)
        if commenter.comments.filter(body_hash=fingerprint).exists():
            raise ValidationError(_("You already posted this comment."), code="repeat")
        if commenter.name != name:
            commenter.name = name
            commenter.save(update_fields=["name"])

    hold_reason = _hold_reason(article=article, commenter=commenter, body=body, settings=settings)
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        commenter=commenter,
        name=name,
        body=body,
        body_hash=fingerprint,
        ip_hash=ip_hash,
        notify_on_reply=notify_on_reply,
        status=Comment.Status.HELD if hold_reason else Comment.Status.APPROVED,
        hold_reason=hold_reason,
    )
    if comment.status == Comment.Status.APPROVED:
        notify_replies_on_commit(replies=[comment])
    return comment


@transaction.atomic
def comment_report(*, comment, reason, ip):
    """Record a reader's report; returns True if it counted, False if they had reported it.

    Once `hide_after_reports` different readers (told apart by their hashed address) have
    reported a comment it is hidden until a moderator reviews it. 0 means never hide.
    """
    ip_hash = hash_ip(ip)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if CommentReport.objects.filter(comment=comment, ip_hash=ip_hash).exists():
        return False
    CommentReport.objects.create(comment=comment, reason=reason.strip(), ip_hash=ip_hash)
    comment.report_count = F("report_count") + 1
    comment.save(update_fields=["report_count"])
    comment.refresh_from_db(fields=["report_count"])
    threshold = policy.moderation_settings().hide_after_reports
    # Only reports a moderator has not yet answered count: once a moderator approved the
    # comment, hiding it again takes as many new reports as the first time.
    unreviewed = CommentReport.objects.filter(comment=comment, reviewed=False).count()
    if threshold and unreviewed >= threshold and not comment.is_hidden_by_reports:
        comment.is_hidden_by_reports = True
        comment.save(update_fields=["is_hidden_by_reports"])
    return True


@transaction.atomic
def commenter_stop_reply_emails(*, commenter):
    """Turn off reply emails on every comment of the commenter; returns how many changed.

    All of them, not only the comment the email was about: the reader clicked "stop
    emailing me", and one more email about another comment would be one too many.
    """
    return commenter.comments.filter(notify_on_reply=True).update(notify_on_reply=False)
