"""The demo paper (`manage.py load_demo`) and the demo login (`manage.py demo_admin`).

Drawing 20-odd pictures and their renditions takes several seconds, so the paper is loaded
once for this module, inside a transaction that is rolled back when the module ends. Each
test runs in a savepoint within it, so what one test changes the next never sees.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from io import StringIO
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles.models import Article, Author, Byline, Section, TaggedArticle
from neighborhoods.geo import boundary_rings, validate_boundary
from neighborhoods.models import Association, Meeting, Neighborhood, Notice, Officer
from newsroom.demo import loader
from photos.models import Gallery, GalleryPhoto, Photo
from subscriptions.models import Consent, Edition, Newsletter, Subscriber

DEMO_MODELS = (
    Section,
    Author,
    Neighborhood,
    Photo,
    Gallery,
    GalleryPhoto,
    Article,
    Byline,
    Tag,
    TaggedArticle,
    Association,
    Officer,
    Meeting,
    Notice,
    Newsletter,
    Subscriber,
    Consent,
    Edition,
)
DRAFT_SLUGS = ("council-candidates-forum-thursday", "winter-parking-rules-explained")
SCHEDULED_SLUG = "holiday-lights-parade-route-announced"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    output = StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        # --if-empty on an empty database is exactly what `make run` does the first time.
        call_command("load_demo", "--if-empty", stdout=output)
        yield SimpleNamespace(output=output.getvalue(), media_root=Path(media_root))
        transaction.set_rollback(True)


def counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


# --- load_demo --------------------------------------------------------------------------


@pytest.mark.django_db
def test_empty_database_gets_the_whole_paper_with_progress_shown(demo):
    assert "Drawing photos 5/" in demo.output
    assert "Adding associations 3/5" in demo.output
    assert "Demo paper loaded" in demo.output
    assert Section.objects.count() >= 6
    assert Neighborhood.objects.count() >= 6
    assert all(n.description for n in Neighborhood.objects.all())


@pytest.mark.django_db
def test_bylines_include_titled_staff_and_contributors(demo):
    titles = set(Author.objects.values_list("title", flat=True))
    assert Author.objects.count() >= 6
    assert {"Managing Editor", "Staff Reporter", "Photographer", "Contributor"} <= titles
    assert Author.objects.exclude(bio="").count() == Author.objects.count()


@pytest.mark.django_db
def test_forty_articles_published_over_the_last_sixty_days(demo):
    now = timezone.now()
    published = Article.objects.published()
    assert published.count() >= 40
    dates = [timezone.localdate(a.publish_at) for a in published]
    assert min(a.publish_at for a in published) >= now - timedelta(days=60)
    # Spread out like a real paper, not all stamped with the moment of loading.
    assert len(set(dates)) >= 30
    assert timezone.localdate(now) - min(dates) >= timedelta(days=50)
    # Before today, stories went up in working hours, as at a real paper.
    for article in published.filter(publish_at__lt=now - timedelta(days=1)):
        assert 6 <= timezone.localtime(article.publish_at).hour <= 18, article.slug


@pytest.mark.django_db
def test_articles_cover_every_type_of_work_and_section(demo):
    published = Article.objects.published()
    assert set(published.values_list("kind", flat=True)) == set(Article.Kind.values)
    assert set(published.values_list("section__slug", flat=True)) == set(
        Section.objects.values_list("slug", flat=True)
    )


@pytest.mark.django_db
def test_every_published_article_reads_like_a_story(demo):
    for article in Article.objects.published().prefetch_related("bylines", "tags"):
        assert article.dek, article.slug
        assert 2 <= article.body.count("<p>") <= 8, article.slug
        assert article.bylines.all(), article.slug
        assert article.tags.all(), article.slug
    shared = Article.objects.published().filter(bylines__order=1)
    assert shared.exists(), "some stories carry two bylines"
    assert Article.objects.published().filter(neighborhoods__isnull=False).distinct().count() >= 25


@pytest.mark.django_db
def test_one_lead_story_and_a_few_top_stories(demo):
    published = Article.objects.published()
    lead = published.filter(priority=Article.Priority.LEAD)
    assert lead.count() == 1
    assert lead.get() == published.first(), "the lead is the newest story"
    assert 3 <= published.filter(priority=Article.Priority.TOP).count() <= 6


@pytest.mark.django_db
def test_photos_are_credited_described_dated_and_have_renditions(demo):
    photos = Photo.objects.all()
    assert photos.count() >= 20
    for photo in photos:
        assert photo.caption and photo.credit and photo.alt_text, photo.pk
        assert photo.taken_on is not None
        assert (photo.width, photo.height) == (1600, 1067)
        assert [r["width"] for r in photo.renditions["jpeg"]] == [480, 800, 1200, 1600]
        assert [r["width"] for r in photo.renditions["webp"]] == [480, 800, 1200, 1600]
        for rendition in photo.renditions["jpeg"] + photo.renditions["webp"]:
            assert (demo.media_root / rendition["name"]).is_file()
    assert len({photo.credit for photo in photos}) >= 2


@pytest.mark.django_db
def test_photos_lead_stories_and_fill_a_gallery(demo):
    assert Article.objects.published().filter(lead_photo__isnull=False).count() >= 20
    gallery_article = Article.objects.published().filter(gallery__isnull=False).first()
    assert gallery_article is not None
    assert gallery_article.gallery.photos.count() >= 3
    assert Gallery.objects.count() >= 1


@pytest.mark.django_db
def test_drafts_and_the_scheduled_story_stay_off_the_site(demo, client):
    public = Article.objects.published()
    for slug in DRAFT_SLUGS:
        draft = Article.objects.get(slug=slug)
        assert draft.status == Article.Status.DRAFT
        assert not public.filter(slug=slug).exists()
    scheduled = Article.objects.get(slug=SCHEDULED_SLUG)
    assert scheduled.status == Article.Status.PUBLISHED
    assert scheduled.publish_at > timezone.now()
    assert not public.filter(slug=SCHEDULED_SLUG).exists()
    assert client.get(scheduled.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_home_page_opens_with_the_demo_lead_story(demo, client):
    lead = Article.objects.published().get(priority=Article.Priority.LEAD)
    response = client.get("/")
    assert response.status_code == 200
    assert escape(lead.headline) in response.content.decode()


@pytest.mark.django_db
def test_festival_story_shows_its_gallery_to_readers(demo, client):
    article = Article.objects.get(slug="lantern-festival-draws-thousands")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for photo in article.gallery.photos.all():
        assert escape(photo.alt_text) in page


@pytest.mark.django_db
def test_loading_twice_creates_nothing_twice(demo):
    before = counts()
    files_before = sorted(demo.media_root.rglob("*"))

    with override_settings(MEDIA_ROOT=demo.media_root):
        output = run("load_demo")

    assert counts() == before
    assert sorted(demo.media_root.rglob("*")) == files_before
    assert "nothing new was created" in output


@pytest.mark.django_db
def test_loading_again_keeps_what_an_editor_changed(demo):
    article = Article.objects.get(slug="council-approves-front-street-bridge-repair")
    article.headline = "Bridge repair approved (corrected headline)"
    article.save()

    with override_settings(MEDIA_ROOT=demo.media_root):
        run("load_demo")

    article.refresh_from_db()
    assert article.headline == "Bridge repair approved (corrected headline)"


@pytest.mark.django_db
def test_if_empty_leaves_a_paper_with_articles_untouched(demo):
    before = counts()
    Section.objects.filter(slug="opinion").update(description="Edited by the editor.")

    output = run("load_demo", "--if-empty")

    assert counts() == before
    assert Section.objects.get(slug="opinion").description == "Edited by the editor."
    assert "was not loaded" in output


@pytest.mark.django_db
def test_a_failed_load_leaves_nothing_half_written(demo, monkeypatch):
    Article.objects.all().delete()
    real_publish = loader.article_publish
    published = []

    def publish_then_fail(**kwargs):
        if len(published) == 10:
            raise RuntimeError("the disk is full")
        published.append(kwargs["article"])
        return real_publish(**kwargs)

    monkeypatch.setattr(loader, "article_publish", publish_then_fail)

    with (
        override_settings(MEDIA_ROOT=demo.media_root),
        pytest.raises(CommandError, match=r"the disk is full\. Nothing was saved"),
    ):
        run("load_demo")

    assert len(published) == 10
    assert Article.objects.count() == 0
    assert Byline.objects.count() == 0


# --- neighborhoods and their associations ----------------------------------------------


REGULAR_TITLES = [
    "Old Mill & Depot Square monthly meeting",
    "Eastbank Neighbors monthly meeting",
    "Cedar Flats monthly meeting",
    "Lantern Hill Civic Association meeting",
    "Northgate Residents Association meeting",
]


def _inside(point, ring):
    """Whether (longitude, latitude) lies inside a ring (ray casting; edges are ambiguous)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _center(neighborhood):
    return (float(neighborhood.center_longitude), float(neighborhood.center_latitude))


