"""Renditions: the resized copies of a photo that readers actually download.

Readers never get the original (it can be tens of megabytes). Each photo gets a JPEG and a
WebP file at every standard width up to its own; `{% picture %}` lists them in `srcset` so
the browser picks one. They are made by `photos.tasks.generate_photo_renditions`, never
during a reader's request.
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


def renditions_are_current(photo):
    prefix = rendition_prefix(photo)
    entries = [entry for key in FORMATS for entry in photo.renditions.get(key, [])]
    return bool(entries) and all(entry["name"].startswith(prefix) for entry in entries)


def rendition_names(renditions):
    """Every file named in a `Photo.renditions` value (for cleanup)."""
    return [entry["name"] for key in FORMATS for entry in (renditions or {}).get(key, [])]


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


def generate_renditions(photo):
    """Make the renditions of `photo` and record them in `photo.renditions`.

    Idempotent: when renditions for the current image already exist, does nothing. Safe
    against the image being replaced meanwhile: the result is only stored if the row still
    holds the image the renditions were made from.
    """
    from .models import Photo

    if not photo.pk or not photo.image:
        return photo.renditions
    if renditions_are_current(photo):
        return photo.renditions

    source, icc_profile = _prepared_source(photo)
    prefix = rendition_prefix(photo)
    renditions = {key: [] for key in FORMATS}
    made = []
    # Largest first, each made from the one before: far less work than resizing the full
    # original four times, and no visible difference at these ratios.
    previous = source
    for width in sorted(rendition_widths(source.width), reverse=True):
        height = max(1, round(source.height * width / source.width))
        if (width, height) != previous.size:
            previous = previous.resize((width, height), Image.Resampling.LANCZOS)
        for key, (pillow_format, extension, options) in FORMATS.items():
            name = f"{prefix}{width}.{extension}"
            # A rerun after a failure must reuse the name, not get a "_abc123" suffix.
            if default_storage.exists(name):
                default_storage.delete(name)
            data = _encode(previous, pillow_format, options, icc_profile)
            name = default_storage.save(name, ContentFile(data))
            made.append(name)
            renditions[key].insert(0, {"width": width, "height": height, "name": name})

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
