"""Start-up from the environment: what an operator sees when a setting is missing or set.

Settings are read once, at import, so each case starts a fresh Python with a clean
environment (nothing inherited from the developer's shell or CI).
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"], "NAME": str(db["NAME"]), "HOST": db.get("HOST", ""),
    "PORT": str(db.get("PORT", "")), "USER": db.get("USER", ""),
    "TIME_ZONE": settings.TIME_ZONE,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "MAILER": settings.MAILERS["default"]["BACKEND"],
    "MAIL_DIR": str(settings.MAILERS["default"].get("OPTIONS", {}).get("file_path", "")),
}))
"""


def run_python(args, **env):
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def started_settings(**env):
    result = run_python(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "command",
    [["-c", "import django; django.setup()"], ["manage.py", "check"]],
    ids=["django.setup", "manage.py check"],
)
def test_production_without_secret_key_refuses_to_start_and_says_why(command):
    result = run_python(command, DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG off" in result.stderr


def test_production_with_a_secret_key_starts(tmp_path):
    result = run_python(
        ["manage.py", "check"],
        DEBUG="false",
        SECRET_KEY="a-long-random-string-only-used-by-this-test-0123456789",
        ALLOWED_HOSTS="news.example.org",
        # Its own database: a fresh clone has no var/ folder for the default SQLite file.
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_need_no_configuration():
    started = started_settings()

    assert started["DEBUG"] is True
    assert started["ENGINE"] == "django.db.backends.sqlite3"
    assert started["NAME"] == str(BASE_DIR / "var" / "newsroom.sqlite3")
    assert started["TIME_ZONE"] == "America/Chicago"
    # A newcomer opens outgoing mail as files instead of needing a mail server.
    assert started["MAILER"] == "django.core.mail.backends.filebased.EmailBackend"
    assert started["MAIL_DIR"] == str(BASE_DIR / "var" / "mail")


def test_database_url_chooses_the_database():
    started = started_settings(DATABASE_URL="postgres://editor@db.example.org:6543/ledger")

    assert started["ENGINE"] == "django.db.backends.postgresql"
    assert (started["NAME"], started["HOST"], started["PORT"], started["USER"]) == (
        "ledger",
        "db.example.org",
        "6543",
        "editor",
    )


def test_time_zone_and_media_root_come_from_the_environment(tmp_path):
    started = started_settings(TIME_ZONE="America/Denver", MEDIA_ROOT=str(tmp_path))

    assert started["TIME_ZONE"] == "America/Denver"
    assert started["MEDIA_ROOT"] == str(tmp_path)


def test_env_example_lists_every_variable_the_settings_read():
    source = (BASE_DIR / "newsroom" / "settings.py").read_text()
    read = set(
        re.findall(
            r"""(?:environ\.get|environ\[|env_bool|env_list|getenv)\(?\s*["'](\w+)["']""", source
        )
    )
    # dj-database-url reads DATABASE_URL itself.
    read.add("DATABASE_URL")
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))

    assert read - listed == set(), "add these to .env.example with a one-line comment"
    assert listed - read == set(), ".env.example lists variables the settings never read"


def test_the_server_keeps_what_it_loaded_out_of_the_garbage_collectors_sight():
    result = run_python(
        ["-c", "import gc, newsroom.wsgi; print(gc.get_freeze_count())"], DEBUG="true"
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000
