"""The neighborhood pages readers browse: the list of places and each one's latest stories."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from neighborhoods.models import Approval
from tests.factories import (
    ArticleFactory,
    AssociationFactory,
    MeetingFactory,
    NeighborhoodFactory,
    NoticeFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db


def test_neighborhood_list_shows_each_place_with_its_published_story_count(client):
    eastbank = NeighborhoodFactory(name="Eastbank", description="Across the river.")
    NeighborhoodFactory(name="Old Town")
    ArticleFactory().neighborhoods.add(eastbank)
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None).neighborhoods.add(eastbank)
    ArticleFactory(publish_at=timezone.now() + timedelta(days=1)).neighborhoods.add(eastbank)

    response = client.get(reverse("neighborhoods:list"))

    counts = {n.name: n.article_count for n in response.context["neighborhoods"]}
    assert counts == {"Eastbank": 1, "Old Town": 0}
    content = response.content.decode()
    assert f'href="{eastbank.get_absolute_url()}">Eastbank</a>' in content
    assert "Across the river." in content
    assert "1 story" in content and "0 stories" in content


def test_neighborhood_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for neighborhood in NeighborhoodFactory.create_batch(8):
        for article in ArticleFactory.create_batch(2):
            article.neighborhoods.add(neighborhood)

    with django_assert_max_num_queries(3):
        client.get(reverse("neighborhoods:list"))


def test_neighborhood_page_lists_its_latest_published_stories(client):
    eastbank = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    older = ArticleFactory(headline="Crosswalk approved", publish_at=timezone.now() - timedelta(2))
    newer = ArticleFactory(headline="Mural unveiled", publish_at=timezone.now() - timedelta(1))
    draft = ArticleFactory(
        headline="Unpublished plan", status=Article.Status.DRAFT, publish_at=None
    )
    for article in (older, newer, draft):
        article.neighborhoods.add(eastbank)
    ArticleFactory(headline="Story from elsewhere")

    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "eastbank"}))

    assert list(response.context["object_list"]) == [newer, older]
    content = response.content.decode()
    assert "<h1>Eastbank</h1>" in content
    assert "Unpublished plan" not in content and "Story from elsewhere" not in content


def test_neighborhood_page_is_paginated(client):
    eastbank = NeighborhoodFactory(slug="eastbank")
    for article in ArticleFactory.create_batch(21):
        article.neighborhoods.add(eastbank)
    url = reverse("neighborhoods:detail", kwargs={"slug": "eastbank"})

    assert len(client.get(url).context["object_list"]) == 20
    assert len(client.get(url, {"page": 2}).context["object_list"]) == 1


def test_neighborhood_without_stories_says_so(client):
    NeighborhoodFactory(slug="old-town")

    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "old-town"}))

    assert response.status_code == 200
    assert "No stories here yet" in response.content.decode()


def test_unknown_neighborhood_is_not_found(client):
    response = client.get(reverse("neighborhoods:detail", kwargs={"slug": "atlantis"}))

    assert response.status_code == 404


@pytest.fixture
def eastbank():
    return NeighborhoodFactory(name="Eastbank", slug="eastbank", description="Across the river.")


@pytest.fixture
def residents(eastbank):
    return AssociationFactory(
        name="Eastbank Residents Association",
        neighborhoods=[eastbank],
        mission="We speak for the blocks east of the river.",
        website="https://eastbank.example.org/",
        email="board@eastbank.example.org",
        phone="555-0100",
        meeting_place="Eastbank Library",
        meeting_schedule="Second Tuesday of the month, 7 p.m.",
    )


def detail(client, slug="eastbank", **params):
    return client.get(reverse("neighborhoods:detail", kwargs={"slug": slug}), params)


def test_neighborhood_page_shows_its_association_with_contacts_and_officers(client, residents):
    OfficerFactory(
        association=residents,
        name="Ana Ruiz",
        role="Administrative Vice President",
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
        email="ana@eastbank.example.org",
        order=2,
    )
    OfficerFactory(association=residents, name="Sam Lee", role="President", order=1)

    content = detail(client).content.decode()

    assert "Eastbank Residents Association" in content
    assert "We speak for the blocks east of the river." in content
    assert '<a href="https://eastbank.example.org/">' in content
    assert '<a href="mailto:board@eastbank.example.org">' in content
    assert '<a href="tel:555-0100">555-0100</a>' in content
    assert "Second Tuesday of the month, 7 p.m., Eastbank Library" in content
    assert content.index("Sam Lee") < content.index("Ana Ruiz")
    assert "Administrative Vice President" in content
    assert "Term: Jan. 2026 to Dec. 2027" in content
    assert '<a href="mailto:ana@eastbank.example.org">' in content


def test_neighborhood_page_shows_upcoming_approved_meetings_only(client, residents):
    MeetingFactory(association=residents, title="Crosswalk vote")
    MeetingFactory(association=residents, title="Budget hearing", is_cancelled=True)
    MeetingFactory(
        association=residents,
        title="Last month's meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-1),
    )
    MeetingFactory(association=residents, title="Sent from the form", approval=Approval.PENDING)
    MeetingFactory(association=residents, title="Turned down", approval=Approval.REJECTED)
    MeetingFactory(title="Another neighborhood's meeting")

    content = detail(client).content.decode()

    assert "Crosswalk vote" in content
    assert re.search(r"Cancelled</span>\s*<a href=\"[^\"]+\">Budget hearing</a>", content)
    for hidden in ("Last month", "Sent from the form", "Turned down", "Another neighborhood"):
        assert hidden not in content
    assert f'href="{reverse("neighborhoods:events")}"' in content


def test_neighborhood_page_shows_the_next_five_meetings_soonest_first(client, residents):
    for days in (9, 3, 7, 5, 4, 6, 8):
        MeetingFactory(
            association=residents,
            title=f"Meeting in {days} days",
            starts_at=timezone.now() + timedelta(days=days),
        )

    response = detail(client)

    assert [m.title for m in response.context["upcoming_meetings"]] == [
        f"Meeting in {days} days" for days in (3, 4, 5, 6, 7)
    ]


def test_neighborhood_page_shows_latest_approved_notices(client, residents):
    for days_ago in range(7):
        NoticeFactory(
            association=residents,
            title=f"Letter from {days_ago} days ago",
            published_on=timezone.localdate() - timedelta(days=days_ago),
        )
    NoticeFactory(association=residents, title="Waiting notice", approval=Approval.PENDING)
    NoticeFactory(title="Another neighborhood's notice")

    response = detail(client)

    content = response.content.decode()
    assert [n.title for n in response.context["recent_notices"]] == [
        f"Letter from {days_ago} days ago" for days_ago in range(5)
    ]
    assert "Letter from 6 days ago" not in content
    assert "Waiting notice" not in content and "Another neighborhood" not in content


def test_neighborhood_page_keeps_its_news_beside_the_community(client, residents):
    ArticleFactory(headline="Mural unveiled on River Road").neighborhoods.add(
        residents.neighborhoods.get()
    )
    MeetingFactory(association=residents, title="Crosswalk vote")

    content = detail(client).content.decode()

    assert "News from Eastbank" in content and "Mural unveiled on River Road" in content
    assert "Crosswalk vote" in content


def test_neighborhood_without_association_or_meetings_says_so(client, eastbank):
    content = detail(client).content.decode()

    assert "No meetings are scheduled." in content
    assert "No notices yet." in content
    assert "Neighborhood association" not in content


def test_neighborhood_page_costs_the_same_queries_however_much_it_shows(
    client, residents, django_assert_num_queries, django_assert_max_num_queries
):
    eastbank = residents.neighborhoods.get()
    second = AssociationFactory(neighborhoods=[eastbank])
    OfficerFactory(association=residents)
    MeetingFactory(association=residents)
    NoticeFactory(association=residents)
    ArticleFactory().neighborhoods.add(eastbank)
    with django_assert_max_num_queries(20) as small:
        detail(client)

    for association in (residents, second):
        OfficerFactory.create_batch(4, association=association)
        MeetingFactory.create_batch(4, association=association)
        NoticeFactory.create_batch(4, association=association)
    for article in ArticleFactory.create_batch(6):
        article.neighborhoods.add(eastbank)

    with django_assert_num_queries(len(small.captured_queries)):
        response = detail(client)

    assert len(response.context["upcoming_meetings"]) == 5


def test_notice_page_prints_the_text_as_sent(client, residents):
    notice = NoticeFactory(
        association=residents,
        title="Park cleanup",
        body="Dear neighbors,\n\nBring <gloves> & bags.\nSee you Saturday.",
        published_on=date(2026, 11, 20),
    )

    response = client.get(notice.get_absolute_url())

    content = response.content.decode()
    assert "<h1>Park cleanup</h1>" in content
    assert "From Eastbank Residents Association" in content
    assert f'<a href="{residents.neighborhoods.get().get_absolute_url()}">Eastbank</a>' in content
    assert "Nov. 20, 2026" in content
    assert "<p>Dear neighbors,</p>" in content
    assert "<p>Bring &lt;gloves&gt; &amp; bags.<br>See you Saturday.</p>" in content


@pytest.mark.parametrize("approval", [Approval.PENDING, Approval.REJECTED])
def test_notice_not_approved_has_no_page(client, approval):
    notice = NoticeFactory(approval=approval)

    assert client.get(notice.get_absolute_url()).status_code == 404


def test_notice_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    association = AssociationFactory()
    association.neighborhoods.add(*NeighborhoodFactory.create_batch(4))
    notice = NoticeFactory(association=association)

    # The notice with its association, its neighborhoods, the sections.
    with django_assert_max_num_queries(3):
        client.get(notice.get_absolute_url())


def test_neighborhood_page_links_its_calendar_feed_and_the_submission_forms(client, eastbank):
    content = detail(client).content.decode()

    calendar_url = reverse("neighborhoods:neighborhood_calendar", kwargs={"slug": "eastbank"})
    assert f'<a href="{calendar_url}" type="text/calendar">' in content
    assert f'<a href="{reverse("neighborhoods:submit_meeting")}">Submit a meeting</a>' in content
    assert f'<a href="{reverse("neighborhoods:submit_notice")}">Submit a notice</a>' in content
