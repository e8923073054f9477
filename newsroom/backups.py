"""The whole paper in one folder, and back: what `manage.py backup` and `restore` do.

A backup is a folder holding

- the database: `database.dump` (PostgreSQL, `pg_dump --format=custom`) or
  `database.sqlite3` (SQLite, a copy made with SQLite's online backup API);
- `media.tar.gz`: every file under MEDIA_ROOT (photos and their renditions), with paths
  relative to it;
- `manifest.json`: when it was made, the database vendor, the applied migrations, how many
  articles, photos, comments, subscribers and editions it holds, and each file's sha256.

Both ways are safe to run while the site serves readers: the counts in the manifest are
read from the very snapshot that was dumped, so a restore can say whether anything is
missing. A failed backup leaves nothing behind; a restore checks every checksum before it
touches the database.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader

from articles.models import Article
from comments.models import Comment
from photos.models import Photo
from subscriptions.models import Edition, Subscriber

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# What a restore counts to say nothing was lost: the rows readers and editors would miss.
COUNTED = {
    "articles": Article,
    "photos": Photo,
    "comments": Comment,
    "subscribers": Subscriber,
    "editions": Edition,
}


class BackupError(Exception):
    """Why a backup or a restore could not be done, in one line for whoever ran it."""


def _silent(message):
    pass


def default_destination():
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return settings.BASE_DIR / "var" / "backups" / stamp


# Making a backup


def backup_create(*, destination=None, progress=_silent):
    """Write a backup folder at `destination` (default var/backups/<UTC time>); return it.

    Everything is written into a hidden folder beside it, renamed at the end: a backup that
    fails half way (no pg_dump, a full disk) leaves nothing that looks like a backup.
    """
    destination = Path(destination) if destination else default_destination()
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another folder.")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        hidden = f".{destination.name}."
        staging = Path(tempfile.mkdtemp(prefix=hidden, suffix=".partial", dir=destination.parent))
    except OSError as error:
        raise BackupError(f"Cannot write in {destination.parent}: {_describe(error)}") from error
    # mkdtemp makes it readable by its owner only, which suits a folder of email addresses
    # and password hashes; the rename keeps that.
    try:
        _write_backup(staging, progress)
        staging.rename(destination)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"Could not write the backup: {_describe(error)}") from error
    except DatabaseError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"Could not read the database: {_describe(error)}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return destination


def _write_backup(folder, progress):
    started_at = datetime.now(UTC)
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    database_file = folder / DATABASE_FILES[vendor]
    progress(f"Dumping the {vendor} database {connection.settings_dict['NAME']}...")
    if vendor == "postgresql":
        counts, migrations = _pg_dump(connection, database_file)
    else:
        counts, migrations = _sqlite_copy(connection, database_file)

    # After the database, so every file a dumped row points to is already on disk (an upload
    # is stored before its row is committed). Files added since are harmless extras.
    media_root = Path(settings.MEDIA_ROOT)
    progress(f"Archiving the media files in {media_root}...")
    media = _archive_media(media_root, folder / MEDIA_ARCHIVE)

    progress("Computing checksums...")
    files = {
        path.name: {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in (database_file, folder / MEDIA_ARCHIVE)
    }
    manifest = {
        "format": FORMAT,
        "created_at": started_at.isoformat(timespec="seconds"),
        "newsroom_version": _newsroom_version(),
        "django_version": django.get_version(),
        "database": {"vendor": vendor, "file": database_file.name},
        "migrations": migrations,
        "counts": counts,
        "media": media,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    progress(
        "Backed up "
        + ", ".join(f"{count} {name}" for name, count in counts.items())
        + f" and {media['files']} media files."
    )
    return manifest


def _snapshot_facts(cursor, quote):
    """Rows counted and migrations listed, from the cursor's view of the database."""
    counts = {}
    for name, model in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)}")  # noqa: S608 - our own table names
        counts[name] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return counts, [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_dump(connection, target):
    if connection.in_atomic_block:
        # pg_dump, another session, could not see this transaction's rows anyway.
        raise BackupError("A backup cannot be made from inside a database transaction.")
    # One snapshot for pg_dump and for the counts in the manifest: rows committed while the
    # dump runs are in neither, so a restore's counts must match the manifest's exactly.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = _snapshot_facts(cursor, connection.ops.quote_name)
        options = ["--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"]
        # Stored pages are worth nothing in another database and may be most of its size.
        options += [f"--exclude-table-data={table}" for table in _database_cache_tables()]
        _run_pg_tool("pg_dump", connection.settings_dict, options)
    return counts, migrations


def _sqlite_copy(connection, target):
    source = connection.settings_dict["NAME"]
    if not source or str(source) == ":memory:" or not Path(source).is_file():
        raise BackupError(f"There is no SQLite database file at {source!r} to back up.")
    # The online backup API copies a consistent state even while the site writes to the
    # file (copying the file itself could catch half a transaction).
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        return _snapshot_facts(copy.cursor(), lambda name: f'"{name}"')


def _archive_media(media_root, target):
    files = size = 0
    # Photos and renditions are already compressed: a higher level costs time, saves nothing.
    with tarfile.open(target, "w:gz", compresslevel=1) as tar:
        if not media_root.is_dir():
            return {"files": 0, "bytes": 0}
        for directory, subdirectories, names in os.walk(media_root):
            subdirectories.sort()
            for name in sorted(names):
                path = Path(directory, name)
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    member = tar.gettarinfo(path, arcname=path.relative_to(media_root).as_posix())
                    with open(path, "rb") as file:
                        tar.addfile(member, file)
                except FileNotFoundError:
                    # Deleted while we walked (a rendition replaced): the site is running.
                    continue
                files += 1
                size += member.size
    return {"files": files, "bytes": size}


# Restoring a backup


def backup_verify(source):
    """Read a backup's manifest and check its files; returns the manifest.

    Raises BackupError if a file is missing, its checksum differs (a damaged or edited
    backup), or the media archive holds a path that would land outside MEDIA_ROOT.
    """
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        listed = manifest["files"]
        database_file = manifest["database"]["file"]
        missing = [key for key in ("migrations", "counts", "media") if key not in manifest]
        if missing:
            raise KeyError(missing[0])
    except FileNotFoundError as error:
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.") from error
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{source / MANIFEST} cannot be read: {error}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is in a backup format this version cannot read.")
    for name in (database_file, MEDIA_ARCHIVE):
        if name not in listed or not isinstance(listed[name], dict):
            raise BackupError(f"{source / MANIFEST} does not list {name}.")
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing; the backup is incomplete.")
        if _sha256(path) != listed[name].get("sha256"):
            raise BackupError(
                f"{path} does not match the checksum in its manifest: the backup is damaged "
                "or was changed. Nothing was restored."
            )
    _check_media_archive(source / MEDIA_ARCHIVE)
    return manifest


def backup_restore(*, source, force=False, progress=_silent):
    """Restore a backup into the configured database and MEDIA_ROOT.

    Returns (counts in the manifest, counts found after the restore). Refuses a database
    that already has tables unless `force`, in which case the backup's objects replace
    theirs. Migrations run afterwards, so a backup made by an older version comes back
    upgraded.
    """
    try:
        return _restore(Path(source), force=force, progress=progress)
    except DatabaseError as error:
        raise BackupError(f"Database error: {_describe(error)}") from error


def _restore(source, *, force, progress):
    progress(f"Checking {source}...")
    manifest = backup_verify(source)
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {vendor} database; the site is configured for "
            f"{connection.vendor} (DATABASE_URL)."
        )
    _refuse_unknown_migrations(manifest)
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables); restore into a new empty database, or add --force to replace its contents."
        )

    database_file = source / manifest["database"]["file"]
    progress(f"Restoring the {vendor} database {connection.settings_dict['NAME']}...")
    # Our own idle connection would otherwise hold locks the restore needs (SQLite) or see
    # the tables it drops (PostgreSQL).
    connections.close_all()
    if vendor == "postgresql":
        _pg_restore(connection.settings_dict, database_file, clean=bool(tables))
    else:
        _sqlite_restore(connection.settings_dict, database_file)

    media_root = Path(settings.MEDIA_ROOT)
    progress(f"Restoring {manifest['media']['files']} media files into {media_root}...")
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as tar:
            # The "data" filter refuses links, devices and paths leaving media_root again,
            # behind the check in backup_verify(): two locks on one door.
            tar.extractall(media_root, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"The database was restored but the media files were not: {_describe(error)}"
        ) from error

    progress("Bringing the database schema up to date (migrate)...")
    call_command("migrate", interactive=False, verbosity=0)
    # Stored pages and rate-limit counters belong to whatever the site showed before.
    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest["counts"], row_counts()


