"""Who may do what to which article: one set of answers for the admin and the services.

Group permissions say what a role may do in general (see articles/roles.py); these add the
per-article part: contributors only touch their own work, and only before it is published.
"""

from django.db.models import Q

from .models import Article, Byline

Status = Article.Status

PUBLISH = "articles.publish_article"
CHANGE = "articles.change_article"
CHANGE_OTHERS = "articles.change_others_article"
SUBMIT = "articles.submit_article"

# The workflow's moves. Scheduled is Published with a future publish_at, not a state.
TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.DRAFT, Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT},
}


def own_articles(queryset, user):
    """The articles the user created or carries a byline on (through Author.user)."""
    return queryset.filter(
        Q(created_by=user) | Q(pk__in=Byline.objects.filter(author__user=user).values("article_id"))
    )


def is_own(user, article):
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return Byline.objects.filter(article=article, author__user=user).exists()


def may_see_all(user):
    return user.has_perm(CHANGE_OTHERS)


def may_edit(user, article):
    """May the user change this article's content?"""
    if not user.has_perm(CHANGE):
        return False
    if user.has_perm(PUBLISH) and user.has_perm(CHANGE_OTHERS):
        return True
    # Without the publish permission, editing a live story would change what readers see
    # without anyone reviewing it; the article's author asks an editor instead.
    if not user.has_perm(PUBLISH) and article.status in (Status.PUBLISHED, Status.WITHDRAWN):
        return False
    return user.has_perm(CHANGE_OTHERS) or is_own(user, article)


def may_move(user, article, to_status):
    """May the user take the article from its current status to `to_status`?"""
    from_status = article.status or Status.DRAFT
    if to_status not in TRANSITIONS[from_status] or not may_edit(user, article):
        return False
    if user.has_perm(PUBLISH):
        return True
    # Contributors and reporters: submit their draft, or take it back from review.
    writer_moves = {(Status.DRAFT, Status.REVIEW), (Status.REVIEW, Status.DRAFT)}
    return user.has_perm(SUBMIT) and (from_status, to_status) in writer_moves


def may_publish(user, article):
    """May the user publish, schedule, reschedule, unpublish or withdraw this article?"""
    return user.has_perm(PUBLISH) and may_edit(user, article)


def statuses_for(user, article):
    """The status choices the article form offers this user for this article."""
    current = article.status or Status.DRAFT
    return [current, *(to for to in Status if to != current and may_move(user, article, to))]
