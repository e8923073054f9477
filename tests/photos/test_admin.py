import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from photos.models import Gallery, Photo
from photos.renditions import generate_renditions
from tests.factories import (
    GalleryFactory,
    GalleryPhotoFactory,
    PhotoFactory,
    StaffFactory,
    UserFactory,
    image_upload,
)

from .images import phone_jpeg, png_bomb, upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/photos/photo/upload-several/"


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(StaffFactory())
    return client


def photographer(*permissions):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="photos", codename__in=permissions)
    )
    client = Client()
    client.force_login(user)
    return client


def test_photo_list_shows_small_renditions_in_a_bounded_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    photos = PhotoFactory.create_batch(3)
    for photo in photos:
        generate_renditions(photo)
    with django_assert_max_num_queries(8) as few:
        editor_client.get("/admin/photos/photo/")
    PhotoFactory.create_batch(5)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get("/admin/photos/photo/")

    html = response.content.decode()
    assert response.status_code == 200
    for photo in photos:
        assert photo.rendition(480)["url"] in html
        assert photo.image.url not in html
    assert "Preview being made" in html  # the five without renditions yet


def test_photo_list_searches_caption_credit_and_alt_text(editor_client):
    PhotoFactory(caption="Ribbon cutting", credit="Dana Ortiz", alt_text="Mayor with scissors")
    PhotoFactory(caption="Flood on Main", credit="Lee Park", alt_text="Water over the curb")
    for term in ("ribbon", "ortiz", "scissors"):
        response = editor_client.get("/admin/photos/photo/", {"q": term})
        assert "Ribbon cutting" in response.content.decode()
        assert "Flood on Main" not in response.content.decode()


def test_photo_change_page_previews_a_rendition(editor_client):
    photo = PhotoFactory(image=image_upload(width=1600, height=900))
    generate_renditions(photo)
    response = editor_client.get(f"/admin/photos/photo/{photo.pk}/change/")
    html = response.content.decode()
    assert photo.rendition(960)["url"] in html
    assert 'width="480"' in html


def test_changelist_links_to_upload_several(editor_client):
    response = editor_client.get("/admin/photos/photo/")
    assert UPLOAD_URL in response.content.decode()


def test_upload_several_saves_good_files_and_names_each_bad_one(editor_client):
    response = editor_client.post(
        UPLOAD_URL,
        {
            "images": [
                upload("parade-1.jpg", phone_jpeg()),
                upload("notes.jpg", b"just some text"),
                image_upload("parade-2.png"),
                upload("huge.png", png_bomb(), "image/png"),
            ],
            "credit": "Dana Ortiz",
            "caption": "Founders' Day parade",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "notes.jpg" in html
    assert "not a picture we can read" in html
    assert "huge.png" in html
    assert "20,000 \u00d7 20,000 pixels" in html
    assert "2 photos uploaded" in html
    photos = Photo.objects.order_by("pk")
    assert [(p.credit, p.caption) for p in photos] == [("Dana Ortiz", "Founders' Day parade")] * 2
    # The shared fields are kept for retrying the refused files.
    assert 'value="Dana Ortiz"' in html
    with photos[0].image.open("rb") as fp:
        assert b"Exif" not in fp.read()


def test_upload_several_with_only_good_files_goes_to_photos_missing_alt_text(editor_client):
    response = editor_client.post(
        UPLOAD_URL, {"images": [image_upload("a.jpg"), image_upload("b.webp")], "credit": "Staff"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/photos/photo/?alt_text=missing"
    assert Photo.objects.count() == 2


def test_upload_several_without_files_asks_for_them(editor_client):
    response = editor_client.post(UPLOAD_URL, {"credit": "Staff"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_staff_without_add_permission_cannot_upload_several():
    client = photographer("view_photo", "change_photo")
    assert client.get(UPLOAD_URL).status_code == 403
    response = client.post(UPLOAD_URL, {"images": [image_upload("a.jpg")]})
    assert response.status_code == 403
    assert Photo.objects.count() == 0
    assert UPLOAD_URL not in client.get("/admin/photos/photo/").content.decode()


def test_photographer_with_add_permission_can_upload_several():
    client = photographer("view_photo", "add_photo")
    response = client.post(UPLOAD_URL, {"images": [image_upload("a.jpg")]})
    assert response.status_code == 302
    assert Photo.objects.count() == 1


def test_upload_several_requires_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    response = client.post(UPLOAD_URL, {"images": [image_upload("a.jpg")]})
    assert response.status_code == 403
    assert Photo.objects.count() == 0


def test_gallery_photos_keep_the_editors_order(editor_client):
    gallery = GalleryFactory()
    first, second = PhotoFactory(), PhotoFactory()
    GalleryPhotoFactory(gallery=gallery, photo=first, order=2)
    GalleryPhotoFactory(gallery=gallery, photo=second, order=1)
    assert list(gallery.items.values_list("photo", flat=True)) == [second.pk, first.pk]

    response = editor_client.get(f"/admin/photos/gallery/{gallery.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(f'value="{second.pk}"') < html.index(f'value="{first.pk}"')


def test_gallery_admin_adds_photos_in_order(editor_client):
    first, second = PhotoFactory(), PhotoFactory()
    response = editor_client.post(
        "/admin/photos/gallery/add/",
        {
            "title": "Founders' Day",
            "slug": "founders-day",
            "description": "",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-photo": second.pk,
            "items-0-order": "1",
            "items-1-photo": first.pk,
            "items-1-order": "2",
        },
    )
    assert response.status_code == 302
    gallery = Gallery.objects.get(slug="founders-day")
    assert list(gallery.photos.order_by("gallery_items__order")) == [second, first]
