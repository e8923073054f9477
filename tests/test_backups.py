"""`manage.py backup` and `restore`: a paper backed up comes back whole in a fresh database.

The PostgreSQL test backs up the (committed) test database, restores it into a database of
its own made for the test, and compares what each holds, row by row and byte by byte. The
SQLite test does the same with two throwaway files, every step a child process, as an
operator would run it. `build_paper` and `snapshot` run in those child processes too
(`manage.py shell -c`), so both sides of a comparison are read the same way.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Byline
from comments.models import Comment, ModerationSettings
from comments.services import comment_post
from newsroom.backups import MANIFEST, MEDIA_ARCHIVE, BackupError, backup_verify
from photos.models import Photo
from subscriptions.models import Edition, Subscriber, Subscription

BASE_DIR = Path(__file__).resolve().parent.parent
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)


def build_paper():
    """A small paper: stories with photos (files and renditions), comments, subscribers."""
    from tests.factories import (
        ArticleFactory,
        EditionFactory,
        NewsletterFactory,
        PhotoFactory,
        SectionFactory,
        SubscriberFactory,
        image_upload,
    )

    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    city_hall = SectionFactory(name="City Hall")
    stories = [
        ArticleFactory(
            section=city_hall,
            headline="Año nuevo: the café on Front Street reopens — «finally»",
            lead_photo=PhotoFactory(alt_text="The café's new awning"),
        ),
        ArticleFactory(lead_photo=PhotoFactory(image=image_upload("crosswalk.png"))),
        ArticleFactory(body="<p>Budget <strong>passed</strong>, 5 to 2.</p>"),
        ArticleFactory(status=Article.Status.DRAFT, publish_at=None, headline="Unfinished"),
    ]
    first = comment_post(
        article=stories[0],
        name="Ada",
        email="ada@example.org",
        body="Best coffee in Riverside.\n\nAnd the pastries!",
        ip="203.0.113.1",
    )
    comment_post(
        article=stories[0],
        name="Ben",
        email="ben@example.org",
        body="Agreed.",
        parent=first,
        ip="203.0.113.2",
    )
    comment_post(
        article=stories[1], name="Cy", email="cy@example.org", body="Overdue.", ip="203.0.113.3"
    )
    weekly = NewsletterFactory(name="The Weekly")
    for _ in range(3):
        SubscriberFactory(newsletters=[weekly])
    SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    EditionFactory(newsletter=weekly)


def snapshot():
    """Everything a reader or an editor would miss, as plain JSON values."""
    media_root = Path(settings.MEDIA_ROOT)
    media = {
        path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    rows = {
        "articles": Article.objects.order_by("pk").values_list(
            "pk", "headline", "slug", "dek", "body", "status", "publish_at", "lead_photo_id"
        ),
        "bylines": Byline.objects.order_by("pk").values_list("article_id", "author__name"),
        "photos": Photo.objects.order_by("pk").values_list(
            "pk", "image", "alt_text", "caption", "renditions"
        ),
        "comments": Comment.objects.order_by("pk").values_list(
            "pk", "article_id", "parent_id", "name", "body", "status", "commenter__email"
        ),
        "subscribers": Subscriber.objects.order_by("pk").values_list(
            "pk", "email", "status", "confirmed_at"
        ),
        "subscriptions": Subscription.objects.order_by("pk").values_list(
            "subscriber__email", "newsletter__name"
        ),
        "editions": Edition.objects.order_by("pk").values_list("pk", "subject", "status"),
    }
    facts = {name: list(queryset) for name, queryset in rows.items()}
    facts["media"] = media
    return json.loads(json.dumps(facts, default=str))


def manage(*args, database_url, media_root, check=True):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    # A developer's Redis (the page cache) is not this test's to clear.
    for name in ("REDIS_URL", "DATABASE_POOL"):
        env.pop(name, None)
    completed = subprocess.run(  # noqa: S603 - our own manage.py, no shell
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert completed.returncode == 0, completed.stderr
    return completed


def snapshot_of(database_url, media_root):
    code = "import json; from tests.test_backups import snapshot; print(json.dumps(snapshot()))"
    output = manage(
        "shell", "--no-imports", "-c", code, database_url=database_url, media_root=media_root
    )
    return json.loads(output.stdout)


def assert_same_paper(restored, original):
    assert original["articles"] and original["comments"] and original["subscribers"]
    # Photo files and their renditions, besides the rows.
    assert len(original["media"]) > len(original["photos"]) >= 2
    for kind, rows in original.items():
        assert restored[kind] == rows, kind


def counts_printed(stdout):
    """What restore prints: {"articles": (found, in the backup), ...}."""
    found = re.findall(r"^\s+(\w+)\s+(\d+)\s+\(backup: (\d+)\)$", stdout, re.MULTILINE)
    return {name: (int(count), int(expected)) for name, count, expected in found}


def one_line(stderr):
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


# PostgreSQL


def postgres_url(name):
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    """A new PostgreSQL database beside the test database, dropped afterwards."""
    import psycopg

    name = f"nr_backup_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url(name)
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_every_story_comment_reader_and_photo(
    empty_database, tmp_path
):
    # Committed (a transactional test), so pg_dump, another session, sees it.
    build_paper()
    original = snapshot()

    printed = io.StringIO()
    call_command("backup", output=str(tmp_path / "backup"), verbosity=0, stdout=printed)
    assert printed.getvalue().strip() == str(tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["counts"] == {
        "articles": 4,
        "photos": 2,
        "comments": 3,
        "subscribers": 4,
        "editions": 1,
    }
    assert "articles.0001_initial" in manifest["migrations"]

    restored_media = tmp_path / "restored-media"
    result = manage(
        "restore", str(tmp_path / "backup"), database_url=empty_database, media_root=restored_media
    )

    assert counts_printed(result.stdout)["comments"] == (3, 3)
    assert_same_paper(snapshot_of(empty_database, restored_media), original)
    for path, digest in original["media"].items():
        assert hashlib.sha256((restored_media / path).read_bytes()).hexdigest() == digest

    # Restoring again, over the paper just restored, needs --force.
    refused = manage(
        "restore",
        str(tmp_path / "backup"),
        "--verbosity=0",
        database_url=empty_database,
        media_root=restored_media,
        check=False,
    )
    assert refused.returncode == 1
    assert "not empty" in one_line(refused.stderr)
    assert "--force" in refused.stderr

    # With --force it replaces what is there: a comment written since is gone again.
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from comments.models import Comment; Comment.objects.filter(name='Cy').delete()",
        database_url=empty_database,
        media_root=restored_media,
    )
    manage(
        "restore",
        str(tmp_path / "backup"),
        "--force",
        database_url=empty_database,
        media_root=restored_media,
    )
    assert_same_paper(snapshot_of(empty_database, restored_media), original)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_is_refused_before_anything_is_touched(empty_database, tmp_path):
    build_paper()
    call_command("backup", output=str(tmp_path / "backup"), verbosity=0, stdout=io.StringIO())
    flip_a_byte(tmp_path / "backup" / "database.dump")

    refused = manage(
        "restore",
        str(tmp_path / "backup"),
        "--verbosity=0",
        database_url=empty_database,
        media_root=tmp_path / "restored-media",
        check=False,
    )

    assert refused.returncode == 1
    assert "database.dump does not match the checksum" in one_line(refused.stderr)
    assert not (tmp_path / "restored-media").exists()
    still_empty = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(len(connection.introspection.table_names()))",
        database_url=empty_database,
        media_root=tmp_path / "restored-media",
    )
    assert still_empty.stdout.strip() == "0"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_that_fails_leaves_no_folder_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))

    with pytest.raises(CommandError, match="pg_dump was not found"):
        call_command("backup", output=str(tmp_path / "backups" / "today"), verbosity=0)

    assert list((tmp_path / "backups").iterdir()) == []


# Any database


def test_a_media_archive_reaching_outside_the_media_folder_is_refused(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.sqlite3").write_bytes(b"not read")
    evil = tmp_path / "evil.txt"
    evil.write_text("overwrite me")
    with tarfile.open(backup / MEDIA_ARCHIVE, "w:gz") as tar:
        tar.add(evil, arcname="../../evil.txt")
    files = {
        name: {"sha256": hashlib.sha256((backup / name).read_bytes()).hexdigest()}
        for name in ("database.sqlite3", MEDIA_ARCHIVE)
    }
    manifest = {
        "format": 1,
        "database": {"vendor": "sqlite", "file": "database.sqlite3"},
        "migrations": [],
        "counts": {},
        "media": {"files": 1, "bytes": 12},
    }
    (backup / MANIFEST).write_text(json.dumps({**manifest, "files": files}))

    with pytest.raises(BackupError, match="outside the media folder"):
        backup_verify(backup)


def test_a_sqlite_backup_restores_into_a_fresh_file(tmp_path):
    source = {
        "database_url": f"sqlite:///{tmp_path / 'paper.sqlite3'}",
        "media_root": tmp_path / "m",
    }
    target = {"database_url": f"sqlite:///{tmp_path / 'new.sqlite3'}", "media_root": tmp_path / "n"}
    manage("migrate", "--no-input", "--verbosity=0", **source)
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from tests.test_backups import build_paper; build_paper()",
        **source,
    )
    original = snapshot_of(**source)

    made = manage("backup", "--output", str(tmp_path / "backup"), **source)
    assert made.stdout.strip() == str(tmp_path / "backup")
    restored = manage("restore", str(tmp_path / "backup"), **target)

    assert counts_printed(restored.stdout) == {
        "articles": (4, 4),
        "photos": (2, 2),
        "comments": (3, 3),
        "subscribers": (4, 4),
        "editions": (1, 1),
    }
    assert_same_paper(snapshot_of(**target), original)

    refused = manage("restore", str(tmp_path / "backup"), "-v0", **target, check=False)
    assert refused.returncode == 1
    assert "not empty" in one_line(refused.stderr)

    shutil.copytree(tmp_path / "backup", tmp_path / "tampered")
    flip_a_byte(tmp_path / "tampered" / MEDIA_ARCHIVE)
    refused = manage("restore", str(tmp_path / "tampered"), "-v0", "--force", **target, check=False)
    assert refused.returncode == 1
    assert "does not match the checksum" in one_line(refused.stderr)