@pytest.mark.django_db
def test_every_neighborhood_has_a_map_shape_with_its_center_inside(demo):
    for neighborhood in Neighborhood.objects.all():
        validate_boundary(neighborhood.boundary)
        neighborhood.full_clean()
        (ring,) = boundary_rings(neighborhood.boundary)
        assert 6 <= len(ring) - 1 <= 12, neighborhood.slug
        assert _inside(_center(neighborhood), ring), neighborhood.slug
        # Riverside, a midwestern river town, not the Gulf of Guinea at (0, 0).
        for longitude, latitude in ring:
            assert -91.3 < longitude < -91.1 and 43.7 < latitude < 43.9, neighborhood.slug


@pytest.mark.django_db
def test_neighborhood_shapes_tile_the_town_without_overlapping(demo):
    shapes = {n.slug: (n, boundary_rings(n.boundary)[0]) for n in Neighborhood.objects.all()}
    for slug, (neighborhood, _) in shapes.items():
        for other, (_, ring) in shapes.items():
            if other == slug:
                continue
            assert not _inside(_center(neighborhood), ring), (slug, other)
            # Corners two neighborhoods share lie on both borders; any other corner of one
            # inside the other would be an overlap.
            own_ring = shapes[slug][1]
            for corner in set(own_ring) - set(ring):
                assert not _inside(corner, ring), (slug, other, corner)
    # Eastbank alone lies across the river, east of every other neighborhood's center.
    eastbank = _center(shapes["eastbank"][0])
    assert all(eastbank[0] > _center(n)[0] for slug, (n, _) in shapes.items() if slug != "eastbank")


