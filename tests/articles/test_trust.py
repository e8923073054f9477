"""Trust indicators: readers can tell what kind of work they read, and who wrote it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author
from newsroom.demo.data import AUTHORS
from photos.renditions import generate_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NeighborhoodFactory,
    PhotoFactory,
    SectionFactory,
    StaffFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

OPINION_LABEL = '<span class="label label-opinion">Opinion</span>'
SPONSORED_LABEL = '<span class="label label-sponsored">Sponsored</span>'


def part(html, css_class):
    """The inner HTML of the first element with this class (enough for these flat blocks)."""
    match = re.search(rf'<(\w+) class="{css_class}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with class {css_class!r}"
    return match.group(2)


# Author pages


def test_author_page_shows_name_title_photo_bio_coverage_and_contact(client):
    photo = PhotoFactory(image=image_upload(width=640, height=640), alt_text="Ben at his desk")
    generate_renditions(photo)
    author = AuthorFactory(
        name="Ben Kowalczyk",
        title="Staff Reporter",
        bio="Ben covers anything with a public meeting attached.",
        coverage="City Hall, the budget, elections",
        email="ben@riversideledger.example",
        photo=photo,
    )

    response = client.get(author.get_absolute_url())

    html = response.text
    assert "<h1>Ben Kowalczyk</h1>" in html
    assert "Staff Reporter" in html
    assert 'alt="Ben at his desk"' in html
    assert "anything with a public meeting attached" in html
    facts = part(html, "author-facts")
    assert "<dt>Covers</dt><dd>City Hall, the budget, elections</dd>" in facts
    assert '<a href="mailto:ben@riversideledger.example">ben@riversideledger.example</a>' in facts


def test_author_page_without_coverage_or_email_shows_no_empty_headings(client):
    author = AuthorFactory(coverage="", email="")

    html = client.get(author.get_absolute_url()).text

    assert "author-facts" not in html
    assert "mailto:" not in html
    assert "<dt>Covers</dt>" not in html


def test_author_page_costs_the_same_queries_with_or_without_trust_details(
    client, django_assert_max_num_queries
):
    plain = AuthorFactory(coverage="", email="")
    full = AuthorFactory(coverage="Schools", email="desk@riversideledger.example")
    for author in (plain, full):
        ArticleFactory(authors=[author])

    with django_assert_max_num_queries(8):
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(full.get_absolute_url())


def test_editor_sets_coverage_and_public_email_in_the_admin(client):
    client.force_login(StaffFactory())
    author = AuthorFactory(name="Denise Harlan", slug="denise-harlan")
    url = reverse("admin:articles_author_change", args=[author.pk])

    form_page = client.get(url)
    assert 'name="coverage"' in form_page.text
    assert 'name="email"' in form_page.text

    response = client.post(
        url,
        {
            "name": "Denise Harlan",
            "slug": "denise-harlan",
            "title": "Staff Reporter",
            "bio": "",
            "coverage": "Schools and public safety",
            "email": "denise@riversideledger.example",
            "photo": "",
            "user": "",
        },
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert author.coverage == "Schools and public safety"
    assert author.email == "denise@riversideledger.example"


def test_admin_refuses_a_malformed_public_email_and_keeps_what_was_typed(client):
    client.force_login(StaffFactory())
    author = AuthorFactory(name="Denise Harlan", slug="denise-harlan")
    url = reverse("admin:articles_author_change", args=[author.pk])

    response = client.post(
        url,
        {
            "name": "Denise Harlan",
            "slug": "denise-harlan",
            "coverage": "Schools and public safety",
            "email": "denise at the ledger",
        },
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert 'value="Schools and public safety"' in response.text
    author.refresh_from_db()
    assert author.email == ""


def test_demo_staff_bylines_have_coverage_and_a_public_email():
    staff = [item for item in AUTHORS if not item["title"].startswith(("Reader", "Sponsored"))]

    assert staff
    for item in staff:
        assert item.get("coverage"), item["slug"]
        Author(**item).full_clean(exclude=["slug"])  # a well-formed address
        assert item.get("email", "").endswith(".example"), item["slug"]


# Type-of-work labels on every list


def list_pages(article, section, neighborhood, tag):
    day = timezone.localtime(article.publish_at)
    return {
        "section": section.get_absolute_url(),
        "tag": reverse("articles:tag", args=[tag]),
        "author": article.bylines.get().author.get_absolute_url(),
        "archive year": reverse("articles:archive_year", args=[day.year]),
        "archive month": reverse("articles:archive_month", args=[day.year, f"{day.month:02d}"]),
        "neighborhood": neighborhood.get_absolute_url(),
    }


@pytest.mark.parametrize(
    "page", ["section", "tag", "author", "archive year", "archive month", "neighborhood"]
)
def test_opinion_is_labeled_on_every_list_readers_see(client, page):
    section, neighborhood = SectionFactory(), NeighborhoodFactory()
    opinion = ArticleFactory(
        headline="We need a new library", kind=Article.Kind.OPINION, section=section
    )
    opinion.tags.add("library")
    opinion.neighborhoods.add(neighborhood)

    response = client.get(list_pages(opinion, section, neighborhood, "library")[page])

    assert response.status_code == 200
    card = response.text.split("We need a new library")[0].rsplit('<article class="card', 1)[1]
    assert OPINION_LABEL in card


def test_opinion_is_labeled_in_the_home_pages_latest_list_and_beside_a_story(client):
    news = ArticleFactory(headline="Bridge reopens", priority=Article.Priority.LEAD)
    ArticleFactory(
        headline="We need a new library",
        kind=Article.Kind.OPINION,
        publish_at=timezone.now() - timedelta(hours=2),
    )

    home = client.get(reverse("articles:home")).text
    latest = part(home, "latest-list")
    more_news = part(client.get(news.get_absolute_url()).text, "latest-list")

    for listing in (latest, more_news):
        (item,) = [li for li in listing.split("<li>") if "We need a new library" in li]
        assert OPINION_LABEL in item
    assert "label-news" not in home


def test_plain_news_carries_no_label(client):
    article = ArticleFactory(kind=Article.Kind.NEWS)

    html = client.get(article.section.get_absolute_url()).text

    assert 'class="label' not in html


def test_sponsored_content_is_unmistakable_in_lists_and_on_its_page(client):
    sponsored = ArticleFactory(headline="Save for the holidays", kind=Article.Kind.SPONSORED)

    section_page = client.get(sponsored.section.get_absolute_url()).text
    home = client.get(reverse("articles:home")).text
    story = client.get(sponsored.get_absolute_url()).text

    assert SPONSORED_LABEL in section_page
    assert SPONSORED_LABEL in part(home, "latest-list")
    assert SPONSORED_LABEL in story
    assert "Sponsored content: paid for by an advertiser" in part(story, "sponsored-notice")


def test_news_story_has_no_sponsored_notice(client):
    html = client.get(ArticleFactory().get_absolute_url()).text

    assert "sponsored-notice" not in html
