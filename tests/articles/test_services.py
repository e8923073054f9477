from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish
from tests.factories import (
    ArticleFactory,
    GalleryFactory,
    GalleryPhotoFactory,
    PhotoFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return StaffFactory(username="editor")


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, publish_at=None, **kwargs)


def test_publishing_a_draft_puts_it_on_the_site_now(editor):
    article = draft()
    before = timezone.now()

    article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.publish_at <= timezone.now()
    assert article in Article.objects.published()


def test_publishing_keeps_a_chosen_future_time_so_the_article_waits(editor):
    tomorrow = timezone.now() + timedelta(days=1)
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=tomorrow)

    article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at == tomorrow
    assert article not in Article.objects.published()


def test_publishing_is_refused_while_the_lead_photo_lacks_alt_text(editor):
    article = draft(lead_photo=PhotoFactory(alt_text="", caption="Flooded underpass"))

    with pytest.raises(ValidationError) as raised:
        article_publish(article=article, by=editor)

    assert "Flooded underpass" in " ".join(raised.value.messages)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None


def test_publishing_is_refused_while_a_gallery_photo_lacks_alt_text(editor):
    gallery = GalleryFactory()
    GalleryPhotoFactory(gallery=gallery, photo=PhotoFactory(alt_text="", caption="Parade float"))
    article = draft(gallery=gallery)

    with pytest.raises(ValidationError):
        article_publish(article=article, by=editor)

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_publishing_is_recorded_in_the_admin_history_with_who_did_it(editor):
    article = draft()

    article_publish(article=article, by=editor)

    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor
    assert entry.get_change_message() == "Published."


def test_publishing_twice_changes_nothing_the_second_time(editor):
    article = draft()
    article_publish(article=article, by=editor)
    first_publish_at = Article.objects.get(pk=article.pk).publish_at

    article_publish(article=Article.objects.get(pk=article.pk), by=editor)

    assert Article.objects.get(pk=article.pk).publish_at == first_publish_at
    assert LogEntry.objects.filter(object_id=str(article.pk)).count() == 1


def test_unpublishing_takes_the_article_off_the_site(editor):
    article = ArticleFactory()

    article_unpublish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article not in Article.objects.published()
    assert LogEntry.objects.get(object_id=str(article.pk)).get_change_message() == "Unpublished."


def test_republishing_brings_the_article_back_at_the_same_permalink(editor):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=3))
    permalink = article.get_absolute_url()

    article_unpublish(article=article, by=editor)
    article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.get_absolute_url() == permalink
    assert article in Article.objects.published()
