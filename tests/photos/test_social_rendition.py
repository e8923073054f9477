"""The social card: one 1200x630 JPEG per photo for link previews and Google's article image."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from photos.models import Photo
from photos.renditions import generate_renditions, renditions_are_current
from tests.factories import PhotoFactory, image_upload

from .images import upload

pytestmark = pytest.mark.django_db


def social_card(photo):
    card = photo.social_image
    with default_storage.open(card["name"], "rb") as fp:
        image = Image.open(io.BytesIO(fp.read()))
        image.load()
    assert image.size == (card["width"], card["height"])
    return image


@pytest.mark.parametrize(
    ("width", "height"),
    [(2400, 1600), (1600, 2400), (1200, 630), (4000, 1000)],
    ids=["landscape", "portrait", "exact", "panorama"],
)
def test_social_card_is_1200_by_630_whatever_the_shape(width, height):
    photo = PhotoFactory(image=image_upload(width=width, height=height))
    generate_renditions(photo)

    image = social_card(photo)

    assert image.size == (1200, 630)
    assert image.format == "JPEG"
    assert photo.social_image["url"].startswith("/media/renditions/")


def test_small_original_is_cropped_to_the_card_shape_not_blown_up():
    photo = PhotoFactory(image=image_upload(width=640, height=400))
    generate_renditions(photo)

    width, height = social_card(photo).size

    assert (width, height) == (640, 336)
    assert abs(width / height - 1200 / 630) < 0.01


def test_social_card_crops_the_centre():
    # A wide picture: blue edges, a red middle. The card keeps the middle.
    image = Image.new("RGB", (3000, 1000), (0, 0, 255))
    image.paste((255, 0, 0), (1000, 0, 2000, 1000))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    photo = PhotoFactory(image=upload("wide.png", buffer.getvalue(), "image/png"))
    generate_renditions(photo)

    card = social_card(photo)

    assert card.getpixel((600, 315))[0] > 200
    # 1905 of the 3000 pixels are kept: the middle red third plus some blue on each side.
    assert card.getpixel((5, 315))[2] > 200


def test_social_card_does_not_change_the_srcset():
    photo = PhotoFactory(image=image_upload(width=2400, height=1600))
    renditions = generate_renditions(photo)

    assert [entry["width"] for entry in renditions["jpeg"]] == [480, 800, 1200, 1600]
    assert photo.rendition(max_width=1200)["width"] == 1200
    assert "social" not in {entry["name"].rsplit("-", 1)[-1] for entry in renditions["jpeg"]}


def test_social_card_is_deleted_with_the_photo(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    generate_renditions(photo)
    name = photo.social_image["name"]
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not default_storage.exists(name)


def test_replacing_the_image_replaces_the_social_card(django_capture_on_commit_callbacks):
    photo = PhotoFactory(image=image_upload(width=2000, height=1000))
    generate_renditions(photo)
    old = photo.social_image["name"]

    photo = Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = image_upload("new.jpg", width=1500, height=1500)
        photo.save()

    photo.refresh_from_db()
    assert photo.social_image["name"] != old
    assert social_card(photo).size == (1200, 630)
    assert not default_storage.exists(old)


def rendered_before_the_social_card(photo):
    """The photo as renditions made before this feature left it: srcset only."""
    renditions = generate_renditions(photo)
    default_storage.delete(renditions.pop("social")["name"])
    Photo.objects.filter(pk=photo.pk).update(renditions=renditions)
    return Photo.objects.get(pk=photo.pk)


def test_photo_rendered_before_the_social_card_is_not_current_and_gets_only_the_card():
    photo = rendered_before_the_social_card(PhotoFactory(image=image_upload(width=900, height=600)))
    srcset = {key: photo.renditions[key] for key in ("jpeg", "webp")}
    assert not renditions_are_current(photo)
    assert photo.social_image is None

    renditions = generate_renditions(photo)

    assert {key: renditions[key] for key in ("jpeg", "webp")} == srcset
    assert social_card(photo).size == (900, 472)
    assert renditions_are_current(Photo.objects.get(pk=photo.pk))


def test_command_fills_in_missing_social_cards_and_reports(capsys):
    old = [rendered_before_the_social_card(PhotoFactory()) for _ in range(2)]
    done = PhotoFactory()
    generate_renditions(done)
    done_renditions = Photo.objects.get(pk=done.pk).renditions

    call_command("photos_renditions", "--missing")

    out = capsys.readouterr().out
    assert "Queued renditions for 2 of 3 photos, 1 already up to date" in out
    for photo in old:
        photo.refresh_from_db()
        assert renditions_are_current(photo)
        assert social_card(photo).size == (1200, 630)
    # Nothing was remade for the photo that had everything.
    assert Photo.objects.get(pk=done.pk).renditions == done_renditions


def test_command_without_missing_remakes_every_photo(capsys):
    photos = [PhotoFactory() for _ in range(2)]
    for photo in photos:
        generate_renditions(photo)
    default_storage.delete(photos[0].social_image["name"])

    call_command("photos_renditions")

    assert "Queued renditions for 2 of 2 photos" in capsys.readouterr().out
    assert default_storage.exists(photos[0].social_image["name"])
