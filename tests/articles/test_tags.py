"""Tags on articles: the tag pages, and the move of existing tags to articles' own table."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Section
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

tagged_article_migration = importlib.import_module("articles.migrations.0006_tagged_article")


def tag_page(client, slug):
    return client.get(reverse("articles:tag", kwargs={"slug": slug}))


def test_tag_page_lists_the_published_stories_with_the_tag_newest_first(client):
    now = timezone.now()
    oldest, newest, middle = (
        ArticleFactory(headline=headline, publish_at=now - timedelta(days=days))
        for headline, days in (("Oldest", 30), ("Newest", 1), ("Middle", 7))
    )
    draft = ArticleFactory(headline="Draft", status=Article.Status.DRAFT, publish_at=None)
    scheduled = ArticleFactory(headline="Scheduled", publish_at=now + timedelta(days=1))
    for article in (oldest, newest, middle, draft, scheduled):
        article.tags.add("Riverfront")
    ArticleFactory(headline="Untagged")

    response = tag_page(client, "riverfront")

    assert response.status_code == 200
    assert [a.headline for a in response.context["object_list"]] == ["Newest", "Middle", "Oldest"]
    assert "Draft" not in response.text
    assert "Scheduled" not in response.text


def test_removing_a_tag_takes_the_story_off_the_tag_page_at_once(client):
    kept = ArticleFactory(headline="Mural unveiled downtown")
    untagged = ArticleFactory(headline="Mural artist moves away")
    kept.tags.add("Public art")
    untagged.tags.add("Public art")
    assert "Mural artist moves away" in tag_page(client, "public-art").text  # now cached

    untagged.tags.remove("Public art")

    response = tag_page(client, "public-art")
    assert "Mural unveiled downtown" in response.text
    assert "Mural artist moves away" not in response.text

    kept.tags.clear()

    assert tag_page(client, "public-art").status_code == 404


def test_a_tag_used_only_on_drafts_has_no_page(client):
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None).tags.add("Layoffs")

    assert tag_page(client, "layoffs").status_code == 404


def test_the_migration_moves_existing_tags_to_the_articles_table(client):
    article = ArticleFactory(headline="Roads closed overnight")
    section = Section.objects.create(name="Weather", slug="weather")
    blizzard = Tag.objects.create(name="Blizzard", slug="blizzard")
    # As 0005 left them: the article's tags in taggit's generic table, one pointing at an
    # article deleted behind the ORM's back, and a tag on something other than an article.
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.create(tag=blizzard, content_type=article_type, object_id=article.pk)
    TaggedItem.objects.create(tag=blizzard, content_type=article_type, object_id=article.pk + 1000)
    other = TaggedItem.objects.create(
        tag=blizzard, content_type=ContentType.objects.get_for_model(Section), object_id=section.pk
    )

    # Not entered: only execute() is used, and SQLite refuses to enter a schema editor
    # inside the test's transaction.
    tagged_article_migration.copy_article_tags(apps, connection.schema_editor())

    assert list(article.tags.names()) == ["Blizzard"]
    assert list(TaggedItem.objects.all()) == [other]
    assert [a.headline for a in tag_page(client, "blizzard").context["object_list"]] == [
        "Roads closed overnight"
    ]
    # The search document follows the moved tag (on PostgreSQL, through the new triggers).
    assert list(Article.objects.published().search("blizzard")) == [article]