@pytest.mark.django_db
def test_every_neighborhood_has_an_association_with_officers_and_contacts(demo):
    today = timezone.localdate()
    for neighborhood in Neighborhood.objects.all():
        association = neighborhood.associations.get()
        for field in ("mission", "website", "email", "phone", "meeting_place", "meeting_schedule"):
            assert getattr(association, field), (association.slug, field)
        assert ".example.org" in association.website
        assert "555-01" in association.phone
        officers = list(association.officers.all())
        roles = {officer.role for officer in officers}
        assert {"President", "Vice President", "Secretary", "Treasurer"} <= roles
        for officer in officers:
            assert officer.term_start <= today <= officer.term_end, officer
        assert any(officer.email or officer.phone for officer in officers), association.slug
    assert Officer.objects.filter(role="Administrative Vice President").exists()
    assert (
        Association.objects.filter(neighborhoods__slug="old-mill").get().neighborhoods.count() == 2
    )


@pytest.mark.django_db
def test_every_association_has_approved_meetings_in_the_coming_month(demo):
    now = timezone.now()
    coming = (
        Meeting.objects.approved()
        .upcoming()
        .filter(is_cancelled=False, starts_at__lte=now + timedelta(days=31))
    )
    for association in Association.objects.all():
        assert coming.filter(association=association).count() >= 1, association.slug
    assert coming.count() >= 10
    # The specials the issue asks for, each on a day and at an hour it would really be held.
    cleanup = coming.get(title="Cedar Flats Park cleanup")
    assert timezone.localtime(cleanup.starts_at).weekday() == 5
    assert timezone.localtime(cleanup.starts_at).hour == 9
    assert coming.filter(title__startswith="Zoning hearing").exists()
    assert coming.filter(title__contains="candidates' forum").exists()


