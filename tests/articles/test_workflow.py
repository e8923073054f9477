"""States and their record: draft -> in review -> published -> withdrawn, and back."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.roles import CONTRIBUTOR, EDITOR
from articles.services import (
    article_publish,
    article_return_to_draft,
    article_submit,
    article_unpublish,
    article_withdraw,
)
from tests.articles.workflow_helpers import (
    CHANGELIST_URL,
    admin_form_data,
    change_url,
    draft_by,
    staff_in,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

REVIEW_QUEUE_URL = "/admin/articles/article/review-queue/"


@pytest.fixture
def contributor():
    return staff_in(CONTRIBUTOR)


@pytest.fixture
def editor():
    return staff_in(EDITOR)


def steps(article):
    return [
        (step.from_status, step.to_status, step.by)
        for step in ArticleTransition.objects.filter(article=article).order_by("at", "pk")
    ]


def test_a_story_goes_from_draft_to_review_to_published_to_withdrawn_with_a_record(
    contributor, editor
):
    article = draft_by(contributor)

    article_submit(article=article, by=contributor)
    article_publish(article=article, by=editor)
    article_withdraw(article=article, by=editor, note="A court order bars publication.")

    assert steps(article) == [
        ("draft", "review", contributor),
        ("review", "published", editor),
        ("published", "withdrawn", editor),
    ]
    messages = list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert messages == ["Submitted for review.", "Published.", "Withdrawn."]


def test_editor_returns_a_story_to_the_reporter_with_a_note(contributor, editor):
    article = draft_by(contributor, status=Article.Status.REVIEW)

    article_return_to_draft(article=article, by=editor, note="Needs a second source.")

    step = ArticleTransition.objects.get(article=article)
    assert (step.to_status, step.note) == ("draft", "Needs a second source.")
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_contributor_takes_back_their_own_submission(contributor):
    article = draft_by(contributor, status=Article.Status.REVIEW)

    article_return_to_draft(article=article, by=contributor)

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_draft_cannot_be_withdrawn(editor):
    article = draft_by(editor)

    with pytest.raises(PermissionDenied):
        article_withdraw(article=article, by=editor, note="Never ran.")

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_withdrawing_needs_a_note_for_readers(editor):
    article = ArticleFactory()

    with pytest.raises(ValidationError) as raised:
        article_withdraw(article=article, by=editor, note="   ")

    assert "note" in " ".join(raised.value.messages)
    assert article in Article.objects.published()


def test_withdrawing_in_the_form_without_a_note_is_refused_and_loses_nothing(client, editor):
    client.force_login(editor)
    article = ArticleFactory()

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), status="withdrawn", dek="New summary"),
    )

    assert response.status_code == 200
    assert "withdrawal_note" in response.context["adminform"].form.errors
    assert "New summary" in response.text
    assert article in Article.objects.published()


def test_unpublishing_a_withdrawn_article_makes_it_a_draft_again(editor):
    article = ArticleFactory(status=Article.Status.WITHDRAWN, withdrawal_note="Gone.")

    article_unpublish(article=article, by=editor)

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_the_change_page_shows_the_workflow_history_newest_first(client, contributor, editor):
    article = draft_by(contributor, headline="Bridge inspection results")
    article_submit(article=article, by=contributor)
    article_return_to_draft(article=article, by=editor, note="Check the engineer's name.")
    client.force_login(editor)

    page = client.get(change_url(article)).text

    history = page[
        page.index('id="workflow-history"') : page.index(
            "</fieldset>", page.index('id="workflow-history"')
        )
    ]
    newest, oldest = history.split("<tr>")[2:]
    assert editor.username in newest and "Check the engineer&#x27;s name." in newest
    assert contributor.username in oldest and oldest.index("Draft") < oldest.index("In review")


def test_the_admin_form_records_the_same_step_as_the_service(client, editor):
    article = draft_by(editor)
    client.force_login(editor)

    client.post(
        change_url(article), admin_form_data(client.get(change_url(article)), status="review")
    )

    assert steps(article) == [("draft", "review", editor)]
    assert LogEntry.objects.filter(change_message="Submitted for review.").exists()


def test_submit_action_sends_a_contributors_drafts_to_review(client, contributor):
    mine = draft_by(contributor)
    client.force_login(contributor)

    response = client.post(
        CHANGELIST_URL,
        {"action": "submit_for_review", "_selected_action": [mine.pk]},
        follow=True,
    )

    assert Article.objects.get(pk=mine.pk).status == Article.Status.REVIEW
    assert "1 article is waiting for review." in [str(m) for m in response.context["messages"]]


def test_publish_action_names_the_article_it_may_not_move(client, editor):
    withdrawn = ArticleFactory(
        headline="Old rumor", status=Article.Status.WITHDRAWN, withdrawal_note="Untrue."
    )
    client.force_login(editor)

    response = client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [withdrawn.pk]}, follow=True
    )

    assert any("Old rumor" in str(m) for m in response.context["messages"])
    assert Article.objects.get(pk=withdrawn.pk).status == Article.Status.WITHDRAWN


# The review queue


def test_review_queue_lists_what_waits_the_longest_waiting_first(client, contributor, editor):
    now = timezone.now()
    later = draft_by(contributor, headline="Submitted this morning")
    earlier = draft_by(contributor, headline="Submitted yesterday")
    draft_by(contributor, headline="Still a draft")
    article_submit(article=later, by=contributor)
    article_submit(article=earlier, by=contributor)
    ArticleTransition.objects.filter(article=earlier).update(at=now - timedelta(days=1))
    client.force_login(editor)

    response = client.get(REVIEW_QUEUE_URL)

    assert response.status_code == 200
    assert [a.headline for a in response.context["articles"]] == [
        "Submitted yesterday",
        "Submitted this morning",
    ]
    assert "Still a draft" not in response.text


def test_review_queue_costs_the_same_queries_for_many_articles(
    client, contributor, editor, django_assert_max_num_queries
):
    for number in range(12):
        article_submit(article=draft_by(contributor, slug=f"waiting-{number}"), by=contributor)
    client.force_login(editor)

    with django_assert_max_num_queries(10):
        assert client.get(REVIEW_QUEUE_URL).status_code == 200


def test_editors_find_the_review_queue_from_the_article_list(client, contributor, editor):
    article_submit(article=draft_by(contributor), by=contributor)
    client.force_login(editor)

    page = client.get(CHANGELIST_URL).text

    assert reverse("admin:articles_article_review_queue") in page
    assert "Review queue: 1 article waiting" in page


def test_contributors_have_no_review_queue(client, contributor):
    client.force_login(contributor)

    assert client.get(REVIEW_QUEUE_URL).status_code == 403
    assert "Review queue" not in client.get(CHANGELIST_URL).text


# Withdrawn articles for readers


def test_withdrawn_article_answers_410_with_the_editors_note(client, editor):
    article = ArticleFactory(headline="Mayor to resign")
    address = article.get_absolute_url()
    article_withdraw(article=article, by=editor, note="This report was based on a forged letter.")

    response = client.get(address)

    assert response.status_code == 410
    assert "This report was based on a forged letter." in response.text
    assert "Mayor to resign" in response.text
    assert 'class="site-footer"' in response.text


def test_old_address_of_a_withdrawn_article_also_answers_410(client, editor):
    article = ArticleFactory(headline="Mayor to resign", slug="mayor-to-resign")
    old_address = article.get_absolute_url()
    article.slug = "mayor-said-to-weigh-resignation"
    article.save()
    article_withdraw(article=article, by=editor, note="This report was based on a forged letter.")

    response = client.get(old_address)

    assert response.status_code == 410
    assert "This report was based on a forged letter." in response.text


def test_withdrawn_article_leaves_every_list(client, editor):
    article = ArticleFactory(headline="Mayor to resign")
    article_withdraw(article=article, by=editor, note="Withdrawn.")

    for url in (
        reverse("articles:home"),
        article.section.get_absolute_url(),
        reverse("articles:archive"),
    ):
        assert "Mayor to resign" not in client.get(url).text, url
    assert article not in Article.objects.published()


def test_a_draft_is_404_not_410(client):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now())

    assert client.get(article.get_absolute_url()).status_code == 404
