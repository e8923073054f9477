"""Links that keep working: an article's old addresses answer 301 to its current one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRedirect
from articles.services import article_unpublish
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    article.save()
    return article


def test_renamed_article_old_address_moves_permanently_to_the_new_one(client):
    article = ArticleFactory(slug="council-votes-tonight")
    old_address = article.get_absolute_url()

    rename(article, "council-approves-budget")
    response = client.get(old_address)

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_redated_article_old_address_moves_permanently_to_the_new_one(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=10))
    old_address = article.get_absolute_url()

    article.publish_at = timezone.now() - timedelta(days=3)
    article.save()
    response = client.get(old_address)

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert response["Location"] != old_address


def test_slug_and_date_changed_together_still_redirect(client):
    article = ArticleFactory(
        slug="first-draft-title", publish_at=timezone.now() - timedelta(days=9)
    )
    old_address = article.get_absolute_url()

    article.slug = "final-title"
    article.publish_at = timezone.now() - timedelta(days=2)
    article.save(update_fields=["slug", "publish_at", "updated_at"])

    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_chain_of_renames_sends_the_oldest_address_to_the_newest_in_one_hop(client):
    article = ArticleFactory(slug="name-a")
    address_a = article.get_absolute_url()
    address_b = rename(article, "name-b").get_absolute_url()
    rename(article, "name-c")

    for old_address in (address_a, address_b):
        response = client.get(old_address)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
        # One hop: the target answers the page itself, not another redirect.
        assert client.get(response["Location"]).status_code == 200


def test_old_address_typed_with_one_digit_month_and_day_still_redirects(client):
    article = ArticleFactory(
        slug="spring-festival", publish_at=timezone.make_aware(timezone.datetime(2025, 3, 7, 10))
    )
    rename(article, "spring-festival-moves-indoors")

    response = client.get("/2025/3/7/spring-festival/")

    assert response.status_code == 301
    assert response["Location"] == "/2025/03/07/spring-festival-moves-indoors/"


def test_old_address_of_an_unpublished_article_is_not_found(client):
    article = ArticleFactory(slug="before-rename")
    old_address = article.get_absolute_url()
    rename(article, "after-rename")

    article_unpublish(article=article, by=StaffFactory())

    assert client.get(old_address).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


def test_old_address_of_a_rescheduled_article_is_not_found_until_it_is_out(client):
    article = ArticleFactory(slug="embargoed-report", publish_at=timezone.now() - timedelta(days=3))
    old_address = article.get_absolute_url()

    article.publish_at = timezone.now() + timedelta(days=2)
    article.save()

    assert ArticleRedirect.objects.filter(old_path=old_address).exists()
    assert client.get(old_address).status_code == 404

    article.publish_at = timezone.now() - timedelta(days=1)
    article.save()
    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_renaming_a_draft_leaves_no_old_address_that_could_reveal_it(client):
    draft = ArticleFactory(
        slug="secret-layoffs-at-the-mill",
        status=Article.Status.DRAFT,
        publish_at=timezone.now() - timedelta(days=1),
    )
    secret_address = draft.get_absolute_url()
    rename(draft, "mill-news")
    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert not ArticleRedirect.objects.exists()
    assert client.get(secret_address).status_code == 404


def test_renaming_back_to_an_old_slug_serves_the_page_not_a_redirect(client):
    article = ArticleFactory(slug="original-slug")
    original = article.get_absolute_url()
    interim = rename(article, "interim-slug").get_absolute_url()

    rename(article, "original-slug")

    assert client.get(original).status_code == 200
    assert not ArticleRedirect.objects.filter(old_path=original).exists()
    response = client.get(interim)
    assert response.status_code == 301
    assert response["Location"] == original


def test_old_address_of_one_article_is_not_stolen_by_another_taking_its_slug(client):
    day = timezone.now() - timedelta(days=20)
    first = ArticleFactory(slug="water-rates", publish_at=day)
    old_address = first.get_absolute_url()
    rename(first, "water-rates-rise")
    second = ArticleFactory(slug="water-rates", publish_at=day + timedelta(days=5))

    response = client.get(old_address)

    assert response.status_code == 301
    assert response["Location"] == first.get_absolute_url()
    assert client.get(second.get_absolute_url()).status_code == 200


def test_article_taking_over_an_old_address_exactly_is_served_there(client):
    day = timezone.now() - timedelta(days=20)
    first = ArticleFactory(slug="water-rates", publish_at=day)
    old_address = first.get_absolute_url()
    rename(first, "water-rates-rise")

    second = ArticleFactory(slug="water-rates", publish_at=day)

    assert second.get_absolute_url() == old_address
    response = client.get(old_address)
    assert response.status_code == 200
    assert response.context["article"] == second
    assert not ArticleRedirect.objects.filter(old_path=old_address).exists()


def test_old_address_freed_and_reused_points_at_its_latest_owner(client):
    day = timezone.now() - timedelta(days=20)
    first = ArticleFactory(slug="shared-name", publish_at=day)
    shared = first.get_absolute_url()
    rename(first, "first-renamed")
    second = ArticleFactory(slug="shared-name", publish_at=day)
    rename(second, "second-renamed")

    response = client.get(shared)

    assert ArticleRedirect.objects.get(old_path=shared).article == second
    assert response["Location"] == second.get_absolute_url()


def test_saving_without_changing_the_address_records_nothing_and_costs_no_extra_write(
    django_assert_num_queries,
):
    article = ArticleFactory()
    article.headline = "A better headline"
    article.save()
    # Saving only other fields does not even look the old address up.
    with django_assert_num_queries(1):
        article.save(update_fields=["headline"])

    assert not ArticleRedirect.objects.exists()


def test_unknown_slug_is_still_not_found(client):
    assert client.get("/2025/01/02/never-existed/").status_code == 404


def test_renaming_in_the_admin_keeps_the_old_address(client):
    editor = StaffFactory()
    client.force_login(editor)
    section, author = SectionFactory(), AuthorFactory()
    article = ArticleFactory(slug="library-reopens", section=section, authors=[author])
    old_address = article.get_absolute_url()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(change_url).context["adminform"].form
    local = timezone.localtime(article.publish_at)
    data = {
        # Whatever the form carries that a person does not type (e.g. a version to lock on).
        **{
            name: form[name].value()
            for name, field in form.fields.items()
            if field.disabled is False and field.widget.is_hidden
        },
        "headline": article.headline,
        "slug": "library-reopens-after-repairs",
        "dek": article.dek,
        "body": article.body,
        "section": section.pk,
        "kind": article.kind,
        "priority": article.priority,
        "tags": "",
        "status": article.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "1",
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-id": article.bylines.get().pk,
        "bylines-0-article": article.pk,
        "bylines-0-author": author.pk,
        "bylines-0-order": "0",
        "_save": "Save",
    }

    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.slug == "library-reopens-after-repairs"
    redirect = client.get(old_address)
    assert redirect.status_code == 301
    assert redirect["Location"] == article.get_absolute_url()


def test_editors_see_old_addresses_in_the_admin_but_cannot_type_new_ones(client):
    client.force_login(StaffFactory())
    article = ArticleFactory(slug="before")
    old_address = article.get_absolute_url()
    rename(article, "after")

    listing = client.get(reverse("admin:articles_articleredirect_changelist"))

    assert old_address in listing.text
    assert article.get_absolute_url() in listing.text
    assert client.get(reverse("admin:articles_articleredirect_add")).status_code == 403
