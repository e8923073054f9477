"""The RSS and Atom feeds readers subscribe to: the whole paper, a section, a tag, an author,
a neighborhood."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from photos.renditions import generate_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NeighborhoodFactory,
    PhotoFactory,
    SectionFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 822 as RSS 2.0 wants it (with a four-digit year, which the W3C validator prefers).
RFC_822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


@pytest.fixture(autouse=True)
def _paper(settings):
    settings.SITE_NAME = "The Riverside Ledger"
    settings.SITE_TAGLINE = "News from every block of Riverside"
    settings.LANGUAGE_CODE = "en"


def ago(**kwargs):
    # Whole seconds: RSS dates carry no fractions, and the tests compare them exactly.
    return (timezone.now() - timedelta(**kwargs)).replace(microsecond=0)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def parse_xml(response):
    # Our own response, not untrusted input: the standard parser is fine here.
    return ET.fromstring(response.content)  # noqa: S314


def permalink(article):
    return "http://testserver" + article.get_absolute_url()


def hidden_articles(**kwargs):
    """A draft, a scheduled and a withdrawn story: readers must never find them in a feed."""
    return [
        ArticleFactory(
            headline="Draft about the secret zoning deal",
            status=Article.Status.DRAFT,
            publish_at=None,
            **kwargs,
        ),
        ArticleFactory(
            headline="Scheduled story about the embargoed report",
            publish_at=timezone.now() + timedelta(days=2),
            **kwargs,
        ),
        ArticleFactory(
            headline="Withdrawn story about the lawsuit",
            status=Article.Status.WITHDRAWN,
            publish_at=ago(days=1),
            **kwargs,
        ),
    ]


def photo_with_renditions(**kwargs):
    """A 1200-pixel-wide photo with its renditions made, as the worker would have."""
    photo = PhotoFactory(**kwargs)
    generate_renditions(photo)
    return photo


# Every kind of feed, each in RSS and Atom, with the page it belongs to.

FEEDS = [
    ("feed", "feed_atom", "home"),
    ("section_feed", "section_feed_atom", "section"),
    ("tag_feed", "tag_feed_atom", "tag"),
    ("author_feed", "author_feed_atom", "author"),
    ("neighborhood_feed", "neighborhood_feed_atom", "neighborhood"),
]
EVERY_FEED = [name for rss, atom, _page in FEEDS for name in (rss, atom)]


@pytest.fixture
def subjects():
    """One section, tag, author and neighborhood, each with two stories of its own, hidden
    stories and a story elsewhere that its feed must leave out."""
    section = SectionFactory(name="Schools", slug="schools")
    author = AuthorFactory(name="Ana Ruiz", slug="ana-ruiz")
    neighborhood = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    older = ArticleFactory(
        headline="Robotics team heads to state",
        section=section,
        authors=[author],
        publish_at=ago(hours=5),
    )
    newer = ArticleFactory(
        headline="Board adopts later start times",
        section=section,
        authors=[author],
        publish_at=ago(hours=2),
    )
    for article in (older, newer):
        article.tags.add("education")
        article.neighborhoods.add(neighborhood)
    for article in hidden_articles(section=section, authors=[author]):
        article.tags.add("education")
        article.neighborhoods.add(neighborhood)
    elsewhere = ArticleFactory(headline="Bakery turns fifty", publish_at=ago(hours=1))
    return {
        "feed": {},
        "section_feed": {"slug": "schools"},
        "tag_feed": {"slug": "education"},
        "author_feed": {"slug": "ana-ruiz"},
        "neighborhood_feed": {"slug": "eastbank"},
        "stories": [newer, older],
        "elsewhere": elsewhere,
    }


def feed_url(name, subjects):
    kwargs = subjects[name.removesuffix("_atom")]
    return reverse(f"articles:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", EVERY_FEED)
def test_every_feed_parses_and_lists_only_its_published_stories_newest_first(
    client, subjects, name
):
    _response, feed = fetch(client, feed_url(name, subjects))

    expected = subjects["stories"]
    if name.startswith("feed"):
        expected = [subjects["elsewhere"], *expected]
    assert [entry.title for entry in feed.entries] == [a.headline for a in expected]
    assert [entry.link for entry in feed.entries] == [permalink(a) for a in expected]
    text = str(feed)
    for hidden in ("secret zoning", "embargoed report", "lawsuit"):
        assert hidden not in text


@pytest.mark.parametrize(("rss", "atom", "page"), FEEDS)
def test_feed_names_the_paper_and_its_subject(client, subjects, rss, atom, page):
    titles = {
        "home": "The Riverside Ledger",
        "section": "The Riverside Ledger — Schools",
        "tag": "The Riverside Ledger — education",
        "author": "The Riverside Ledger — Ana Ruiz",
        "neighborhood": "The Riverside Ledger — Eastbank",
    }
    for name, content_type in ((rss, "application/rss+xml"), (atom, "application/atom+xml")):
        response, feed = fetch(client, feed_url(name, subjects))

        assert response["Content-Type"] == f"{content_type}; charset=utf-8"
        assert feed.feed.title == titles[page]
        assert feed.feed.link.startswith("http://testserver/")
        assert feed.feed.language == "en"
        assert feed.version == ("rss20" if name == rss else "atom10")


def test_rss_items_carry_dates_guids_summary_and_full_text(client):
    published = ago(hours=3)
    article = ArticleFactory(
        dek="The vote was 5 to 2.",
        body='<p>The council met. <a href="/section/news/">More news</a>.</p>',
        publish_at=published,
    )

    response, feed = fetch(client, reverse("articles:feed"))

    entry = feed.entries[0]
    assert entry.id == permalink(article)
    assert entry.summary == "The vote was 5 to 2."
    # The whole story, its links made absolute for readers away from the site.
    assert entry.content[0].value == (
        '<p>The council met. <a href="http://testserver/section/news/">More news</a>.</p>'
    )
    xml = parse_xml(response)
    item = xml.find("channel/item")
    assert item.find("guid").get("isPermaLink") == "true"
    assert RFC_822.match(item.find("pubDate").text)
    assert parsedate_to_datetime(item.find("pubDate").text) == published
    assert parsedate_to_datetime(entry.published).tzinfo is not None


def test_atom_entries_carry_published_and_the_update_time_the_page_shows(client):
    published = ago(hours=6)
    corrected = ArticleFactory(publish_at=published)
    Article.objects.filter(pk=corrected.pk).update(updated_at=published)
    correction = Correction.objects.create(
        article=corrected, text="The vote was 5 to 2, not 6 to 1.", published_at=ago(hours=1)
    )
    # Saved a few minutes after publishing: not an update the page mentions.
    retouched = ArticleFactory(publish_at=ago(hours=8))
    Article.objects.filter(pk=retouched.pk).update(
        updated_at=retouched.publish_at + timedelta(minutes=4)
    )

    _response, feed = fetch(client, reverse("articles:feed_atom"))

    by_link = {entry.link: entry for entry in feed.entries}
    entry = by_link[permalink(corrected)]
    assert datetime.fromisoformat(entry.published) == published
    assert datetime.fromisoformat(entry.updated) == correction.published_at
    page = client.get(corrected.get_absolute_url())
    assert page.context["updated_at"] == correction.published_at
    plain = by_link[permalink(retouched)]
    assert datetime.fromisoformat(plain.updated) == retouched.publish_at
    # The feed itself was last updated with its latest change.
    assert datetime.fromisoformat(feed.feed.updated) == correction.published_at


@pytest.mark.parametrize("name", ["feed", "feed_atom"])
def test_bylines_section_and_tags_reach_the_reader(client, name):
    section = SectionFactory(name="City Hall")
    article = ArticleFactory(
        section=section,
        authors=[AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Ode")],
    )
    article.tags.add("budget", "taxes")

    _response, feed = fetch(client, reverse(f"articles:{name}"))

    entry = feed.entries[0]
    assert [author.name for author in entry.authors] == ["Ana Ruiz", "Ben Ode"]
    assert [tag.term for tag in entry.tags] == ["City Hall", "budget", "taxes"]
    if name == "feed_atom":
        assert entry.authors[0].href == "http://testserver" + reverse(
            "articles:author", kwargs={"slug": article.bylines.first().author.slug}
        )


def test_rss_bylines_are_dc_creator_not_author_without_an_email(client):
    ArticleFactory(authors=[AuthorFactory(name="Ana Ruiz")])

    response = client.get(reverse("articles:feed"))

    item = parse_xml(response).find("channel/item")
    assert item.find("author") is None
    assert item.find("{http://purl.org/dc/elements/1.1/}creator").text == "Ana Ruiz"


@pytest.mark.parametrize("name", ["feed", "feed_atom"])
def test_headline_with_ampersand_and_angle_brackets_arrives_as_written(client, name):
    ArticleFactory(headline='Fish & chips <fried> at "Joe\'s"', dek="Salt & vinegar <extra>.")

    _response, feed = fetch(client, reverse(f"articles:{name}"))

    entry = feed.entries[0]
    assert entry.title == 'Fish & chips <fried> at "Joe\'s"'
    assert entry.summary == "Salt &amp; vinegar &lt;extra&gt;."


def test_story_without_a_summary_is_summed_up_by_its_first_words(client):
    ArticleFactory(dek="", body="<p>Fish &amp; chips <em>tonight</em>.</p><p>More.</p>")

    _response, feed = fetch(client, reverse("articles:feed"))

    assert feed.entries[0].summary == "Fish &amp; chips tonight. More."


@pytest.mark.parametrize("name", ["feed", "feed_atom"])
def test_sponsored_content_is_labelled(client, name):
    ArticleFactory(headline="Visit the new garden center", kind=Article.Kind.SPONSORED)

    _response, feed = fetch(client, reverse(f"articles:{name}"))

    assert feed.entries[0].title == "Sponsored: Visit the new garden center"


@pytest.mark.parametrize("name", ["feed", "feed_atom"])
def test_lead_photo_is_an_enclosure_with_its_real_length(client, name):
    photo = photo_with_renditions()
    ArticleFactory(lead_photo=photo)
    rendition = photo.rendition(1200)
    assert rendition["width"] == 1200

    _response, feed = fetch(client, reverse(f"articles:{name}"))

    [enclosure] = feed.entries[0].enclosures
    assert enclosure.href == "http://testserver" + rendition["url"]
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == default_storage.size(rendition["name"]) > 0


def test_smaller_photo_uses_its_largest_rendition(client):
    photo = photo_with_renditions(image=image_upload(width=1000, height=600))
    ArticleFactory(lead_photo=photo)

    _response, feed = fetch(client, reverse("articles:feed"))

    [enclosure] = feed.entries[0].enclosures
    assert enclosure.href.endswith("-800.jpg")


def test_no_enclosure_until_renditions_exist_or_when_the_file_is_gone(client):
    waiting = ArticleFactory(lead_photo=PhotoFactory(), publish_at=ago(hours=2))
    photo = photo_with_renditions()
    lost = ArticleFactory(lead_photo=photo, publish_at=ago(hours=1))
    default_storage.delete(photo.rendition(1200)["name"])

    _response, feed = fetch(client, reverse("articles:feed"))

    by_link = {entry.link: entry for entry in feed.entries}
    assert by_link[permalink(waiting)].enclosures == []
    assert by_link[permalink(lost)].enclosures == []


def test_feed_holds_the_thirty_newest_stories(client):
    articles = [ArticleFactory(publish_at=ago(hours=n + 1)) for n in range(32)]

    _response, feed = fetch(client, reverse("articles:feed"))

    assert [entry.link for entry in feed.entries] == [permalink(a) for a in articles[:30]]


@pytest.mark.parametrize("name", EVERY_FEED)
def test_feed_costs_the_same_queries_however_many_stories(
    client, subjects, name, django_assert_max_num_queries
):
    photo = photo_with_renditions()
    authors = AuthorFactory.create_batch(2)
    section = subjects["stories"][0].section
    neighborhood = subjects["stories"][0].neighborhoods.get()
    for n in range(35):
        article = ArticleFactory(
            section=section,
            lead_photo=photo,
            authors=[subjects["stories"][0].bylines.get().author, *authors[: n % 3]],
        )
        article.tags.add("education", f"tag-{n}")
        article.neighborhoods.add(neighborhood)
        Correction.objects.create(article=article, text="Fixed a name.")

    with django_assert_max_num_queries(6):
        _response, feed = fetch(client, feed_url(name, subjects))

    assert len(feed.entries) == 30
    assert all(entry.enclosures for entry in feed.entries)


@pytest.mark.parametrize("name", [name for name in EVERY_FEED if not name.startswith("feed")])
def test_unknown_subject_is_not_found(client, name):
    assert client.get(reverse(f"articles:{name}", kwargs={"slug": "nope"})).status_code == 404


def test_tag_used_only_on_unpublished_stories_has_no_feed(client):
    for article in hidden_articles():
        article.tags.add("zoning-deal")

    response = client.get(reverse("articles:tag_feed", kwargs={"slug": "zoning-deal"}))

    assert response.status_code == 404


# What the W3C feed validator checks, as far as it can be checked offline.


@pytest.mark.parametrize("name", EVERY_FEED)
def test_feed_follows_the_validators_rules(client, subjects, name):
    subjects["stories"][0].lead_photo = photo_with_renditions()
    subjects["stories"][0].save()
    url = feed_url(name, subjects)

    response = client.get(url)

    root = parse_xml(response)
    if root.tag == "rss":
        channel = root.find("channel")
        self_links = channel.findall(f"{ATOM}link[@rel='self']")
        assert [link.get("href") for link in self_links] == ["http://testserver" + url]
        assert channel.find("description").text
        assert RFC_822.match(channel.find("lastBuildDate").text)
        items = channel.findall("item")
        guids = [item.find("guid").text for item in items]
        assert all(RFC_822.match(item.find("pubDate").text) for item in items)
        addresses = [channel.find("link").text, *guids]
        addresses += [item.find("link").text for item in items]
        addresses += [e.get("url") for e in channel.iter("enclosure")]
    else:
        self_links = root.findall(f"{ATOM}link[@rel='self']")
        assert [link.get("href") for link in self_links] == ["http://testserver" + url]
        entries = root.findall(f"{ATOM}entry")
        guids = [entry.find(f"{ATOM}id").text for entry in entries]
        assert all(entry.find(f"{ATOM}updated") is not None for entry in entries)
        assert all(
            entry.find(f"{ATOM}author") is not None or root.find(f"{ATOM}author") is not None
            for entry in entries
        )
        addresses = [link.get("href") for link in root.iter(f"{ATOM}link")]
        addresses += [uri.text for uri in root.iter(f"{ATOM}uri")]
    assert len(guids) == len(set(guids)) >= 2
    assert any("/media/" in address for address in addresses)
    assert all(address.startswith("http://testserver/") for address in addresses)


def test_atom_dates_are_timezone_aware(client):
    published = ago(hours=3)
    ArticleFactory(publish_at=published)

    _response, feed = fetch(client, reverse("articles:feed_atom"))

    parsed = datetime.fromisoformat(feed.entries[0].published)
    assert parsed.tzinfo is not None
    assert parsed.astimezone(UTC) == published


# Caching


def test_unchanged_feed_answers_not_modified_and_a_change_is_seen(client):
    ArticleFactory(headline="Council approves budget")
    url = reverse("articles:feed")

    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    # Published with an earlier date than the newest story: the feed changed all the same.
    ArticleFactory(headline="Late story from last week", publish_at=ago(days=7))
    after = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert "public" in first["Cache-Control"]
    assert "Last-Modified" not in first
    assert again.status_code == 304
    assert after.status_code == 200
    assert b"Late story from last week" in after.content


# The pages link their feeds


def alternate_feeds(response):
    return re.findall(
        r'<link rel="alternate" type="application/rss\+xml" title="([^"]*)" href="([^"]*)">',
        response.content.decode(),
    )


@pytest.mark.parametrize(("rss", "atom", "page"), FEEDS)
def test_every_list_page_links_its_feed_and_the_papers(client, subjects, rss, atom, page):
    urls = {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": "schools"}),
        "tag": reverse("articles:tag", kwargs={"slug": "education"}),
        "author": reverse("articles:author", kwargs={"slug": "ana-ruiz"}),
        "neighborhood": reverse("neighborhoods:detail", kwargs={"slug": "eastbank"}),
    }

    response = client.get(urls[page])

    assert response.status_code == 200
    paper = ("The Riverside Ledger", reverse("articles:feed"))
    own_feed = feed_url(rss, subjects)
    if page == "home":
        assert alternate_feeds(response) == [paper]
    else:
        [(title, href), also] = alternate_feeds(response)
        assert href == own_feed
        assert title.startswith("The Riverside Ledger — ")
        assert also == paper
        assert (
            f'<a href="{own_feed}" type="application/rss+xml">RSS feed</a>'
            in response.content.decode()
        )
    # The linked feed is the page's own: the same title a feed reader will show.
    _response, feed = fetch(client, alternate_feeds(response)[0][1])
    assert feed.feed.title == alternate_feeds(response)[0][0]


def test_story_pages_link_the_papers_feed(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    assert alternate_feeds(response) == [("The Riverside Ledger", reverse("articles:feed"))]
