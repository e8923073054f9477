"""schema.org structured data for article pages, as JSON-LD.

Search engines and news aggregators read it to show the headline, dates, authors and any
corrections; Google's guidance for NewsArticle asks for exactly these.
"""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from .models import Correction

# The same escapes as Django's json_script: inside <script> the HTML parser only looks for
# "</script" and "<!--", so a headline containing them must not be able to end the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Updates add news; they do not admit an error. Only these kinds are schema.org corrections.
CORRECTION_KINDS = {Correction.Kind.CORRECTION, Correction.Kind.CLARIFICATION}


def article_json_ld(*, article, corrections, modified_at, request):
    """The NewsArticle <script type="application/ld+json"> element for an article page.

    `corrections` are the ones readers see on the page; `modified_at` is the "Updated"
    time the page shows (None when it shows none, and dateModified is then the publication).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.publish_at,
        "dateModified": modified_at or article.publish_at,
        "articleSection": article.section.name,
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": request.build_absolute_uri(byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.dek:
        data["description"] = article.dek
    image = _largest_jpeg(article.lead_photo)
    if image:
        data["image"] = [request.build_absolute_uri(image)]
    marked = [
        {"@type": "CorrectionComment", "text": item.text, "datePublished": item.published_at}
        for item in corrections
        if item.kind in CORRECTION_KINDS
    ]
    if marked:
        data["correction"] = marked
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _largest_jpeg(photo):
    if photo is None:
        return ""
    jpegs = (photo.renditions or {}).get("jpeg") or []
    return default_storage.url(jpegs[-1]["name"]) if jpegs else ""
