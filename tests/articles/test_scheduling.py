"""Scheduled stories: public at their moment with no cron, and never by accident before."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.roles import CONTRIBUTOR, EDITOR
from articles.services import article_publish_now, article_schedule
from tests.articles.workflow_helpers import (
    CHANGELIST_URL,
    admin_form_data,
    change_url,
    draft_by,
    local_date_and_time,
    staff_in,
)
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

HEADLINE = "Riverfront market opens for the season"


@pytest.fixture
def editor(client):
    user = staff_in(EDITOR)
    client.force_login(user)
    return user


def at(moment):
    """Move the site's clock: every timezone.now() (and so published()) answers `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def scheduled(minutes=1, **kwargs):
    return ArticleFactory(
        headline=HEADLINE,
        publish_at=timezone.now() + timedelta(minutes=minutes),
        **kwargs,
    )


def test_story_scheduled_a_minute_ahead_appears_on_home_and_section_at_that_moment(client):
    section = SectionFactory(name="Business", slug="business")
    article = scheduled(section=section)
    pages = [reverse("articles:home"), section.get_absolute_url()]

    with at(article.publish_at - timedelta(seconds=1)):
        before = [client.get(url).text for url in pages]
        before_permalink = client.get(article.get_absolute_url()).status_code
    with at(article.publish_at + timedelta(seconds=1)):
        after = [client.get(url).text for url in pages]
        after_permalink = client.get(article.get_absolute_url()).status_code

    assert all(HEADLINE not in page for page in before)
    assert before_permalink == 404
    # Nothing ran in between: no job, no save. The clock alone made it public.
    assert all(HEADLINE in page for page in after)
    assert after_permalink == 200


def test_admin_says_scheduled_with_the_time(client, editor):
    article = scheduled(minutes=90)

    list_page = client.get(CHANGELIST_URL).text
    change_page = client.get(change_url(article)).text

    assert "Scheduled for" in list_page
    assert "Scheduled for" in change_page


def test_saving_a_draft_with_a_past_time_keeps_it_a_draft(client, editor):
    article = draft_by(editor)
    day, time = local_date_and_time(timezone.now() - timedelta(days=2))

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), publish_at_0=day, publish_at_1=time),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is not None
    assert article not in Article.objects.published()


def test_clearing_the_time_of_a_scheduled_story_is_refused_and_it_stays_scheduled(client, editor):
    article = scheduled(minutes=60)
    page = client.get(change_url(article))

    response = client.post(
        change_url(article), admin_form_data(page, publish_at_0="", publish_at_1="")
    )

    assert response.status_code == 200
    assert "clearing its time would publish it now" in str(
        response.context["adminform"].form.errors["publish_at"]
    )
    assert article not in Article.objects.published()
    assert Article.objects.get(pk=article.pk).publish_at == article.publish_at


def test_moving_a_scheduled_story_into_the_past_is_refused(client, editor):
    article = scheduled(minutes=60)
    day, time = local_date_and_time(timezone.now() - timedelta(hours=1))

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), publish_at_0=day, publish_at_1=time),
    )

    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors
    assert article not in Article.objects.published()


def test_moving_a_scheduled_story_later_keeps_it_scheduled(client, editor):
    article = scheduled(minutes=60)
    later = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    day, time = local_date_and_time(later)

    response = client.post(
        change_url(article),
        admin_form_data(client.get(change_url(article)), publish_at_0=day, publish_at_1=time),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).publish_at == later


def test_unpublishing_a_scheduled_story_keeps_it_off_the_site_after_its_time(client, editor):
    article = scheduled(minutes=1)

    client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [article.pk]})

    with at(article.publish_at + timedelta(minutes=5)):
        assert article not in Article.objects.published()


def test_schedule_service_refuses_a_time_that_has_passed(editor):
    article = draft_by(editor)

    with pytest.raises(ValidationError):
        article_schedule(
            article=article, by=editor, publish_at=timezone.now() - timedelta(minutes=1)
        )

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_schedule_service_moves_a_scheduled_storys_time(editor):
    article = scheduled(minutes=30)
    tomorrow = timezone.now() + timedelta(days=1)

    article_schedule(article=article, by=editor, publish_at=tomorrow)

    assert Article.objects.get(pk=article.pk).publish_at == tomorrow


def test_publish_now_puts_a_scheduled_story_on_the_site_at_once(client, editor):
    article = scheduled(minutes=60)

    client.post(CHANGELIST_URL, {"action": "publish_now", "_selected_action": [article.pk]})

    assert article in Article.objects.published()


def test_publish_now_service_is_refused_to_a_contributor():
    contributor = staff_in(CONTRIBUTOR)
    article = scheduled(minutes=60, created_by=contributor)

    with pytest.raises(PermissionDenied):
        article_publish_now(article=article, by=contributor)

    assert article not in Article.objects.published()
