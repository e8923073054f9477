"""Every save keeps a revision; editors compare two and restore one."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRevision, Byline
from articles.revisions import revision_create
from articles.services import article_publish, article_unpublish
from tests.articles.test_concurrent_editing import change_url, loaded_form, posted
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


def history_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def compare_url(article):
    return reverse("admin:articles_article_revision_compare", args=[article.pk])


def restore_url(revision):
    return reverse(
        "admin:articles_article_revision_restore", args=[revision.article_id, revision.pk]
    )


@pytest.fixture
def editor(client):
    user = StaffFactory(username="ana", first_name="Ana", last_name="Ruiz")
    client.force_login(user)
    return user


@pytest.fixture
def article():
    article = ArticleFactory(
        headline="Bridge closes for repairs",
        slug="bridge-closes",
        body="<p>The bridge closes Monday.</p>",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(name="Maya Ortiz")],
    )
    revision_create(article=article, by=None)
    return article


def edit(client, article, **changes):
    response = posted(client, article, loaded_form(client.get(change_url(article))), **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article.revisions.first()


def staff_with(*codenames, username):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return user


# Keeping revisions


def test_every_save_in_the_admin_keeps_who_saved_and_the_whole_article(client, editor, article):
    section = SectionFactory(name="City Hall")
    riverside = NeighborhoodFactory(name="Riverside")
    photo = PhotoFactory(caption="The bridge at dawn")
    second_author = AuthorFactory(name="Lee Chen")
    data = loaded_form(client.get(change_url(article)))
    data.update(
        {
            "headline": ["Bridge closes for two weeks"],
            "section": [str(section.pk)],
            "tags": ["roads, bridge"],
            "neighborhoods": [str(riverside.pk)],
            "lead_photo": [str(photo.pk)],
            "bylines-TOTAL_FORMS": ["2"],
            "bylines-1-author": [str(second_author.pk)],
            "bylines-1-order": ["1"],
        }
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    revision = article.revisions.first()
    assert revision.created_by == editor
    assert revision.version == article.version
    assert revision.data["headline"] == "Bridge closes for two weeks"
    assert revision.data["section"] == {"id": section.pk, "name": "City Hall"}
    assert revision.data["tags"] == ["bridge", "roads"]
    assert revision.data["neighborhoods"] == [{"id": riverside.pk, "name": "Riverside"}]
    assert revision.data["lead_photo"] == {"id": photo.pk, "str": "The bridge at dawn"}
    assert [b["name"] for b in revision.data["bylines"]] == ["Maya Ortiz", "Lee Chen"]
    assert revision.data["status"] == Article.Status.DRAFT
    assert revision.data["publish_at"] is None


def test_adding_an_article_in_the_admin_keeps_its_first_revision(client, editor):
    section = SectionFactory()
    author = AuthorFactory()
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            **loaded_form(client.get(reverse("admin:articles_article_add"))),
            "headline": ["Library reopens"],
            "slug": ["library-reopens"],
            "section": [str(section.pk)],
            "bylines-TOTAL_FORMS": ["1"],
            "bylines-0-author": [str(author.pk)],
            "bylines-0-order": ["0"],
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="library-reopens")
    revision = article.revisions.get()
    assert revision.created_by == editor
    assert revision.data["bylines"] == [{"id": author.pk, "name": author.name}]


def test_publishing_and_unpublishing_keep_a_revision_each(editor, article):
    article_publish(article=article, by=editor)
    article_unpublish(article=article, by=editor)

    statuses = list(article.revisions.values_list("data__status", flat=True))
    assert statuses[:2] == [Article.Status.DRAFT, Article.Status.PUBLISHED]
    assert article.revisions.first().version == Article.objects.get(pk=article.pk).version


def test_changing_the_status_in_the_form_keeps_one_complete_revision(client, editor, article):
    before = article.revisions.count()

    edit(client, article, status=Article.Status.REVIEW, headline="Ready for a look")

    assert article.revisions.count() == before + 1
    revision = article.revisions.first()
    assert revision.data["status"] == Article.Status.REVIEW
    assert revision.data["headline"] == "Ready for a look"
    assert revision.version == article.version


# The history page


def test_history_lists_revisions_newest_first_with_who_and_when(client, editor, article):
    edit(client, article, headline="Second headline")
    edit(client, article, headline="Third headline")

    response = client.get(history_url(article))

    assert response.status_code == 200
    listed = response.context["revisions"]
    assert [r.data["headline"] for r in listed] == [
        "Third headline",
        "Second headline",
        "Bridge closes for repairs",
    ]
    page = response.content.decode()
    assert page.count("Ana Ruiz") >= 2
    assert "unknown" in page  # the first revision, kept by the site itself


def test_history_page_costs_the_same_queries_however_many_revisions(
    client, editor, article, django_assert_max_num_queries
):
    for number in range(12):
        revision_create(article=article, by=StaffFactory(username=f"editor{number}"))

    with django_assert_max_num_queries(12):
        response = client.get(history_url(article))

    assert len(response.context["revisions"]) == 13


def test_change_form_links_to_the_history_of_revisions(client, editor, article):
    response = client.get(change_url(article))

    assert f'href="{history_url(article)}"' in response.content.decode()


# Comparing


def test_compare_shows_what_changed_field_by_field(client, editor, article):
    first = article.revisions.get()
    section = SectionFactory(name="Transportation")
    data = loaded_form(client.get(change_url(article)))
    data.update({"headline": ["Bridge closes for two weeks"], "section": [str(section.pk)]})
    client.post(change_url(article), data)
    second = article.revisions.first()

    response = client.get(compare_url(article), {"from": second.pk, "to": first.pk})

    assert response.status_code == 200
    changed = {change.field: change for change in response.context["changes"]}
    assert set(changed) == {"headline", "section"}
    assert changed["headline"].diff == "Bridge closes for <del>repairs</del><ins>two weeks</ins>"
    # Chosen in either order, the older revision is the "before".
    assert response.context["older"] == first
    assert "<ins>Transportation</ins>" in response.content.decode()


def test_compare_shows_the_bodys_html_as_text_never_as_markup(client, editor, article):
    first = article.revisions.get()
    edit(
        client,
        article,
        headline="<img src=x onerror=alert(1)> Bridge",
        body='<p>The bridge closes <a href="https://example.org/detours">Monday</a>.</p>',
    )
    second = article.revisions.first()

    response = client.get(compare_url(article), {"from": first.pk, "to": second.pk})

    page = response.content.decode()
    assert "&lt;a href=&quot;https://example.org/detours&quot;&gt;" in page
    assert '<a href="https://example.org/detours">' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_compare_without_two_revisions_chosen_says_so(client, editor, article):
    response = client.get(compare_url(article), {"from": article.revisions.get().pk}, follow=True)

    assert "Choose two revisions to compare." in response.content.decode()


def test_compare_refuses_a_revision_of_another_article(client, editor, article):
    other = ArticleFactory()
    foreign = revision_create(article=other, by=editor)

    response = client.get(
        compare_url(article), {"from": article.revisions.get().pk, "to": foreign.pk}
    )

    assert response.status_code == 404


# Restoring


def test_restore_brings_back_the_words_bylines_and_tags_as_a_new_revision(client, editor, article):
    first = article.revisions.get()
    edit(client, article, headline="A worse headline", tags="mistake")
    Byline.objects.filter(article=article).update(author=AuthorFactory(name="Wrong Person"))
    version_before = Article.objects.get(pk=article.pk).version

    response = client.post(restore_url(first))

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.headline == "Bridge closes for repairs"
    assert list(article.tags.names()) == []
    assert [b.author.name for b in article.bylines.all()] == ["Maya Ortiz"]
    assert article.version == version_before + 1
    newest = article.revisions.first()
    assert newest.created_by == editor
    assert newest.version == article.version
    assert newest.data["headline"] == "Bridge closes for repairs"


@pytest.mark.parametrize(
    ("status_then", "status_now"),
    [
        (Article.Status.DRAFT, Article.Status.PUBLISHED),
        (Article.Status.PUBLISHED, Article.Status.DRAFT),
    ],
)
def test_restoring_never_publishes_or_unpublishes(client, editor, status_then, status_now):
    publish_at = timezone.now() - timedelta(days=2)
    article = ArticleFactory(headline="Then", status=status_then, publish_at=publish_at)
    old = revision_create(article=article, by=editor)
    now = timezone.now() - timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(headline="Now", status=status_now, publish_at=now)

    client.post(restore_url(old))

    article.refresh_from_db()
    assert article.headline == "Then"
    assert article.status == status_now
    assert article.publish_at == now


def test_restore_page_shows_what_will_change_and_asks_to_confirm(client, editor, article):
    first = article.revisions.get()
    edit(client, article, headline="A worse headline")

    response = client.get(restore_url(first))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>A worse headline</del>" in page or "<del>A worse " in page
    assert 'method="post"' in page
    assert "csrfmiddlewaretoken" in page
    article.refresh_from_db()
    assert article.headline == "A worse headline"


def test_restore_without_a_csrf_token_is_refused(editor, article):
    first = article.revisions.get()
    edit_client = Client(enforce_csrf_checks=True)
    edit_client.force_login(editor)
    Article.objects.filter(pk=article.pk).update(headline="Changed since")

    response = edit_client.post(restore_url(first))

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "Changed since"


def test_restoring_a_slug_another_article_now_uses_is_refused_with_a_message(
    client, editor, article
):
    first = article.revisions.get()
    edit(client, article, slug="bridge-closes-for-two-weeks")
    ArticleFactory(slug="bridge-closes")

    response = client.post(restore_url(first), follow=True)

    page = response.content.decode()
    assert "was not restored" in page
    assert "slug already exists" in page.lower()
    article.refresh_from_db()
    assert article.slug == "bridge-closes-for-two-weeks"


def test_restoring_keeps_what_was_deleted_since_and_says_so(client, editor, article):
    gone = NeighborhoodFactory(name="Old Mill")
    article.neighborhoods.add(gone)
    old = revision_create(article=article, by=editor)
    gone.delete()

    response = client.post(restore_url(old), follow=True)

    assert response.status_code == 200
    assert "Neighborhoods deleted since, not restored: Old Mill." in response.content.decode()


# Who may


@pytest.mark.parametrize("page", ["history", "compare", "restore"])
def test_anonymous_visitor_is_sent_to_the_admin_login(client, article, page):
    revision = article.revisions.get()
    url = {
        "history": history_url(article),
        "compare": compare_url(article) + f"?from={revision.pk}&to={revision.pk}",
        "restore": restore_url(revision),
    }[page]

    response = client.post(url) if page == "restore" else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_who_may_only_view_articles_see_history_but_cannot_restore(client, article):
    first = article.revisions.get()
    intern = staff_with("view_article", username="intern")
    # Their own story, so the article list shows it to them.
    Article.objects.filter(pk=article.pk).update(headline="Changed since", created_by=intern)
    client.force_login(intern)

    history = client.get(history_url(article))

    assert history.status_code == 200
    assert "Restore this version" not in history.content.decode()
    assert client.get(restore_url(first)).status_code == 403
    assert client.post(restore_url(first)).status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "Changed since"


def test_staff_without_article_permissions_see_no_revisions(client, article):
    photo_desk = staff_with(username="photo-desk")
    Article.objects.filter(pk=article.pk).update(created_by=photo_desk)
    client.force_login(photo_desk)

    response = client.get(history_url(article))

    assert response.status_code == 403
    assert "Bridge closes for repairs" not in response.content.decode()


def test_writer_cannot_restore_someone_elses_article(client, article):
    first = article.revisions.get()
    Article.objects.filter(pk=article.pk).update(headline="Changed since")
    writer = staff_with("add_article", "change_article", "view_article", username="writer")
    client.force_login(writer)

    response = client.post(restore_url(first))

    assert response.status_code in {403, 404}
    assert Article.objects.get(pk=article.pk).headline == "Changed since"


def test_restoring_a_revision_of_another_article_is_not_found(client, editor, article):
    other = ArticleFactory()
    foreign = revision_create(article=other, by=editor)

    response = client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, foreign.pk])
    )

    assert response.status_code == 404
    assert ArticleRevision.objects.filter(article=article).count() == 1
