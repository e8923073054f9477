"""Site search (/search/): what readers find, how it is shown, and what they never find.

Runs on both databases. PostgreSQL searches a stored, trigger-maintained vector with
stemming and ranking; SQLite matches words plainly. Tests of what only PostgreSQL does are
skipped elsewhere.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Byline
from articles.querysets import _estimated_rows
from tests.factories import ArticleFactory, AuthorFactory, NeighborhoodFactory, SectionFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)


def search(client, **params):
    response = client.get(reverse("articles:search"), params)
    assert response.status_code == 200
    return response


def found(response):
    return [article.headline for article in response.context["page_obj"].object_list]


def snippets(response):
    return re.findall(r'<p class="search-snippet">(.*?)</p>', response.content.decode(), re.S)


def test_word_only_in_the_body_finds_the_article_with_the_word_highlighted(client):
    ArticleFactory(
        headline="Council meets on Tuesday",
        body="<p>Residents asked about the heron nesting by the old mill.</p>",
    )
    ArticleFactory(headline="Wildcats win the final", body="<p>A late goal settled it.</p>")

    response = search(client, q="heron")

    assert found(response) == ["Council meets on Tuesday"]
    assert "<mark>heron</mark>" in snippets(response)[0]
    assert "1 result for “heron”" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_search_page_has_a_labelled_search_box_and_the_header_links_to_it(client):
    response = search(client)
    html = response.content.decode()

    assert '<label for="id_q">' in html
    assert 'type="search" name="q"' in html
    # Every page's masthead carries a small search form with a label for screen readers.
    home = client.get(reverse("articles:home")).content.decode()
    assert f'action="{reverse("articles:search")}"' in home
    assert '<label for="masthead-q">' in home


@postgresql_only
def test_a_headline_match_outranks_a_body_match():
    body_match = ArticleFactory(
        headline="Budget talks continue",
        body="<p>Someone mentioned the levee once in passing, near the end of the night.</p>",
        publish_at=timezone.now() - timedelta(minutes=5),
    )
    headline_match = ArticleFactory(
        headline="Levee inspection finds cracks",
        body="<p>Engineers walked the length of it on Monday.</p>",
        publish_at=timezone.now() - timedelta(days=3),
    )

    results = list(Article.objects.published().search("levee"))

    assert results == [headline_match, body_match]


@postgresql_only
def test_english_stemming_finds_other_forms_of_a_word(client):
    ArticleFactory(headline="River floods the lower park", body="<p>Water everywhere.</p>")

    assert found(search(client, q="flooding")) == ["River floods the lower park"]


@postgresql_only
def test_websearch_syntax_quotes_and_minus(client):
    ArticleFactory(headline="Front Street Bridge closes", body="<p>Seven months.</p>")
    ArticleFactory(headline="Street fair on Front Avenue", body="<p>A bridge game too.</p>")

    assert found(search(client, q='"front street bridge"')) == ["Front Street Bridge closes"]
    assert found(search(client, q="front -avenue")) == ["Front Street Bridge closes"]


def test_an_author_name_and_a_tag_find_their_articles(client):
    reporter = AuthorFactory(name="Marisol Okonkwo")
    by_her = ArticleFactory(headline="Budget hearing set", authors=[reporter])
    tagged = ArticleFactory(headline="Crosswalk approved")
    tagged.tags.add("Pedestrian safety")
    ArticleFactory(headline="Unrelated story")

    assert found(search(client, q="Okonkwo")) == [by_her.headline]
    assert found(search(client, q="pedestrian")) == [tagged.headline]


@postgresql_only
def test_changes_to_tags_bylines_and_author_names_are_searchable_at_once():
    article = ArticleFactory(headline="Library hours change", authors=[])
    published = Article.objects.published()

    article.tags.add("Bookmobile")
    assert list(published.search("bookmobile")) == [article]
    article.tags.remove("Bookmobile")
    assert not published.search("bookmobile").exists()

    # A tag renamed is found under its new name on every article that carries it.
    article.tags.add("Bookmobile")
    Tag.objects.filter(name="Bookmobile").update(name="Reading van")
    assert list(published.search("van")) == [article]

    author = AuthorFactory(name="Priya Lindqvist")
    byline = Byline.objects.create(article=article, author=author)
    assert list(published.search("Lindqvist")) == [article]

    Author.objects.filter(pk=author.pk).update(name="Priya Haugen")
    assert not published.search("Lindqvist").exists()
    assert list(published.search("Haugen")) == [article]

    byline.delete()
    assert not published.search("Haugen").exists()


@postgresql_only
def test_every_way_of_writing_an_article_keeps_its_search_vector_current():
    article = ArticleFactory(headline="Parade route announced")
    published = Article.objects.published()

    # QuerySet.update() never calls save().
    Article.objects.filter(pk=article.pk).update(body="<p>The marching band returns.</p>")
    assert list(published.search("marching")) == [article]

    # Raw SQL, as a data fix or an import would write.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET headline = %s WHERE id = %s",
            ["Parade route moves to Elm", article.pk],
        )
    assert list(published.search("elm")) == [article]

    # bulk_create() inserts without save(); a later save() of a stale copy keeps it right.
    [bulk] = Article.objects.bulk_create(
        [
            Article(
                headline="Zucchini contest returns",
                slug="zucchini",
                section=article.section,
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now() - timedelta(hours=1),
            )
        ]
    )
    assert list(published.search("zucchini")) == [bulk]
    stale = Article.objects.get(pk=bulk.pk)
    stale.tags.add("Gardening")
    stale.save()
    assert list(published.search("gardening")) == [bulk]


def test_drafts_scheduled_and_withdrawn_articles_never_appear(client):
    ArticleFactory(headline="Secret zoning draft", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(
        headline="Embargoed zoning report", publish_at=timezone.now() + timedelta(days=2)
    )
    ArticleFactory(headline="Withdrawn zoning story", status=Article.Status.WITHDRAWN)
    ArticleFactory(headline="Zoning board meets")

    assert found(search(client, q="zoning")) == ["Zoning board meets"]


def test_filters_narrow_the_results(client):
    sports = SectionFactory(name="Sports", slug="sports")
    news = SectionFactory(name="News", slug="news")
    eastbank = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    now = timezone.now()
    game = ArticleFactory(
        headline="Rowing club wins", section=sports, publish_at=now - timedelta(days=40)
    )
    opinion = ArticleFactory(
        headline="Rowing deserves a boathouse", section=news, kind=Article.Kind.OPINION
    )
    local = ArticleFactory(headline="Rowing on the river", section=news)
    local.neighborhoods.add(eastbank)
    recent_day = timezone.localdate() - timedelta(days=10)

    assert found(search(client, q="rowing", section="sports")) == [game.headline]
    assert found(search(client, q="rowing", kind="opinion")) == [opinion.headline]
    assert found(search(client, q="rowing", neighborhood="eastbank")) == [local.headline]
    assert sorted(found(search(client, q="rowing", date_from=recent_day.isoformat()))) == sorted(
        [opinion.headline, local.headline]
    )
    assert found(search(client, q="rowing", date_to=recent_day.isoformat())) == [game.headline]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "not a date"},
        {"date_to": "2024-02-30"},
        {"date_from": "99999-01-01"},
        {"date_from": "2024-05-01", "date_to": "2024-04-01"},
        {"section": "no-such-section"},
        {"kind": "propaganda"},
        {"section": "sports\x00"},
        {"page": "last-but-one"},
        {"page": "9999"},
    ],
)
def test_a_bad_filter_is_a_note_on_the_form_not_an_error(client, params):
    ArticleFactory(headline="Rowing club wins")

    response = search(client, q="rowing", **params)

    if "page" in params:
        assert found(response) == ["Rowing club wins"]
    else:
        assert response.context["form"].errors
        assert 'class="form-error"' in response.content.decode()


def test_result_pages_keep_the_search_in_their_links(client):
    section = SectionFactory(slug="news")
    for number in range(25):
        ArticleFactory(
            headline=f"Pothole report {number}",
            section=section,
            publish_at=timezone.now() - timedelta(hours=number + 1),
        )

    first = search(client, q="pothole", section="news")
    second = search(client, q="pothole", section="news", page=2)

    assert "25 results for “pothole”" in first.content.decode()
    assert 'href="?q=pothole&amp;section=news&amp;page=2"' in first.content.decode()
    assert len(found(first)) == 20
    assert len(found(second)) == 5
    assert not set(found(first)) & set(found(second))


@postgresql_only
def test_a_very_common_word_ranks_the_newest_matches_and_says_so(client, monkeypatch):
    monkeypatch.setattr("articles.querysets.RANKED_MATCHES", 2)
    monkeypatch.setattr("articles.search.RANKED_MATCHES", 2)
    monkeypatch.setattr("articles.views.RANKED_MATCHES", 2)
    now = timezone.now()
    ArticleFactory(headline="Council council council", publish_at=now - timedelta(days=9))
    ArticleFactory(headline="Council meets", publish_at=now - timedelta(days=2))
    ArticleFactory(headline="Roads", body="<p>The council voted.</p>", publish_at=now)

    response = search(client, q="council")

    assert found(response) == ["Council meets", "Roads"]
    assert "The best of the 2 newest stories about “council”" in response.content.decode()


@postgresql_only
@pytest.mark.parametrize(
    ("way", "estimates", "queries"),
    [
        # Queries besides the estimates, which are stubbed here.
        # A rare word: straight from the GIN index, then the ranking.
        ("index", [2], 2),
        # A common word: the publication index walked.
        ("walk", [9.5, 10], 2),
        # In between: where the window starts, the matches in it ...
        ("window", [4, 10], 3),
        # ... and, when the estimate was too hopeful, the window and then the walk.
        ("window, then walk", [9.4, 10], 4),
    ],
)
def test_every_way_of_picking_the_newest_matches_picks_the_same_stories(
    monkeypatch, django_assert_num_queries, way, estimates, queries
):
    monkeypatch.setattr("articles.querysets.RANKED_MATCHES", 3)
    monkeypatch.setattr("articles.querysets.FEW_MATCHES", 3)
    monkeypatch.setattr("articles.querysets.COMMON_SHARE", 0.95)
    monkeypatch.setattr("articles.querysets.WINDOW_MARGIN", 1)
    # How many stories PostgreSQL expects to match, then how many pass the filters.
    planned = iter(estimates)
    monkeypatch.setattr("articles.querysets._estimated_rows", lambda queryset: next(planned))
    now = timezone.now()
    # Ten stories a day apart; the pothole ones are days 1, 4, 6, 7 and 9 ago.
    for days_ago in range(10):
        ArticleFactory(
            headline=f"Pothole, day {days_ago}" if days_ago in {1, 4, 6, 7, 9} else "Roads",
            body="<p>The city fills holes.</p>",
            publish_at=now - timedelta(days=days_ago, hours=1),
        )

    with django_assert_num_queries(queries):
        ranked = Article.objects.published().ranked_search_ids("pothole")

    headlines = set(Article.objects.filter(pk__in=ranked).values_list("headline", flat=True))
    assert headlines == {"Pothole, day 1", "Pothole, day 4", "Pothole, day 6"}


@postgresql_only
def test_postgresql_keeps_statistics_of_the_ten_thousand_commonest_words():
    # Without them it guesses the same small number for every word past the thousandth,
    # and search picks the wrong way to find a word's newest matches.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'articles_article'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone() == (1000,)


@postgresql_only
def test_the_estimate_of_matches_comes_from_the_planner():
    for number in range(3):
        ArticleFactory(headline=f"Heron count {number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")

    assert _estimated_rows(Article.objects.all()) == 3
    assert _estimated_rows(Article.objects.filter(headline="Heron count 1")) == 1


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE articles_article; --",
        '"unterminated',
        "&&&",
        "!!!",
        "river & | ! ( ) : * <-> -",
        "x" * 5000,
        "",
        "   \t  ",
        "\x00null",
    ],
)
def test_any_query_gets_a_friendly_page_with_the_query_escaped(client, query):
    ArticleFactory(headline="River cleanup on Saturday")

    response = search(client, q=query)
    html = response.content.decode()

    assert "<script>alert" not in html
    assert "alert(1)" not in html or "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if len(query) > 200:
        assert "only its first 200 characters were used" in html
        assert "x" * 201 not in html
    assert Article.objects.count() == 1


def test_an_empty_search_shows_the_form_and_a_hint(client):
    html = search(client, q="  ").content.decode()

    assert "Type a word or two" in html
    assert "results for" not in html


def test_no_results_says_so_kindly(client):
    ArticleFactory(headline="River cleanup on Saturday")

    html = search(client, q="zeppelin").content.decode()

    assert "Nothing we have published matches “zeppelin”." in html


def test_html_in_the_body_never_reaches_the_snippet_as_markup(client):
    ArticleFactory(
        headline="Council news",
        body=(
            '<p>Read the <a href="https://example.org/minutes">heron report</a> and the '
            "<b>heron</b> count. Someone wrote &lt;b&gt;heron&lt;/b&gt; in the comments.</p>"
        ),
    )

    [snippet] = snippets(search(client, q="heron"))

    assert "<mark>heron</mark>" in snippet
    assert "<a" not in snippet
    assert "<b>" not in snippet
    # Text that only looks like a tag is shown as text, or left out.
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_a_query_cannot_put_markup_into_the_snippet(client):
    ArticleFactory(headline="Council news", body="<p>The heron came back.</p>")

    response = search(client, q="heron <img src=x onerror=alert(1)>")
    html = response.content.decode()

    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, django_assert_max_num_queries
):
    section = SectionFactory()
    neighborhood = NeighborhoodFactory()

    params = {"q": "snowplow", "section": section.slug, "neighborhood": neighborhood.slug}
    first = ArticleFactory(headline="Snowplow schedule", section=section)
    first.neighborhoods.add(neighborhood)

    # The estimate, the newest matches, their ranking, the page's stories with their
    # snippets, their bylines; the chosen section and neighborhood; the form's two menus
    # and the masthead's sections.
    with django_assert_max_num_queries(10) as few:
        search(client, **params)
    for number in range(20):
        article = ArticleFactory(
            headline=f"Snowplow route {number}",
            section=section,
            authors=[AuthorFactory(), AuthorFactory()],
        )
        article.neighborhoods.add(neighborhood)
        article.tags.add("Winter")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = search(client, **params)
    assert len(found(response)) == 20


def test_searching_by_date_uses_the_papers_calendar_days(client, settings):
    settings.TIME_ZONE = "America/Chicago"
    # 11:30 p.m. in Riverside on March 3 is already March 4 in UTC.
    late = timezone.make_aware(datetime(2025, 3, 3, 23, 30))
    ArticleFactory(headline="Late council vote", publish_at=late)

    assert found(search(client, q="council", date_from="2025-03-03", date_to="2025-03-03")) == [
        "Late council vote"
    ]
    assert found(search(client, q="council", date_from="2025-03-04")) == []
