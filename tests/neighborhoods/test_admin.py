"""The newsroom's admin for neighborhoods, associations, meetings and notices, and the
approval queue for what associations send through the public forms."""

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.roles import CONTRIBUTOR, EDITOR, MANAGING_EDITOR, REPORTER
from neighborhoods.models import Approval, Association, Meeting, Neighborhood, Notice
from tests.articles.workflow_helpers import staff_in
from tests.factories import (
    AssociationFactory,
    MeetingFactory,
    NeighborhoodFactory,
    NoticeFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db

MEETINGS = reverse("admin:neighborhoods_meeting_changelist")
NOTICES = reverse("admin:neighborhoods_notice_changelist")
ASSOCIATIONS = reverse("admin:neighborhoods_association_changelist")
QUEUE = reverse("admin:neighborhoods_meeting_approval_queue")
PAGES = [
    MEETINGS,
    NOTICES,
    ASSOCIATIONS,
    QUEUE,
    reverse("admin:neighborhoods_notice_approval_queue"),
    reverse("admin:neighborhoods_meeting_add"),
    reverse("admin:neighborhoods_neighborhood_changelist"),
]


def log_in(client, role):
    user = staff_in(role)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    return log_in(client, EDITOR)


def pending(factory, **kwargs):
    return factory(
        approval=Approval.PENDING,
        submitter_name="Rosa Díaz",
        submitter_email="rosa@example.org",
        **kwargs,
    )


def run_action(client, url, action, objects):
    return client.post(
        url,
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


# Who gets in


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", [CONTRIBUTOR, REPORTER])
def test_writers_may_look_but_not_change(client, role):
    log_in(client, role)
    meeting = MeetingFactory()

    assert client.get(MEETINGS).status_code == 200
    assert client.get(ASSOCIATIONS).status_code == 200
    assert client.get(reverse("admin:neighborhoods_meeting_add")).status_code == 403
    client.post(
        reverse("admin:neighborhoods_meeting_change", args=[meeting.pk]),
        {"title": "Renamed"},
    )
    meeting.refresh_from_db()
    assert meeting.title != "Renamed"


NEIGHBORHOOD_MODELS = ["association", "officer", "meeting", "notice"]


def test_editor_manages_associations_meetings_and_notices_but_only_the_managing_editor_deletes():
    editor = staff_in(EDITOR)
    managing = staff_in(MANAGING_EDITOR)

    for model in NEIGHBORHOOD_MODELS:
        for action in ("add", "change", "view"):
            assert editor.has_perm(f"neighborhoods.{action}_{model}"), (action, model)
        assert managing.has_perm(f"neighborhoods.delete_{model}"), model
    for model in ("association", "meeting", "notice"):
        assert not editor.has_perm(f"neighborhoods.delete_{model}"), model


def test_editor_removes_an_officer_who_left_the_board():
    # Boards turn over every year; keeping the officer list true is the desk's job.
    assert staff_in(EDITOR).has_perm("neighborhoods.delete_officer")


@pytest.mark.parametrize("role", [CONTRIBUTOR, REPORTER])
def test_writers_hold_only_the_view_permission(role):
    writer = staff_in(role)

    for model in NEIGHBORHOOD_MODELS:
        assert writer.has_perm(f"neighborhoods.view_{model}"), model
        for action in ("add", "change", "delete"):
            assert not writer.has_perm(f"neighborhoods.{action}_{model}"), (action, model)


# The approval queue


def test_editor_sees_how_many_submissions_wait_on_both_lists(client, editor):
    pending(MeetingFactory)
    pending(MeetingFactory)
    pending(NoticeFactory)
    MeetingFactory()

    for url in (MEETINGS, NOTICES):
        html = client.get(url).text
        assert "Approval queue: 3 waiting" in html
        assert 'class="approvalqueuelink"' in html


def test_contributor_gets_no_queue_link_and_no_queue(client):
    log_in(client, CONTRIBUTOR)
    pending(MeetingFactory)

    assert "Approval queue" not in client.get(MEETINGS).text
    assert client.get(QUEUE).status_code == 403


def test_queue_lists_waiting_meetings_and_notices_and_nothing_approved(client, editor):
    pending(MeetingFactory, title="Crosswalk on River Road")
    pending(NoticeFactory, title="Park cleanup")
    MeetingFactory(title="Already approved")
    MeetingFactory(title="Turned down", approval=Approval.REJECTED)

    html = client.get(QUEUE).text

    assert "Crosswalk on River Road" in html and "Park cleanup" in html
    assert "Already approved" not in html and "Turned down" not in html
    assert "rosa@example.org" in html
    assert f"{MEETINGS}?approval__exact=pending" in html
    assert f"{NOTICES}?approval__exact=pending" in html


def test_queue_costs_the_same_queries_for_many_submissions(
    client, editor, django_assert_max_num_queries
):
    for _ in range(10):
        pending(MeetingFactory)
        pending(NoticeFactory)

    with django_assert_max_num_queries(6):
        response = client.get(QUEUE)

    assert response.status_code == 200


def test_editor_approves_meetings_from_the_list(client, editor):
    first = pending(MeetingFactory)
    second = pending(MeetingFactory)
    untouched = pending(MeetingFactory)

    response = run_action(client, MEETINGS, "approve", [first, second])

    assert "2 submissions are approved and on the site." in response.text
    assert set(Meeting.objects.approved()) == {first, second}
    first.refresh_from_db()
    assert first.reviewed_by == editor
    untouched.refresh_from_db()
    assert untouched.approval == Approval.PENDING
    assert LogEntry.objects.filter(user=editor, change_message="Approved.").count() == 2


def test_editor_rejects_a_notice_from_the_list(client, editor):
    notice = pending(NoticeFactory)

    response = run_action(client, NOTICES, "reject", [notice])

    assert "1 submission is rejected." in response.text
    notice.refresh_from_db()
    assert (notice.approval, notice.reviewed_by) == (Approval.REJECTED, editor)
    assert not Notice.objects.approved().exists()


def test_contributor_cannot_approve_from_the_list(client):
    log_in(client, CONTRIBUTOR)
    meeting = pending(MeetingFactory)

    listing = client.get(MEETINGS)
    run_action(client, MEETINGS, "approve", [meeting])

    assert 'value="approve"' not in listing.text
    meeting.refresh_from_db()
    assert meeting.approval == Approval.PENDING
    assert meeting.reviewed_by is None


def test_approval_cannot_be_changed_by_editing_the_form(client, editor):
    meeting = pending(MeetingFactory)

    html = client.get(reverse("admin:neighborhoods_meeting_change", args=[meeting.pk])).text

    assert 'name="approval"' not in html
    assert "Waiting for approval" in html


# What staff enter


def test_meeting_entered_by_an_editor_is_approved_at_once(client, editor):
    association = AssociationFactory()
    day = (timezone.localdate() + timedelta(days=4)).isoformat()

    response = client.post(
        reverse("admin:neighborhoods_meeting_add"),
        {
            "association": association.pk,
            "title": "Budget hearing",
            "starts_at_0": day,
            "starts_at_1": "18:30",
            "ends_at_0": day,
            "ends_at_1": "20:00",
            "place": "City Hall",
        },
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.approval == Approval.APPROVED
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "18:30"


def test_meeting_that_ends_before_it_starts_is_refused_in_the_admin(client, editor):
    association = AssociationFactory()
    day = (timezone.localdate() + timedelta(days=4)).isoformat()

    response = client.post(
        reverse("admin:neighborhoods_meeting_add"),
        {
            "association": association.pk,
            "title": "Backwards",
            "starts_at_0": day,
            "starts_at_1": "18:30",
            "ends_at_0": day,
            "ends_at_1": "17:00",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


def test_editor_adds_an_association_with_its_officers_in_order(client, editor):
    eastbank = NeighborhoodFactory(name="Eastbank")

    response = client.post(
        reverse("admin:neighborhoods_association_add"),
        {
            "name": "Eastbank Neighbors",
            "slug": "eastbank-neighbors",
            "neighborhoods": [eastbank.pk],
            "officers-TOTAL_FORMS": "2",
            "officers-INITIAL_FORMS": "0",
            "officers-0-order": "2",
            "officers-0-name": "Sam Lee",
            "officers-0-role": "Treasurer",
            "officers-1-order": "1",
            "officers-1-name": "Rosa Díaz",
            "officers-1-role": "President",
        },
    )

    assert response.status_code == 302
    association = Association.objects.get()
    assert list(association.neighborhoods.all()) == [eastbank]
    assert [o.name for o in association.officers.all()] == ["Rosa Díaz", "Sam Lee"]


def test_neighborhood_form_takes_a_boundary_and_refuses_a_broken_one(client):
    log_in(client, MANAGING_EDITOR)
    neighborhood = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    url = reverse("admin:neighborhoods_neighborhood_change", args=[neighborhood.pk])
    square = {
        "type": "Polygon",
        "coordinates": [[[-90.2, 38.6], [-90.1, 38.6], [-90.1, 38.7], [-90.2, 38.6]]],
    }
    data = {
        "name": "Eastbank",
        "slug": "eastbank",
        "description": "Across the river.",
        "center_latitude": "38.65",
        "center_longitude": "-90.15",
    }

    broken = client.post(url, {**data, "boundary": json.dumps({"type": "Point"})})
    saved = client.post(url, {**data, "boundary": json.dumps(square)})

    assert 'The boundary must be a GeoJSON geometry of type "Polygon"' in broken.text.replace(
        "&quot;", '"'
    )
    assert saved.status_code == 302
    neighborhood.refresh_from_db()
    assert neighborhood.boundary == square
    assert str(neighborhood.center_latitude) == "38.650000"


# Lists and filters


@pytest.fixture
def two_neighborhoods():
    eastbank = NeighborhoodFactory(name="Eastbank")
    old_town = NeighborhoodFactory(name="Old Town")
    east = AssociationFactory(name="Eastbank Neighbors", neighborhoods=[eastbank])
    old = AssociationFactory(name="Old Town Council", neighborhoods=[old_town])
    MeetingFactory(association=east, title="East meeting")
    MeetingFactory(association=old, title="Old Town meeting")
    MeetingFactory(
        association=east,
        title="Last month's meeting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=1),
    )
    NoticeFactory(association=east, title="East notice")
    NoticeFactory(association=old, title="Old Town notice")
    return eastbank, old_town


def titles(response):
    return {str(obj) for obj in response.context["cl"].result_list}


def test_meetings_filter_by_neighborhood_association_and_when(client, editor, two_neighborhoods):
    eastbank, _ = two_neighborhoods
    east = Association.objects.get(name="Eastbank Neighbors")

    by_neighborhood = client.get(MEETINGS, {"association__neighborhoods__id__exact": eastbank.pk})
    by_association = client.get(MEETINGS, {"association__id__exact": east.pk})
    upcoming = client.get(MEETINGS, {"when": "upcoming"})
    past = client.get(MEETINGS, {"when": "past"})

    assert titles(by_neighborhood) == {"East meeting", "Last month's meeting"}
    assert titles(by_association) == {"East meeting", "Last month's meeting"}
    assert titles(upcoming) == {"East meeting", "Old Town meeting"}
    assert titles(past) == {"Last month's meeting"}


def test_meeting_list_shows_the_local_start_time(client, editor):
    meeting = MeetingFactory(title="Budget hearing")

    html = client.get(MEETINGS).text

    local = timezone.localtime(meeting.starts_at)
    assert "starts (local time)" in html.lower()
    assert local.strftime("%Y") in html and "p.m." in html


def test_notices_filter_by_neighborhood_and_approval(client, editor, two_neighborhoods):
    _, old_town = two_neighborhoods
    pending(NoticeFactory, title="Waiting notice")

    by_neighborhood = client.get(NOTICES, {"association__neighborhoods__id__exact": old_town.pk})
    waiting = client.get(NOTICES, {"approval__exact": "pending"})

    assert titles(by_neighborhood) == {"Old Town notice"}
    assert titles(waiting) == {"Waiting notice"}


def test_associations_filter_by_neighborhood_and_search(client, editor, two_neighborhoods):
    eastbank, _ = two_neighborhoods

    by_neighborhood = client.get(ASSOCIATIONS, {"neighborhoods__id__exact": eastbank.pk})
    searched = client.get(ASSOCIATIONS, {"q": "Old Town"})

    assert titles(by_neighborhood) == {"Eastbank Neighbors"}
    assert titles(searched) == {"Old Town Council"}
    assert "Eastbank" in by_neighborhood.text


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (MEETINGS, {}),
        (MEETINGS, {"when": "upcoming", "approval__exact": "approved"}),
        (MEETINGS, {"association__neighborhoods__id__exact": "1"}),
        (NOTICES, {}),
        (NOTICES, {"association__neighborhoods__id__exact": "1"}),
        (ASSOCIATIONS, {}),
        (ASSOCIATIONS, {"neighborhoods__id__exact": "1"}),
    ],
    ids=[
        "meetings",
        "upcoming approved meetings",
        "meetings by neighborhood",
        "notices",
        "notices by neighborhood",
        "associations",
        "associations by neighborhood",
    ],
)
def test_lists_cost_the_same_queries_for_many_rows(
    client, editor, url, params, django_assert_max_num_queries
):
    neighborhoods = NeighborhoodFactory.create_batch(3)
    params = {
        key: (neighborhoods[0].pk if key.endswith("__id__exact") else value)
        for key, value in params.items()
    }
    for index in range(12):
        association = AssociationFactory(neighborhoods=[neighborhoods[index % 3]])
        OfficerFactory(association=association)
        MeetingFactory(association=association)
        NoticeFactory(association=association)
        pending(MeetingFactory, association=association)

    # Session, user, permissions, queue count, filter choices, counts, rows, date
    # hierarchy: none of it grows with the number of rows.
    with django_assert_max_num_queries(14):
        response = client.get(url, params)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 4


def test_neighborhood_autocomplete_still_serves_the_article_form(client, editor):
    NeighborhoodFactory(name="Eastbank")
    NeighborhoodFactory(name="Old Town")

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "east",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "neighborhoods",
        },
    )

    assert [item["text"] for item in response.json()["results"]] == ["Eastbank"]
    assert Neighborhood.objects.count() == 2
