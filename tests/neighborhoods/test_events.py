"""/events/ and each meeting's page: what is coming up, in local time, week by week."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from neighborhoods.models import Approval
from tests.factories import AssociationFactory, MeetingFactory, NeighborhoodFactory

pytestmark = pytest.mark.django_db

EVENTS_URL = reverse("neighborhoods:events")


def local(*args):
    """An aware datetime from the wall-clock time in the site's zone (America/Chicago)."""
    return timezone.make_aware(datetime(*args))


def at(moment):
    """Move the site's clock: every timezone.now() answers `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def week_headings(content):
    return re.findall(r'<h2 id="week-[\d-]+" class="rule-heading">(.*?)</h2>', content)


def test_meetings_are_grouped_by_week_in_local_time_across_the_spring_clock_change(client):
    # Clocks spring forward on Sunday, March 14, 2027: 7 p.m. is 01:00 UTC before and
    # 00:00 UTC after. Both must read 7:00 p.m.
    before = MeetingFactory(title="Zoning committee", starts_at=local(2027, 3, 9, 19, 0))
    after = MeetingFactory(title="Park cleanup planning", starts_at=local(2027, 3, 16, 19, 0))
    # Late Sunday evening is still the week that began on Monday, though UTC says Monday.
    sunday_night = MeetingFactory(title="Night patrol", starts_at=local(2027, 3, 14, 23, 30))
    assert after.starts_at.astimezone(timezone.UTC).hour == 0
    assert sunday_night.starts_at.astimezone(timezone.UTC).weekday() == 0

    with at(local(2027, 3, 2, 12, 0)):
        response = client.get(EVENTS_URL)

    content = response.content.decode()
    assert week_headings(content) == ["Week of Monday, March 8", "Week of Monday, March 15"]
    first_week, second_week = content.split("Week of Monday, March 15")
    assert "Zoning committee" in first_week and "Night patrol" in first_week
    assert "Park cleanup planning" in second_week
    assert first_week.count("7:00 p.m.") == 1 and "11:30 p.m." in first_week
    # 90 minutes long: the end is on the same evening, shown as a range.
    assert "Tuesday, March 16, 2027, 7:00 p.m.</time>\N{EN DASH}<time" in second_week
    assert "8:30 p.m." in second_week
    assert [w["monday"].isoformat() for w in response.context["weeks"]] == [
        "2027-03-08",
        "2027-03-15",
    ]
    assert before in response.context["weeks"][0]["meetings"]


def test_events_show_the_association_and_neighborhood_of_each_meeting(client):
    eastbank = NeighborhoodFactory(name="Eastbank")
    association = AssociationFactory(name="Eastbank Residents", neighborhoods=[eastbank])
    meeting = MeetingFactory(association=association, title="Monthly meeting")

    content = client.get(EVENTS_URL).content.decode()

    assert f'<a href="{meeting.get_absolute_url()}">Monthly meeting</a>' in content
    assert "Eastbank Residents" in content
    assert f'<a href="{eastbank.get_absolute_url()}">Eastbank</a>' in content


def test_events_leave_out_past_pending_rejected_and_far_off_meetings(client):
    MeetingFactory(title="Next week's meeting")
    MeetingFactory(title="Still going on", starts_at=timezone.now() - timedelta(minutes=30))
    MeetingFactory(
        title="Last month's meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-1),
    )
    MeetingFactory(title="Sent from the form", approval=Approval.PENDING)
    MeetingFactory(title="Turned down", approval=Approval.REJECTED)
    MeetingFactory(title="Next summer", starts_at=timezone.now() + timedelta(weeks=30))

    content = client.get(EVENTS_URL).content.decode()

    assert "Next week&#x27;s meeting" in content and "Still going on" in content
    for hidden in ("Last month", "Sent from the form", "Turned down", "Next summer"):
        assert hidden not in content


def test_cancelled_meeting_is_listed_and_marked_cancelled(client):
    MeetingFactory(title="Budget hearing", is_cancelled=True)

    content = client.get(EVENTS_URL).content.decode()

    assert re.search(r"Cancelled</span>\s*<a href=\"[^\"]+\">Budget hearing</a>", content)


def test_no_meetings_says_so(client):
    response = client.get(EVENTS_URL)

    assert "No meetings are scheduled yet" in response.content.decode()


def test_events_page_is_in_the_site_navigation(client):
    content = client.get(reverse("articles:home")).content.decode()

    assert f'<a href="{EVENTS_URL}">Events</a>' in content


def test_events_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for association in AssociationFactory.create_batch(4):
        association.neighborhoods.add(*NeighborhoodFactory.create_batch(2))
        for days in range(1, 40, 7):
            MeetingFactory(association=association, starts_at=timezone.now() + timedelta(days=days))

    # The meetings with their associations, the associations' neighborhoods, the sections.
    with django_assert_max_num_queries(3):
        response = client.get(EVENTS_URL)

    assert sum(len(week["meetings"]) for week in response.context["weeks"]) == 24


def test_meeting_page_shows_when_where_who_and_the_agenda(client):
    eastbank = NeighborhoodFactory(name="Eastbank")
    meeting = MeetingFactory(
        association=AssociationFactory(name="Eastbank Residents", neighborhoods=[eastbank]),
        title="Monthly meeting",
        starts_at=local(2027, 1, 12, 19, 0),
        place="Eastbank Library, 1200 River Rd.",
        description="Agenda:\n\n<b>Crosswalk</b> & park cleanup",
        agenda_url="https://eastbank.example.org/agenda.pdf",
    )

    response = client.get(meeting.get_absolute_url())

    content = response.content.decode()
    assert "<h1>Monthly meeting</h1>" in content
    assert "Tuesday, Jan. 12, 2027, 7:00 p.m.</time>\N{EN DASH}<time" in content
    assert "8:30 p.m." in content
    assert "Eastbank Residents" in content
    assert f'<a href="{eastbank.get_absolute_url()}">Eastbank</a>' in content
    assert "Eastbank Library, 1200 River Rd." in content
    assert '<a href="https://eastbank.example.org/agenda.pdf">' in content
    # Typed by the public: printed as text, never as markup.
    assert "<p>Agenda:</p>" in content
    assert "&lt;b&gt;Crosswalk&lt;/b&gt; &amp; park cleanup" in content
    assert "This meeting is cancelled" not in content


def test_meeting_ending_the_next_day_names_both_days(client):
    meeting = MeetingFactory(starts_at=local(2027, 1, 15, 22, 0), ends_at=local(2027, 1, 16, 1, 0))

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert "Friday, Jan. 15, 2027, 10:00 p.m.</time> \N{EN DASH} <time" in content
    assert "Saturday, Jan. 16, 2027, 1:00 a.m." in content


def test_cancelled_meeting_page_says_so_first(client):
    meeting = MeetingFactory(title="Budget hearing", is_cancelled=True)

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert content.index("This meeting is cancelled.") < content.index("<h1>Budget hearing</h1>")
    assert "<title>Cancelled: Budget hearing" in content


@pytest.mark.parametrize("approval", [Approval.PENDING, Approval.REJECTED])
def test_meeting_not_approved_has_no_page(client, approval):
    meeting = MeetingFactory(approval=approval)

    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_past_meeting_keeps_its_page(client):
    meeting = MeetingFactory(
        title="Last month's meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-1),
    )

    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_meeting_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    association = AssociationFactory()
    association.neighborhoods.add(*NeighborhoodFactory.create_batch(5))
    meeting = MeetingFactory(association=association)

    # The meeting with its association, its neighborhoods, the sections.
    with django_assert_max_num_queries(3):
        client.get(meeting.get_absolute_url())


def test_events_page_links_the_calendar_of_all_meetings(client):
    content = client.get(EVENTS_URL).content.decode()

    assert f'<a href="{reverse("neighborhoods:calendar")}" type="text/calendar">' in content
