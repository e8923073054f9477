"""`{% picture %}`: how every template shows a photo to readers.

    {% load photos %}
    {% picture photo sizes="(min-width: 60rem) 60rem, 100vw" loading="lazy" css_class="" %}

Everything it needs is on the Photo row (`renditions`, `alt_text`), so rendering a list of
photos costs no query beyond the one that fetched them.
"""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join

register = template.Library()

# The <img src> for browsers without srcset: big enough for a phone, small enough to be quick.
FALLBACK_WIDTH = 800


def _srcset(entries):
    return ", ".join(f"{default_storage.url(entry['name'])} {entry['width']}w" for entry in entries)


@register.simple_tag
def picture(photo, sizes="100vw", loading="lazy", css_class=""):
    """A responsive <picture>: WebP where the browser takes it, JPEG otherwise.

    Renders nothing when there is no photo or its renditions are not made yet: a missing
    picture is better than a broken one or a multi-megabyte original.
    """
    if not photo:
        return ""
    renditions = photo.renditions or {}
    jpegs = renditions.get("jpeg") or []
    webps = renditions.get("webp") or []
    if not jpegs:
        return ""
    fallback = [entry for entry in jpegs if entry["width"] <= FALLBACK_WIDTH][-1:] or jpegs[:1]
    fallback = fallback[0]
    source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webps), sizes)
        if webps
        else ""
    )
    attributes = [
        ("src", default_storage.url(fallback["name"])),
        ("srcset", _srcset(jpegs)),
        ("sizes", sizes),
        ("width", fallback["width"]),
        ("height", fallback["height"]),
        ("alt", photo.alt_text),
        ("loading", loading),
        ("decoding", "async"),
    ]
    if css_class:
        attributes.append(("class", css_class))
    return format_html(
        "<picture>{}<img {}></picture>",
        source,
        format_html_join(" ", '{}="{}"', attributes),
    )
