"""RSS 2.0 and Atom feeds of the paper's stories: the whole paper, a section, a tag, an
author, a neighborhood.

Every feed carries the newest FEED_ITEMS stories readers may see (`published()`, the rule of
every page), each with its summary, its full text, its bylines, its section and tags, and
its lead photo as an enclosure, in a fixed number of queries however many stories it lists.
"""

import re
from html import unescape
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page, require_safe
from taggit.models import Tag

from neighborhoods.models import Neighborhood

from .models import Article, Author, Correction, Section
from .views import displayed_update_time

FEED_ITEMS = 30
# The enclosure is the rendition a feed reader shows full width: 1200 pixels, or the largest
# narrower one for a smaller original.
ENCLOSURE_WIDTH = 1200
# Readers poll every few minutes; a shared cache may answer for them meanwhile. A scheduled
# story reaches subscribers at most this late.
CACHE_SECONDS = 5 * 60
# Words of the body standing in for a missing summary.
SUMMARY_WORDS = 50

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# Where one block of the body ends and the next begins: a space between their words.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>|<hr\s*/?>")
# href and src attributes in the body as nh3 writes them: always double-quoted.
_BODY_URL = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_body(html, base):
    """The body with every link and image address made absolute.

    A feed reader shows the body away from the site, where "/2026/05/01/..." points nowhere
    (and the W3C validator warns about it); relative addresses are resolved against the
    story's own.
    """
    return _BODY_URL.sub(lambda m: m[1] + urljoin(base, m[2]) + m[3], html)


class ArticleFeedMixin:
    """What the RSS and Atom generators share: absolute addresses in every item.

    Django makes the feed's and each item's link absolute from the request; the enclosure,
    the author pages and the body's links are resolved here against those, so a feed served
    on any of the paper's host names points back to that host, like its pages do.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.feed["author_link"]:
            self.feed["author_link"] = urljoin(self.feed["link"], self.feed["author_link"])

    def add_item(self, *, link, content="", authors=(), enclosures=(), **kwargs):
        base = self.feed["link"]
        super().add_item(
            link=link,
            content=absolute_body(content, link) if content else "",
            authors=[(name, urljoin(base, url)) for name, url in authors],
            enclosures=[
                Enclosure(urljoin(base, item.url), item.length, item.mime_type)
                for item in enclosures
            ],
            **kwargs,
        )


class ArticleRssFeed(ArticleFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with the full story (content:encoded) and every byline (dc:creator).

    Not RSS's own <author>: it must be an email address, which a byline often lacks.
    """

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])


