"""Housekeeping on article saves: keeping the old addresses of renamed or redated articles.

A signal rather than a service because an address changes by whatever path saves the article
(the admin form, a service, the shell), and every one of them must leave the old link
working. QuerySet.update() bypasses save() and therefore this: it is never used to change a
slug or a date.
"""

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from .models import Article, ArticleRedirect

ADDRESS_FIELDS = {"slug", "publish_at"}


def _was_public(stored):
    # Withdrawn stories were public until withdrawn; links to them are out in the world.
    if stored["status"] == Article.Status.WITHDRAWN:
        return stored["publish_at"] is not None
    return stored["status"] == Article.Status.PUBLISHED and stored["publish_at"] <= timezone.now()


def remember_previous_address(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note the address readers knew the article by, before this save changes it.

    None means this save cannot change the address; "" that readers knew none: a new
    article, a draft, a scheduled story not yet out. Keeping only addresses that were public
    means an old address can never reveal the working slug of an unreleased story.
    """
    instance._previous_address = None
    if raw or (update_fields is not None and not ADDRESS_FIELDS & set(update_fields)):
        return
    instance._previous_address = ""
    if instance.pk is None:
        return
    stored = Article.objects.filter(pk=instance.pk).values("slug", "publish_at", "status").first()
    if stored is not None and _was_public(stored):
        # An unsaved Article with the stored values computes the address exactly as
        # get_absolute_url() did for readers (local date, two-digit month and day).
        instance._previous_address = Article(**stored).get_absolute_url()


def record_old_address(sender, instance, raw=False, **kwargs):
    previous = getattr(instance, "_previous_address", None)
    instance._previous_address = None
    current = instance.get_absolute_url()
    if raw or previous is None or previous == current:
        return
    if current:
        # The address in use now is never a redirect, whoever used it before: an article
        # renamed back to an old slug, or another article that took over a freed slug.
        ArticleRedirect.objects.filter(old_path=current).delete()
    if previous:
        # Redirects point at the article, not at an address, so a chain of renames
        # A -> B -> C sends A straight to C in one hop. An old address last used by a
        # different article now belongs to this one: its most recent owner.
        ArticleRedirect.objects.update_or_create(old_path=previous, defaults={"article": instance})


def connect():
    pre_save.connect(
        remember_previous_address, sender=Article, dispatch_uid="articles_remember_address"
    )
    post_save.connect(record_old_address, sender=Article, dispatch_uid="articles_old_address")