@pytest.mark.django_db
def test_regular_meetings_are_at_seven_in_the_evening_on_their_usual_weekday(demo):
    now = timezone.now()
    for association in Association.objects.all():
        regular = association.meetings.filter(title__in=REGULAR_TITLES)
        # The coming five weeks always hold at least one "second Tuesday".
        assert regular.filter(starts_at__gte=now - timedelta(hours=3)).exists(), association.slug
        weekdays = set()
        for meeting in regular:
            local = timezone.localtime(meeting.starts_at)
            assert (local.hour, local.minute) == (19, 0), meeting
            assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
            assert meeting.agenda_url.startswith(association.website)
            weekdays.add(local.weekday())
        assert len(weekdays) == 1, association.slug


@pytest.mark.django_db
def test_meetings_stay_at_seven_pm_across_the_change_from_daylight_time(demo, settings):
    settings.TIME_ZONE = "America/Chicago"
    Meeting.objects.all().delete()
    # Daylight saving time ends on 1 November 2026; five weeks from 20 October span it.
    loaded_at = datetime(2026, 10, 20, 15, 0, tzinfo=UTC)

    with override_settings(MEDIA_ROOT=demo.media_root):
        loader.demo_paper_load(now=loaded_at)

    chicago = ZoneInfo("America/Chicago")
    regular = Meeting.objects.filter(title__in=REGULAR_TITLES)
    local_times = {m.starts_at.astimezone(chicago).time() for m in regular}
    utc_hours = {m.starts_at.astimezone(UTC).hour for m in regular}
    assert local_times == {datetime(2026, 1, 1, 19).time()}
    assert utc_hours == {0, 1}, "7 p.m. CDT is midnight UTC; 7 p.m. CST is 1 a.m."


@pytest.mark.django_db
def test_a_cancelled_meeting_stays_on_the_calendar_marked_cancelled(demo):
    cancelled = Meeting.objects.approved().upcoming().filter(is_cancelled=True)
    assert cancelled.count() == 1
    # Subscribed calendar apps take the cancellation only as a newer revision.
    assert cancelled.get().sequence >= 1
    notice = Notice.objects.approved().get(
        association=cancelled.get().association, title__contains="cancelled"
    )
    assert notice.body


@pytest.mark.django_db
def test_a_few_meetings_took_place_in_the_past_two_weeks(demo):
    now = timezone.now()
    past = Meeting.objects.approved().filter(
        ends_at__lt=now, starts_at__gte=now - timedelta(days=14)
    )
    assert 2 <= past.count() <= 6
    assert not past.filter(pk__in=Meeting.objects.upcoming()).exists()


@pytest.mark.django_db
def test_notices_are_short_plain_letters_from_every_association(demo):
    today = timezone.localdate()
    for association in Association.objects.all():
        notices = association.notices.approved()
        assert notices.count() >= 2, association.slug
        for notice in notices:
            assert 1 <= len(notice.body.split("\n\n")) <= 3, notice.title
            assert "<" not in notice.body, notice.title
            assert today - timedelta(days=60) <= notice.published_on <= today


@pytest.mark.django_db
def test_submissions_from_residents_wait_in_the_approval_queue(demo):
    for model in (Meeting, Notice):
        pending = model.objects.awaiting_approval()
        assert pending.count() == 1, model.__name__
        submission = pending.get()
        assert submission.submitter_name and submission.submitter_email
        assert not model.objects.approved().filter(pk=submission.pk).exists()
        # What staff entered needs no approval and names no submitter.
        assert not model.objects.approved().exclude(submitter_name="").exists()


@pytest.mark.django_db
def test_loading_again_another_day_doubles_no_meeting_or_notice(demo):
    later = timezone.now() + timedelta(days=3)

    with override_settings(MEDIA_ROOT=demo.media_root):
        loader.demo_paper_load(now=later)

    one_off = Meeting.objects.exclude(title__in=REGULAR_TITLES)
    assert one_off.count() == len(set(one_off.values_list("association", "title")))
    regular = [
        (m.association_id, m.title, timezone.localdate(m.starts_at))
        for m in Meeting.objects.filter(title__in=REGULAR_TITLES)
    ]
    assert len(regular) == len(set(regular))
    assert Notice.objects.count() == len(set(Notice.objects.values_list("association", "title")))
    assert (
        Officer.objects.count() == Officer.objects.values("association", "name").distinct().count()
    )


