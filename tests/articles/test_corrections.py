"""Corrections, clarifications and updates: on the article, in its JSON-LD, on /corrections/."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db

CORRECTIONS_URL = "/corrections/"


def correct(article, text="An earlier version misspelled the mayor's name.", **kwargs):
    return Correction.objects.create(article=article, text=text, **kwargs)


def settled(article, *, minutes_after_publication=5):
    """The article as if last saved a few minutes after it went out: no "Updated" of its own."""
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.publish_at + timedelta(minutes=minutes_after_publication)
    )
    article.refresh_from_db()
    return article


def json_ld(response):
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, flags=re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


# On the article


def test_correction_shows_on_the_article_with_its_type_and_time(client):
    article = ArticleFactory()
    correction = correct(article, text="The vote was 5 to 2, not 6 to 1.")

    response = client.get(article.get_absolute_url())

    html = response.text
    assert "Corrections and updates" in html
    assert "The vote was 5 to 2, not 6 to 1." in html
    assert '<strong class="correction-kind">Correction</strong>' in html
    assert f'<time datetime="{timezone.localtime(correction.published_at).isoformat()}' in html


def test_correction_is_announced_at_the_top_and_explained_below_the_body(client):
    article = ArticleFactory(body="<p>The city council voted Tuesday.</p>")
    correct(article, kind=Correction.Kind.CLARIFICATION, text="The meeting ran past midnight.")

    page = client.get(article.get_absolute_url()).text
    html = page[page.index("<main") :]  # the JSON-LD in <head> repeats the text

    notice, body, note = (
        html.index('class="correction-notice"'),
        html.index("The city council voted Tuesday."),
        html.index("The meeting ran past midnight."),
    )
    assert notice < body < note
    assert '<a href="#corrections">Read the note</a>' in html
    assert 'id="corrections"' in html


def test_an_update_is_listed_but_not_announced_as_a_correction(client):
    article = ArticleFactory()
    correct(article, kind=Correction.Kind.UPDATE, text="The mayor has since signed the budget.")

    html = client.get(article.get_absolute_url()).text

    assert "The mayor has since signed the budget." in html
    assert '<strong class="correction-kind">Update</strong>' in html
    assert "correction-notice" not in html


def test_article_without_corrections_shows_no_corrections_box(client):
    html = client.get(ArticleFactory().get_absolute_url()).text

    assert "Corrections and updates" not in html
    assert "correction-notice" not in html


def test_correction_dated_in_the_future_is_not_shown_yet(client):
    article = ArticleFactory()
    correct(article, text="Not yet.", published_at=timezone.now() + timedelta(hours=2))

    html = client.get(article.get_absolute_url()).text

    assert "Not yet." not in html


def test_corrections_are_listed_newest_first_on_the_article(client):
    article = ArticleFactory()
    correct(article, text="First fix.", published_at=timezone.now() - timedelta(minutes=40))
    correct(article, text="Second fix.", published_at=timezone.now() - timedelta(minutes=10))

    page = client.get(article.get_absolute_url()).text
    html = page[page.index("<main") :]

    assert html.index("Second fix.") < html.index("First fix.")


def test_correction_text_is_shown_as_text_not_html(client):
    article = ArticleFactory()
    correct(article, text="<script>alert(1)</script> wrong date")

    html = client.get(article.get_absolute_url()).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; wrong date" in html


# "Updated"


def test_a_save_soon_after_publication_shows_no_updated_time(client):
    article = settled(ArticleFactory())

    response = client.get(article.get_absolute_url())

    assert response.context["show_updated"] is False
    assert "Updated" not in response.text


def test_adding_a_correction_shows_updated_with_its_time(client):
    article = settled(ArticleFactory())
    fixed_at = timezone.now() - timedelta(minutes=2)
    correct(article, published_at=fixed_at)

    response = client.get(article.get_absolute_url())

    assert response.context["updated_at"] == fixed_at
    local = timezone.localtime(fixed_at)
    assert f'Updated <time datetime="{local.isoformat()}' in response.text


def test_updated_time_is_the_latest_of_a_late_save_and_a_correction(client):
    article = settled(ArticleFactory(), minutes_after_publication=45)
    correct(article, published_at=article.publish_at + timedelta(minutes=10))

    response = client.get(article.get_absolute_url())

    assert response.context["updated_at"] == article.updated_at


# JSON-LD


def test_article_page_describes_itself_as_a_news_article(client):
    author = AuthorFactory(name="Ana Ruiz")
    article = settled(ArticleFactory(headline="Bridge reopens", authors=[author]))

    data = json_ld(client.get(article.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bridge reopens"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ana Ruiz",
            "url": f"http://testserver{author.get_absolute_url()}",
            "jobTitle": "Staff Reporter",
        }
    ]
    assert data["datePublished"] == data["dateModified"]
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert "correction" not in data


def test_json_ld_lists_corrections_and_clarifications_and_dates_the_change(client):
    article = settled(ArticleFactory())
    fix = correct(article, text="Wrong street name.", published_at=timezone.now())
    correct(article, kind=Correction.Kind.CLARIFICATION, text="Ward 3, not the whole city.")
    correct(article, kind=Correction.Kind.UPDATE, text="The mayor signed it.")

    data = json_ld(client.get(article.get_absolute_url()))

    texts = [item["text"] for item in data["correction"]]
    assert sorted(texts) == ["Ward 3, not the whole city.", "Wrong street name."]
    assert {item["@type"] for item in data["correction"]} == {"CorrectionComment"}
    assert all(item["datePublished"] for item in data["correction"])
    assert data["dateModified"] != data["datePublished"]
    assert data["dateModified"][:19] >= fix.published_at.isoformat()[:19]


def test_headline_cannot_break_out_of_the_json_ld_script(client):
    article = ArticleFactory(headline='Council </script><script>alert("x")</script> & more')
    correct(article, text="</script><img src=x onerror=alert(1)>")

    response = client.get(article.get_absolute_url())

    data = json_ld(response)
    assert data["headline"] == 'Council </script><script>alert("x")</script> & more'
    assert data["correction"][0]["text"] == "</script><img src=x onerror=alert(1)>"
    assert '<script>alert("x")' not in response.text
    assert "\\u003C/script\\u003E" in response.text


# /corrections/


def test_corrections_page_lists_corrections_newest_first_with_article_links(client):
    older = ArticleFactory(headline="School board meets")
    newer = ArticleFactory(headline="Bridge reopens")
    correct(older, text="Wrong date.", published_at=timezone.now() - timedelta(days=2))
    correct(newer, kind=Correction.Kind.UPDATE, text="Now open both ways.")

    response = client.get(reverse("articles:corrections"))

    assert response.status_code == 200
    html = response.text
    assert html.index("Now open both ways.") < html.index("Wrong date.")
    assert f'href="{newer.get_absolute_url()}#corrections">Bridge reopens</a>' in html
    assert f'href="{older.get_absolute_url()}#corrections">School board meets</a>' in html
    assert ">Update</strong>" in html


def test_corrections_page_leaves_out_articles_readers_cannot_see(client):
    shown = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    withdrawn = ArticleFactory(status=Article.Status.WITHDRAWN)
    correct(shown, text="Visible fix.")
    correct(draft, text="Fix on a secret draft.")
    correct(scheduled, text="Fix on an embargoed story.")
    correct(withdrawn, text="Fix on a withdrawn story.")

    html = client.get(CORRECTIONS_URL).text

    assert "Visible fix." in html
    assert "secret draft" not in html
    assert "embargoed" not in html
    assert "withdrawn story" not in html


def test_corrections_page_says_so_when_there_are_none(client):
    response = client.get(CORRECTIONS_URL)

    assert "No corrections so far." in response.text


def test_corrections_page_is_paginated(client):
    article = ArticleFactory()
    for number in range(30):
        correct(
            article,
            text=f"Fix number {number}.",
            published_at=timezone.now() - timedelta(minutes=number),
        )

    first = client.get(CORRECTIONS_URL)
    second = client.get(CORRECTIONS_URL, {"page": 2})

    assert len(first.context["corrections"]) == 25
    assert "Fix number 0." in first.text and "Fix number 29." not in first.text
    assert "Fix number 29." in second.text
    assert 'rel="next">Older corrections</a>' in first.text


def test_corrections_page_costs_the_same_queries_however_many_articles(
    client, django_assert_max_num_queries
):
    for article in ArticleFactory.create_batch(20):
        correct(article)

    # The page's count and list, and the section navigation of base.html.
    with django_assert_max_num_queries(3):
        response = client.get(CORRECTIONS_URL)

    assert len(response.context["corrections"]) == 20


def test_every_page_links_to_the_corrections_page_in_its_footer(client):
    html = client.get(reverse("articles:home")).text

    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/corrections/">Corrections</a>' in footer


def test_article_page_with_corrections_stays_within_its_query_budget(
    client, django_assert_max_num_queries
):
    article = ArticleFactory()
    for number in range(5):
        correct(article, text=f"Fix {number}.")

    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())

    assert len(response.context["corrections"]) == 5


# In the admin


@pytest.fixture
def editor(client):
    user = StaffFactory(username="editor")
    client.force_login(user)
    return user


def correction_inline_data(*rows, initial=0):
    data = {
        "corrections-TOTAL_FORMS": str(len(rows)),
        "corrections-INITIAL_FORMS": str(initial),
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"corrections-{index}-{key}"] = value
    return data


def test_editor_adds_a_correction_on_the_article_form_and_signs_it(client, editor):
    author = AuthorFactory()
    article = ArticleFactory(authors=[author], slug="library-reopens")
    now = timezone.localtime()
    data = article_form_data(
        section=article.section,
        authors=[author],
        initial_bylines=list(article.bylines.all()),
        status=Article.Status.PUBLISHED,
        publish_at_0=timezone.localtime(article.publish_at).strftime("%Y-%m-%d"),
        publish_at_1=timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
        # The optimistic lock's hidden field (articles.admin_revisions): no one else saved.
        loaded_version=article.version,
    )
    data.update(
        correction_inline_data(
            {
                "kind": Correction.Kind.CORRECTION,
                "text": "The branch is on Elm Street, not Oak Street.",
                "published_at_0": now.strftime("%Y-%m-%d"),
                "published_at_1": now.strftime("%H:%M:%S"),
            }
        )
    )

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    correction = article.corrections.get()
    assert correction.text == "The branch is on Elm Street, not Oak Street."
    assert correction.created_by == editor
    assert "Elm Street, not Oak Street" in client.get(article.get_absolute_url()).text


def test_article_change_page_offers_corrections_but_the_add_page_does_not(client, editor):
    article = ArticleFactory()

    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    add = client.get(reverse("admin:articles_article_add"))

    assert 'id="corrections-group"' in change.text
    assert 'id="corrections-group"' not in add.text


def test_saving_an_article_without_the_corrections_part_keeps_its_corrections(client, editor):
    author = AuthorFactory()
    article = ArticleFactory(authors=[author], status=Article.Status.DRAFT, publish_at=None)
    correct(article, text="Kept.")

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(
            section=article.section,
            authors=[author],
            initial_bylines=list(article.bylines.all()),
            slug=article.slug,
            headline="A new headline",
            loaded_version=article.version,
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "A new headline"
    assert [c.text for c in article.corrections.all()] == ["Kept."]
