"""Writes with side effects on articles. Admin actions and views call these, never copy them."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article


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


@transaction.atomic
def article_publish(*, article, by):
    """Make the article public: published status, and a publication time of now if it had none.

    Refuses with ValidationError while the lead photo or a gallery photo lacks alt text.
    An article given a future publish_at is scheduled: readers see it from that moment.
    """
    article.validate_photos_have_alt_text()
    if article.status == Article.Status.PUBLISHED and article.publish_at is not None:
        return article
    article.status = Article.Status.PUBLISHED
    if article.publish_at is None:
        article.publish_at = timezone.now()
    article.save(update_fields=["status", "publish_at", "updated_at"])
    _record(article=article, by=by, message=_("Published."))
    return article


@transaction.atomic
def article_unpublish(*, article, by):
    """Take the article off the site, back to draft.

    Its publish_at is kept so that publishing it again brings it back at the same permalink.
    """
    if article.status == Article.Status.DRAFT:
        return article
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    _record(article=article, by=by, message=_("Unpublished."))
    return article
