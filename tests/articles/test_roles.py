"""The role x action matrix, from both sides: through the admin (HTTP) and the services."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.roles import CONTRIBUTOR, EDITOR, MANAGING_EDITOR, REPORTER, ROLES, sync_roles
from articles.services import (
    article_publish,
    article_schedule,
    article_submit,
    article_unpublish,
    article_withdraw,
)
from photos.models import Photo
from tests.articles.workflow_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    admin_form_data,
    change_url,
    draft_by,
    local_date_and_time,
    new_article_data,
    staff_in,
)
from tests.factories import ArticleFactory, AuthorFactory, image_upload

pytestmark = pytest.mark.django_db

WRITERS = [CONTRIBUTOR, REPORTER]
DESKS = [EDITOR, MANAGING_EDITOR]
EVERY_ROLE = WRITERS + DESKS


@pytest.fixture
def others_draft():
    return draft_by(staff_in(REPORTER, "someone_else"), headline="Someone else's story")


def log_in(client, role):
    user = staff_in(role)
    client.force_login(user)
    return user


# The groups


def test_migration_creates_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_contributor_role_cannot_publish_or_touch_photos():
    contributor = staff_in(CONTRIBUTOR)

    assert contributor.has_perm("articles.add_article")
    assert contributor.has_perm("articles.submit_article")
    assert not contributor.has_perm("articles.publish_article")
    assert not contributor.has_perm("articles.change_others_article")
    assert not contributor.has_perm("photos.add_photo")


def test_only_the_managing_editor_manages_users_sections_and_authors():
    for role in (CONTRIBUTOR, REPORTER, EDITOR):
        user = staff_in(role, f"not_managing_{role[:4]}")
        assert not user.has_perm("auth.change_user")
        assert not user.has_perm("articles.change_section")
    managing = staff_in(MANAGING_EDITOR)
    for permission in (
        "auth.change_user",
        "auth.add_group",
        "articles.change_section",
        "articles.change_author",
        "neighborhoods.change_neighborhood",
        "articles.delete_article",
    ):
        assert managing.has_perm(permission), permission


def test_editor_handles_error_reports_and_corrections():
    editor = staff_in(EDITOR)

    assert editor.has_perm("articles.change_errorreport")
    assert editor.has_perm("articles.add_correction")
    assert not editor.has_perm("articles.delete_article")


def test_sync_roles_puts_back_a_permission_removed_by_hand_and_drops_one_added():
    editor_group = Group.objects.get(name=EDITOR)
    editor_group.permissions.remove(Permission.objects.get(codename="publish_article"))
    editor_group.permissions.add(Permission.objects.get(codename="delete_section"))

    call_command("sync_roles", stdout=io.StringIO())

    codenames = set(editor_group.permissions.values_list("codename", flat=True))
    assert "publish_article" in codenames
    assert "delete_section" not in codenames


def test_sync_roles_finds_every_permission_it_names():
    assert sync_roles() == {role: [] for role in ROLES}


# Through the admin, as each role


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_role_creates_an_article_as_a_draft_of_their_own(client, role):
    user = log_in(client, role)

    response = client.post(ADD_URL, new_article_data(client))

    assert response.status_code == 302
    article = Article.objects.get(slug="ferry-returns")
    assert article.created_by == user
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_role_edits_their_own_draft(client, role):
    article = draft_by(log_in(client, role))

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), headline="A sharper headline"),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "A sharper headline"


def test_a_byline_makes_the_article_ones_own(client):
    contributor = log_in(client, CONTRIBUTOR)
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(user=contributor)],
    )

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), headline="Written under my byline"),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Written under my byline"


@pytest.mark.parametrize("role", WRITERS)
def test_contributor_and_reporter_cannot_see_or_edit_others_articles(client, role, others_draft):
    log_in(client, role)

    listed = client.get(CHANGELIST_URL).context["cl"].result_list
    page = client.get(change_url(others_draft))
    client.post(change_url(others_draft), {"headline": "Taken over", "_save": "Save"})

    assert others_draft not in listed
    # The admin answers as if the article did not exist: no hint of other people's work.
    assert page.status_code == 302
    assert Article.objects.get(pk=others_draft.pk).headline == "Someone else's story"


@pytest.mark.parametrize("role", DESKS)
def test_editors_edit_anyones_article(client, role, others_draft):
    log_in(client, role)

    response = client.post(
        change_url(others_draft),
        admin_form_data(client.get(change_url(others_draft)), headline="Edited on the desk"),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=others_draft.pk).headline == "Edited on the desk"


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_every_role_submits_their_draft_for_review(client, role):
    user = log_in(client, role)
    article = draft_by(user)

    response = client.post(
        change_url(article), admin_form_data(client.get(change_url(article)), status="review")
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    step = ArticleTransition.objects.get(article=article)
    assert (step.from_status, step.to_status, step.by) == ("draft", "review", user)


@pytest.mark.parametrize("role", WRITERS)
def test_contributor_and_reporter_are_offered_only_draft_and_in_review(client, role):
    article = draft_by(log_in(client, role))

    form = client.get(change_url(article)).context["adminform"].form

    assert [value for value, _label in form.fields["status"].choices] == ["draft", "review"]
    assert "publish_at" not in form.fields


@pytest.mark.parametrize("role", WRITERS)
def test_contributor_cannot_publish_through_the_form(client, role):
    article = draft_by(log_in(client, role))

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), status="published"),
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize("role", WRITERS)
def test_contributor_cannot_schedule_through_the_form(client, role):
    article = draft_by(log_in(client, role))
    day, time = local_date_and_time(timezone.now() + timedelta(days=1))

    client.post(
        change_url(article),
        admin_form_data(
            client.get(change_url(article)),
            status="published",
            publish_at_0=day,
            publish_at_1=time,
        ),
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None


@pytest.mark.parametrize("role", WRITERS)
@pytest.mark.parametrize("action", ["publish", "publish_now", "unpublish"])
def test_contributor_cannot_use_the_publishing_actions(client, role, action):
    user = log_in(client, role)
    draft = draft_by(user)
    live = draft_by(user, status=Article.Status.PUBLISHED, publish_at=timezone.now())

    actions = client.get(CHANGELIST_URL).context["action_form"].fields["action"].choices
    client.post(CHANGELIST_URL, {"action": action, "_selected_action": [draft.pk, live.pk]})

    assert action not in [name for name, _label in actions]
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED


@pytest.mark.parametrize("role", WRITERS)
def test_contributor_cannot_edit_or_withdraw_their_article_once_published(client, role):
    article = draft_by(log_in(client, role), status="published", publish_at=timezone.now())
    page = client.get(change_url(article))

    response = client.post(
        change_url(article),
        {"headline": "Changed while live", "status": "withdrawn", "withdrawal_note": "No."},
    )

    # The page is read-only for them, and a forged post is refused.
    assert "adminform" not in page.context or not page.context["has_change_permission"]
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.headline != "Changed while live"


@pytest.mark.parametrize("role", DESKS)
def test_editors_publish_through_the_form_and_the_step_is_recorded(client, role, others_draft):
    editor = log_in(client, role)

    response = client.post(
        change_url(others_draft),
        admin_form_data(client.get(change_url(others_draft)), status="published"),
    )

    assert response.status_code == 302
    assert others_draft in Article.objects.published()
    step = ArticleTransition.objects.get(article=others_draft)
    assert (step.to_status, step.by) == ("published", editor)


@pytest.mark.parametrize("role", DESKS)
def test_editors_schedule_through_the_form(client, role, others_draft):
    log_in(client, role)
    tomorrow = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    day, time = local_date_and_time(tomorrow)

    response = client.post(
        change_url(others_draft),
        admin_form_data(
            client.get(change_url(others_draft)),
            status="published",
            publish_at_0=day,
            publish_at_1=time,
        ),
    )

    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.status == Article.Status.PUBLISHED
    assert others_draft.publish_at == tomorrow
    assert others_draft not in Article.objects.published()


@pytest.mark.parametrize("role", DESKS)
def test_editors_publish_and_unpublish_with_the_actions(client, role, others_draft):
    log_in(client, role)

    client.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [others_draft.pk]})
    published = Article.objects.get(pk=others_draft.pk).status
    client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [others_draft.pk]})

    assert published == Article.Status.PUBLISHED
    assert Article.objects.get(pk=others_draft.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize("role", DESKS)
def test_editors_withdraw_a_published_article_with_a_note(client, role):
    log_in(client, role)
    article = ArticleFactory()

    response = client.post(
        change_url(article),
        admin_form_data(
            client.get(change_url(article)),
            status="withdrawn",
            withdrawal_note="The story relied on a source who has since recanted.",
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawal_note.startswith("The story relied on a source")


@pytest.mark.parametrize(("role", "may_upload"), [(r, r != CONTRIBUTOR) for r in EVERY_ROLE])
def test_only_reporters_and_up_upload_photos(client, role, may_upload):
    log_in(client, role)

    response = client.post(
        "/admin/photos/photo/add/",
        {"image": image_upload(), "caption": "Ferry at dawn", "alt_text": "A ferry", "_save": "1"},
    )

    assert Photo.objects.filter(caption="Ferry at dawn").exists() is may_upload
    assert response.status_code == (302 if may_upload else 403)


# Through the services: the other path that changes articles


def _service_attempts(article, user):
    return {
        "submit": lambda: article_submit(article=article, by=user),
        "publish": lambda: article_publish(article=article, by=user),
        "schedule": lambda: article_schedule(
            article=article, by=user, publish_at=timezone.now() + timedelta(hours=2)
        ),
    }


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("action", ["submit", "publish", "schedule"])
def test_services_on_ones_own_draft_follow_the_role(role, action):
    user = staff_in(role)
    article = draft_by(user)
    allowed = role in DESKS or action == "submit"

    attempt = _service_attempts(article, user)[action]
    if allowed:
        attempt()
    else:
        with pytest.raises(PermissionDenied):
            attempt()

    status = Article.objects.get(pk=article.pk).status
    expected = {"submit": "review", "publish": "published", "schedule": "published"}[action]
    assert status == (expected if allowed else Article.Status.DRAFT)
    assert ArticleTransition.objects.filter(article=article).exists() is allowed


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_services_on_someone_elses_draft_are_for_editors_only(role, others_draft):
    user = staff_in(role)

    if role in DESKS:
        article_submit(article=others_draft, by=user)
        article_publish(article=others_draft, by=user)
        assert others_draft in Article.objects.published()
    else:
        with pytest.raises(PermissionDenied):
            article_submit(article=others_draft, by=user)
        assert Article.objects.get(pk=others_draft.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("action", ["unpublish", "withdraw"])
def test_unpublish_and_withdraw_services_are_for_editors_only(role, action):
    user = staff_in(role)
    article = draft_by(user, status=Article.Status.PUBLISHED, publish_at=timezone.now())

    def attempt():
        if action == "unpublish":
            article_unpublish(article=article, by=user)
        else:
            article_withdraw(article=article, by=user, note="Retracted.")

    if role in DESKS:
        attempt()
        assert article not in Article.objects.published()
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        assert article in Article.objects.published()
