"""Writes with side effects on articles. Admin actions and views call these, never copy them."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, ArticleTransition, ErrorReport
from .permissions import TRANSITIONS, may_move, may_publish
from .revisions import revision_create


def _record(*, article, by, message):
    # The admin's history is where editors look for "who published this and when", so
    # publishing from anywhere (an admin action, a view, a script) leaves an entry there.
    if by is not None and by.pk is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[article],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )


def _refuse_unless(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _is_person(by):
    # by=None is the site itself (the demo loader, a data migration): trusted code with no
    # user to check. Every request path passes the user who asked.
    return by is not None


def _move(*, article, by, to_status, note="", message, fields=()):
    """Change the status, keep the record (ArticleTransition and admin history), save."""
    # Read the status under a row lock: two editors pressing Publish at once record one
    # step, and "from" is what the database held, not what a stale form showed.
    from_status, stored_version = (
        Article.objects.select_for_update().values_list("status", "version").get(pk=article.pk)
    )
    article.status = to_status
    # Count from the stored version, not this copy's: a copy loaded before someone else's
    # save would otherwise write a version an open form has already seen.
    article.version = stored_version + 1
    article.save(update_fields=["status", "version", "updated_at", *fields])
    ArticleTransition.objects.create(
        article=article,
        from_status=from_status,
        to_status=to_status,
        by=by if by is not None and by.pk is not None else None,
        note=note[:300],
    )
    _record(article=article, by=by, message=message)
    revision_create(article=article, by=by)
    return article


def _locked_version(article):
    """The stored version, with the row locked until the transaction ends."""
    return Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)


def _check_move(*, article, by, to_status):
    if _is_person(by):
        _refuse_unless(
            may_move(by, article, to_status),
            _("You may not move “%(article)s” from %(from)s to %(to)s.")
            % {
                "article": article,
                "from": article.get_status_display(),
                "to": Article.Status(to_status).label,
            },
        )
    elif to_status not in TRANSITIONS[article.status]:
        raise ValidationError(
            _("An article cannot go from %(from)s to %(to)s.")
            % {"from": article.get_status_display(), "to": Article.Status(to_status).label},
            code="invalid_transition",
        )


@transaction.atomic
def article_submit(*, article, by, note=""):
    """Draft -> in review: the writer hands the story to the editors."""
    _check_move(article=article, by=by, to_status=Article.Status.REVIEW)
    return _move(
        article=article,
        by=by,
        to_status=Article.Status.REVIEW,
        note=note,
        message=_("Submitted for review."),
    )


@transaction.atomic
def article_return_to_draft(*, article, by, note=""):
    """In review -> draft: an editor returns it to the reporter, or the writer takes it back."""
    if article.status != Article.Status.REVIEW:
        raise ValidationError(_("Only an article in review can be returned."), code="not_review")
    _check_move(article=article, by=by, to_status=Article.Status.DRAFT)
    return _move(
        article=article,
        by=by,
        to_status=Article.Status.DRAFT,
        note=note,
        message=_("Returned to draft."),
    )


@transaction.atomic
def article_publish(*, article, by, note=""):
    """Make the article public: published status, and a publication time of now if it had none.

    Refuses with ValidationError while the lead photo or a gallery photo lacks alt text, and
    with PermissionDenied unless `by` may publish it. An article given a future publish_at
    is scheduled: readers see it from that moment.
    """
    if article.status == Article.Status.PUBLISHED and article.publish_at is not None:
        return article
    _check_move(article=article, by=by, to_status=Article.Status.PUBLISHED)
    article.validate_photos_have_alt_text()
    if article.publish_at is None:
        article.publish_at = timezone.now()
    scheduled = article.publish_at > timezone.now()
    return _move(
        article=article,
        by=by,
        to_status=Article.Status.PUBLISHED,
        note=note,
        message=_("Scheduled.") if scheduled else _("Published."),
        fields=["publish_at"],
    )


@transaction.atomic
def article_schedule(*, article, by, publish_at, note=""):
    """Publish the article at a future time, or move a scheduled article's time.

    A time that has passed is refused: scheduling must never publish at once.
    """
    if publish_at is None or publish_at <= timezone.now():
        raise ValidationError(
            _("Choose a time in the future to schedule the article."), code="past_schedule"
        )
    if article.is_published:
        raise ValidationError(
            _("“%(article)s” is already on the site; unpublish it first to schedule it.")
            % {"article": article},
            code="already_published",
        )
    if article.status == Article.Status.PUBLISHED:
        # Already scheduled: only its time moves, which takes the publish permission too.
        if _is_person(by):
            _refuse_unless(
                may_publish(by, article),
                _("You may not reschedule “%(article)s”.") % {"article": article},
            )
        article.publish_at = publish_at
        article.version = _locked_version(article) + 1
        article.save(update_fields=["publish_at", "version", "updated_at"])
        _record(article=article, by=by, message=_("Rescheduled."))
        revision_create(article=article, by=by)
        return article
    article.publish_at = publish_at
    return article_publish(article=article, by=by, note=note)


@transaction.atomic
def article_publish_now(*, article, by, note=""):
    """Publish at once, also a scheduled article (whose time becomes now)."""
    if article.status == Article.Status.PUBLISHED:
        if article.is_published:
            return article
        if _is_person(by):
            _refuse_unless(
                may_publish(by, article),
                _("You may not publish “%(article)s”.") % {"article": article},
            )
        article.validate_photos_have_alt_text()
        article.publish_at = timezone.now()
        article.version = _locked_version(article) + 1
        article.save(update_fields=["publish_at", "version", "updated_at"])
        _record(article=article, by=by, message=_("Published."))
        revision_create(article=article, by=by)
        return article
    article.publish_at = timezone.now()
    return article_publish(article=article, by=by, note=note)


@transaction.atomic
def article_unpublish(*, article, by, note=""):
    """Take the article off the site (or out of the schedule), back to draft.

    Its publish_at is kept so that publishing it again brings it back at the same permalink.
    """
    if article.status == Article.Status.DRAFT:
        return article
    if _is_person(by):
        _refuse_unless(
            may_publish(by, article),
            _("You may not unpublish “%(article)s”.") % {"article": article},
        )
    return _move(
        article=article,
        by=by,
        to_status=Article.Status.DRAFT,
        note=note,
        message=_("Unpublished."),
    )


@transaction.atomic
def article_withdraw(*, article, by, note):
    """Published -> withdrawn: off every list, its address answers 410 with the note."""
    _check_move(article=article, by=by, to_status=Article.Status.WITHDRAWN)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Write a note for readers saying why the article was withdrawn."),
            code="withdrawal_note_required",
        )
    article.withdrawal_note = note
    return _move(
        article=article,
        by=by,
        to_status=Article.Status.WITHDRAWN,
        note=note,
        message=_("Withdrawn."),
        fields=["withdrawal_note"],
    )


def article_move(*, article, by, to_status, note=""):
    """The service for a status chosen in the article form: one path for every change."""
    if to_status == article.status:
        return article
    if to_status == Article.Status.REVIEW:
        return article_submit(article=article, by=by, note=note)
    if to_status == Article.Status.PUBLISHED:
        return article_publish(article=article, by=by, note=note)
    if to_status == Article.Status.WITHDRAWN:
        return article_withdraw(article=article, by=by, note=note or article.withdrawal_note)
    if article.status == Article.Status.REVIEW:
        return article_return_to_draft(article=article, by=by, note=note)
    return article_unpublish(article=article, by=by, note=note)


@transaction.atomic
def error_report_submit(*, article, message, name="", email=""):
    """Store a reader's "Report an error" message for the editors; published articles only."""
    if not article.is_published:
        raise ValidationError(
            _("Errors can only be reported on published articles."), code="not_published"
        )
    return ErrorReport.objects.create(article=article, message=message, name=name, email=email)


@transaction.atomic
def error_reports_resolve(*, reports, by):
    """Mark reports resolved; returns how many were still open. Logged in the admin history."""
    open_reports = list(reports.filter(resolved=False))
    if open_reports:
        ErrorReport.objects.filter(pk__in=[report.pk for report in open_reports]).update(
            resolved=True
        )
        if by is not None and by.pk is not None:
            LogEntry.objects.log_actions(
                user_id=by.pk,
                queryset=open_reports,
                action_flag=CHANGE,
                change_message=_("Marked resolved."),
            )
    return len(open_reports)
