"""Background work for comments, run by `manage.py db_worker`."""

import smtplib

from django.tasks import task
from django.utils import timezone


@task()
def send_reply_notification(reply_id):
    """Email the author of the comment a reply answers, if that is still wanted.

    Everything is checked again here: between the approval and the worker the reply may
    have been taken down, the reader may have turned the emails off or been banned.
    """
    from .emails import reply_message
    from .models import Comment

    due = Comment.objects.replies_due_a_notification().filter(pk=reply_id)
    # Claimed before sending, in one UPDATE: a second worker holding the same reply (a
    # task enqueued twice) waits for the row, then finds it already claimed. As in the
    # newsletter's sending, a crash after the claim loses the email rather than sending
    # it twice.
    claimed = Comment.objects.filter(
        pk__in=due.values("pk"), reply_notified_at__isnull=True
    ).update(reply_notified_at=timezone.now())
    if not claimed:
        return
    reply = Comment.objects.select_related("article", "parent__commenter").get(pk=reply_id)
    try:
        reply_message(reply=reply).send()
    except (smtplib.SMTPException, OSError):
        # Refused before it left: release the claim so a retry of the task can send it.
        Comment.objects.filter(pk=reply_id).update(reply_notified_at=None)
        raise
