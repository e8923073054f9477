"""The issue's "Done when", end to end through the admin and the public pages.

An editor uploads a phone photo, writes an article around it (with hostile markup pasted into
the body), publishes it, and a reader sees it at the top of the home page: with the photo's
rendition, without the photo's GPS position, and without the script.
"""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from articles.models import Article
from photos.models import Photo
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NeighborhoodFactory,
    SectionFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

HEADLINE = "Riverside library reopens after flood repairs"
HOSTILE_BODY = (
    "<h2>Doors open Saturday</h2>"
    "<p>The <strong>branch</strong> reopens with a new reading room.</p>"
    "<script>alert(1)</script>"
    "<p><img src=x onerror=alert(1)>Volunteers shelved 12,000 books.</p>"
)
# Where the photo was taken: the photographer's street, which must never reach readers.
LATITUDE = (41.0, 52.0, 30.5)
LONGITUDE = (87.0, 37.0, 12.25)


def phone_jpeg(width=1600, height=1000):
    """A JPEG as a phone writes it: camera make and model and the GPS position in EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Pocket 9"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("library.jpg", buffer.getvalue(), content_type="image/jpeg")


def decompression_bomb_png():
    """20000 x 20000 pixels (400 megapixels) in a ~50 KB file: one bit per pixel, all zero."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG", compress_level=1)
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def photo_form(image, **fields):
    return {
        "image": image,
        "caption": "Volunteers carry boxes of books back into the reading room.",
        "credit": "Dana Ortiz",
        "alt_text": "Three volunteers carrying cardboard boxes through the library doors",
        "taken_on": "",
        **fields,
    }


def article_form(*, section, author, photo, neighborhood, **fields):
    """The article admin's add form as a browser would post it, with one byline row."""
    return {
        "headline": HEADLINE,
        "slug": "riverside-library-reopens",
        "dek": "Six months after the river rose, the branch is ready for readers.",
        "body": HOSTILE_BODY,
        "section": section.pk,
        "kind": Article.Kind.NEWS,
        "priority": Article.Priority.LEAD,
        "tags": "libraries, flood recovery",
        "neighborhoods": [neighborhood.pk],
        "lead_photo": photo.pk,
        "gallery": "",
        "status": Article.Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "comments_enabled": "on",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": author.pk,
        "bylines-0-order": "0",
        "_save": "Save",
        **fields,
    }


def exif_of(photo):
    with default_storage.open(photo.image.name) as stored, Image.open(stored) as image:
        return image.getexif(), image.info


@pytest.fixture
def editor(client):
    staff = StaffFactory(username="editor")
    client.force_login(staff)
    return staff


def upload_photo(client, django_capture_on_commit_callbacks):
    # The worker makes renditions once the upload is committed; here it runs at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:photos_photo_add"), photo_form(phone_jpeg()))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Photo.objects.get(credit="Dana Ortiz")


def test_editor_publishes_a_story_with_a_photo_and_readers_see_it_first(
    client, editor, django_capture_on_commit_callbacks
):
    section = SectionFactory(name="Community", slug="community")
    author = AuthorFactory(name="Maya Chen", slug="maya-chen", title="Managing Editor")
    neighborhood = NeighborhoodFactory(name="Riverside Flats", slug="riverside-flats")
    older_lead = ArticleFactory(headline="Last week's lead story", priority=Article.Priority.LEAD)
    ArticleFactory.create_batch(3, section=section)

    # 1. The photo library: the phone picture goes in without where it was taken.
    photo = upload_photo(client, django_capture_on_commit_callbacks)
    stored_exif, stored_info = exif_of(photo)
    assert stored_exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert ExifTags.Base.GPSInfo not in stored_exif
    assert ExifTags.Base.Make not in stored_exif
    assert "exif" not in stored_info
    assert photo.renditions["jpeg"] and photo.renditions["webp"]

    # 2. The article admin: a draft with the photo, a byline and pasted hostile markup.
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form(section=section, author=author, photo=photo, neighborhood=neighborhood),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="riverside-library-reopens")
    assert article.status == Article.Status.DRAFT
    assert [byline.author for byline in article.bylines.all()] == [author]
    assert article.lead_photo == photo
    assert "<script" not in article.body and "onerror" not in article.body

    # Not public yet: the draft has no page and is not on the home page.
    assert HEADLINE not in client.get(reverse("articles:home")).content.decode()

    # 3. Publish from the article list, the way an editor does.
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 article is published." in response.content.decode()
    article.refresh_from_db()
    assert article.is_published

    # 4. The reader: the story leads the home page, above last week's lead.
    client.logout()
    home = client.get(reverse("articles:home")).content.decode()
    lead_section = home.split('class="front-lead"', 1)[1].split("</section>", 1)[0]
    assert HEADLINE in lead_section
    assert older_lead.headline not in lead_section

    # 5. Its page: the words, the byline, the photo as a rendition, never the original,
    # and nothing of the script.
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert HEADLINE in page
    assert "Maya Chen" in page and "Managing Editor" in page
    assert "<strong>branch</strong>" in page
    assert "Volunteers shelved 12,000 books." in page
    assert "<script>alert" not in page
    assert "alert(1)" not in page
    assert not re.search(r"onerror", page, flags=re.IGNORECASE)
    for kind in ("jpeg", "webp"):
        for rendition in photo.renditions[kind]:
            assert default_storage.url(rendition["name"]) in page
    assert photo.image.url not in page
    assert 'alt="Three volunteers carrying cardboard boxes through the library doors"' in page
    assert "Dana Ortiz" in page


def test_decompression_bomb_upload_is_refused_with_a_message(client, editor):
    response = client.post(reverse("admin:photos_photo_add"), photo_form(decompression_bomb_png()))

    assert response.status_code == 200
    page = response.content.decode()
    assert "20,000" in page
    assert "megapixels" in page
    # Nothing the editor typed is lost: the form comes back filled in.
    assert "Three volunteers carrying cardboard boxes through the library doors" in page
    assert not Photo.objects.exists()
    assert not default_storage.exists("photos")


def test_a_file_that_is_not_a_picture_is_refused_with_a_message(client, editor):
    fake = SimpleUploadedFile("notes.jpg", b"Meeting notes, not a photo.", "image/jpeg")

    response = client.post(reverse("admin:photos_photo_add"), photo_form(fake))

    assert response.status_code == 200
    assert "not a picture we can read" in response.content.decode()
    assert not Photo.objects.exists()