def row_counts():
    return {name: model._base_manager.count() for name, model in COUNTED.items()}


def _refuse_unknown_migrations(manifest):
    """A backup from a newer version would come back with tables this code does not know."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    applied = [tuple(migration.split(".", 1)) for migration in manifest["migrations"]]
    unknown = [".".join(migration) for migration in applied if migration not in known]
    if unknown:
        raise BackupError(
            f"The backup was made by a newer version of Newsroom (it has migration "
            f"{unknown[0]}, which this code does not know); update the code first."
        )


def _check_media_archive(archive):
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} cannot be read: {_describe(error)}") from error
    for member in members:
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or "\\" in member.name:
            raise BackupError(
                f"{archive} holds a file outside the media folder ({member.name!r}); "
                "nothing was restored."
            )
        if not (member.isfile() or member.isdir()):
            raise BackupError(
                f"{archive} holds a link or a special file ({member.name!r}); nothing was restored."
            )


def _pg_restore(settings_dict, dump, *, clean):
    # One transaction: a restore that fails half way leaves the database as it was.
    # No privileges: the roles GRANTed on the old server need not exist on this one.
    options = ["--no-owner", "--no-privileges", "--single-transaction"]
    if clean:
        options += ["--clean", "--if-exists"]
    _run_pg_tool("pg_restore", settings_dict, [*options, "--dbname"], trailing=[str(dump)])


def _sqlite_restore(settings_dict, copy):
    target = settings_dict["NAME"]
    if not target or str(target) == ":memory:":
        raise BackupError("DATABASE_URL names no SQLite file to restore into.")
    # Through the backup API rather than copying the file over: it takes the database's
    # lock and rewrites it whole, so a write-ahead log left beside it cannot corrupt it.
    read_only = f"{Path(copy).resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(read_only, uri=True)) as backup,
        closing(sqlite3.connect(target)) as live,
    ):
        backup.backup(live)


def _run_pg_tool(tool, settings_dict, options, trailing=()):
    """Run pg_dump or pg_restore on the site's database; its error as one readable line.

    Connection settings come from Django's own psql client, so what `dbshell` reaches this
    reaches too; the password goes in PGPASSWORD, never on the command line.
    """
    from django.db.backends.postgresql.client import DatabaseClient

    if not settings_dict.get("NAME"):
        raise BackupError("DATABASE_URL names no database.")
    psql_args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    # psql_args: ["psql", -U/-h/-p options..., database name]; the name goes last.
    args = [tool, *psql_args[1:-1], *options, psql_args[-1], *trailing]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed program, no shell
            args,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{tool} was not found: install PostgreSQL's client tools "
            "(Debian: apt install postgresql-client) of the server's version or newer."
        ) from error
    if completed.returncode != 0:
        lines = [line.strip() for line in completed.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if "error:" in line] or lines or ["no message"]
        raise BackupError(f"{tool} failed: {errors[0].removeprefix(f'{tool}: ')}")


def _database_cache_tables():
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    ]


def _sha256(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _describe(error):
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    # Database drivers' messages run over several lines; the first says what went wrong.
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _newsroom_version():
    try:
        return package_version("newsroom")
    except PackageNotFoundError:
        return "unknown"
