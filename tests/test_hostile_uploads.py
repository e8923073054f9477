"""Issue 9: hostile uploads through the two ways editors add photos.

tests/photos/ already proves the validator (a text file named .jpg, a 20,000-pixel-square
PNG, a decompression bomb, TIFF, the byte limit) and that GPS is stripped by the service.
Added here: other wrong types by content (PDF, HTML, SVG), a header claiming 30000 x 30000,
and each refusal's message on both admin pages; GPS gone from the stored original and from
its renditions after a real admin upload.
"""

import io
import struct
import zlib

import pytest
from django.test import Client
from PIL import ExifTags, Image

from photos.models import Photo
from photos.renditions import generate_renditions
from tests.factories import StaffFactory
from tests.photos.images import SECRET_LATITUDE, phone_jpeg, png_bomb, upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/photos/photo/add/"
SEVERAL_URL = "/admin/photos/photo/upload-several/"
NOT_A_PICTURE = "not a picture we can read"

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert('xss-svg')</script></svg>"
)


def png_header_only(width, height):
    """A PNG whose header claims a size; the pixels it would need are never written."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


# name, bytes, declared type, what the editor is told.
REFUSED = [
    ("story.jpg", b"Just some notes, not a photo.", "image/jpeg", NOT_A_PICTURE),
    (
        "scan.jpg",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        "image/jpeg",
        NOT_A_PICTURE,
    ),
    (
        "page.png",
        b"<!doctype html><script>alert('xss-upload')</script>",
        "image/png",
        NOT_A_PICTURE,
    ),
    ("logo.svg", SVG, "image/svg+xml", NOT_A_PICTURE),
    ("logo.jpg", SVG, "image/jpeg", NOT_A_PICTURE),
    ("billboard.png", png_header_only(30_000, 30_000), "image/png", "30,000 \u00d7 30,000 pixels"),
    ("bomb.png", png_bomb(), "image/png", "20,000 \u00d7 20,000 pixels"),
]


@pytest.fixture
def editor():
    client = Client()
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize(("name", "data", "content_type", "message"), REFUSED)
def test_admin_photo_form_refuses_hostile_files_with_a_message(
    editor, name, data, content_type, message
):
    response = editor.post(
        ADD_URL, {"image": upload(name, data, content_type), "caption": "x", "alt_text": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert message in html
    assert not Photo.objects.exists()


def test_upload_several_names_each_hostile_file_and_keeps_the_good_one(editor):
    files = [upload(name, data, content_type) for name, data, content_type, _ in REFUSED]
    response = editor.post(
        SEVERAL_URL, {"images": [*files, upload("good.jpg", phone_jpeg())], "credit": "Staff"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    for name, _data, _type, message in REFUSED:
        assert name in html
        assert message in html
    assert "1 photo uploaded" in html
    assert Photo.objects.count() == 1


def test_file_over_the_byte_limit_is_refused_on_both_pages(editor, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 10_000
    big = phone_jpeg(1600, 1200)
    assert len(big) > 10_000
    response = editor.post(ADD_URL, {"image": upload("big.jpg", big), "alt_text": "x"})
    assert "the largest accepted is" in response.content.decode()
    response = editor.post(SEVERAL_URL, {"images": [upload("big.jpg", big)]})
    assert "the largest accepted is" in response.content.decode()
    assert not Photo.objects.exists()


def gps_of(file):
    with Image.open(file) as image:
        exif = image.getexif()
        return dict(exif.get_ifd(ExifTags.IFD.GPSInfo)), image.info


def test_gps_is_gone_from_the_original_and_renditions_after_an_admin_upload(editor):
    original = io.BytesIO(phone_jpeg(640, 480))
    assert gps_of(original)[0][ExifTags.GPS.GPSLatitude] == SECRET_LATITUDE

    response = editor.post(ADD_URL, {"image": upload("phone.jpg", original.getvalue())})
    assert response.status_code == 302
    photo = Photo.objects.get()
    with photo.image.open("rb") as stored:
        gps, info = gps_of(stored)
    assert gps == {}
    assert "Elm Street" not in str(info)

    generate_renditions(photo)
    photo.refresh_from_db()
    names = [entry["name"] for kind in ("jpeg", "webp") for entry in photo.renditions[kind]]
    assert names
    for name in names:
        with photo.image.storage.open(name, "rb") as rendition:
            assert gps_of(rendition)[0] == {}, name
