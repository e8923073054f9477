import re

import pytest
from django.template import Context, Template

from photos.renditions import generate_renditions
from tests.factories import PhotoFactory, image_upload

pytestmark = pytest.mark.django_db


def render(template, **context):
    return Template("{% load photos %}" + template).render(Context(context))


@pytest.fixture
def photo():
    photo = PhotoFactory(
        image=image_upload(width=2000, height=1000), alt_text='Kids at the "splash pad"'
    )
    generate_renditions(photo)
    return photo


def test_picture_offers_webp_and_jpeg_in_every_width(photo):
    html = render('{% picture photo sizes="(min-width: 60rem) 60rem, 100vw" %}', photo=photo)

    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert webp
    assert [c.split()[1] for c in webp.group(1).split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert all(c.split()[0].endswith(".webp") for c in webp.group(1).split(", "))
    assert webp.group(2) == "(min-width: 60rem) 60rem, 100vw"
    img = re.search(r"<img ([^>]+)>", html).group(1)
    jpeg_srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    assert [c.split()[1] for c in jpeg_srcset.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert re.search(r'src="/media/renditions/[^"]+-800\.jpg"', img)
    assert 'width="800"' in img
    assert 'height="400"' in img
    assert 'sizes="(min-width: 60rem) 60rem, 100vw"' in img
    assert 'alt="Kids at the &quot;splash pad&quot;"' in img
    assert 'loading="lazy"' in img
    assert 'decoding="async"' in img


def test_picture_never_links_the_original(photo):
    html = render("{% picture photo %}", photo=photo)
    assert photo.image.url not in html
    assert photo.image.name.rsplit("/", 1)[-1] not in html


def test_picture_above_the_fold_can_load_eagerly_with_a_class(photo):
    html = render('{% picture photo loading="eager" css_class="lead-photo" %}', photo=photo)
    assert 'loading="eager"' in html
    assert 'class="lead-photo"' in html


def test_alt_text_cannot_break_out_of_the_attribute():
    photo = PhotoFactory(alt_text='"><script>alert(1)</script>')
    generate_renditions(photo)
    html = render("{% picture photo %}", photo=photo)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_picture_renders_nothing_until_renditions_are_made():
    photo = PhotoFactory()
    assert photo.renditions == {}
    assert render("{% picture photo %}", photo=photo) == ""
    assert render("{% picture photo %}", photo=None) == ""


def test_rendering_a_picture_costs_no_query(photo, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render("{% picture photo %}", photo=photo)
    assert "<picture>" in html
