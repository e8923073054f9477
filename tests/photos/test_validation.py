import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from photos.forms import PhotoForm
from photos.models import Photo
from tests.factories import image_bytes, image_upload

from .images import png_bomb, upload

pytestmark = pytest.mark.django_db


def form_errors(file, **data):
    form = PhotoForm(data={"alt_text": "A street", **data}, files={"image": file})
    assert not form.is_valid()
    return " ".join(form.errors["image"])


def test_text_file_renamed_jpg_is_refused_as_not_a_picture():
    message = form_errors(upload("notes.jpg", b"Meeting notes: budget vote Tuesday.\n" * 20))
    assert "not a picture we can read" in message
    assert "JPEG, PNG, WebP or GIF" in message


def test_20000_square_png_is_refused_with_its_size_and_the_limit():
    message = form_errors(upload("huge.png", png_bomb(20000, 20000), "image/png"))
    assert message == (
        "This image is 20,000 \u00d7 20,000 pixels; the largest accepted is 50 megapixels."
    )


def test_decompression_bomb_under_pillows_own_limit_is_refused_by_ours(settings):
    # 9,000 by 9,000 is 81 megapixels: Pillow alone would only warn and decode all of it.
    message = form_errors(upload("bomb.png", png_bomb(9000, 9000), "image/png"))
    assert "9,000 \u00d7 9,000 pixels" in message
    assert Photo.objects.count() == 0


def test_pixel_limit_follows_the_setting(settings):
    settings.PHOTO_MAX_PIXELS = 500_000
    message = form_errors(image_upload("wide.jpg", width=1200, height=800))
    assert "1,200 \u00d7 800 pixels" in message
    assert "0.5 megapixels" in message


def test_truncated_jpeg_is_refused_as_damaged():
    data = image_bytes(width=1200, height=800)
    message = form_errors(upload("cut-off.jpg", data[: len(data) // 2]))
    assert "damaged or incomplete" in message


def test_file_over_the_byte_limit_is_refused_with_both_sizes(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2000
    message = form_errors(image_upload("big.jpg"))
    assert message.startswith("This file is ")
    assert "the largest accepted is 2.0\u00a0KB" in message


def test_tiff_is_refused_naming_its_format():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "TIFF")
    message = form_errors(upload("scan.tiff", buffer.getvalue(), "image/tiff"))
    assert message == "This is a TIFF image; upload a JPEG, PNG, WebP or GIF instead."


@pytest.mark.parametrize("name", ["photo.jpg", "photo.png", "photo.webp", "photo.gif"])
def test_each_accepted_format_is_stored(name):
    form = PhotoForm(data={"alt_text": "A street"}, files={"image": image_upload(name)})
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.width == 1200
    assert photo.height == 800
    assert photo.image.name.endswith(name.rsplit(".", 1)[-1])


def test_saving_an_unchecked_file_outside_a_form_is_refused():
    # The demo loader and the shell skip forms; Photo.save still checks the content.
    with pytest.raises(ValidationError):
        Photo.objects.create(image=upload("notes.jpg", b"not a picture"))
    assert Photo.objects.count() == 0


def test_bomb_uploaded_in_admin_gets_a_form_error_not_a_server_error(admin_client):
    response = admin_client.post(
        "/admin/photos/photo/add/",
        {"image": upload("huge.png", png_bomb(), "image/png"), "alt_text": "x"},
    )
    assert response.status_code == 200
    assert "20,000 \u00d7 20,000 pixels" in response.content.decode()
    assert Photo.objects.count() == 0
