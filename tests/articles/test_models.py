from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.forms import modelform_factory
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    GalleryFactory,
    GalleryPhotoFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "<p>Council met.<script>alert('x')</script></p>"
    '<p><img src="x" onerror="alert(1)">After the vote</p>'
    '<p><a href="javascript:alert(1)">click</a></p>'
    '<p style="position:fixed;top:0">styled</p>'
    '<iframe src="https://example.com/embed"></iframe>'
    '<p onclick="steal()">clickable</p>'
)
WELL_FORMED_BODY = (
    "<h2>Budget</h2><h3>Parks</h3><h4>Trails</h4>"
    "<ul><li>one</li></ul><ol><li>first</li></ol>"
    "<blockquote><p>We heard you.</p></blockquote>"
    '<p><strong>bold</strong> <em>italic</em> <a href="https://example.org/minutes">minutes</a></p>'
)


def assert_harmless(html):
    lowered = html.lower()
    for dangerous in ("<script", "onerror", "javascript:", "style=", "<iframe", "onclick"):
        assert dangerous not in lowered, f"{dangerous!r} survived in {html!r}"


def stored_body(article):
    return Article.objects.values_list("body", flat=True).get(pk=article.pk)


def test_script_and_event_handlers_are_removed_when_an_article_is_saved():
    article = ArticleFactory(body=HOSTILE_BODY)

    body = stored_body(article)
    assert_harmless(body)
    # The reporting around the attack is kept.
    assert "Council met." in body
    assert "After the vote" in body
    assert "styled" in body
    assert article.body == body


def test_headings_lists_links_quotes_and_emphasis_survive_sanitizing():
    article = ArticleFactory(body=WELL_FORMED_BODY)

    assert stored_body(article) == WELL_FORMED_BODY


def test_queryset_update_cannot_store_a_script():
    article = ArticleFactory()

    Article.objects.filter(pk=article.pk).update(body=HOSTILE_BODY)
    assert_harmless(stored_body(article))

    Article.objects.filter(pk=article.pk).update(body=Value(HOSTILE_BODY))
    assert_harmless(stored_body(article))


def test_bulk_create_and_bulk_update_cannot_store_a_script():
    section = SectionFactory()
    (created,) = Article.objects.bulk_create(
        [Article(headline="Bulk", slug="bulk", section=section, body=HOSTILE_BODY)]
    )
    assert_harmless(stored_body(created))

    created.body = HOSTILE_BODY
    Article.objects.bulk_update([created], ["body"])
    assert_harmless(stored_body(created))


def test_a_form_cannot_store_a_script():
    section = SectionFactory()
    form_class = modelform_factory(Article, fields=["headline", "slug", "section", "body"])
    form = form_class(
        data={"headline": "Form", "slug": "form", "section": section.pk, "body": HOSTILE_BODY}
    )

    assert form.is_valid(), form.errors
    article = form.save()

    assert_harmless(stored_body(article))
    assert "Council met." in stored_body(article)


def test_an_empty_editor_stores_an_empty_body():
    article = ArticleFactory(body="<p></p>")

    assert stored_body(article) == ""


@pytest.fixture
def chicago(settings):
    settings.TIME_ZONE = "America/Chicago"


@pytest.mark.usefixtures("chicago")
def test_permalink_uses_the_papers_date_not_utc():
    # 03:00 UTC on March 1 is still the evening of February 28 in Chicago.
    article = ArticleFactory(slug="late-meeting", publish_at=datetime(2026, 3, 1, 3, 0, tzinfo=UTC))

    assert article.get_absolute_url() == "/2026/02/28/late-meeting/"


@pytest.mark.usefixtures("chicago")
def test_permalink_pads_month_and_day():
    article = ArticleFactory(slug="spring", publish_at=datetime(2026, 4, 5, 17, 0, tzinfo=UTC))

    assert article.get_absolute_url() == "/2026/04/05/spring/"


def test_undated_draft_has_no_public_address():
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    assert article.get_absolute_url() == ""
    assert not article.is_published


def test_scheduled_article_is_not_yet_published():
    article = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))

    assert not article.is_published
    assert article not in Article.objects.published()


def test_undated_drafts_are_listed_first_on_every_database():
    older = ArticleFactory(publish_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(publish_at=timezone.now() - timedelta(days=1))
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    assert list(Article.objects.all()) == [draft, newer, older]


def test_article_cannot_be_published_with_a_lead_photo_lacking_alt_text():
    photo = PhotoFactory(alt_text="", caption="Mayor at podium")
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, lead_photo=photo)
    article.status = Article.Status.PUBLISHED

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert "alt text" in str(raised.value)
    assert "Mayor at podium" in str(raised.value)


def test_article_cannot_be_published_with_a_gallery_photo_lacking_alt_text():
    gallery = GalleryFactory()
    GalleryPhotoFactory(gallery=gallery, photo=PhotoFactory(alt_text="Crowd at the pier"))
    GalleryPhotoFactory(gallery=gallery, photo=PhotoFactory(alt_text="  ", caption="Fireworks"))
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, gallery=gallery)
    article.status = Article.Status.PUBLISHED

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert "Fireworks" in str(raised.value)
    assert "Crowd at the pier" not in str(raised.value)


def test_draft_may_use_a_photo_still_lacking_alt_text():
    article = ArticleFactory(
        status=Article.Status.DRAFT, publish_at=None, lead_photo=PhotoFactory(alt_text="")
    )

    article.full_clean()


def test_publishing_through_validation_without_a_date_means_now():
    article = ArticleFactory.build(
        section=SectionFactory(), status=Article.Status.PUBLISHED, publish_at=None
    )
    before = timezone.now()

    article.full_clean()

    assert before <= article.publish_at <= timezone.now()