@pytest.mark.django_db
def test_a_paper_loaded_before_the_map_gains_its_shapes_but_keeps_an_edited_one(demo):
    edited = {
        "type": "Polygon",
        "coordinates": [[[-91.2, 43.8], [-91.1, 43.8], [-91.1, 43.9], [-91.2, 43.8]]],
    }
    Neighborhood.objects.filter(slug="northgate").update(
        boundary=None, center_latitude=None, center_longitude=None
    )
    Neighborhood.objects.filter(slug="eastbank").update(boundary=edited)

    with override_settings(MEDIA_ROOT=demo.media_root):
        output = run("load_demo")

    northgate = Neighborhood.objects.get(slug="northgate")
    validate_boundary(northgate.boundary)
    assert northgate.center_latitude is not None
    assert Neighborhood.objects.get(slug="eastbank").boundary == edited
    assert "1 neighborhood maps" in output


@pytest.mark.django_db
def test_every_demo_neighborhood_page_shows_its_association_meetings_and_news(demo, client):
    coming = Meeting.objects.approved().upcoming().filter(is_cancelled=False)
    for neighborhood in Neighborhood.objects.all():
        response = client.get(neighborhood.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        association = neighborhood.associations.get()
        assert escape(association.name) in page, neighborhood.slug
        for officer in association.officers.all():
            assert escape(officer.name) in page, (neighborhood.slug, officer.name)
        next_meeting = coming.filter(association=association).first()
        assert escape(next_meeting.title) in page, neighborhood.slug
        latest = Article.objects.published().filter(neighborhoods=neighborhood).first()
        assert escape(latest.headline) in page, neighborhood.slug
    # What residents sent stays off the site until staff approve it.
    pending = Meeting.objects.awaiting_approval().get()
    assert escape(pending.title) not in client.get("/events/").content.decode()
    eastbank = client.get(pending.association.neighborhoods.get().get_absolute_url())
    assert escape(pending.title) not in eastbank.content.decode()
    letter = Notice.objects.awaiting_approval().get()
    lantern_hill = client.get(letter.association.neighborhoods.get().get_absolute_url())
    assert escape(letter.title) not in lantern_hill.content.decode()


# --- demo_admin --------------------------------------------------------------------------


@pytest.fixture
def fast_passwords(settings):
    # The real hasher takes most of a second per check; what is tested here is that the
    # printed password is the one stored, not the hasher's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def credentials(output):
    lines = dict(
        line.strip().split(":", 1) for line in output.splitlines() if line.startswith("  ")
    )
    return lines["Username"].strip(), lines["Password"].strip()


@pytest.mark.django_db
def test_demo_admin_prints_a_login_that_opens_the_admin(settings, client, fast_passwords):
    settings.DEBUG = True

    output = run("demo_admin")

    assert "/admin/" in output
    username, password = credentials(output)
    assert client.login(username=username, password=password)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.context["user"].username == username
    author = Author.objects.get(user__username=username)
    assert author.title


@pytest.mark.django_db
def test_demo_admin_run_again_resets_a_changed_password(settings, client, fast_passwords):
    settings.DEBUG = True
    username, password = credentials(run("demo_admin"))
    user = get_user_model().objects.get(username=username)
    user.set_password("something else entirely")
    user.save()

    run("demo_admin")

    assert client.login(username=username, password=password)
    assert get_user_model().objects.filter(username=username).count() == 1
    assert Author.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_demo_admin_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        run("demo_admin")

    assert not get_user_model().objects.filter(username="editor").exists()


def test_demo_admin_exits_1_with_one_line_on_stderr_when_debug_is_off():
    env = {**os.environ, "DEBUG": "off", "SECRET_KEY": "a-test-secret-that-is-long-enough"}
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_admin"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "DEBUG" in result.stderr
