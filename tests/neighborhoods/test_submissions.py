"""Community submissions: an association sends a meeting or a notice; readers see it only
once the newsroom approves it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.roles import CONTRIBUTOR, EDITOR
from neighborhoods.models import Approval, Meeting, Notice
from neighborhoods.services import (
    meeting_submit,
    notice_submit,
    submission_approve,
    submission_reject,
)
from neighborhoods.views import SUBMISSIONS_PER_WINDOW
from tests.articles.workflow_helpers import staff_in
from tests.factories import AssociationFactory, NeighborhoodFactory

pytestmark = pytest.mark.django_db

MEETING_URL = reverse("neighborhoods:submit_meeting")
NOTICE_URL = reverse("neighborhoods:submit_notice")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The rate limit lives in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eastbank():
    return NeighborhoodFactory(name="Eastbank", slug="eastbank")


@pytest.fixture
def association(eastbank):
    return AssociationFactory(name="Eastbank Neighbors", neighborhoods=[eastbank])


def in_days(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def meeting_data(association, **overrides):
    return {
        "association": association.pk,
        "title": "Crosswalk on River Road",
        "date": in_days(5),
        "start_time": "19:00",
        "end_time": "20:30",
        "place": "Eastbank Library, room 2",
        "description": "The city's traffic engineer answers questions.",
        "agenda_url": "https://eastbank.example.org/agenda",
        "submitter_name": "Rosa Díaz",
        "submitter_email": "rosa@example.org",
        **overrides,
    }


def notice_data(association, **overrides):
    return {
        "association": association.pk,
        "title": "Park cleanup on Saturday",
        "body": "Dear neighbors,\n\nBring gloves.",
        "submitter_name": "Rosa Díaz",
        "submitter_email": "rosa@example.org",
        **overrides,
    }


def submit(client, url, data, *, ip="198.51.100.4", follow=False):
    return client.post(url, data, REMOTE_ADDR=ip, follow=follow)


# The forms


def test_meeting_form_offers_every_association_and_native_date_and_time_inputs(client, association):
    html = client.get(MEETING_URL).text

    assert f'<option value="{association.pk}">Eastbank Neighbors</option>' in html
    assert 'type="date"' in html and 'type="time"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="form-trap" aria-hidden="true"' in html


def test_a_link_can_choose_the_association_in_advance(client, association):
    html = client.get(MEETING_URL, {"association": association.pk}).text

    assert f'<option value="{association.pk}" selected>Eastbank Neighbors</option>' in html


def test_submitted_meeting_waits_for_approval_at_the_local_time_typed(client, association):
    response = submit(client, MEETING_URL, meeting_data(association), follow=True)

    assert response.redirect_chain == [(f"{MEETING_URL}?sent=1", 302)]
    assert "after the newsroom approves it" in response.text
    meeting = Meeting.objects.get()
    assert meeting.approval == Approval.PENDING
    assert meeting.association == association
    local_start = timezone.localtime(meeting.starts_at)
    assert (local_start.date().isoformat(), local_start.time()) == (in_days(5), time(19, 0))
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    assert (meeting.submitter_name, meeting.submitter_email) == ("Rosa Díaz", "rosa@example.org")
    assert meeting.reviewed_by is None


def test_submitted_notice_waits_for_approval(client, association):
    response = submit(client, NOTICE_URL, notice_data(association), follow=True)

    assert "Your notice has reached the newsroom" in response.text
    assert "after the newsroom approves it" in response.text
    notice = Notice.objects.get()
    assert notice.approval == Approval.PENDING
    assert notice.body == "Dear neighbors,\n\nBring gloves."


def test_meeting_time_is_the_local_wall_clock_time_across_a_daylight_saving_change(
    client, association, settings
):
    # A Tuesday 7 p.m. meeting is at 7 p.m. in Chicago both before and after the clocks
    # change, so its UTC time moves by an hour between the two.
    settings.TIME_ZONE = "America/Chicago"
    first_year = timezone.localdate().year + 1
    winter, summer = f"{first_year}-01-13", f"{first_year}-07-14"
    submit(client, MEETING_URL, meeting_data(association, date=winter, title="Winter"))
    submit(client, MEETING_URL, meeting_data(association, date=summer, title="Summer"))

    utc_hours = {
        m.title: m.starts_at.astimezone(ZoneInfo("UTC")).hour for m in Meeting.objects.all()
    }
    chicago = ZoneInfo("America/Chicago")
    local_hours = {m.title: m.starts_at.astimezone(chicago).hour for m in Meeting.objects.all()}
    assert local_hours == {"Winter": 19, "Summer": 19}
    assert utc_hours == {"Winter": 1, "Summer": 0}


def test_a_time_the_clocks_skip_is_refused(client, association, settings):
    settings.TIME_ZONE = "America/Chicago"
    # The second Sunday of March: clocks jump from 2:00 to 3:00 a.m.
    year = timezone.localdate().year + 1
    march = [datetime(year, 3, day) for day in range(8, 15)]
    changeover = next(day for day in march if day.weekday() == 6).date().isoformat()

    response = submit(
        client,
        MEETING_URL,
        meeting_data(association, date=changeover, start_time="02:30", end_time=""),
    )

    assert "The clocks change at this time on that day" in response.text
    assert not Meeting.objects.exists()


# Mistakes are refused with a message and lose nothing


def test_missing_fields_are_named_and_what_was_typed_is_kept(client, association):
    response = submit(
        client,
        MEETING_URL,
        meeting_data(association, title="", place="", submitter_email=""),
    )

    assert response.status_code == 200
    html = response.text
    assert "This was not sent yet." in html
    assert "Give the meeting a title." in html
    assert "Tell readers where the meeting is." in html
    assert "Give an email address we can reach you at." in html
    assert 'value="Rosa Díaz"' in html
    assert f'value="{in_days(5)}"' in html and 'value="19:00"' in html
    assert "The city&#x27;s traffic engineer answers questions." in html
    assert f'<option value="{association.pk}" selected>' in html
    assert not Meeting.objects.exists()


def test_meeting_in_the_past_is_refused(client, association):
    response = submit(client, MEETING_URL, meeting_data(association, date=in_days(-1)))

    assert "This day has passed. Give the date of an upcoming meeting." in response.text
    assert f'value="{in_days(-1)}"' in response.text
    assert not Meeting.objects.exists()


def test_meeting_earlier_today_is_refused(client, association):
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    if an_hour_ago.date() != timezone.localdate():
        pytest.skip("Just after midnight there is no earlier time today.")

    response = submit(
        client,
        MEETING_URL,
        meeting_data(
            association,
            date=an_hour_ago.date().isoformat(),
            start_time=an_hour_ago.strftime("%H:%M"),
            end_time="",
        ),
    )

    assert "This time has passed today. Give a later time." in response.text
    assert not Meeting.objects.exists()


def test_meeting_that_ends_before_it_starts_is_refused(client, association):
    response = submit(
        client, MEETING_URL, meeting_data(association, start_time="19:00", end_time="18:00")
    )

    assert "The meeting must end after it starts." in response.text
    assert 'value="18:00"' in response.text
    assert not Meeting.objects.exists()


def test_meeting_without_an_end_time_is_accepted(client, association):
    submit(client, MEETING_URL, meeting_data(association, end_time=""))

    assert Meeting.objects.get().ends_at is None


def test_bad_email_and_agenda_link_are_refused_with_the_notice_text_kept(client, association):
    response = submit(client, NOTICE_URL, notice_data(association, submitter_email="rosa at home"))

    assert "Enter a valid email address." in response.text
    assert "Bring gloves." in response.text
    assert not Notice.objects.exists()

    response = submit(client, MEETING_URL, meeting_data(association, agenda_url="not a link"))
    assert "Enter a full web address" in response.text
    assert not Meeting.objects.exists()


def test_unknown_association_is_refused(client, association):
    response = submit(client, NOTICE_URL, {**notice_data(association), "association": 987654})

    assert "Select a valid choice." in response.text
    assert not Notice.objects.exists()


def test_service_refuses_a_meeting_that_ends_before_it_starts(association):
    starts_at = timezone.now() + timedelta(days=2)

    with pytest.raises(ValidationError):
        meeting_submit(
            association=association,
            title="Backwards",
            starts_at=starts_at,
            ends_at=starts_at - timedelta(hours=1),
            submitter_name="Rosa",
            submitter_email="rosa@example.org",
        )

    assert not Meeting.objects.exists()


# Defenses


def test_submission_needs_a_csrf_token(association):
    client = Client(enforce_csrf_checks=True)

    meeting = client.post(MEETING_URL, meeting_data(association))
    notice = client.post(NOTICE_URL, notice_data(association))

    assert (meeting.status_code, notice.status_code) == (403, 403)
    assert not Meeting.objects.exists() and not Notice.objects.exists()


@pytest.mark.parametrize("url", [MEETING_URL, NOTICE_URL], ids=["meeting", "notice"])
def test_bot_that_fills_the_honeypot_is_thanked_but_nothing_is_stored(client, association, url):
    data = meeting_data(association) if url == MEETING_URL else notice_data(association)

    response = submit(client, url, {**data, "website": "http://spam.example"}, follow=True)

    assert "after the newsroom approves it" in response.text
    assert not Meeting.objects.exists() and not Notice.objects.exists()


def test_submissions_past_the_limit_get_429_with_the_form_kept_and_nothing_stored(
    client, association
):
    for number in range(SUBMISSIONS_PER_WINDOW):
        response = submit(client, NOTICE_URL, notice_data(association, title=f"Notice {number}"))
        assert response.status_code == 302

    response = submit(client, MEETING_URL, meeting_data(association, title="One too many"))

    assert response.status_code == 429
    assert "Please wait an hour and send this one again" in response.text
    assert 'value="One too many"' in response.text
    assert not Meeting.objects.exists()
    assert Notice.objects.count() == SUBMISSIONS_PER_WINDOW


def test_the_limit_is_per_address(client, association):
    for _ in range(SUBMISSIONS_PER_WINDOW + 1):
        submit(client, NOTICE_URL, notice_data(association), ip="198.51.100.4")

    response = submit(client, NOTICE_URL, notice_data(association), ip="203.0.113.9")

    assert response.status_code == 302
    assert Notice.objects.count() == SUBMISSIONS_PER_WINDOW + 1


# Visible only after approval


def test_submitted_meeting_appears_on_the_events_and_neighborhood_pages_only_once_approved(
    client, association, eastbank
):
    submit(client, MEETING_URL, meeting_data(association, title="Crosswalk on River Road"))
    meeting = Meeting.objects.get()
    pages = [reverse("neighborhoods:events"), eastbank.get_absolute_url()]

    for page in pages:
        assert "Crosswalk on River Road" not in client.get(page).text
    assert client.get(meeting.get_absolute_url()).status_code == 404

    submission_approve(submission=meeting, by=staff_in(EDITOR))

    for page in pages:
        assert "Crosswalk on River Road" in client.get(page).text
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_submitted_notice_appears_on_the_neighborhood_page_only_once_approved(
    client, association, eastbank
):
    submit(client, NOTICE_URL, notice_data(association, title="Park cleanup on Saturday"))
    notice = Notice.objects.get()

    assert "Park cleanup on Saturday" not in client.get(eastbank.get_absolute_url()).text
    assert client.get(notice.get_absolute_url()).status_code == 404

    submission_approve(submission=notice, by=staff_in(EDITOR))

    assert "Park cleanup on Saturday" in client.get(eastbank.get_absolute_url()).text
    assert client.get(notice.get_absolute_url()).status_code == 200


def test_rejected_meeting_never_appears(client, association, eastbank):
    submit(client, MEETING_URL, meeting_data(association, title="Crosswalk on River Road"))
    meeting = Meeting.objects.get()

    submission_reject(submission=meeting, by=staff_in(EDITOR))

    assert "Crosswalk on River Road" not in client.get(reverse("neighborhoods:events")).text
    assert client.get(meeting.get_absolute_url()).status_code == 404


# The services


def test_approval_records_the_reviewer_and_writes_the_admin_history(association):
    notice = notice_submit(
        association=association,
        title="Letter",
        body="Text.",
        submitter_name="Rosa",
        submitter_email="rosa@example.org",
    )
    editor = staff_in(EDITOR)

    submission_approve(submission=notice, by=editor)

    notice.refresh_from_db()
    assert (notice.approval, notice.reviewed_by) == (Approval.APPROVED, editor)
    entry = LogEntry.objects.get(object_id=str(notice.pk))
    assert (entry.user, entry.get_change_message()) == (editor, "Approved.")


def test_contributor_cannot_approve_or_reject(association):
    notice = notice_submit(
        association=association,
        title="Letter",
        body="Text.",
        submitter_name="Rosa",
        submitter_email="rosa@example.org",
    )
    contributor = staff_in(CONTRIBUTOR)

    with pytest.raises(PermissionDenied):
        submission_approve(submission=notice, by=contributor)
    with pytest.raises(PermissionDenied):
        submission_reject(submission=notice, by=contributor)

    notice.refresh_from_db()
    assert notice.approval == Approval.PENDING
    assert not LogEntry.objects.exists()


def test_a_link_naming_no_real_association_still_shows_the_form(client, association):
    response = client.get(MEETING_URL, {"association": "not-a-number"})

    assert response.status_code == 200
    assert "Choose your association" in response.text
    assert "selected>Eastbank Neighbors" not in response.text
