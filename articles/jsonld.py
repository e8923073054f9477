"""schema.org structured data for article pages, as JSON-LD, and what link previews share.

Search engines and news aggregators read it to show the headline, dates, authors, picture
and any corrections; Google's guidance for NewsArticle asks for exactly these.
"""

import json
from html import unescape

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .models import Article, Correction

# The same escapes as Django's json_script: inside <script> the HTML parser only looks for
# "</script" and "<!--", so a headline containing them must not be able to end the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Updates add news; they do not admit an error. Only these kinds are schema.org corrections.
CORRECTION_KINDS = {Correction.Kind.CORRECTION, Correction.Kind.CLARIFICATION}

# Google shows at most this many characters of a headline and flags longer ones.
HEADLINE_MAX_CHARS = 110
# About what search results show of a description before cutting it off themselves.
DESCRIPTION_MAX_CHARS = 160

# The schema.org NewsArticle subtype for each type of work; kinds without one of their own
# (news, obituaries, briefs) stay plain NewsArticle. A letter to the editor is opinion.
SCHEMA_TYPES = {
    Article.Kind.OPINION: "OpinionNewsArticle",
    Article.Kind.LETTER: "OpinionNewsArticle",
    Article.Kind.ANALYSIS: "AnalysisNewsArticle",
    # Paid content stays in the NewsArticle family (it is on a news page, with a byline)
    # but says it was paid for: AdvertiserContentArticle is schema.org's type for that.
    Article.Kind.SPONSORED: ["NewsArticle", "AdvertiserContentArticle"],
}

# static/img/logo.png; Google wants a raster logo (no SVG) and its size stated.
LOGO = {"path": "img/logo.png", "width": 600, "height": 60}


def article_summary(article):
    """The plain-text description of an article: its dek, else the start of its body."""
    text = article.dek or unescape(strip_tags(article.body))
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_MAX_CHARS)


# static/img/share-card.png: the paper's name on a 1200x630 card, for stories without a
# lead photo (a link preview, and Google's NewsArticle.image, want a picture of some kind).
SHARE_CARD = {"path": "img/share-card.png", "width": 1200, "height": 630}


def share_card(request):
    return {
        "url": request.build_absolute_uri(static(SHARE_CARD["path"])),
        "width": SHARE_CARD["width"],
        "height": SHARE_CARD["height"],
        "alt": settings.SITE_NAME,
    }


def social_image(photo, request):
    """The lead photo's link-preview crop with an absolute URL; the paper's card without one.

    (A photo whose crop is not made yet gives the card too, until the worker has made it.)
    """
    image = photo.social_image if photo else None
    if image is None:
        return share_card(request)
    return {**image, "url": request.build_absolute_uri(image["url"]), "alt": photo.alt_text}


def article_json_ld(*, article, corrections, modified_at, request):
    """The NewsArticle <script type="application/ld+json"> element for an article page.

    `corrections` are the ones readers see on the page; `modified_at` is the "Updated"
    time the page shows (None when it shows none, and dateModified is then the publication).
    Everything it reads is already loaded for the page (bylines, tags, the lead photo):
    it costs no query.
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(article.kind, "NewsArticle"),
        "headline": Truncator(article.headline).chars(HEADLINE_MAX_CHARS),
        "url": url,
        # The page, with its place in the site: Google reads breadcrumbs nested here as
        # well as at the top level, and one element keeps the article its main subject.
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "breadcrumb": _breadcrumbs(article, url, request),
        },
        "datePublished": article.publish_at,
        "dateModified": modified_at or article.publish_at,
        "articleSection": article.section.name,
        "author": [_person(byline.author, request) for byline in article.bylines.all()],
        "publisher": _publisher(request),
        "isAccessibleForFree": True,
    }
    description = article_summary(article)
    if description:
        data["description"] = description
    images = _images(article.lead_photo, request)
    if images:
        data["image"] = images
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    marked = [
        {"@type": "CorrectionComment", "text": item.text, "datePublished": item.published_at}
        for item in corrections
        if item.kind in CORRECTION_KINDS
    ]
    if marked:
        data["correction"] = marked
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _person(author, request):
    person = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.title:
        person["jobTitle"] = author.title
    return person


def _publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def _breadcrumbs(article, url, request):
    trail = [
        (settings.SITE_NAME, request.build_absolute_uri(reverse("articles:home"))),
        (article.section.name, request.build_absolute_uri(article.section.get_absolute_url())),
        (Truncator(article.headline).chars(HEADLINE_MAX_CHARS), url),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(trail, start=1)
        ],
    }


def _images(photo, request):
    """The 1.91:1 social card and the largest JPEG: Google picks among several ratios."""
    if photo is None:
        return [share_card(request)["url"]]
    urls = []
    card = photo.social_image
    if card:
        urls.append(card["url"])
    jpegs = (photo.renditions or {}).get("jpeg") or []
    if jpegs:
        urls.append(default_storage.url(jpegs[-1]["name"]))
    return [request.build_absolute_uri(url) for url in urls] or [share_card(request)["url"]]
