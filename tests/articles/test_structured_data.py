"""What search engines and link previews read from our pages: JSON-LD, OpenGraph, titles.

The article page is parsed the way crawlers parse it, with extruct, rather than by matching
strings: a tag that is present but malformed would fool a string match, not a parser.
"""

import io
import re
from datetime import UTC
from urllib.parse import urlsplit

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Correction
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

BASE = "http://testserver"
NEWS_TYPES = {
    "NewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReportageNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
}


def extract(response):
    return extruct.extract(
        response.text, base_url=BASE + response.wsgi_request.path, syntaxes=["json-ld", "opengraph"]
    )


def news_article(response):
    """The one NewsArticle-family item on the page."""
    items = [item for item in extract(response)["json-ld"] if NEWS_TYPES & set(_types(item))]
    assert len(items) == 1
    return items[0]


def _types(item):
    value = item.get("@type", [])
    return [value] if isinstance(value, str) else value


def opengraph(response):
    """OpenGraph properties as a dict of lists (article:tag repeats)."""
    (og,) = extract(response)["opengraph"]
    properties = {}
    for key, value in og["properties"]:
        properties.setdefault(key, []).append(value)
    return properties


def meta_names(response):
    return dict(re.findall(r'<meta name="([^"]+)" content="([^"]*)"', response.text))


def canonical_links(response):
    return re.findall(r'<link rel="canonical" href="([^"]*)"', response.text)


def served_image(client, url):
    """The picture at an absolute URL of ours, as a browser or crawler would get it."""
    assert url.startswith(BASE + "/")
    path = urlsplit(url).path
    if path.startswith("/media/"):
        with default_storage.open(path.removeprefix("/media/"), "rb") as fp:
            data = fp.read()
    else:
        assert path.startswith("/static/")
        found = finders.find(path.removeprefix("/static/"))
        assert found, path
        with open(found, "rb") as fp:
            data = fp.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def photo_with_renditions(**kwargs):
    photo = PhotoFactory(image=image_upload(width=2000, height=1500), **kwargs)
    generate_renditions(photo)
    return photo


@pytest.fixture
def story():
    author = AuthorFactory(name="Ana Ruiz", title="City Hall Reporter")
    article = ArticleFactory(
        headline="Bridge reopens after two years",
        dek="The Main Street bridge carries traffic again, three months late.",
        section=SectionFactory(name="Transportation", slug="transportation"),
        lead_photo=photo_with_renditions(alt_text="Cars cross the new bridge at dusk"),
        authors=[author],
    )
    article.tags.add("roads", "budget")
    return article


# The NewsArticle


def test_article_page_yields_a_complete_news_article(client, story):
    response = client.get(story.get_absolute_url())
    data = news_article(response)
    url = BASE + story.get_absolute_url()

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bridge reopens after two years"
    assert data["description"] == story.dek
    assert data["url"] == url
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"].startswith(story.publish_at.astimezone(UTC).isoformat()[:19])
    # The factory saved it an hour after its publication time: the page shows "Updated".
    assert data["dateModified"].startswith(response.context["updated_at"].isoformat()[:19])
    assert data["articleSection"] == "Transportation"
    assert sorted(data["keywords"]) == ["budget", "roads"]
    assert data["isAccessibleForFree"] is True
    (author,) = data["author"]
    assert author["@type"] == "Person"
    assert author["name"] == "Ana Ruiz"
    assert author["jobTitle"] == "City Hall Reporter"
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "The Riverside Ledger"
    assert publisher["url"] == BASE + "/"
    assert publisher["logo"]["@type"] == "ImageObject"


def test_every_url_in_the_news_article_leads_somewhere_real(client, story):
    data = news_article(client.get(story.get_absolute_url()))

    social, largest = data["image"]
    assert served_image(client, social).size == (1200, 630)
    assert served_image(client, largest).size == (1600, 1200)
    logo = data["publisher"]["logo"]
    assert served_image(client, logo["url"]).size == (logo["width"], logo["height"])
    assert logo["height"] <= 60 and logo["width"] <= 600
    author_page = client.get(data["author"][0]["url"])
    assert author_page.status_code == 200
    assert "Ana Ruiz" in author_page.text
    assert client.get(data["url"]).status_code == 200


def test_breadcrumbs_lead_home_then_to_the_section_then_to_the_story(client, story):
    data = news_article(client.get(story.get_absolute_url()))

    breadcrumb = data["mainEntityOfPage"]["breadcrumb"]
    assert breadcrumb["@type"] == "BreadcrumbList"
    items = breadcrumb["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == [
        "The Riverside Ledger",
        "Transportation",
        "Bridge reopens after two years",
    ]
    assert [item["item"] for item in items] == [
        BASE + "/",
        BASE + story.section.get_absolute_url(),
        BASE + story.get_absolute_url(),
    ]
    for item in items:
        assert client.get(item["item"]).status_code == 200


