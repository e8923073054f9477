"""The site's comment policy and an article's exceptions to it, read in one place.

Posting (services), the article page (the thread tag) and the admin all ask the same
questions: which moderation mode applies here, are comments still open, which words are
refused or held. The answers live here so they cannot drift apart.
"""

import re
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from .models import ModerationSettings


def moderation_settings():
    """The site's one policy row, created with the defaults the first time it is asked for.

    Not get_or_create(pk=1): a row an editor created in the admin may have any pk, and the
    oldest row wins if there were ever two.
    """
    policy = ModerationSettings.objects.order_by("pk").first()
    if policy is None:
        policy = ModerationSettings.objects.create()
    return policy


def current_moderation_settings():
    """The policy row for reading, without writing: the defaults if no one saved one yet.

    The story page uses this: a reader's GET must not insert rows (it may run on a replica,
    and two first visitors at once would race to create the one row).
    """
    return ModerationSettings.objects.order_by("pk").first() or ModerationSettings()


def article_policy(article):
    """The article's own exceptions, or None.

    The story page select_related()s `comment_policy`, so this costs no query there.
    """
    try:
        return article.comment_policy
    except ObjectDoesNotExist:
        return None


def effective_mode(article, policy):
    own = article_policy(article)
    return (own and own.mode) or policy.mode


def closes_at(article, policy):
    """When comments on this article close, or None if it has no publication date yet."""
    if article.publish_at is None:
        return None
    own = article_policy(article)
    days = policy.close_after_days
    if own is not None and own.close_after_days is not None:
        days = own.close_after_days
    return article.publish_at + timedelta(days=days)


def comments_are_open(article, policy, *, now=None):
    """Open: the editors have not closed them, the article is out, and not too long ago."""
    if not article.comments_enabled or not article.is_published:
        return False
    closing = closes_at(article, policy)
    return closing is not None and (now or timezone.now()) < closing


def word_list(text):
    """The words of an admin text field, one per line, lowercased, blanks skipped."""
    return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]


def words_found(body, words):
    """The listed words that appear in `body` as whole words (case-insensitive).

    Whole words, so that banning "ass" does not refuse a comment about the class assembly.
    A listed phrase of several words matches as a phrase.
    """
    found = []
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body, flags=re.IGNORECASE):
            found.append(word)
    return found
