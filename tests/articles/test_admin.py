from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Byline
from photos.models import Photo
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NeighborhoodFactory,
    PhotoFactory,
    SectionFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
SUGGESTIONS_URL = "/admin/articles/article/tag-suggestions/"


@pytest.fixture
def editor(client):
    user = StaffFactory(username="editor")
    client.force_login(user)
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form_data(*, section, authors, initial_bylines=(), **overrides):
    """What the admin's article form posts, inline management form included."""
    data = {
        "headline": "Library reopens after flood repairs",
        "slug": "library-reopens",
        "dek": "The branch on Elm Street welcomed readers back on Saturday.",
        "body": "<p>Doors opened at nine.</p>",
        "section": section.pk,
        "kind": Article.Kind.NEWS,
        "priority": Article.Priority.NORMAL,
        "tags": "",
        "neighborhoods": [],
        "lead_photo": "",
        "gallery": "",
        "status": Article.Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "comments_enabled": "on",
        "bylines-TOTAL_FORMS": str(len(authors)),
        "bylines-INITIAL_FORMS": str(len(initial_bylines)),
        "bylines-MIN_NUM_FORMS": "1",
        "bylines-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, author in enumerate(authors):
        data[f"bylines-{index}-author"] = author.pk
        data[f"bylines-{index}-order"] = index
        if index < len(initial_bylines):
            byline = initial_bylines[index]
            data[f"bylines-{index}-id"] = byline.pk
            data[f"bylines-{index}-article"] = byline.article_id
    data.update(overrides)
    return data


def with_renditions(photo):
    """Give a photo the renditions the photos app would have made (no files needed here)."""
    photo.renditions = {
        "jpeg": [
            {"width": 480, "height": 320, "name": f"renditions/{photo.pk}/480.jpg"},
            {"width": 800, "height": 533, "name": f"renditions/{photo.pk}/800.jpg"},
        ],
        "webp": [
            {"width": 480, "height": 320, "name": f"renditions/{photo.pk}/480.webp"},
            {"width": 800, "height": 533, "name": f"renditions/{photo.pk}/800.webp"},
        ],
    }
    Photo.objects.filter(pk=photo.pk).update(renditions=photo.renditions)
    return photo


# Who gets in


@pytest.mark.parametrize("url", [CHANGELIST_URL, ADD_URL, SUGGESTIONS_URL + "?term=bu"])
def test_anonymous_visitor_is_sent_to_the_admin_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_reader_account_without_staff_status_gets_no_tag_suggestions(client):
    client.force_login(UserFactory(username="reader"))
    Tag.objects.create(name="budget", slug="budget")

    response = client.get(SUGGESTIONS_URL, {"term": "bu"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert b"budget" not in response.content


def test_staff_without_article_permissions_gets_no_tag_suggestions(client):
    client.force_login(UserFactory(username="intern", is_staff=True))
    Tag.objects.create(name="budget", slug="budget")

    response = client.get(SUGGESTIONS_URL, {"term": "bu"})

    assert response.status_code == 403


def test_admin_header_carries_the_papers_name(client, editor, settings):
    settings.SITE_NAME = "The Millbrook Courier"

    response = client.get("/admin/")

    assert "The Millbrook Courier" in response.text
    assert "<title>Newsroom | The Millbrook Courier</title>" in response.text


# Writing an article


def test_editor_adds_an_article_with_bylines_tags_neighborhoods_and_a_photo(client, editor):
    section = SectionFactory(name="City")
    lead, second = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Okafor")
    riverside, oldtown = NeighborhoodFactory(), NeighborhoodFactory()
    photo = PhotoFactory(alt_text="Readers line up at the library door")

    response = client.post(
        ADD_URL,
        article_form_data(
            section=section,
            authors=[lead, second],
            tags='flood, "city hall", libraries',
            neighborhoods=[riverside.pk, oldtown.pk],
            lead_photo=photo.pk,
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="library-reopens")
    assert [b.author for b in article.bylines.all()] == [lead, second]
    assert sorted(article.tags.names()) == ["city hall", "flood", "libraries"]
    assert set(article.neighborhoods.all()) == {riverside, oldtown}
    assert article.lead_photo == photo
    assert article.status == Article.Status.DRAFT


def test_editor_changes_an_article_and_adds_a_second_byline(client, editor):
    first, second = AuthorFactory(), AuthorFactory()
    article = ArticleFactory(authors=[first], status=Article.Status.DRAFT, publish_at=None)
    article.tags.add("schools")
    existing = list(article.bylines.all())

    response = client.post(
        change_url(article),
        article_form_data(
            section=article.section,
            authors=[first, second],
            initial_bylines=existing,
            headline="Library reopens, with longer hours",
            slug=article.slug,
            tags="schools, libraries",
            # The version the form was opened at: without it the save counts as stale.
            loaded_version=article.version,
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Library reopens, with longer hours"
    assert [b.author for b in article.bylines.all()] == [first, second]
    assert sorted(article.tags.names()) == ["libraries", "schools"]


def test_article_without_any_byline_is_refused_with_a_message(client, editor):
    data = article_form_data(section=SectionFactory(), authors=[])
    data["bylines-TOTAL_FORMS"] = "1"

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert "This field is required." in response.text


def test_removing_the_last_byline_is_refused_with_a_message(client, editor):
    author = AuthorFactory()
    article = ArticleFactory(authors=[author], status=Article.Status.DRAFT, publish_at=None)
    data = article_form_data(
        section=article.section,
        authors=[author],
        initial_bylines=list(article.bylines.all()),
        slug=article.slug,
    )
    data["bylines-0-DELETE"] = "on"

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Add at least one author to the byline." in response.text
    assert list(article.bylines.values_list("author", flat=True)) == [author.pk]


def test_script_typed_into_the_body_in_the_admin_is_not_stored(client, editor):
    response = client.post(
        ADD_URL,
        article_form_data(
            section=SectionFactory(),
            authors=[AuthorFactory()],
            body='<p>Hello</p><script>alert(1)</script><img src=x onerror="alert(2)">',
        ),
    )

    assert response.status_code == 302
    body = Article.objects.get().body
    assert body == "<p>Hello</p>"


def test_saving_as_published_without_a_time_publishes_now(client, editor):
    before = timezone.now()

    response = client.post(
        ADD_URL,
        article_form_data(
            section=SectionFactory(), authors=[AuthorFactory()], status=Article.Status.PUBLISHED
        ),
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.publish_at <= timezone.now()
    assert article in Article.objects.published()


def test_publishing_with_a_photo_lacking_alt_text_shows_an_error_and_loses_nothing(client, editor):
    photo = PhotoFactory(alt_text="", caption="Water over the footbridge")
    author = AuthorFactory(name="Ana Ruiz")
    data = article_form_data(
        section=SectionFactory(),
        authors=[author],
        status=Article.Status.PUBLISHED,
        lead_photo=photo.pk,
        tags="flood, bridges",
        body="<p>The river crested at noon, two feet over the footbridge.</p>",
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    errors = response.context["adminform"].form.non_field_errors()
    assert any("alt text" in error and "Water over the footbridge" in error for error in errors)
    # Everything typed is still in the form, ready to save once the photo is described.
    assert "Library reopens after flood repairs" in response.text
    assert "two feet over the footbridge" in response.text
    assert 'value="flood, bridges"' in response.text
    assert response.context["inline_admin_formsets"][0].formset.forms[0]["author"].value() == str(
        author.pk
    )


def test_article_form_loads_the_rich_text_editor(client, editor):
    response = client.get(ADD_URL)

    assert response.status_code == 200
    assert 'type="importmap"' in response.text
    assert "django_prose_editor/editor.js" in response.text
    assert "data-django-prose-editor-configurable" in response.text
    for asset in (
        "django_prose_editor/editor.js",
        "django_prose_editor/configurable.js",
        "django_prose_editor/editor.css",
    ):
        assert finders.find(asset), asset


def test_bylines_are_filled_in_right_after_the_body(client, editor):
    page = client.get(ADD_URL).text

    assert page.index('id="id_body"') < page.index('id="bylines-group"') < page.index("Placement")


def test_article_form_offers_autocomplete_for_related_things(client, editor):
    response = client.get(ADD_URL)

    for field in ("section", "lead_photo", "gallery", "neighborhoods", "bylines-0-author"):
        assert f'id="id_{field}"' in response.text
    assert response.text.count("admin-autocomplete") >= 5
    # Tags: a text input tied to a datalist the suggestions script fills.
    assert 'list="id_tags_suggestions"' in response.text
    assert '<datalist id="id_tags_suggestions">' in response.text
    assert f'data-tag-suggestions="{SUGGESTIONS_URL}"' in response.text
    assert "admin/js/article_tags.js" in response.text
    assert finders.find("admin/js/article_tags.js")


def test_neighborhood_and_section_autocomplete_find_matches(client, editor):
    NeighborhoodFactory(name="Riverside Flats")
    NeighborhoodFactory(name="Old Town")
    SectionFactory(name="Schools")

    neighborhoods = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "neighborhoods",
            "term": "river",
        },
    ).json()
    sections = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "section", "term": "sch"},
    ).json()

    assert [r["text"] for r in neighborhoods["results"]] == ["Riverside Flats"]
    assert [r["text"] for r in sections["results"]] == ["Schools"]


def test_byline_author_autocomplete_searches_names_and_titles(client, editor):
    AuthorFactory(name="Ana Ruiz", title="Managing Editor")
    AuthorFactory(name="Ben Okafor", title="Contributor")

    def found(term):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": term},
        )
        return [result["text"] for result in response.json()["results"]]

    assert found("ana") == ["Ana Ruiz"]
    assert found("contrib") == ["Ben Okafor"]


def test_author_can_be_linked_only_to_a_staff_login(client, editor):
    UserFactory(username="staffwriter", is_staff=True)
    UserFactory(username="subscriber")

    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "author", "field_name": "user", "term": ""},
    )

    usernames = [result["text"] for result in response.json()["results"]]
    assert "staffwriter" in usernames
    assert "subscriber" not in usernames


# Tag suggestions


def test_tag_suggestions_list_matching_tags_starting_with_the_term_first(client, editor):
    for name in ["city budget", "budget", "Budget hearings", "parks"]:
        Tag.objects.create(name=name, slug=name.replace(" ", "-").lower())

    response = client.get(SUGGESTIONS_URL, {"term": "budg"})

    assert response.status_code == 200
    assert response.json() == {"results": ["budget", "Budget hearings", "city budget"]}


def test_tag_suggestions_are_empty_for_an_empty_term(client, editor):
    Tag.objects.create(name="budget", slug="budget")

    assert client.get(SUGGESTIONS_URL, {"term": "  "}).json() == {"results": []}


# The list of articles


def test_article_list_costs_the_same_queries_for_many_articles(client, editor):
    def make_articles(count):
        for _ in range(count):
            article = ArticleFactory(
                lead_photo=with_renditions(PhotoFactory()),
                authors=[AuthorFactory(), AuthorFactory()],
            )
            article.tags.add("council")

    make_articles(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST_URL).status_code == 200

    make_articles(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 30
    assert len(many) == len(few)
    assert len(many) <= 12


def test_article_list_shows_a_rendition_thumbnail_never_the_original(client, editor):
    photo = with_renditions(PhotoFactory())
    ArticleFactory(lead_photo=photo, authors=[AuthorFactory(name="Ana Ruiz")])

    response = client.get(CHANGELIST_URL)

    assert f"/media/renditions/{photo.pk}/480.jpg" in response.text
    assert photo.image.name not in response.text
    assert "Ana Ruiz" in response.text


def test_article_list_tells_scheduled_from_published(client, editor):
    ArticleFactory(headline="Tomorrow's story", publish_at=timezone.now() + timedelta(days=1))

    response = client.get(CHANGELIST_URL)

    assert "Scheduled" in response.text


def test_article_list_filters_by_author_status_and_type_and_searches_the_body(client, editor):
    ana, ben = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Okafor")
    by_ana = ArticleFactory(authors=[ana], kind=Article.Kind.OPINION, body="<p>Bridges</p>")
    by_ben = ArticleFactory(authors=[ben], status=Article.Status.DRAFT, publish_at=None)

    def listed(**params):
        return list(client.get(CHANGELIST_URL, params).context["cl"].result_list)

    assert listed(authors__id__exact=ana.pk) == [by_ana]
    assert listed(status__exact="draft") == [by_ben]
    assert listed(kind__exact="opinion") == [by_ana]
    assert listed(q="bridges") == [by_ana]


def test_author_filter_lists_authors_under_a_singular_title(client, editor):
    ArticleFactory(authors=[AuthorFactory(name="Ana Ruiz")])
    ArticleFactory(authors=[AuthorFactory(name="Ben Okafor")])

    response = client.get(CHANGELIST_URL)

    (author_filter,) = [f for f in response.context["cl"].filter_specs if f.title == "author"]
    choices = [choice["display"] for choice in author_filter.choices(response.context["cl"])]
    assert choices == ["All", "Ana Ruiz", "Ben Okafor"]


# View on site, actions


def test_view_on_site_is_offered_only_for_published_articles(client, editor):
    published = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    published_page = client.get(change_url(published))
    draft_page = client.get(change_url(draft))

    assert f'href="{published.get_absolute_url()}"' in published_page.text
    assert "viewsitelink" in published_page.text
    assert "viewsitelink" not in draft_page.text


def test_publish_action_publishes_what_it_can_and_names_what_it_cannot(client, editor):
    ready = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    blocked = ArticleFactory(
        headline="Storm damage",
        status=Article.Status.DRAFT,
        publish_at=None,
        lead_photo=PhotoFactory(alt_text="", caption="Fallen oak"),
    )

    response = client.post(
        CHANGELIST_URL,
        {"action": "publish", "_selected_action": [ready.pk, blocked.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    blocked.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED
    assert ready.publish_at is not None
    assert blocked.status == Article.Status.DRAFT
    shown = [str(message) for message in response.context["messages"]]
    assert "1 article is published." in shown
    assert any("Storm damage" in m and "Fallen oak" in m for m in shown)


def test_unpublish_action_takes_articles_off_the_site(client, editor):
    article = ArticleFactory()

    client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [article.pk]})

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_staff_who_may_only_view_articles_cannot_publish_them(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    client.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]})

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_bylines_keep_the_order_the_editor_gave(client, editor):
    first, second = AuthorFactory(name="Zoe"), AuthorFactory(name="Abe")

    client.post(
        ADD_URL,
        article_form_data(
            section=SectionFactory(),
            authors=[first, second],
            **{"bylines-0-order": "2", "bylines-1-order": "1"},
        ),
    )

    assert [b.author.name for b in Byline.objects.filter(article__slug="library-reopens")] == [
        "Abe",
        "Zoe",
    ]
