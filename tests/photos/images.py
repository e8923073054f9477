"""Test pictures with the problems real uploads have, made in memory."""

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

# Somewhere a source might live: what must never reach the site.
SECRET_LATITUDE = (41.0, 52.0, 30.12)


def exif_with_gps(orientation=6):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = SECRET_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (87.0, 37.0, 44.1)
    return exif


def phone_jpeg(width=300, height=200, orientation=6):
    """A JPEG like a phone writes: sideways pixels, an orientation tag, GPS, a comment,
    XMP and an sRGB colour profile. The left half is red so rotation can be checked."""
    image = Image.new("RGB", (width, height), (20, 60, 200))
    image.paste((220, 20, 20), (0, 0, width // 2, height))
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        exif=exif_with_gps(orientation),
        comment=b"Taken at 1234 Elm Street",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">1234 Elm Street</x:xmpmeta>',
        icc_profile=srgb_profile(),
        quality=90,
    )
    return buffer.getvalue()


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@functools.cache
def png_bomb(width=20000, height=20000):
    """A real decompression bomb: a few dozen kilobytes that decode to `width` by `height`.

    Written by hand because Pillow would need the whole picture in memory to save it.
    """
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte + one bit per pixel
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
