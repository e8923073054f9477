"""Checks on an uploaded photo, by its content rather than its name or declared type.

Order matters: size in bytes first (free), then the header (a few bytes, no pixels decoded),
then the pixel count from the header, and only then a full decode to catch damaged files.
A decompression bomb is refused before a single pixel of it is decoded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

# Pillow's format name -> what editors know it as. MPO is how Pillow names the JPEGs that
# many phones write (a JPEG with a second, hidden picture appended).
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
ACCEPTED_LABEL = gettext_lazy("JPEG, PNG, WebP or GIF")


def open_image_header(fileobj):
    """Identify an image from its header without decoding pixels or trusting its size.

    `PIL.Image.open` refuses very large images with a DecompressionBombError that does not
    say how large they are; calling the format plugin directly, as `Image.open` does before
    its own check, gives us the dimensions so we can apply our own, clearer limit. Only
    the formats we accept are tried. Returns None when the bytes are not one of them.
    """
    Image.init()
    fileobj.seek(0)
    prefix = fileobj.read(16)
    for pillow_format in ("JPEG", "PNG", "WEBP", "GIF"):
        factory, accept = Image.OPEN[pillow_format]
        accepted = accept(prefix) if accept else True
        if not accepted or isinstance(accepted, str):
            continue
        fileobj.seek(0)
        try:
            return factory(fileobj, "")
        except (SyntaxError, IndexError, TypeError, ValueError, OSError, EOFError):
            return None
    return None


def _identify_other_format(fileobj):
    """The name of an image format we do not accept (TIFF, BMP, HEIC...), if Pillow knows it."""
    fileobj.seek(0)
    prefix = fileobj.read(16)
    for pillow_format, (_factory, accept) in Image.OPEN.items():
        if pillow_format in ACCEPTED_FORMATS or accept is None:
            continue
        try:
            accepted = accept(prefix)
        except Exception:  # noqa: S112 - a plugin's sniffing failing just means "not this"
            continue
        if accepted and not isinstance(accepted, str):
            return pillow_format
    return None


def validate_photo_file(file):
    """Raise ValidationError with a message an editor can act on; return the opened header."""
    max_bytes = settings.PHOTO_MAX_UPLOAD_BYTES
    max_pixels = settings.PHOTO_MAX_PIXELS
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )

    header = open_image_header(file)
    if header is None:
        other = _identify_other_format(file)
        if other:
            raise ValidationError(
                _("This is a %(format)s image; upload a %(accepted)s instead.")
                % {"format": other, "accepted": ACCEPTED_LABEL},
                code="unsupported_format",
            )
        raise ValidationError(
            _("This file is not a picture we can read. Upload a %(accepted)s image.")
            % {"accepted": ACCEPTED_LABEL},
            code="not_an_image",
        )

    width, height = header.size
    if width < 1 or height < 1:
        raise ValidationError(_("This image has no pixels."), code="empty_image")
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "This image is %(width)s \u00d7 %(height)s pixels; the largest accepted is "
                "%(max)s megapixels."
            )
            % {
                "width": number_format(width, force_grouping=True),
                "height": number_format(height, force_grouping=True),
                "max": number_format(max_pixels / 1_000_000, decimal_pos=0)
                if max_pixels % 1_000_000 == 0
                else number_format(max_pixels / 1_000_000, decimal_pos=1),
            },
            code="too_many_pixels",
        )

    try:
        # A JPEG can be decoded at 1/8 scale: every byte is still read, so a cut-off file
        # is still caught, at a fraction of the memory.
        header.draft(header.mode, (max(1, width // 8), max(1, height // 8)))
        header.load()
    except Exception as error:  # Pillow raises many types for damaged data.
        raise ValidationError(
            _(
                "This image is damaged or incomplete (perhaps the upload was cut off). "
                "Export it again and upload the new file."
            ),
            code="damaged_image",
        ) from error
    finally:
        file.seek(0)
    return header