def test_long_headline_is_cut_to_what_google_shows(client):
    headline = "Council " + "debates the budget late into the night " * 4
    article = ArticleFactory(headline=headline.strip())

    data = news_article(client.get(article.get_absolute_url()))

    assert len(data["headline"]) <= 110
    assert data["headline"].endswith("…")
    assert headline.startswith(data["headline"][:-1].rstrip())


@pytest.mark.parametrize(
    ("kind", "types"),
    [
        (Article.Kind.NEWS, ["NewsArticle"]),
        (Article.Kind.OPINION, ["OpinionNewsArticle"]),
        (Article.Kind.LETTER, ["OpinionNewsArticle"]),
        (Article.Kind.ANALYSIS, ["AnalysisNewsArticle"]),
        (Article.Kind.OBITUARY, ["NewsArticle"]),
        (Article.Kind.SPONSORED, ["NewsArticle", "AdvertiserContentArticle"]),
    ],
)
def test_type_of_work_picks_the_matching_news_article_type(client, kind, types):
    article = ArticleFactory(kind=kind)

    data = news_article(client.get(article.get_absolute_url()))

    assert _types(data) == types


def test_article_without_a_dek_is_described_by_its_opening(client):
    article = ArticleFactory(dek="", body="<p>The council met <em>Tuesday</em> &amp; voted.</p>")

    response = client.get(article.get_absolute_url())

    assert news_article(response)["description"] == "The council met Tuesday & voted."
    assert meta_names(response)["description"] == "The council met Tuesday &amp; voted."


def test_article_without_a_photo_shows_the_papers_card_not_a_broken_image(client):
    response = client.get(ArticleFactory(lead_photo=None).get_absolute_url())

    card = "http://testserver/static/img/share-card.png"
    assert news_article(response)["image"] == [card]
    og = opengraph(response)
    assert og["og:image"] == [card]
    assert (og["og:image:width"], og["og:image:height"]) == (["1200"], ["630"])
    assert meta_names(response)["twitter:card"] == "summary_large_image"
    with Image.open(finders.find("img/share-card.png")) as picture:
        assert picture.size == (1200, 630)


def test_corrections_are_marked_and_updates_are_not(client, story):
    Correction.objects.create(article=story, text="The bridge is on Main Street, not Elm.")
    Correction.objects.create(
        article=story, kind=Correction.Kind.UPDATE, text="The mayor cut the ribbon."
    )

    data = news_article(client.get(story.get_absolute_url()))

    assert [item["text"] for item in data["correction"]] == [
        "The bridge is on Main Street, not Elm."
    ]
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["dateModified"] > data["datePublished"]


def test_headline_with_script_and_quotes_cannot_break_out_of_the_page_head(client):
    headline = 'Council says "no" </script><script>alert(1)</script>'
    article = ArticleFactory(headline=headline, dek='A "quoted" dek <b>bold</b>')

    response = client.get(article.get_absolute_url())

    assert "<script>alert(1)" not in response.text
    assert news_article(response)["headline"] == headline
    og = opengraph(response)
    assert og["og:title"] == [headline]
    assert og["og:description"] == ['A "quoted" dek <b>bold</b>']


# OpenGraph, Twitter, canonical


def test_article_page_has_sharing_tags_for_a_large_card(client, story):
    Correction.objects.create(
        article=story, kind=Correction.Kind.UPDATE, text="Now open both ways."
    )
    response = client.get(story.get_absolute_url())
    og = opengraph(response)
    url = BASE + story.get_absolute_url()

    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["Bridge reopens after two years"]
    assert og["og:description"] == [story.dek]
    assert og["og:url"] == [url]
    assert og["og:site_name"] == ["The Riverside Ledger"]
    assert og["og:image:width"] == ["1200"]
    assert og["og:image:height"] == ["630"]
    assert og["og:image:alt"] == ["Cars cross the new bridge at dusk"]
    assert served_image(client, og["og:image"][0]).size == (1200, 630)
    published = timezone.localtime(story.publish_at).isoformat()
    assert og["article:published_time"] == [published]
    assert og["article:modified_time"] == [
        timezone.localtime(response.context["updated_at"]).isoformat()
    ]
    assert og["article:modified_time"] > og["article:published_time"]
    assert og["article:section"] == ["Transportation"]
    assert sorted(og["article:tag"]) == ["budget", "roads"]
    names = meta_names(response)
    assert names["twitter:card"] == "summary_large_image"
    assert names["twitter:image:alt"] == "Cars cross the new bridge at dusk"
    assert names["description"] == story.dek
    assert canonical_links(response) == [url]


