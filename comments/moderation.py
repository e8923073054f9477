"""What moderators do to comments and commenters: approve, reject, spam, ban, unban, erase.

Every function takes the acting user as `by` and checks comments.change_comment itself, so
the admin, a management command or a future API cannot moderate without it. `by=None` is
trusted code (a data migration, a test's setup).
"""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.cache import pages_changed
from newsroom.signal_handlers import story_page_tags

from .models import BannedAddress, Comment, Commenter, CommentReport
from .services import notify_replies_on_commit

MODERATE = "comments.change_comment"


def _check_permission(by, permission=MODERATE):
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to moderate comments."))


def _locked(comments):
    """The selected comments, locked until the end of the transaction.

    Locking stops two moderators approving the same comment at once from counting it twice
    towards its commenter's approvals.
    """
    pks = [comment.pk for comment in comments]
    return list(Comment.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


def _adjust_approved_counts(deltas):
    for commenter_id, delta in deltas.items():
        if delta:
            Commenter.objects.filter(pk=commenter_id).update(
                approved_count=Greatest(F("approved_count") + delta, 0)
            )


def _moderate(*, comments, by, status):
    _check_permission(by)
    locked = _locked(comments)
    changed = [comment for comment in locked if comment.status != status]
    deltas = Counter()
    for comment in changed:
        # approved_count is the number of approved comments: it gains one per comment newly
        # approved and loses one when an approved comment is taken down.
        if status == Comment.Status.APPROVED:
            deltas[comment.commenter_id] += 1
        elif comment.status == Comment.Status.APPROVED:
            deltas[comment.commenter_id] -= 1
    pks = [comment.pk for comment in locked]
    updates = {"status": status, "moderated_at": timezone.now(), "moderated_by": by}
    if status == Comment.Status.APPROVED:
        # A moderator who approves a reported comment has read the reports and kept it.
        updates["is_hidden_by_reports"] = False
    Comment.objects.filter(pk__in=pks).update(**updates)
    # update() sends no signal: the stories' stored pages must show the change at once.
    stories = Article.objects.filter(pk__in={comment.article_id for comment in locked})
    pages_changed(*story_page_tags(stories.only("slug", "publish_at")))
    CommentReport.objects.filter(comment__in=pks, reviewed=False).update(reviewed=True)
    _adjust_approved_counts(deltas)
    if status == Comment.Status.APPROVED:
        # Readers see these now: a reply among them may be news to the comment's author.
        # Those already mailed about (approved before, rejected, approved again) are not.
        notify_replies_on_commit(replies=locked)
    return len(locked)


@transaction.atomic
def comment_approve(*, comments, by):
    """Publish the comments; returns how many were selected."""
    return _moderate(comments=comments, by=by, status=Comment.Status.APPROVED)


@transaction.atomic
def comment_reject(*, comments, by):
    """Take the comments off the site (or keep them off); returns how many were selected."""
    return _moderate(comments=comments, by=by, status=Comment.Status.REJECTED)


@transaction.atomic
def comment_mark_spam(*, comments, by):
    """Like reject, but recorded as spam; returns how many were selected."""
    return _moderate(comments=comments, by=by, status=Comment.Status.SPAM)


@transaction.atomic
def commenter_ban(*, commenter, by, reason=""):
    """Refuse the commenter's future comments, by email and by every address they used.

    Their existing comments stay as they are: a ban is about what comes next; reject or erase
    what they already wrote separately. Returns the number of ban rows created.
    """
    _check_permission(by)
    ip_hashes = set(
        commenter.comments.exclude(ip_hash="").values_list("ip_hash", flat=True).distinct()
    )
    already = BannedAddress.objects.filter(
        Q(email__iexact=commenter.email) | Q(ip_hash__in=ip_hashes)
    ).values_list("email", "ip_hash")
    banned_emails = {email.lower() for email, _ip in already if email}
    banned_ips = {ip for _email, ip in already if ip}
    bans = []
    if commenter.email.lower() not in banned_emails:
        bans.append(BannedAddress(email=commenter.email, reason=reason))
    bans += [BannedAddress(ip_hash=ip, reason=reason) for ip in sorted(ip_hashes - banned_ips)]
    BannedAddress.objects.bulk_create(bans)
    Commenter.objects.filter(pk=commenter.pk).update(is_banned=True)
    commenter.is_banned = True
    return len(bans)


@transaction.atomic
def commenter_unban(*, commenter, by):
    """Lift a ban: the commenter's next comment is accepted again (under the usual policy).

    Removes the ban on their email and on the addresses they commented from, except an
    address another commenter who is still banned also used: lifting one person's ban
    must not let someone else back in. Returns the number of ban rows removed.
    """
    _check_permission(by)
    ip_hashes = set(
        commenter.comments.exclude(ip_hash="").values_list("ip_hash", flat=True).distinct()
    )
    still_banned_elsewhere = set(
        Comment.objects.filter(ip_hash__in=ip_hashes, commenter__is_banned=True)
        .exclude(commenter=commenter)
        .values_list("ip_hash", flat=True)
    )
    removed, _by_model = BannedAddress.objects.filter(
        Q(email__iexact=commenter.email) | Q(ip_hash__in=ip_hashes - still_banned_elsewhere)
    ).delete()
    Commenter.objects.filter(pk=commenter.pk).update(is_banned=False)
    commenter.is_banned = False
    return removed


@transaction.atomic
def commenter_erase(*, commenter, by):
    """Delete everything the commenter wrote, and the commenter: a reader's erasure request.

    Replies others wrote to their comments go too (one level of replies hangs off its
    parent). Bans stay: they hold an address, not what the person wrote, and an erasure
    request must not lift a ban. Deleting people's words needs delete_comment as well.
    Returns the number of comments deleted.
    """
    _check_permission(by)
    _check_permission(by, "comments.delete_comment")
    count = commenter.comments.count()
    # The cascade removes their comments, the replies to them and the reports on both.
    Commenter.objects.filter(pk=commenter.pk).delete()
    return count