class ArticleAtomFeed(ArticleFeedMixin, Atom1Feed):
    """Atom with one <author> per byline and the full story as <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item["content"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """What every feed of stories shares: the items, and how each is described.

    A subclass says what the feed is about: `get_object()` looks its subject up (404 for an
    unknown slug), `articles()` narrows the stories to it, and `title()`, `link()` and
    `description()` name it.
    """

    feed_type = ArticleRssFeed

    @property
    def language(self):
        # The paper's language, not the reader's: the stories are written in it.
        return settings.LANGUAGE_CODE

    # No Last-Modified, as with the meetings calendar (neighborhoods.feeds): a withdrawn
    # story, or one published with an earlier date, changes the feed without changing its
    # newest date, and a reader's If-Modified-Since would then miss it. The ETag
    # conditional_page sets is a hash of the body and catches every change.
    @method_decorator(
        [require_safe, cache_control(public=True, max_age=CACHE_SECONDS), conditional_page]
    )
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        del response["Last-Modified"]
        return response

    def articles(self, obj):
        raise NotImplementedError

    def subtitle(self, obj):
        # Atom's name for RSS's channel description.
        return self.description(obj)

    # Atom needs an author for every entry; stories without a byline are the paper's own.
    def author_name(self, obj):
        return settings.SITE_NAME

    def author_link(self, obj):
        return reverse("articles:home")

    def items(self, obj):
        return (
            self.articles(obj)
            .published()
            .for_listing()
            .prefetch_related(
                "tags",
                # The ones the story page shows, for the "Updated" time it shows.
                Prefetch(
                    "corrections",
                    queryset=Correction.objects.filter(published_at__lte=timezone.now()),
                    to_attr="visible_corrections",
                ),
            )
            .order_by("-publish_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, article):
        # Plain text in both formats (Atom's default type, the RSS Profile's advice), so not
        # escaped twice as Django's default does: Atom readers would show "&amp;" literally.
        if article.kind == Article.Kind.SPONSORED:
            # Readers must never mistake paid content for journalism, wherever they read it.
            return _("Sponsored: %(headline)s") % {"headline": article.headline}
        return article.headline

    def item_description(self, article):
        # RSS <description> and Atom <summary type="html"> are HTML; the summary is text.
        if article.dek:
            return escape(article.dek)
        text = unescape(strip_tags(_BLOCK_END.sub(" ", article.body)))
        return escape(Truncator(text).words(SUMMARY_WORDS))

    def item_guid_is_permalink(self, article):
        # The guid is the item's link, which Django makes absolute: the story's permalink.
        return True

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        # The "Updated" time the story page shows, or its publication; never before that.
        updated_at = displayed_update_time(article, article.visible_corrections)
        return max(updated_at or article.publish_at, article.publish_at)

    def item_categories(self, article):
        return [article.section.name, *sorted(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        photo = article.lead_photo
        rendition = photo.rendition(ENCLOSURE_WIDTH, "jpeg") if photo else None
        if rendition is None:
            # No photo, or its renditions are not made yet: never the (huge) original.
            return []
        try:
            # RSS requires the real length. A stat per story, on at most FEED_ITEMS stories.
            length = default_storage.size(rendition["name"])
        except OSError:
            return []
        return [Enclosure(rendition["url"], str(length), "image/jpeg")]

    def item_extra_kwargs(self, article):
        return {
            "content": article.body,
            "authors": [
                (byline.author.name, byline.author.get_absolute_url())
                for byline in article.bylines.all()
            ],
        }


class PaperFeed(ArticleFeed):
    """Every story in the paper."""

    def articles(self, obj):
        return Article.objects.all()

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return settings.SITE_TAGLINE

    def link(self, obj):
        return reverse("articles:home")


class SubjectFeed(ArticleFeed):
    """A feed about one thing with a page of its own: "The Riverside Ledger — Schools"."""

    def title(self, obj):
        return _("%(site)s — %(name)s") % {"site": settings.SITE_NAME, "name": obj}

    def link(self, obj):
        return obj.get_absolute_url()


class SectionFeed(SubjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, section):
        return Article.objects.in_section(section)

    def description(self, section):
        return section.description or _("The latest %(section)s stories from %(site)s.") % {
            "section": section.name,
            "site": settings.SITE_NAME,
        }


class TagFeed(SubjectFeed):
    def get_object(self, request, slug):
        # As the tag's page: a tag used only on unpublished stories could give one away.
        if not Article.objects.published().filter(tags__slug=slug).exists():
            raise Http404
        return get_object_or_404(Tag, slug=slug)

    def articles(self, tag):
        return Article.objects.tagged(tag)

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("Stories about %(name)s from %(site)s.") % {
            "name": tag.name,
            "site": settings.SITE_NAME,
        }


class AuthorFeed(SubjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, author):
        return Article.objects.by_author(author)

    def description(self, author):
        return _("Stories by %(name)s in %(site)s.") % {
            "name": author.name,
            "site": settings.SITE_NAME,
        }


class NeighborhoodFeed(SubjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Neighborhood, slug=slug)

    def articles(self, neighborhood):
        return Article.objects.in_neighborhood(neighborhood)

    def description(self, neighborhood):
        return _("News from %(name)s, from %(site)s.") % {
            "name": neighborhood.name,
            "site": settings.SITE_NAME,
        }


class PaperAtom(PaperFeed):
    feed_type = ArticleAtomFeed


class SectionAtom(SectionFeed):
    feed_type = ArticleAtomFeed


class TagAtom(TagFeed):
    feed_type = ArticleAtomFeed


class AuthorAtom(AuthorFeed):
    feed_type = ArticleAtomFeed


class NeighborhoodAtom(NeighborhoodFeed):
    feed_type = ArticleAtomFeed
