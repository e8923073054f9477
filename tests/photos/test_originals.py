import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from tests.factories import PhotoFactory

from .images import phone_jpeg, srgb_profile, upload

pytestmark = pytest.mark.django_db


def stored(photo):
    with photo.image.open("rb") as fp:
        data = fp.read()
    return data, Image.open(io.BytesIO(data))


def test_uploaded_phone_jpeg_is_stored_without_location_and_upright():
    photo = PhotoFactory(image=upload("IMG_0001.jpg", phone_jpeg(width=300, height=200)))

    data, image = stored(photo)
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Orientation not in exif
    assert b"Exif" not in data
    assert b"Elm Street" not in data  # neither the comment nor the XMP
    # Orientation 6 means "rotate 90° clockwise to view": the stored file is portrait, with
    # the red half (on the left in the sensor's pixels) now on top.
    assert image.size == (200, 300)
    assert (photo.width, photo.height) == (200, 300)
    red, _green, blue = image.convert("RGB").getpixel((100, 20))
    assert red > 150 and blue < 100


def test_colour_profile_is_kept():
    photo = PhotoFactory(image=upload("IMG_0002.jpg", phone_jpeg(orientation=1)))
    _data, image = stored(photo)
    assert image.info.get("icc_profile") == srgb_profile()


def test_upright_jpeg_keeps_its_size_and_loses_its_metadata():
    photo = PhotoFactory(image=upload("IMG_0003.jpg", phone_jpeg(300, 200, orientation=1)))
    data, image = stored(photo)
    assert image.size == (300, 200)
    assert b"Exif" not in data
    assert b"Elm Street" not in data


def test_png_text_and_exif_are_removed_but_transparency_stays():
    image = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Source, 1234 Elm Street")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif)

    photo = PhotoFactory(image=upload("chart.png", buffer.getvalue(), "image/png"))

    data, stored_image = stored(photo)
    assert b"Elm Street" not in data
    assert b"PhoneCo" not in data
    assert stored_image.mode == "RGBA"
    assert stored_image.getpixel((0, 0))[3] == 0


def test_replacing_the_image_strips_the_new_one_too():
    photo = PhotoFactory()
    photo.image = upload("IMG_0004.jpg", phone_jpeg())
    photo.save()
    data, image = stored(photo)
    assert b"Exif" not in data
    assert image.size == (200, 300)
