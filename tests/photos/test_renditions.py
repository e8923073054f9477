import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from photos.models import Photo
from photos.renditions import generate_renditions
from tests.factories import PhotoFactory, image_upload

from .images import upload

pytestmark = pytest.mark.django_db


def open_rendition(entry):
    with default_storage.open(entry["name"], "rb") as fp:
        image = Image.open(io.BytesIO(fp.read()))
        image.load()
    return image


def test_renditions_come_in_every_width_as_webp_and_jpeg():
    photo = PhotoFactory(image=image_upload(width=2400, height=1600))

    renditions = generate_renditions(photo)

    for kind, pillow_format in (("jpeg", "JPEG"), ("webp", "WEBP")):
        entries = renditions[kind]
        assert [entry["width"] for entry in entries] == [480, 800, 1200, 1600]
        for entry in entries:
            image = open_rendition(entry)
            assert image.format == pillow_format
            assert image.size == (entry["width"], entry["height"])
            assert entry["height"] == round(entry["width"] * 1600 / 2400)
    photo.refresh_from_db()
    assert photo.renditions == renditions


def test_renditions_are_never_wider_than_the_original():
    photo = PhotoFactory(image=image_upload(width=1000, height=500))
    renditions = generate_renditions(photo)
    assert [entry["width"] for entry in renditions["jpeg"]] == [480, 800]
    assert [entry["width"] for entry in renditions["webp"]] == [480, 800]


def test_small_original_gets_one_rendition_at_its_own_size():
    photo = PhotoFactory(image=image_upload(width=300, height=200))
    renditions = generate_renditions(photo)
    assert [(e["width"], e["height"]) for e in renditions["jpeg"]] == [(300, 200)]
    assert [(e["width"], e["height"]) for e in renditions["webp"]] == [(300, 200)]


def test_transparent_png_gets_a_white_jpeg_and_a_transparent_webp():
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    photo = PhotoFactory(image=upload("logo.png", buffer.getvalue(), "image/png"))

    renditions = generate_renditions(photo)

    assert open_rendition(renditions["jpeg"][0]).getpixel((5, 5)) == (255, 255, 255)
    webp = open_rendition(renditions["webp"][0])
    assert webp.mode == "RGBA"
    assert webp.getpixel((5, 5))[3] == 0


def test_generating_twice_makes_nothing_new():
    photo = PhotoFactory(image=image_upload(width=900, height=600))
    first = generate_renditions(photo)
    folder = first["jpeg"][0]["name"].rsplit("/", 1)[0]
    files_before = sorted(default_storage.listdir(folder)[1])

    second = generate_renditions(Photo.objects.get(pk=photo.pk))

    assert second == first
    assert sorted(default_storage.listdir(folder)[1]) == files_before


def test_renditions_are_made_by_the_task_once_the_upload_is_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(image=image_upload(width=1300, height=700))
    # Nothing is made inside the request's transaction...
    assert photo.renditions == {}
    # ...the task made them after commit.
    photo.refresh_from_db()
    assert [entry["width"] for entry in photo.renditions["jpeg"]] == [480, 800, 1200]
    assert all(default_storage.exists(entry["name"]) for entry in photo.renditions["webp"])


def test_replacing_the_image_replaces_renditions_and_removes_old_files(
    django_capture_on_commit_callbacks,
):
    photo = PhotoFactory(image=image_upload(width=1300, height=700))
    old_renditions = generate_renditions(photo)
    old_names = [photo.image.name] + [
        entry["name"] for kind in ("jpeg", "webp") for entry in old_renditions[kind]
    ]

    photo = Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = image_upload("new.jpg", width=500, height=500)
        photo.save()

    photo.refresh_from_db()
    assert [entry["width"] for entry in photo.renditions["jpeg"]] == [480]
    assert default_storage.exists(photo.image.name)
    assert not any(default_storage.exists(name) for name in old_names)
    # New renditions have new URLs, so no browser or CDN shows the old picture.
    assert not set(old_names) & {entry["name"] for entry in photo.renditions["jpeg"]}


def test_editing_the_caption_keeps_the_renditions(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    renditions = generate_renditions(photo)
    photo = Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        photo.caption = "Corrected caption"
        photo.save()
    photo.refresh_from_db()
    assert photo.renditions == renditions
    assert all(default_storage.exists(entry["name"]) for entry in renditions["jpeg"])


def test_deleting_a_photo_removes_its_files(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    renditions = generate_renditions(photo)
    names = [photo.image.name] + [
        entry["name"] for kind in ("jpeg", "webp") for entry in renditions[kind]
    ]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not any(default_storage.exists(name) for name in names)


def test_files_stay_when_the_delete_is_rolled_back(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    renditions = generate_renditions(photo)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()
    # The callbacks were never run (the transaction did not commit): files are still there.
    assert callbacks
    assert default_storage.exists(photo.image.name)
    assert default_storage.exists(renditions["jpeg"][0]["name"])


def test_editor_saving_a_caption_during_rendering_does_not_lose_the_renditions():
    photo = PhotoFactory()
    # The editor opens the photo before the worker has finished...
    editors_copy = Photo.objects.get(pk=photo.pk)
    assert editors_copy.renditions == {}
    # ...the worker finishes...
    renditions = generate_renditions(Photo.objects.get(pk=photo.pk))
    # ...and the editor saves a corrected caption from the stale copy.
    editors_copy.caption = "Corrected caption"
    editors_copy.save()

    photo.refresh_from_db()
    assert photo.caption == "Corrected caption"
    assert photo.renditions == renditions
