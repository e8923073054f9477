"""Staff preview unpublished articles with the public template; nobody else learns they exist."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GalleryFactory,
    GalleryPhotoFactory,
    NeighborhoodFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANNER = "Preview: not published"


def staff_user(*codenames, **kwargs):
    user = UserFactory(**{"is_staff": True, **kwargs})
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


@pytest.fixture
def editor(client):
    user = staff_user("change_article", "change_others_article", "view_article")
    client.force_login(user)
    return user


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def draft(**kwargs):
    return ArticleFactory(
        **{
            "headline": "Draft about the zoning deal",
            "status": Article.Status.DRAFT,
            "publish_at": None,
            **kwargs,
        }
    )


def scheduled(**kwargs):
    return ArticleFactory(
        headline="Embargoed audit findings",
        publish_at=timezone.now() + timedelta(days=2),
        **kwargs,
    )


def test_editor_previews_a_draft_with_the_public_template_and_a_banner(client, editor):
    article = draft(body="<p>Everything the council did not say.</p>")

    response = client.get(preview_url(article))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert "Everything the council did not say." in response.text
    assert BANNER in response.text
    assert 'role="status"' in response.text
    assert "readers cannot see it" in response.text
    # No date yet, so no "Published" line with a blank where the date would be.
    assert '<time datetime="">' not in response.text


def test_preview_is_never_cached_and_never_indexed(client, editor):
    response = client.get(preview_url(draft()))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text
    assert 'rel="canonical"' not in response.text


def test_editor_previews_a_scheduled_article_and_is_told_when_it_goes_out(client, editor):
    article = scheduled()

    response = client.get(preview_url(article))

    assert response.status_code == 200
    assert BANNER in response.text
    assert "Scheduled: readers see it from" in response.text
    # The permalink stays what readers get until the moment comes, editors included.
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_previews_an_article_in_review_and_a_withdrawn_one(client, editor):
    in_review = draft(status=Article.Status.REVIEW)
    withdrawn = ArticleFactory(status=Article.Status.WITHDRAWN)

    for article in (in_review, withdrawn):
        response = client.get(preview_url(article))
        assert response.status_code == 200
        assert BANNER in response.text


def test_preview_of_a_published_article_sends_the_editor_to_its_permalink(client, editor):
    article = ArticleFactory()

    response = client.get(preview_url(article))

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert BANNER not in client.get(article.get_absolute_url()).text


def test_public_page_carries_no_preview_banner(client):
    response = client.get(ArticleFactory().get_absolute_url())

    assert BANNER not in response.text
    assert 'rel="canonical"' in response.text


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(lambda: staff_user("view_article"), id="staff-who-may-only-view"),
        pytest.param(lambda: staff_user(), id="staff-without-permissions"),
        pytest.param(
            lambda: staff_user("change_article", is_staff=False), id="non-staff-with-permission"
        ),
        pytest.param(
            lambda: staff_user("change_article", is_active=False), id="deactivated-editor"
        ),
    ],
)
def test_preview_is_not_found_for_anyone_but_editors(client, make_user):
    user = make_user()
    if user is not None:
        client.force_login(user)
    for article in (draft(), scheduled()):
        response = client.get(preview_url(article))
        assert response.status_code == 404
        assert article.headline not in response.text


def test_contributor_previews_their_own_draft_but_not_a_colleagues(client):
    contributor = staff_user("change_article", "view_article", "submit_article")
    client.force_login(contributor)
    own = draft(created_by=contributor)
    colleagues = draft(headline="A colleague's scoop")

    own_preview = client.get(preview_url(own))
    colleagues_preview = client.get(preview_url(colleagues))
    missing = client.get(reverse("articles:preview", args=[colleagues.pk + 1000]))

    assert own_preview.status_code == 200
    assert BANNER in own_preview.text
    assert colleagues_preview.status_code == 404
    assert colleagues_preview.content == missing.content


def test_forbidden_preview_looks_exactly_like_a_missing_article(client):
    existing = draft()
    missing_pk = existing.pk + 1000

    forbidden = client.get(preview_url(existing))
    missing = client.get(reverse("articles:preview", args=[missing_pk]))

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_editor_asking_for_a_missing_article_gets_not_found(client, editor):
    assert client.get(reverse("articles:preview", args=[987654])).status_code == 404


def test_anonymous_reader_gets_not_found_for_a_draft_at_any_address(client):
    article = draft(slug="draft-with-a-date")
    article.publish_at = timezone.now() - timedelta(days=1)
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(preview_url(article)).status_code == 404


def test_preview_costs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    def rich_draft(size):
        article = draft(authors=[AuthorFactory() for _ in range(size)])
        article.tags.add(*(f"topic {size} {n}" for n in range(size)))
        article.neighborhoods.add(*(NeighborhoodFactory() for _ in range(size)))
        gallery = GalleryFactory()
        for _ in range(size):
            GalleryPhotoFactory(gallery=gallery)
        article.gallery = gallery
        article.save()
        return article

    for _ in range(4):
        ArticleFactory()  # more news beside the story
    small, large = rich_draft(1), rich_draft(4)

    def queries_for(article):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(preview_url(article)).status_code == 200
        return len(queries)

    # Never one query per byline, tag, neighborhood or photo...
    assert queries_for(large) == queries_for(small)
    # ...and few in all: session and user, the article with its bylines, tags,
    # neighborhoods and gallery, its corrections, the more-news list, the section navigation.
    with django_assert_max_num_queries(13):
        client.get(preview_url(large))


def test_article_admin_offers_a_preview_link_only_for_unpublished_articles(client):
    client.force_login(StaffFactory())
    unpublished = draft()
    published = ArticleFactory()

    def change_page(article):
        response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        assert response.status_code == 200
        return response.text

    assert f'href="{preview_url(unpublished)}"' in change_page(unpublished)
    assert preview_url(published) not in change_page(published)
