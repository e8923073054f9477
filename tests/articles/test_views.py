"""What readers see on the public pages, and what they must never see."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.cache import pages_changed
from photos.renditions import generate_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    GalleryFactory,
    GalleryPhotoFactory,
    NeighborhoodFactory,
    PhotoFactory,
    SectionFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


def small_photo(**kwargs):
    """A photo with its renditions made, as the worker would have done after upload."""
    photo = PhotoFactory(image=image_upload(width=640, height=400), **kwargs)
    generate_renditions(photo)
    return photo


def hidden_articles(**kwargs):
    """A draft and a scheduled article, both of which readers must never find."""
    draft = ArticleFactory(
        headline="Draft about the secret zoning deal",
        slug="secret-draft",
        status=Article.Status.DRAFT,
        publish_at=None,
        **kwargs,
    )
    scheduled = ArticleFactory(
        headline="Scheduled story about the embargoed report",
        slug="embargoed-report",
        publish_at=timezone.now() + timedelta(days=2),
        **kwargs,
    )
    return draft, scheduled


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


# Home


def test_home_shows_lead_top_stories_sections_and_latest(client):
    news, sports = SectionFactory(name="News"), SectionFactory(name="Sports")
    lead = ArticleFactory(
        headline="Bridge reopens after two years",
        section=news,
        priority=Article.Priority.LEAD,
        publish_at=timezone.now() - timedelta(hours=5),
    )
    top = ArticleFactory(
        headline="School board picks a new superintendent",
        section=news,
        priority=Article.Priority.TOP,
    )
    game = ArticleFactory(headline="Wildcats win in double overtime", section=sports)

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert response.context["lead"] == lead
    assert response.context["top_stories"] == [top]
    fronts = {
        front["section"].name: front["articles"] for front in response.context["section_fronts"]
    }
    # The lead and top stories already have their place; sections show the rest.
    assert fronts == {"Sports": [game]}
    assert [a.pk for a in response.context["latest"]] == [game.pk, top.pk, lead.pk]
    content = response.content.decode()
    assert "Bridge reopens after two years" in content
    assert "Top stories" in content
    assert "Wildcats win in double overtime" in content
    assert f'datetime="{timezone.localtime(game.publish_at).isoformat()}"' in content


def test_newest_story_leads_when_none_is_marked_lead(client):
    ArticleFactory(headline="Older story", publish_at=timezone.now() - timedelta(days=1))
    newest = ArticleFactory(headline="Newest story", publish_at=timezone.now() - timedelta(hours=1))

    response = client.get(reverse("articles:home"))

    assert response.context["lead"] == newest


def test_newest_lead_story_wins_over_newer_normal_stories(client):
    lead = ArticleFactory(
        priority=Article.Priority.LEAD, publish_at=timezone.now() - timedelta(days=1)
    )
    ArticleFactory(publish_at=timezone.now() - timedelta(minutes=5))

    response = client.get(reverse("articles:home"))

    assert response.context["lead"] == lead


def test_home_shows_at_most_three_stories_per_section(client):
    section = SectionFactory(name="Schools")
    stories = [
        ArticleFactory(section=section, publish_at=timezone.now() - timedelta(hours=hours))
        for hours in range(1, 7)
    ]

    response = client.get(reverse("articles:home"))

    (front,) = response.context["section_fronts"]
    # stories[0] is the lead; the section shows the next three, newest first.
    assert front["articles"] == stories[1:4]


def test_empty_paper_home_says_nothing_is_published_yet(client):
    hidden_articles()

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert "No stories have been published yet" in response.content.decode()


def test_home_lead_photo_loads_eagerly_and_later_photos_lazily(client):
    ArticleFactory(priority=Article.Priority.LEAD, lead_photo=small_photo(alt_text="Lead alt"))
    ArticleFactory(priority=Article.Priority.TOP, lead_photo=small_photo(alt_text="Top alt"))

    content = client.get(reverse("articles:home")).content.decode()

    assert re.search(r'<img (?=[^>]*alt="Lead alt")(?=[^>]*loading="eager")', content)
    assert re.search(r'<img (?=[^>]*alt="Top alt")(?=[^>]*loading="lazy")', content)


def test_home_query_count_does_not_grow_with_content(client, django_assert_max_num_queries):
    sections = SectionFactory.create_batch(2)
    authors = AuthorFactory.create_batch(3)
    photo = small_photo()
    # Enough that every block of the page has something: a lead, a top story, two sections.
    for section in sections:
        ArticleFactory(section=section, lead_photo=photo, authors=authors[:2])
        ArticleFactory(section=section, priority=Article.Priority.TOP)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("articles:home"))

    sections += SectionFactory.create_batch(4)
    photos = [small_photo() for _ in range(3)]
    for n in range(30):
        ArticleFactory(
            section=sections[n % 6],
            lead_photo=photos[n % 3],
            authors=authors[: 1 + n % 3],
            priority=Article.Priority.TOP if n % 7 == 0 else Article.Priority.NORMAL,
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("articles:home"))

    assert len(response.context["section_fronts"]) == 6
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("articles:home"))
    assert len(many) == len(few)


# Article page


def test_article_page_shows_everything_a_reader_expects(client):
    section = SectionFactory(name="City Hall")
    editor = AuthorFactory(name="Maria Delgado", title="Managing Editor")
    contributor = AuthorFactory(name="Lena Park", title="Contributor")
    gallery = GalleryFactory(title="Scenes from the ribbon cutting")
    GalleryPhotoFactory(gallery=gallery, photo=small_photo(alt_text="Crowd at the bridge"))
    neighborhood = NeighborhoodFactory(name="Eastbank")
    article = ArticleFactory(
        headline="Bridge reopens after two years",
        dek="Commuters cheered as the first cars crossed.",
        body="<p>The Elm Street bridge <strong>reopened</strong> on Monday.</p>",
        section=section,
        authors=[editor, contributor],
        lead_photo=small_photo(
            caption="The mayor cuts the ribbon.", credit="James Whitfield", alt_text="Mayor"
        ),
        gallery=gallery,
    )
    article.tags.add("transportation")
    article.neighborhoods.add(neighborhood)
    other = ArticleFactory(headline="Library extends weekend hours")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Bridge reopens after two years" in content
    assert "Commuters cheered as the first cars crossed." in content
    assert f'href="{editor.get_absolute_url()}">Maria Delgado</a>' in content
    assert "Managing Editor" in content and "Contributor" in content
    assert content.index("Maria Delgado") < content.index("Lena Park")
    assert f'datetime="{timezone.localtime(article.publish_at).isoformat()}"' in content
    assert "The mayor cuts the ribbon." in content and "James Whitfield" in content
    assert re.search(r'<img (?=[^>]*alt="Mayor")(?=[^>]*loading="eager")', content)
    assert "<strong>reopened</strong>" in content
    assert "Scenes from the ribbon cutting" in content
    assert re.search(r'<img (?=[^>]*alt="Crowd at the bridge")(?=[^>]*loading="lazy")', content)
    assert 'href="/tag/transportation/">transportation</a>' in content
    assert f'href="{neighborhood.get_absolute_url()}">Eastbank</a>' in content
    assert "More news" in content and "Library extends weekend hours" in content
    assert other.get_absolute_url() in content
    # Readers never get the original upload, only renditions.
    assert article.lead_photo.image.url not in content


def test_opinion_is_labelled_and_plain_news_is_not(client):
    opinion = ArticleFactory(kind=Article.Kind.OPINION)
    news = ArticleFactory(kind=Article.Kind.NEWS)

    opinion_page = client.get(opinion.get_absolute_url()).content.decode()
    news_page = client.get(news.get_absolute_url()).content.decode()

    assert 'class="label label-opinion">Opinion</span>' in opinion_page
    assert 'class="label label-news"' not in news_page


def test_update_time_is_shown_only_when_the_story_changed_later(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=1))

    assert "Updated" in client.get(article.get_absolute_url()).content.decode()

    Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)
    pages_changed()  # update() sends no signal: code that writes this way says so itself
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()


def test_body_html_renders_but_headline_and_dek_are_escaped(client):
    article = ArticleFactory(
        headline="<em>Shouting</em> headline",
        dek="<b>bold</b> dek",
        body='<p>Fine <em>text</em></p><script>alert(1)</script><img src=x onerror="alert(2)">',
    )

    content = client.get(article.get_absolute_url()).content.decode()

    assert "&lt;em&gt;Shouting&lt;/em&gt; headline" in content
    assert "&lt;b&gt;bold&lt;/b&gt; dek" in content
    assert "<p>Fine <em>text</em></p>" in content
    assert "<script>alert(1)" not in content
    assert "onerror" not in content


def test_draft_and_scheduled_articles_are_not_found(client):
    draft, scheduled = hidden_articles()
    # A draft has no public address; try the one it would have if it had a date.
    draft.publish_at = timezone.now() - timedelta(days=1)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_permalink_uses_the_local_publication_date(client, settings):
    settings.TIME_ZONE = "America/Chicago"
    # 03:00 UTC on March 10 is still the evening of March 9 in Chicago.
    article = ArticleFactory(slug="late-meeting", publish_at=datetime(2026, 3, 10, 3, tzinfo=UTC))

    assert article.get_absolute_url() == "/2026/03/09/late-meeting/"
    assert client.get("/2026/03/09/late-meeting/").status_code == 200


@pytest.mark.parametrize(
    "wrong_path",
    ["/2026/03/10/late-meeting/", "/2025/01/01/late-meeting/", "/2026/3/9/late-meeting/"],
)
def test_article_at_a_wrong_date_redirects_permanently_to_its_permalink(client, wrong_path):
    ArticleFactory(slug="late-meeting", publish_at=datetime(2026, 3, 10, 3, tzinfo=UTC))

    response = client.get(wrong_path)

    assert response.status_code == 301
    assert response["Location"] == "/2026/03/09/late-meeting/"


def test_article_page_query_count_is_capped(client, django_assert_max_num_queries):
    gallery = GalleryFactory()
    for _ in range(4):
        GalleryPhotoFactory(gallery=gallery, photo=small_photo())
    SectionFactory.create_batch(6)
    article = ArticleFactory(
        authors=AuthorFactory.create_batch(3), lead_photo=small_photo(), gallery=gallery
    )
    article.tags.add("roads", "budget", "council")
    article.neighborhoods.add(*NeighborhoodFactory.create_batch(3))
    ArticleFactory.create_batch(8, lead_photo=article.lead_photo)

    # 10, plus 2 for the comment thread (the site's comment policy and the comments).
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["gallery_items"]) == 4


# Lists: section, tag, author, archive


def test_drafts_and_scheduled_articles_never_appear_on_any_page(client):
    section = SectionFactory(slug="city")
    author = AuthorFactory(slug="maria")
    neighborhood = NeighborhoodFactory(slug="eastbank")
    visible = ArticleFactory(section=section, authors=[author], headline="Visible story")
    for article in (visible, *hidden_articles(section=section, authors=[author])):
        article.tags.add("zoning")
        article.neighborhoods.add(neighborhood)
    local = timezone.localtime(visible.publish_at)

    pages = [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"slug": "city"}),
        reverse("articles:tag", kwargs={"slug": "zoning"}),
        reverse("articles:author", kwargs={"slug": "maria"}),
        reverse("articles:archive"),
        reverse("articles:archive_year", kwargs={"year": local.year}),
        reverse("articles:archive_month", kwargs={"year": local.year, "month": f"{local:%m}"}),
        reverse("neighborhoods:list"),
        reverse("neighborhoods:detail", kwargs={"slug": "eastbank"}),
        visible.get_absolute_url(),
    ]
    for page in pages:
        response = client.get(page)
        content = response.content.decode()
        assert response.status_code == 200, page
        assert "secret zoning deal" not in content, page
        assert "embargoed report" not in content, page
        assert "secret-draft" not in content, page
        assert "embargoed-report" not in content, page


def test_section_page_lists_its_published_stories(client):
    schools = SectionFactory(name="Schools", slug="schools", description="Our schools, daily.")
    mine = ArticleFactory(section=schools, headline="Robotics team heads to state")
    ArticleFactory(headline="Unrelated council story")

    response = client.get(reverse("articles:section", kwargs={"slug": "schools"}))

    assert list(response.context["object_list"]) == [mine]
    content = response.content.decode()
    assert "<h1>Schools</h1>" in content
    assert "Our schools, daily." in content
    assert "Robotics team heads to state" in content
    assert "Unrelated council story" not in content
    assert 'aria-current="page">Schools</a>' in content


def test_unknown_section_is_not_found(client):
    assert client.get(reverse("articles:section", kwargs={"slug": "nope"})).status_code == 404


def test_lists_show_twenty_stories_a_page_with_links_between_pages(client):
    section = SectionFactory(slug="news")
    ArticleFactory.create_batch(25, section=section)
    url = reverse("articles:section", kwargs={"slug": "news"})

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["object_list"]) == 20
    assert len(second.context["object_list"]) == 5
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?page=1" rel="prev"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert client.get(url, {"page": 3}).status_code == 404


def test_list_query_count_does_not_grow_with_content(client, django_assert_max_num_queries):
    section = SectionFactory(slug="news")
    photo = small_photo()
    authors = AuthorFactory.create_batch(3)
    for n in range(30):
        ArticleFactory(section=section, lead_photo=photo, authors=authors[: 1 + n % 3])

    with django_assert_max_num_queries(6):
        response = client.get(reverse("articles:section", kwargs={"slug": "news"}))

    assert len(response.context["object_list"]) == 20


def test_tag_page_lists_tagged_stories(client):
    tagged = ArticleFactory(headline="New bike lanes on Main")
    tagged.tags.add("transportation")
    ArticleFactory(headline="Bakery turns fifty")

    response = client.get(reverse("articles:tag", kwargs={"slug": "transportation"}))

    assert list(response.context["object_list"]) == [tagged]
    assert "<h1>transportation</h1>" in response.content.decode()


def test_tag_used_only_on_unpublished_stories_has_no_page(client):
    for article in hidden_articles():
        article.tags.add("layoffs")

    assert client.get(reverse("articles:tag", kwargs={"slug": "layoffs"})).status_code == 404


def test_author_page_shows_bio_and_their_stories(client):
    author = AuthorFactory(
        name="Tom Okafor", slug="tom", title="Staff Reporter", bio="Covers the schools."
    )
    theirs = ArticleFactory(authors=[author], headline="Levy passes")
    ArticleFactory(headline="Somebody else's story")

    response = client.get(reverse("articles:author", kwargs={"slug": "tom"}))

    assert list(response.context["object_list"]) == [theirs]
    content = response.content.decode()
    assert "<h1>Tom Okafor</h1>" in content
    assert "Staff Reporter" in content and "Covers the schools." in content
    assert "Levy passes" in content and "Somebody else" not in content


def test_archive_counts_only_published_stories_by_month(client):
    for day in (5, 20):
        ArticleFactory(publish_at=datetime(2025, 1, day, 18, tzinfo=UTC))
    ArticleFactory(publish_at=datetime(2025, 2, 3, 18, tzinfo=UTC))
    ArticleFactory(status=Article.Status.DRAFT, publish_at=datetime(2025, 1, 8, 18, tzinfo=UTC))
    ArticleFactory(publish_at=timezone.now() + timedelta(days=400))

    response = client.get(reverse("articles:archive"))

    (year,) = response.context["years"]
    assert year["year"] == 2025 and year["count"] == 3
    assert [(row["month"].month, row["count"]) for row in year["months"]] == [(2, 1), (1, 2)]
    content = response.content.decode()
    assert 'href="/archive/2025/01/">January</a>' in content
    assert "2 stories" in content and "1 story" in content


def test_year_and_month_archives_list_that_period(client):
    january = ArticleFactory(
        headline="January story", publish_at=datetime(2025, 1, 5, 18, tzinfo=UTC)
    )
    february = ArticleFactory(
        headline="February story", publish_at=datetime(2025, 2, 3, 18, tzinfo=UTC)
    )
    ArticleFactory(headline="Next year", publish_at=datetime(2026, 1, 5, 18, tzinfo=UTC))

    year = client.get(reverse("articles:archive_year", kwargs={"year": 2025}))
    month = client.get(reverse("articles:archive_month", kwargs={"year": 2025, "month": "01"}))

    assert list(year.context["object_list"]) == [february, january]
    assert list(month.context["object_list"]) == [january]
    assert "Stories from January 2025" in month.content.decode()
    assert client.get("/archive/2024/").status_code == 404


# Every page


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("articles:home", {}),
        ("articles:section", {"slug": "city"}),
        ("articles:tag", {"slug": "zoning"}),
        ("articles:author", {"slug": "maria"}),
        ("articles:archive", {}),
        ("neighborhoods:list", {}),
        ("neighborhoods:detail", {"slug": "eastbank"}),
    ],
)
def test_every_page_has_one_h1_landmarks_skip_link_and_section_navigation(client, name, kwargs):
    section = SectionFactory(name="City", slug="city")
    SectionFactory(name="Sports", slug="sports")
    article = ArticleFactory(section=section, authors=[AuthorFactory(slug="maria")])
    article.tags.add("zoning")
    article.neighborhoods.add(NeighborhoodFactory(slug="eastbank"))

    response = client.get(reverse(name, kwargs=kwargs))

    content = response.content.decode()
    assert response.status_code == 200
    assert h1_count(response) == 1
    assert '<html lang="en">' in content
    assert '<a class="skip-link" href="#main">' in content and 'id="main"' in content
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in content
    assert re.search(r'<nav[^>]*>.*href="/section/city/"[^>]*>City</a>', content, re.S)
    assert re.search(r'<nav[^>]*>.*href="/section/sports/"[^>]*>Sports</a>', content, re.S)


def test_article_page_has_one_h1(client):
    response = client.get(ArticleFactory().get_absolute_url())

    assert h1_count(response) == 1


def test_missing_page_is_friendly(client):
    SectionFactory(name="Sports", slug="sports")

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "find that page" in content
    assert 'href="/">' in content
    assert 'href="/section/sports/">Sports</a>' in content


def test_server_error_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        content = loader.get_template("500.html").render()

    assert "Something went wrong on our end" in content
    assert 'href="/"' in content
