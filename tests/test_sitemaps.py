"""The sitemaps search engines read: every published story and no other, with when it last
changed; the sections, authors and neighborhoods; the Google News sitemap."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.sitemaps import ArticleSitemap
from articles.views import displayed_update_time
from neighborhoods.models import Approval
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    MeetingFactory,
    NeighborhoodFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def _paper(settings):
    settings.SITE_NAME = "The Riverside Ledger"
    settings.LANGUAGE_CODE = "en"


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def section_url(section):
    return reverse("sitemap_section", kwargs={"section": section})


def parse_xml(response):
    # Our own response, not untrusted input: the standard parser is fine here.
    return ET.fromstring(response.content)  # noqa: S314


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return parse_xml(response)


def urls(root):
    """{address: lastmod or None} of a <urlset>."""
    return {
        url.find(f"{SITEMAP}loc").text: (
            datetime.fromisoformat(url.find(f"{SITEMAP}lastmod").text)
            if url.find(f"{SITEMAP}lastmod") is not None
            else None
        )
        for url in root.findall(f"{SITEMAP}url")
    }


def absolute(path):
    return "http://testserver" + path


def unpublished_articles():
    return [
        ArticleFactory(status=Article.Status.DRAFT, publish_at=None),
        ArticleFactory(status=Article.Status.REVIEW, publish_at=None),
        ArticleFactory(publish_at=timezone.now() + timedelta(hours=3)),
        ArticleFactory(status=Article.Status.WITHDRAWN, publish_at=ago(days=3)),
    ]


def test_index_lists_every_sitemap_with_its_last_change(client):
    article = ArticleFactory()

    root = fetch(client, reverse("sitemap_index"))

    listed = {
        sitemap.find(f"{SITEMAP}loc").text: sitemap.find(f"{SITEMAP}lastmod")
        for sitemap in root.findall(f"{SITEMAP}sitemap")
    }
    expected = ["articles", "news", "sections", "authors", "neighborhoods", "meetings"]
    assert list(listed) == [absolute(section_url(name)) for name in expected]
    last_change = datetime.fromisoformat(listed[absolute(section_url("articles"))].text)
    assert last_change == article.updated_at
    for address in listed:
        assert client.get(address).status_code == 200


def test_article_sitemap_lists_every_published_story_and_no_other(client):
    published = [ArticleFactory(publish_at=ago(days=n)) for n in range(1, 6)]
    hidden = unpublished_articles()

    listed = urls(fetch(client, section_url("articles")))

    assert set(listed) == {absolute(article.get_absolute_url()) for article in published}
    for article in hidden:
        assert article.slug not in "".join(listed)
    # Oldest first: each page of 50,000 keeps its stories as new ones arrive.
    assert list(listed) == [absolute(a.get_absolute_url()) for a in reversed(published)]
    assert all(lastmod.tzinfo is not None for lastmod in listed.values())


def test_large_sitemaps_are_split_into_pages_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [ArticleFactory(publish_at=ago(hours=n)) for n in range(5, 0, -1)]

    index = fetch(client, reverse("sitemap_index"))
    pages = [
        sitemap.find(f"{SITEMAP}loc").text
        for sitemap in index.findall(f"{SITEMAP}sitemap")
        if "articles" in sitemap.find(f"{SITEMAP}loc").text
    ]

    base = absolute(section_url("articles"))
    assert pages == [base, f"{base}?p=2", f"{base}?p=3"]
    listed = [address for page in pages for address in urls(fetch(client, page))]
    assert listed == [absolute(a.get_absolute_url()) for a in articles]
    assert client.get(f"{base}?p=4").status_code == 404


def test_article_sitemap_costs_the_same_queries_however_many_stories(
    client, django_assert_max_num_queries
):
    for n in range(40):
        article = ArticleFactory(publish_at=ago(hours=n + 1))
        Correction.objects.create(article=article, text="Fixed a name.")

    with django_assert_max_num_queries(2):
        listed = urls(fetch(client, section_url("articles")))

    assert len(listed) == 40


def make_article(*, edited_after=None, corrected_after=None, correction_kind="correction"):
    """A story published three hours ago, saved and corrected that long after."""
    published = ago(hours=3)
    article = ArticleFactory(publish_at=published)
    updated_at = published + (edited_after or timedelta(0))
    Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
    if corrected_after is not None:
        Correction.objects.create(
            article=article,
            kind=correction_kind,
            text="Fixed.",
            published_at=published + corrected_after,
        )
    article.refresh_from_db()
    return article


@pytest.mark.parametrize(
    ("edited_after", "corrected_after", "expected_after"),
    [
        # Untouched since publication: its publication.
        (None, None, timedelta(0)),
        # A typo fixed within minutes is not an update the page shows.
        (timedelta(minutes=5), None, timedelta(0)),
        # An edit an hour later is.
        (timedelta(hours=1), None, timedelta(hours=1)),
        # So is a correction, whenever it came; the latest change wins.
        (None, timedelta(minutes=10), timedelta(minutes=10)),
        (timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)),
        (timedelta(hours=2), timedelta(hours=1), timedelta(hours=2)),
        # A correction scheduled for later is not shown yet.
        (None, timedelta(hours=5), timedelta(0)),
    ],
)
def test_story_lastmod_is_the_update_time_its_page_shows(
    client, edited_after, corrected_after, expected_after
):
    article = make_article(edited_after=edited_after, corrected_after=corrected_after)

    listed = urls(fetch(client, section_url("articles")))

    lastmod = listed[absolute(article.get_absolute_url())]
    assert lastmod == article.publish_at + expected_after
    page = client.get(article.get_absolute_url())
    shown = displayed_update_time(article, page.context["corrections"])
    assert lastmod == (shown or article.publish_at)


def test_editing_a_published_story_moves_its_lastmod(client):
    article = make_article()
    before = urls(fetch(client, section_url("articles")))[absolute(article.get_absolute_url())]

    article.dek = "A new summary, a day later."
    article.save()
    after = urls(fetch(client, section_url("articles")))[absolute(article.get_absolute_url())]

    assert before == article.publish_at
    assert after == article.updated_at > before


def test_sections_authors_and_neighborhoods_are_listed_with_their_latest_story(client):
    schools = SectionFactory(slug="schools")
    empty = SectionFactory(slug="empty")
    writer, newcomer = AuthorFactory(slug="ana-ruiz"), AuthorFactory(slug="new-hire")
    eastbank, quiet = NeighborhoodFactory(slug="eastbank"), NeighborhoodFactory(slug="quiet")
    latest = ArticleFactory(section=schools, authors=[writer], publish_at=ago(hours=2))
    latest.neighborhoods.add(eastbank)
    ArticleFactory(section=schools, authors=[writer], publish_at=ago(days=2))
    # The newcomer's only story is a draft: no page worth indexing yet, and no hint of it.
    draft = ArticleFactory(
        section=schools, authors=[newcomer], status=Article.Status.DRAFT, publish_at=None
    )
    draft.neighborhoods.add(quiet)

    sections = urls(fetch(client, section_url("sections")))
    authors = urls(fetch(client, section_url("authors")))
    neighborhoods = urls(fetch(client, section_url("neighborhoods")))

    assert sections == {
        absolute(schools.get_absolute_url()): latest.publish_at,
        absolute(empty.get_absolute_url()): None,
    }
    assert authors == {absolute(writer.get_absolute_url()): latest.publish_at}
    assert neighborhoods == {
        absolute(eastbank.get_absolute_url()): latest.publish_at,
        absolute(quiet.get_absolute_url()): None,
    }


def test_neighborhood_changes_with_its_meetings_and_only_approved_meetings_are_listed(client):
    meeting = MeetingFactory()
    pending = MeetingFactory(approval=Approval.PENDING)
    [neighborhood] = meeting.association.neighborhoods.all()

    neighborhoods = urls(fetch(client, section_url("neighborhoods")))
    meetings = urls(fetch(client, section_url("meetings")))

    assert neighborhoods[absolute(neighborhood.get_absolute_url())] == meeting.updated_at
    assert meetings == {absolute(meeting.get_absolute_url()): meeting.updated_at}
    assert absolute(pending.get_absolute_url()) not in meetings


def test_unknown_sitemap_is_not_found(client):
    assert client.get(section_url("nope")).status_code == 404


# Google News


def test_news_sitemap_lists_the_last_two_days_without_sponsored_content(client):
    today = ArticleFactory(headline="Fish & chips <fried> tonight", publish_at=ago(hours=3))
    yesterday = ArticleFactory(publish_at=ago(hours=30))
    ArticleFactory(headline="Three days old", publish_at=ago(days=3))
    ArticleFactory(headline="Garden center ad", kind=Article.Kind.SPONSORED)
    opinion = ArticleFactory(kind=Article.Kind.OPINION, publish_at=ago(hours=4))
    hidden = unpublished_articles()

    response = client.get(section_url("news"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in response.content
    root = parse_xml(response)
    entries = root.findall(f"{SITEMAP}url")
    assert [url.find(f"{SITEMAP}loc").text for url in entries] == [
        absolute(a.get_absolute_url()) for a in (today, opinion, yesterday)
    ]
    assert not any(a.slug in response.content.decode() for a in hidden)
    news = entries[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "The Riverside Ledger"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    published = news.find(f"{NEWS}publication_date").text
    assert datetime.fromisoformat(published) == today.publish_at
    assert news.find(f"{NEWS}title").text == "Fish & chips <fried> tonight"


def test_news_sitemap_names_the_language_as_google_wants_it(client, settings):
    settings.LANGUAGE_CODE = "es-mx"
    ArticleFactory()

    root = fetch(client, section_url("news"))

    language = root.find(f"{SITEMAP}url/{NEWS}news/{NEWS}publication/{NEWS}language")
    assert language.text == "es"


def test_news_sitemap_holds_at_most_a_thousand_stories(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.NEWS_LIMIT", 3)
    articles = [ArticleFactory(publish_at=ago(hours=n + 1)) for n in range(5)]

    root = fetch(client, section_url("news"))

    listed = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    assert listed == [absolute(a.get_absolute_url()) for a in articles[:3]]
