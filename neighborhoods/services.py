"""Writes with side effects on associations' meetings and notices.

Community submissions arrive through the public forms as PENDING and stay invisible until
someone in the newsroom approves them. "May approve" is the model's change permission
(neighborhoods.change_meeting, neighborhoods.change_notice): the admin's Approve and Reject
actions need it anyway, and Editors and the Managing editor hold it (articles/roles.py).
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Approval, Meeting, Notice


@transaction.atomic
def meeting_submit(
    *,
    association,
    title,
    starts_at,
    ends_at=None,
    place="",
    description="",
    agenda_url="",
    submitter_name,
    submitter_email,
):
    """Store a meeting sent through the public form, waiting for approval."""
    meeting = Meeting(
        association=association,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        description=description,
        agenda_url=agenda_url,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        approval=Approval.PENDING,
    )
    # The form checks all of this with friendlier messages; this keeps any other caller
    # (a script, a future API) from storing what the database constraints would refuse.
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def notice_submit(*, association, title, body, submitter_name, submitter_email):
    """Store a notice sent through the public form, waiting for approval."""
    notice = Notice(
        association=association,
        title=title,
        body=body,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        approval=Approval.PENDING,
    )
    notice.full_clean()
    notice.save()
    return notice


def may_approve(user, submission):
    opts = submission._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def _review(*, submission, by, approval, message):
    # by=None is the site itself (the demo loader, a data migration): trusted code with no
    # user to check, as in articles.services. Every request path passes the user who asked.
    if by is not None and not may_approve(by, submission):
        raise PermissionDenied(_("You may not approve or reject community submissions."))
    submission.approval = approval
    submission.reviewed_by = by
    submission.save(update_fields=["approval", "reviewed_by", "updated_at"])
    # The admin history is where editors look for "who let this through, and when".
    if by is not None and by.pk is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[submission],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )
    return submission


@transaction.atomic
def submission_approve(*, submission, by):
    """Make a meeting or notice visible to readers. PermissionDenied unless `by` may."""
    return _review(submission=submission, by=by, approval=Approval.APPROVED, message=_("Approved."))


@transaction.atomic
def submission_reject(*, submission, by):
    """Keep a meeting or notice off the site (it stays in the admin, marked rejected)."""
    return _review(submission=submission, by=by, approval=Approval.REJECTED, message=_("Rejected."))
