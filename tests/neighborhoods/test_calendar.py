"""The iCalendar feeds of meetings that readers subscribe to in their calendar apps."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from neighborhoods.models import Approval, Meeting
from tests.factories import AssociationFactory, MeetingFactory, NeighborhoodFactory

pytestmark = pytest.mark.django_db

FEED = reverse("neighborhoods:calendar")


@pytest.fixture(autouse=True)
def _chicago(settings):
    settings.TIME_ZONE = "America/Chicago"
    settings.SITE_NAME = "The Riverside Ledger"
    settings.SITE_DOMAIN = ""


def local(year, month, day, hour=19, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def next_year():
    return timezone.localdate().year + 1


def fetch(client, url=FEED, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def summaries(calendar):
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


def test_feed_is_a_calendar_apps_can_subscribe_to(client):
    MeetingFactory(title="Monthly meeting")

    response, calendar = fetch(client)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="the-riverside-ledger-meetings.ics"'
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=900"}
    assert response["ETag"]
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert "The Riverside Ledger" in str(calendar["PRODID"])
    assert calendar["X-WR-CALNAME"] == "The Riverside Ledger neighborhood meetings"
    assert calendar["X-WR-TIMEZONE"] == "America/Chicago"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert summaries(calendar) == ["Monthly meeting"]
    # RFC 5545 section 3.1: CRLF line ends, content lines folded at 75 octets.
    lines = response.content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)


def test_empty_feed_still_declares_its_time_zone(client):
    _response, calendar = fetch(client)

    assert list(calendar.walk("VEVENT")) == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_seven_pm_meetings_on_both_sides_of_daylight_saving_stay_at_seven_local(client):
    year = next_year()
    # Daylight saving time starts on the second Sunday of March, between the 8th and the 14th.
    winter = MeetingFactory(title="Winter", starts_at=local(year, 3, 2), ends_at=None)
    spring = MeetingFactory(title="Spring", starts_at=local(year, 3, 20), ends_at=None)

    response, calendar = fetch(client)

    content = response.content.decode()
    assert f"DTSTART;TZID=America/Chicago:{year}0302T190000\r\n" in content
    assert f"DTSTART;TZID=America/Chicago:{year}0320T190000\r\n" in content
    # No end given: an hour long.
    assert f"DTEND;TZID=America/Chicago:{year}0302T200000\r\n" in content
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert events["Winter"].decoded("DTSTART").astimezone(UTC) == datetime(
        year, 3, 3, 1, 0, tzinfo=UTC
    )
    assert events["Spring"].decoded("DTSTART").astimezone(UTC) == datetime(
        year, 3, 21, 0, 0, tzinfo=UTC
    )
    # A calendar app that only trusts the feed's own VTIMEZONE gets the same instants.
    feed_zone = calendar.timezones[0].to_tz()
    for meeting in (winter, spring):
        wall_clock = timezone.localtime(meeting.starts_at).replace(tzinfo=None)
        assert wall_clock.replace(tzinfo=feed_zone).astimezone(UTC) == meeting.starts_at


def test_event_carries_what_a_calendar_shows(client):
    association = AssociationFactory(name="Eastbank Neighbors", email="board@eastbank.example")
    meeting = MeetingFactory(
        association=association,
        title="Board meeting",
        starts_at=local(next_year(), 6, 9, 18, 30),
        ends_at=local(next_year(), 6, 9, 20, 0),
        place="Eastbank Library",
        description="Budget for the park.",
        agenda_url="https://eastbank.example/agenda.pdf",
    )
    meeting.refresh_from_db()

    _response, calendar = fetch(client)

    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"{meeting.uid}@testserver"
    assert event["URL"] == f"http://testserver{meeting.get_absolute_url()}"
    assert event["LOCATION"] == "Eastbank Library"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["DESCRIPTION"] == (
        "Hosted by Eastbank Neighbors.\n\nBudget for the park.\n\n"
        "Agenda: https://eastbank.example/agenda.pdf"
    )
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    # iCalendar times have whole seconds.
    assert event.decoded("CREATED") == meeting.created_at.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)
    assert str(event["ORGANIZER"]) == "mailto:board@eastbank.example"
    assert event["ORGANIZER"].params["CN"] == "Eastbank Neighbors"


def test_uid_uses_the_site_domain_when_set(client, settings):
    settings.SITE_DOMAIN = "news.example.org"
    meeting = MeetingFactory()

    _response, calendar = fetch(client)

    assert set(events_by_uid(calendar)) == {f"{meeting.uid}@news.example.org"}


def test_uid_stays_the_same_across_requests_and_edits_while_sequence_grows(client):
    meeting = MeetingFactory(title="Park cleanup")
    uid = f"{meeting.uid}@testserver"

    _response, first = fetch(client)
    _response, second = fetch(client)
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    meeting.save()
    _response, edited = fetch(client)

    assert list(events_by_uid(first)) == list(events_by_uid(second)) == [uid]
    assert events_by_uid(first)[uid]["SEQUENCE"] == 0
    event = events_by_uid(edited)[uid]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == meeting.starts_at


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "New title"),
        ("place", "City Hall"),
        ("description", "A new agenda."),
        ("agenda_url", "https://example.org/agenda"),
        ("is_cancelled", True),
    ],
)
def test_any_change_a_calendar_shows_raises_sequence(field, value):
    meeting = MeetingFactory()

    setattr(meeting, field, value)
    meeting.save()

    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_changes_a_calendar_does_not_show_leave_sequence_alone():
    meeting = MeetingFactory(approval=Approval.PENDING)
    meeting = Meeting.objects.get(pk=meeting.pk)

    meeting.approval = Approval.APPROVED
    meeting.submitter_name = "Pat"
    meeting.save()
    meeting.save()

    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_a_stale_copy_still_raises_sequence_past_the_stored_one():
    meeting = MeetingFactory()
    stale = Meeting.objects.get(pk=meeting.pk)
    meeting.title = "First edit"
    meeting.save()

    stale.place = "Second edit"
    stale.save(update_fields=["place"])

    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.title, meeting.place) == (2, "First edit", "Second edit")


def test_cancelled_meeting_stays_in_the_feed_marked_cancelled(client):
    MeetingFactory(title="Budget hearing", is_cancelled=True)

    _response, calendar = fetch(client)

    [event] = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Cancelled: Budget hearing"


def test_pending_and_rejected_meetings_never_appear(client):
    neighborhood = NeighborhoodFactory()
    association = AssociationFactory(neighborhoods=[neighborhood])
    MeetingFactory(association=association, title="Approved")
    MeetingFactory(association=association, title="Pending", approval=Approval.PENDING)
    MeetingFactory(association=association, title="Rejected", approval=Approval.REJECTED)

    _response, everything = fetch(client)
    _response, here = fetch(client, neighborhood.get_absolute_url() + "calendar.ics")

    assert summaries(everything) == summaries(here) == ["Approved"]


def test_feed_keeps_a_month_of_past_meetings_and_everything_ahead(client):
    today = timezone.localdate()

    def at_7pm(days):
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(19)))

    MeetingFactory(title="Six weeks ago", starts_at=at_7pm(-42), ends_at=None)
    MeetingFactory(title="Three weeks ago", starts_at=at_7pm(-21), ends_at=None)
    MeetingFactory(title="Next year", starts_at=at_7pm(400), ends_at=None)
    MeetingFactory(
        title="Week-long fair", starts_at=at_7pm(-40), ends_at=at_7pm(1) + timedelta(hours=2)
    )

    _response, calendar = fetch(client)

    assert summaries(calendar) == ["Next year", "Three weeks ago", "Week-long fair"]


def test_neighborhood_feed_has_only_its_associations_meetings(client):
    eastbank, westside = NeighborhoodFactory(name="Eastbank"), NeighborhoodFactory()
    AssociationFactory(neighborhoods=[eastbank])
    MeetingFactory(association=AssociationFactory(neighborhoods=[eastbank]), title="Eastbank")
    MeetingFactory(association=AssociationFactory(neighborhoods=[westside]), title="Westside")
    # An association serving both shows up in each, once.
    both = AssociationFactory(neighborhoods=[eastbank, westside])
    MeetingFactory(association=both, title="Joint")

    url = reverse("neighborhoods:neighborhood_calendar", kwargs={"slug": eastbank.slug})
    response, calendar = fetch(client, url)

    assert summaries(calendar) == ["Eastbank", "Joint"]
    assert calendar["X-WR-CALNAME"] == "The Riverside Ledger: Eastbank meetings"
    assert f'filename="{eastbank.slug}-meetings.ics"' in response["Content-Disposition"]


def test_unknown_neighborhood_feed_is_not_found(client):
    url = reverse("neighborhoods:neighborhood_calendar", kwargs={"slug": "atlantis"})

    assert client.get(url).status_code == 404


def test_unchanged_feed_answers_not_modified_and_a_change_is_seen(client):
    meeting = MeetingFactory()
    response, _calendar = fetch(client)
    etag = response["ETag"]

    unchanged = client.get(FEED, headers={"if-none-match": etag})
    meeting.is_cancelled = True
    meeting.save()
    changed = client.get(FEED, headers={"if-none-match": etag})

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert "max-age=900" in unchanged["Cache-Control"]
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_deleted_meeting_changes_the_etag(client):
    MeetingFactory()
    doomed = MeetingFactory()
    response, _calendar = fetch(client)

    doomed.delete()

    assert client.get(FEED, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_commas_semicolons_and_newlines_in_text_are_escaped(client):
    MeetingFactory(
        title="Parks, streets; and zoning",
        place="Hall A; Room 2, upstairs",
        description="First line\r\nSecond, line; done\\",
    )

    response, calendar = fetch(client)

    content = response.content.decode()
    assert "SUMMARY:Parks\\, streets\\; and zoning\r\n" in content
    assert "LOCATION:Hall A\\; Room 2\\, upstairs\r\n" in content
    assert "First line\\nSecond\\, line\\; done\\\\" in content.replace("\r\n ", "")
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Parks, streets; and zoning"
    assert event["LOCATION"] == "Hall A; Room 2, upstairs"
    assert "First line\nSecond, line; done\\" in event["DESCRIPTION"]


def test_feeds_cost_the_same_few_queries_however_many_meetings(
    client, django_assert_max_num_queries
):
    neighborhood = NeighborhoodFactory()
    for association in AssociationFactory.create_batch(4, neighborhoods=[neighborhood]):
        MeetingFactory.create_batch(3, association=association)
    url = reverse("neighborhoods:neighborhood_calendar", kwargs={"slug": neighborhood.slug})

    with django_assert_max_num_queries(1):
        _response, everything = fetch(client)
    with django_assert_max_num_queries(2):
        _response, here = fetch(client, url)

    assert len(everything.walk("VEVENT")) == len(here.walk("VEVENT")) == 12


def test_feed_refuses_to_be_posted_to(client):
    assert client.post(FEED).status_code == 405


def test_pages_point_calendar_apps_to_their_feeds(client):
    neighborhood = NeighborhoodFactory(name="Eastbank")

    neighborhood_page = client.get(neighborhood.get_absolute_url()).content.decode()
    events_page = client.get(reverse("neighborhoods:events")).content.decode()

    assert (
        '<link rel="alternate" type="text/calendar" '
        f'href="/neighborhoods/{neighborhood.slug}/calendar.ics" title="Eastbank meetings">'
    ) in neighborhood_page
    assert (
        '<link rel="alternate" type="text/calendar" href="/events/calendar.ics" '
        'title="All neighborhood meetings">'
    ) in events_page