def test_article_page_adds_no_query(client, story, django_assert_max_num_queries):
    # The ceiling the article page has always had (tests/articles/test_views.py).
    with django_assert_max_num_queries(12):
        response = client.get(story.get_absolute_url())
    assert opengraph(response)["article:tag"]


def test_every_page_has_exactly_one_canonical_without_the_query_string(client, story):
    pages = [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:archive"),
        reverse("neighborhoods:list"),
    ]
    for path in pages:
        response = client.get(path, {"utm_source": "newsletter"})
        assert canonical_links(response) == [BASE + path], path
        assert opengraph(response)["og:url"] == [BASE + path], path


def test_later_pages_of_a_list_are_their_own_canonical_and_say_which_page(client):
    section = SectionFactory(name="Schools", slug="schools")
    ArticleFactory.create_batch(21, section=section)

    first = client.get(section.get_absolute_url(), {"page": 1})
    second = client.get(section.get_absolute_url(), {"page": 2, "utm_source": "x"})

    assert canonical_links(first) == [BASE + "/section/schools/"]
    assert canonical_links(second) == [BASE + "/section/schools/?page=2"]
    assert "<title>Schools · The Riverside Ledger</title>" in first.text
    assert "<title>Schools (page 2) · The Riverside Ledger</title>" in second.text


def test_home_page_has_the_site_wide_sharing_defaults(client):
    response = client.get(reverse("articles:home"))
    og = opengraph(response)

    assert og["og:type"] == ["website"]
    assert og["og:title"] == ["The Riverside Ledger"]
    assert og["og:site_name"] == ["The Riverside Ledger"]
    assert og["og:description"] == ["News from every block of Riverside"]
    assert og["og:locale"] == ["en"]
    assert meta_names(response)["twitter:card"] == "summary"


def test_preview_is_not_indexed_shared_or_described(client):
    client.force_login(StaffFactory())
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.text
    assert canonical_links(response) == []
    assert "og:" not in response.text
    assert "twitter:card" not in response.text
    assert extract(response)["json-ld"] == []


# Titles and descriptions of the lists


def test_section_page_is_titled_and_described_by_the_section(client):
    section = SectionFactory(name="Schools", description="Boards, budgets and " + "x" * 300)

    response = client.get(section.get_absolute_url())

    assert "<title>Schools · The Riverside Ledger</title>" in response.text
    description = meta_names(response)["description"]
    assert description.startswith("Boards, budgets and ")
    assert len(description) <= 160
    og = opengraph(response)
    assert og["og:title"] == ["Schools"]
    assert og["og:description"] == [description]


def test_section_without_a_description_gets_a_sentence_about_it(client):
    section = SectionFactory(name="Sports", description="")

    response = client.get(section.get_absolute_url())

    assert meta_names(response)["description"] == (
        "The latest Sports stories from The Riverside Ledger."
    )


def test_author_page_is_titled_by_name_and_described_by_bio(client):
    author = AuthorFactory(name="Ana Ruiz", bio="Ana covers City Hall & the council.")
    ArticleFactory(authors=[author])

    response = client.get(author.get_absolute_url())

    assert "<title>Ana Ruiz · The Riverside Ledger</title>" in response.text
    assert meta_names(response)["description"] == "Ana covers City Hall &amp; the council."
    og = opengraph(response)
    assert og["og:title"] == ["Ana Ruiz"]
    assert og["og:type"] == ["profile"]


def test_author_without_a_bio_is_described_by_title(client):
    author = AuthorFactory(name="Sam Lee", bio="", title="Photographer")

    response = client.get(author.get_absolute_url())

    assert meta_names(response)["description"] == (
        "Stories by Sam Lee, Photographer, for The Riverside Ledger."
    )


def test_neighborhood_page_is_titled_and_described_by_the_neighborhood(client):
    described = NeighborhoodFactory(name="Riverside Heights", description="Hilltop homes.")
    plain = NeighborhoodFactory(name="Old Mill", description="")

    response = client.get(described.get_absolute_url())
    assert "<title>Riverside Heights · The Riverside Ledger</title>" in response.text
    assert meta_names(response)["description"] == "Hilltop homes."
    assert opengraph(response)["og:title"] == ["Riverside Heights"]

    response = client.get(plain.get_absolute_url())
    assert meta_names(response)["description"].startswith("News from Old Mill, ")


def test_tag_neighborhood_list_and_archive_pages_have_their_own_descriptions(client, story):
    for path, title in [
        (reverse("articles:tag", args=["roads"]), "Stories about roads"),
        (reverse("neighborhoods:list"), "Neighborhoods"),
        (reverse("neighborhoods:events"), "Events"),
        (reverse("articles:archive"), "Archive"),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert f"<title>{title} · The Riverside Ledger</title>" in response.text
        description = meta_names(response)["description"]
        assert description and description != "News from every block of Riverside", path
        assert opengraph(response)["og:title"] == [title]
