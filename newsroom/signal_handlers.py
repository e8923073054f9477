"""Keep the page cache exact: every write readers could see marks the stored pages stale.

Any model of ours counts as visible unless it is named below, so a model added later
invalidates pages until someone decides it doesn't need to: the safe default. Writes that
send no signal (QuerySet.update(), raw SQL) call `pages_changed` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import CONTENT, page_path_tag, pages_changed

READER_FACING_APPS = {"articles", "photos", "neighborhoods", "subscriptions", "comments", "taggit"}

# Rows no public page shows. Some are written in bulk (deliveries while a newsletter goes
# out, revisions on every save): bumping the cache for them would empty it for nothing.
NOT_ON_ANY_PAGE = {
    "articles.articleredirect",  # a 301, never stored
    "articles.articlerevision",
    "articles.articletransition",
    "articles.errorreport",
    "comments.bannedaddress",
    "comments.commenter",
    "comments.commentreport",  # reports hide a comment through Comment itself
    "neighborhoods.submission",
    "subscriptions.consent",
    "subscriptions.delivery",
    "subscriptions.subscriber",
    "subscriptions.subscription",
}


def _tags_for(instance):
    meta = instance._meta
    if meta.app_label not in READER_FACING_APPS or meta.label_lower in NOT_ON_ANY_PAGE:
        return ()
    if meta.label_lower == "comments.comment":
        # A comment shows on its own story's page only.
        return story_page_tags([instance.article])
    return (CONTENT,)


def story_page_tags(articles):
    """The tags of these stories' own pages (a story without a date has no page)."""
    return tuple(
        page_path_tag(article.get_absolute_url()) for article in articles if article.publish_at
    )


def instance_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: fixtures are loaded before anyone reads
        return
    tags = _tags_for(instance)
    if tags:
        pages_changed(*tags)


def relation_changed(sender, instance, action, **kwargs):
    # Tags and neighborhoods added to or removed from an article (taggit sends these too).
    if action in ("post_add", "post_remove", "post_clear"):
        tags = _tags_for(instance)
        if tags:
            pages_changed(*tags)


def connect():
    post_save.connect(instance_changed, dispatch_uid="newsroom_page_cache_save")
    post_delete.connect(instance_changed, dispatch_uid="newsroom_page_cache_delete")
    m2m_changed.connect(relation_changed, dispatch_uid="newsroom_page_cache_m2m")
