"""The neighborhood pages readers browse: the list of places and each one's latest stories."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, NeighborhoodFactory

pytestmark = pytest.mark.django_db


def test_neighborhood_list_shows_each_place_with_its_published_story_count(client):
    eastbank = NeighborhoodFactory(name="Eastbank", description="Across the river.")
    NeighborhoodFactory(name="Old Town")
    ArticleFactory().neighborhoods.add(eastbank)
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None).neighborhoods.add(eastbank)
    ArticleFactory(publish_at=timezone.now() + timedelta(days=1)).neighborhoods.add(eastbank)

    response = client.get(reverse("neighborhoods:list"))

    counts = {n.name: n.article_count for n in response.context["neighborhoods"]}
    assert counts == {"Eastbank": 1, "Old Town": 0}
    content = response.content.decode()
    assert f'href="{eastbank.get_absolute_url()}">Eastbank</a>' in content
    assert "Across the river." in content
    assert "1 story" in content and "0 stories" in content


def test_neighborhood_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for neighborhood in NeighborhoodFactory.create_batch(8):
        for article in ArticleFactory.create_batch(2):
            article.neighborhoods.add(neighborhood)

    with django_assert_max_num_queries(3):
        client.get(reverse("neighborhoods:list"))


def test_neighborhood_page_lists_its_latest_published_stories(client):
    eastbank = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    older = ArticleFactory(headline="Crosswalk approved", publish_at=timezone.now() - timedelta(2))
    newer = ArticleFactory(headline="Mural unveiled", publish_at=timezone.now() - timedelta(1))
    draft = ArticleFactory(
        headline="Unpublished plan", status=Article.Status.DRAFT, publish_at=None
    )
    for article in (older, newer, draft):
        article.neighborhoods.add(eastbank)
    ArticleFactory(headline="Story from elsewhere")

    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "eastbank"}))

    assert list(response.context["object_list"]) == [newer, older]
    content = response.content.decode()
    assert "<h1>Eastbank</h1>" in content
    assert "Unpublished plan" not in content and "Story from elsewhere" not in content


def test_neighborhood_page_is_paginated(client):
    eastbank = NeighborhoodFactory(slug="eastbank")
    for article in ArticleFactory.create_batch(21):
        article.neighborhoods.add(eastbank)
    url = reverse("neighborhoods:detail", kwargs={"slug": "eastbank"})

    assert len(client.get(url).context["object_list"]) == 20
    assert len(client.get(url, {"page": 2}).context["object_list"]) == 1


def test_neighborhood_without_stories_says_so(client):
    NeighborhoodFactory(slug="old-town")

    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "old-town"}))

    assert response.status_code == 200
    assert "No stories here yet" in response.content.decode()


def test_unknown_neighborhood_is_not_found(client):
    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "atlantis"}))

    assert response.status_code == 404
