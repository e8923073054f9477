"""The public archive of sent editions and each edition's web page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from subscriptions.models import Edition, EditionArticle, EditionMeeting
from subscriptions.views import EDITIONS_PER_PAGE
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditionFactory,
    MeetingFactory,
    NewsletterFactory,
)

pytestmark = pytest.mark.django_db

ARCHIVE_URL = reverse("subscriptions:archive")


def sent(days_ago=1, **kwargs):
    when = timezone.now() - timedelta(days=days_ago)
    return EditionFactory(
        status=Edition.Status.SENT, sending_started_at=when, sent_at=when, **kwargs
    )


def test_archive_lists_sent_editions_newest_first_and_hides_the_others(client):
    older = sent(days_ago=8, subject="Two weeks of news")
    newer = sent(days_ago=1, subject="Last week's news")
    EditionFactory(subject="Still a draft")
    EditionFactory(subject="Going out tomorrow", status=Edition.Status.SCHEDULED)
    EditionFactory(subject="Going out now", status=Edition.Status.SENDING)

    response = client.get(ARCHIVE_URL)

    assert list(response.context["editions"]) == [newer, older]
    page = response.content.decode()
    assert "Still a draft" not in page
    assert "Going out tomorrow" not in page
    assert "Going out now" not in page
    assert newer.get_absolute_url() in page


def test_archive_shows_one_newsletter_when_asked(client):
    weekly = NewsletterFactory(name="The Weekly", slug="weekly")
    eastbank = NewsletterFactory(name="Eastbank letter", slug="eastbank")
    ours = sent(newsletter=weekly)
    sent(newsletter=eastbank)

    response = client.get(ARCHIVE_URL, {"newsletter": "weekly"})
    unknown = client.get(ARCHIVE_URL, {"newsletter": "no-such-list"})

    assert list(response.context["editions"]) == [ours]
    assert "?newsletter=eastbank" in response.content.decode()
    assert list(unknown.context["editions"]) == []


def test_archive_is_paginated_and_keeps_the_newsletter_on_every_page(client):
    weekly = NewsletterFactory(slug="weekly")
    for day in range(EDITIONS_PER_PAGE + 1):
        sent(days_ago=day + 1, newsletter=weekly)

    first = client.get(ARCHIVE_URL, {"newsletter": "weekly"})
    second = client.get(ARCHIVE_URL, {"newsletter": "weekly", "page": 2})

    assert len(first.context["editions"]) == EDITIONS_PER_PAGE
    assert "?newsletter=weekly&amp;page=2" in first.content.decode()
    assert len(second.context["editions"]) == 1


@pytest.mark.parametrize("size", [1, 15])
def test_archive_costs_the_same_queries_for_any_number_of_editions(
    client, size, django_assert_max_num_queries
):
    for day in range(size):
        sent(days_ago=day + 1, newsletter=NewsletterFactory())

    # Count for the paginator, the page of editions with their newsletter, the filter's
    # newsletters, and the section navigation of the site template.
    with django_assert_max_num_queries(4):
        response = client.get(ARCHIVE_URL)

    assert len(response.context["editions"]) == size


def test_edition_page_shows_the_email_content_without_personal_links(client):
    edition = sent(subject="Bridge week", intro="Good morning, Riverside.")
    article = ArticleFactory(
        headline="Bridge closes for repairs", authors=[AuthorFactory(name="Ana Ruiz")]
    )
    EditionArticle.objects.create(edition=edition, article=article, order=1)
    EditionMeeting.objects.create(edition=edition, meeting=MeetingFactory(title="Bridge forum"))

    response = client.get(edition.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bridge week" in page
    assert "Good morning, Riverside." in page
    assert f'href="{article.get_absolute_url()}"' in page
    assert "By Ana Ruiz" in page
    assert "Bridge forum" in page
    assert "/newsletter/unsubscribe/" not in page
    assert "/newsletter/preferences/" not in page


@pytest.mark.parametrize(
    "status", [Edition.Status.DRAFT, Edition.Status.SCHEDULED, Edition.Status.SENDING]
)
def test_unsent_edition_has_no_public_page(client, status):
    edition = EditionFactory(status=status)

    assert client.get(edition.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 8])
def test_edition_page_costs_the_same_queries_for_any_size(
    client, size, django_assert_max_num_queries
):
    edition = sent()
    for order in range(size):
        article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
        EditionArticle.objects.create(edition=edition, article=article, order=order)
        EditionMeeting.objects.create(edition=edition, meeting=MeetingFactory(), order=order)

    # The edition with its newsletter, edition_content's three, the section navigation.
    with django_assert_max_num_queries(5):
        response = client.get(edition.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["content"]["articles"]) == size
