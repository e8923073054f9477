"""Lean pages: what a reader's phone downloads for a story, and nothing from anyone else."""

import gzip
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from comments.models import ModerationSettings
from comments.services import comment_post
from photos.renditions import generate_renditions
from tests.factories import (
    ArticleFactory,
    GalleryFactory,
    GalleryPhotoFactory,
    PhotoFactory,
    SectionFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024
PARAGRAPH = (
    "<p>The council heard from more than forty residents on Tuesday night, most of them "
    "worried about traffic on Front Street once the bridge reopens, and the mayor promised "
    "a study of the crossing before the next budget is written.</p>"
)


class Resources(HTMLParser):
    """Every address the page makes the browser fetch, and every <img>."""

    def __init__(self):
        super().__init__()
        self.fetched = []
        self.images = []
        self.stylesheets = []
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "modulepreload"):
            self.fetched.append(attrs["href"])
            if attrs["rel"] == "stylesheet":
                self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.fetched.append(attrs["src"])
            self.scripts.append(attrs["src"])
        elif tag in ("img", "iframe", "video", "audio", "embed") and attrs.get("src"):
            self.fetched.append(attrs["src"])
            if tag == "img":
                self.images.append(attrs)
        elif tag == "source" and attrs.get("srcset"):
            self.fetched.extend(part.split()[0] for part in attrs["srcset"].split(","))


def resources(response):
    parser = Resources()
    parser.feed(response.content.decode())
    return parser


def static_file_bytes(url):
    return open(finders.find(url.removeprefix("/static/")), "rb").read()


def photo():
    picture = PhotoFactory(image=image_upload(width=1600, height=1000))
    generate_renditions(picture)
    return picture


def test_a_long_story_with_comments_fits_in_60_kb_compressed_with_its_css_and_js():
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    article = ArticleFactory(body=PARAGRAPH * 40, lead_photo=None)
    for number in range(30):
        comment_post(
            article=article,
            name=f"Reader {number}",
            email=f"reader{number}@example.org",
            body=f"Comment number {number}: the crossing needs a light before school starts.",
            ip=f"198.51.100.{number}",
        )
    response = Client().get(article.get_absolute_url())
    page = resources(response)

    compressed = len(gzip.compress(response.content))
    for url in page.stylesheets + page.scripts:
        compressed += len(gzip.compress(static_file_bytes(url)))

    assert "30 responses" in response.content.decode()
    assert page.stylesheets, "the page's own stylesheet was counted"
    assert compressed < BUDGET_BYTES, f"{compressed} bytes compressed"


def test_pages_fetch_nothing_from_another_site():
    section = SectionFactory()
    gallery = GalleryFactory()
    GalleryPhotoFactory(gallery=gallery, photo=photo(), order=0)
    article = ArticleFactory(section=section, lead_photo=photo(), gallery=gallery)

    for url in ("/", article.get_absolute_url(), section.get_absolute_url(), "/neighborhoods/"):
        for address in resources(Client().get(url)).fetched:
            assert address.startswith("/") and not address.startswith("//"), (url, address)


def test_every_image_is_a_rendition_with_srcset_sizes_width_and_height():
    section = SectionFactory()
    gallery = GalleryFactory()
    GalleryPhotoFactory(gallery=gallery, photo=photo(), order=0)
    article = ArticleFactory(section=section, lead_photo=photo(), gallery=gallery)
    ArticleFactory(section=section, lead_photo=photo())

    for url in ("/", article.get_absolute_url(), section.get_absolute_url()):
        images = resources(Client().get(url)).images
        assert images, url
        for image in images:
            assert {"srcset", "sizes", "width", "height", "alt"} <= set(image), (url, image)
            assert "/renditions/" in image["src"], (url, image["src"])
            assert all("/renditions/" in part for part in image["srcset"].split(",")), image
