"""robots.txt: what crawlers may visit, and where the sitemaps are."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    return response, response.content.decode().splitlines()


def test_robots_txt_is_plain_text_naming_both_sitemaps(client):
    response, lines = robots(client)

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemap-news.xml",
    ]
    for line in lines:
        if line.startswith("Sitemap:"):
            assert client.get(line.removeprefix("Sitemap: ")).status_code == 200


def test_private_and_endless_pages_are_disallowed(client):
    _response, lines = robots(client)
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")]

    # Each rule covers the real address of what it is meant to keep out.
    for address in [
        reverse("admin:index"),
        reverse("articles:preview", kwargs={"pk": 1}),
        reverse("subscriptions:confirm", kwargs={"token": "abc"}),
        reverse("subscriptions:preferences", kwargs={"token": "abc"}),
        reverse("subscriptions:unsubscribe", kwargs={"token": "abc"}),
        reverse("comments:post", kwargs={"pk": 1}),
        "/search/?q=budget",
    ]:
        assert any(address.startswith(rule) for rule in disallowed), address
    assert "/articles/*/report-error/" in disallowed
    assert reverse("articles:report_error", kwargs={"pk": 1}) == "/articles/1/report-error/"


def test_public_pages_stay_open_to_crawlers(client):
    article = ArticleFactory()
    _response, lines = robots(client)
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")]

    for address in [
        "/",
        article.get_absolute_url(),
        reverse("articles:section", kwargs={"slug": article.section.slug}),
        reverse("articles:feed"),
        reverse("subscriptions:signup"),
        reverse("subscriptions:archive"),
        reverse("neighborhoods:list"),
    ]:
        assert not any(address.startswith(rule) for rule in disallowed), address
