"""Sitemaps of the stories, the sections and the authors, and the Google News sitemap.

Everything goes through `Article.objects.published()`: a draft, a scheduled story or a
withdrawn one is in no sitemap, as it is on no page. Wired up in newsroom/views.py.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Case, F, Max, OuterRef, Subquery, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Article, Author, Correction, Section
from .views import UPDATE_NOTICE_AFTER

# Google News only reads stories of the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def last_changed():
    """When a story last changed for its readers, as an SQL expression.

    The "Updated" time its page shows (articles.views.displayed_update_time, there in Python
    for one story) or else its publication: the latest visible correction, or a save
    UPDATE_NOTICE_AFTER or more after publication. Search engines are asked to trust a
    sitemap's lastmod only when it agrees with the page, and a typo fixed a minute after
    publishing is not a change worth a new crawl.
    """
    latest_correction = (
        Correction.objects.filter(article=OuterRef("pk"), published_at__lte=timezone.now())
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    edited_later = Case(
        When(updated_at__gt=F("publish_at") + UPDATE_NOTICE_AFTER, then=F("updated_at")),
        default=F("publish_at"),
    )
    # Coalesce: GREATEST is NULL on SQLite as soon as one argument is.
    return Greatest(edited_later, Coalesce(Subquery(latest_correction), F("publish_at")))


def latest_published(articles):
    """The newest publication time among `articles` (one per outer row), as a subquery."""
    return Subquery(articles.published().order_by("-publish_at").values("publish_at")[:1])


class ArticleSitemap(Sitemap):
    """Every published story, oldest first so each page of 50,000 keeps its stories."""

    def items(self):
        # Only what the address and lastmod need; the paginator fetches a page at a time.
        return (
            Article.objects.published()
            .only("slug", "publish_at")
            .annotate(last_changed=last_changed())
            .order_by("publish_at", "pk")
        )

    def lastmod(self, article):
        return article.last_changed

    def get_latest_lastmod(self):
        # The default calls lastmod() on every item: every story in memory for the index.
        return (
            Article.objects.published()
            .annotate(last_changed=last_changed())
            .aggregate(latest=Max("last_changed"))["latest"]
        )


class SectionSitemap(Sitemap):
    """Every section front; it changes when a story is published in it."""

    def items(self):
        return Section.objects.annotate(
            last_published=latest_published(Article.objects.in_section(OuterRef("pk")))
        ).order_by("order", "name")

    def lastmod(self, section):
        return section.last_published


class AuthorSitemap(Sitemap):
    """The page of every author with a published story.

    One whose stories are all still drafts has a page, but nothing on it yet to index.
    """

    def items(self):
        return (
            Author.objects.annotate(
                last_published=latest_published(Article.objects.by_author(OuterRef("pk")))
            )
            .filter(last_published__isnull=False)
            .order_by("name", "pk")
        )

    def lastmod(self, author):
        return author.last_published


class NewsSitemap(Sitemap):
    """The Google News sitemap: the stories of the last NEWS_WINDOW, newest first.

    Sponsored content is left out: Google News takes no paid content.
    """

    limit = NEWS_LIMIT
    template_name = "sitemaps/news.xml"

    def items(self):
        return (
            Article.objects.published()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .exclude(kind=Article.Kind.SPONSORED)
            .only("headline", "slug", "publish_at")
            .annotate(last_changed=last_changed())
            .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return article.last_changed

    def get_latest_lastmod(self):
        return max((article.last_changed for article in self.items()), default=None)

    @staticmethod
    def publication_language():
        # ISO 639 as Google News wants it: "en", not "en-us" (save its two Chinese codes).
        code = settings.LANGUAGE_CODE.lower()
        return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]
