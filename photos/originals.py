"""What we keep of an uploaded original: the picture, upright, and nothing else.

Photos from phones carry the GPS position where they were taken, the camera's serial number,
sometimes the owner's name. For a newspaper that can expose a source's home, so every
original is re-written without EXIF, XMP or comments before it is stored. The ICC colour
profile is kept: without it, colours shift.
"""

import io
import os

from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageOps

from .validators import validate_photo_file

# Pillow format -> (format to store as, file extension).
STORED_AS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("GIF", "gif"),
}
# The only image.info entries that are picture rather than metadata.
PICTURE_INFO = ("transparency", "background")


def sanitized_original(file):
    """A new file holding `file`'s picture with orientation applied and metadata removed.

    Raises ValidationError for anything `validate_photo_file` refuses, so no write path
    can store an unchecked file. Animated GIF and WebP keep their first frame only: that is
    all the renditions show, and it caps the work a crafted many-frame file can cause.
    """
    header = validate_photo_file(file)
    pillow_format, extension = STORED_AS[header.format]
    icc_profile = header.info.get("icc_profile")
    orientation = header.getexif().get(ExifTags.Base.Orientation, 1)

    options = {}
    if header.format == "JPEG" and orientation in (None, 1):
        # Nothing to rotate: re-encode with the original's own quantization tables, which
        # is as close to lossless as re-writing a JPEG gets.
        file.seek(0)
        image = Image.open(file)
        image.load()
        options = {"quality": "keep"}
    else:
        file.seek(0)
        image = ImageOps.exif_transpose(Image.open(file))
        if pillow_format == "JPEG":
            options = {"quality": 92, "subsampling": "4:2:0"}
        elif pillow_format == "WEBP":
            options = {"quality": 90}

    # Pillow's encoders fall back to image.info for some metadata (JPEG comments, for one);
    # leave only what is part of the picture itself.
    image.info = {key: image.info[key] for key in PICTURE_INFO if key in image.info}
    if icc_profile:
        options["icc_profile"] = icc_profile

    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    stem = os.path.splitext(os.path.basename(file.name or "photo"))[0] or "photo"
    sanitized = ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")
    return sanitized, image.size
