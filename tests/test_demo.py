"""The demo paper (`manage.py load_demo`) and the demo login (`manage.py demo_admin`).

Drawing 20-odd pictures and their renditions takes several seconds, so the paper is loaded
once for this module, inside a transaction that is rolled back when the module ends. Each
test runs in a savepoint within it, so what one test changes the next never sees.
"""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Byline, Section
from neighborhoods.models import Neighborhood
from newsroom.demo import loader
from photos.models import Gallery, GalleryPhoto, Photo

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
    TaggedItem,
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
