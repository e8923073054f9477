"""Renditions: the resized copies of a photo that readers actually download.

Readers never get the original (it can be tens of megabytes). Each photo gets a JPEG and a
WebP file at every standard width up to its own; `{% picture %}` lists them in `srcset` so
the browser picks one. One more JPEG, the social card (`SOCIAL`), is cropped to the fixed
shape link previews use (OpenGraph, Twitter cards, Google's article image). They are made by
`photos.tasks.generate_photo_renditions`, never during a reader's request.
"""

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {
    # format key in Photo.renditions: (Pillow format, file extension, encoder options)
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    # method 3 of 6: nearly the smallest files at a fraction of the encoding time.
    "webp": ("WEBP", "webp", {"quality": 80, "method": 3}),
}
# Key in Photo.renditions of the social card: {"width", "height", "name"}, one JPEG, never in
# a srcset. 1200x630 (1.91:1) is what Facebook, LinkedIn and X show without cropping again.
SOCIAL = "social"
SOCIAL_SIZE = (1200, 630)


def rendition_widths(original_width):
    """The widths to make for an original this wide: never upscaled, never none."""
    widths = [width for width in WIDTHS if width <= original_width]
    return widths or [original_width]


def rendition_prefix(photo):
    """Where this photo's renditions for its current image live.

    The image's name is hashed into the path so that replacing the image gives new URLs
    (browsers and CDNs never show the old picture) and so that we can tell whether the
    stored renditions belong to the current image.
    """
    digest = hashlib.sha256(photo.image.name.encode()).hexdigest()[:10]
    return f"renditions/{photo.pk}/{digest}-"


def _entries(renditions):
    """Every rendition recorded in a `Photo.renditions` value: srcset widths and social card."""
    renditions = renditions or {}
    entries = [entry for key in FORMATS for entry in renditions.get(key, [])]
    if renditions.get(SOCIAL):
        entries.append(renditions[SOCIAL])
    return entries


def _srcset_is_current(photo):
    prefix = rendition_prefix(photo)
    entries = [entry for key in FORMATS for entry in (photo.renditions or {}).get(key, [])]
    return bool(entries) and all(entry["name"].startswith(prefix) for entry in entries)


def renditions_are_current(photo):
    """Whether every rendition exists for the current image, the social card included.

    Photos rendered before the social card existed answer False, so the task (and
    `manage.py photos_renditions --missing`) fills it in.
    """
    social = (photo.renditions or {}).get(SOCIAL)
    return (
        _srcset_is_current(photo)
        and bool(social)
        and social["name"].startswith(rendition_prefix(photo))
    )


def rendition_names(renditions):
    """Every file named in a `Photo.renditions` value (for cleanup)."""
    return [entry["name"] for entry in _entries(renditions)]


def _prepared_source(photo):
    """The original, decoded once, upright and in a mode both encoders accept."""
    with photo.image.open("rb") as fp:
        source = Image.open(fp)
        # For JPEG, let libjpeg decode at a reduced scale when the original is far larger
        # than the biggest rendition: much faster and far less memory for camera files.
        source.draft("RGB", (max(WIDTHS), max(WIDTHS)))
        source = ImageOps.exif_transpose(source)
        icc_profile = source.info.get("icc_profile")
        if source.mode in ("RGBA", "LA", "PA") or (
            source.mode == "P" and "transparency" in source.info
        ):
            source = source.convert("RGBA")
        elif source.mode != "RGB":
            if source.mode == "CMYK":
                # A CMYK profile would be wrong once the pixels are RGB.
                icc_profile = None
            source = source.convert("RGB")
        source.load()
    return source, icc_profile


def _encode(image, pillow_format, options, icc_profile):
    if pillow_format == "JPEG" and image.mode == "RGBA":
        # JPEG has no transparency: flatten onto white, as the page behind it is.
        flattened = Image.new("RGB", image.size, (255, 255, 255))
        flattened.paste(image, mask=image.getchannel("A"))
        image = flattened
    buffer = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    image.save(buffer, pillow_format, **options, **extra)
    return buffer.getvalue()


def _save(name, data):
    # A rerun after a failure must reuse the name, not get a "_abc123" suffix.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def social_size(original_width, original_height):
    """The social card's size for an original this big: 1200x630, or smaller, never upscaled.

    Unlike the srcset widths, the card's shape is fixed (OpenGraph previews crop anything
    else unpredictably), so a small original gives the largest 1.91:1 crop it holds at its
    own scale rather than one blown up to 1200 pixels.
    """
    width, height = SOCIAL_SIZE
    scale = min(1, original_width / width, original_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _social_card(source, icc_profile, prefix):
    size = social_size(source.width, source.height)
    # Photo has no focal point to aim at: the centre is the safest guess for news pictures,
    # and what Wagtail does for a fill without one.
    card = ImageOps.fit(source, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    pillow_format, extension, options = FORMATS["jpeg"]
    name = _save(f"{prefix}social.{extension}", _encode(card, pillow_format, options, icc_profile))
    return {"width": size[0], "height": size[1], "name": name}


def generate_renditions(photo, *, force=False):
    """Make the renditions of `photo` and record them in `photo.renditions`.

    Idempotent: when renditions for the current image already exist, does nothing; when
    only the social card is missing (photos rendered before it existed), makes just that.
    `force` makes them all again (after a change to the sizes or the encoder settings).
    Safe against the image being replaced meanwhile: the result is only stored if the row
    still holds the image the renditions were made from.
    """
    from .models import Photo

    if not photo.pk or not photo.image:
        return photo.renditions
    if not force and renditions_are_current(photo):
        return photo.renditions

    source, icc_profile = _prepared_source(photo)
    prefix = rendition_prefix(photo)
    made = []
    if not force and _srcset_is_current(photo):
        renditions = {key: photo.renditions.get(key, []) for key in FORMATS}
    else:
        renditions = {key: [] for key in FORMATS}
        # Largest first, each made from the one before: far less work than resizing the
        # full original four times, and no visible difference at these ratios.
        previous = source
        for width in sorted(rendition_widths(source.width), reverse=True):
            height = max(1, round(source.height * width / source.width))
            if (width, height) != previous.size:
                previous = previous.resize((width, height), Image.Resampling.LANCZOS)
            for key, (pillow_format, extension, options) in FORMATS.items():
                data = _encode(previous, pillow_format, options, icc_profile)
                name = _save(f"{prefix}{width}.{extension}", data)
                made.append(name)
                renditions[key].insert(0, {"width": width, "height": height, "name": name})
    renditions[SOCIAL] = _social_card(source, icc_profile, prefix)
    made.append(renditions[SOCIAL]["name"])

    stored = Photo.objects.filter(pk=photo.pk, image=photo.image.name).update(renditions=renditions)
    if not stored:
        # The photo was deleted or given another image while we worked: these files
        # belong to nothing.
        logger.info("Photo %s changed during rendering; discarding renditions", photo.pk)
        for name in made:
            default_storage.delete(name)
        return photo.renditions
    photo.renditions = renditions
    photo._stored_renditions = renditions  # what the row now holds; see Photo.save()
    return renditions
