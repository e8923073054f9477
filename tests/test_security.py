"""Production posture: security headers, cookies, the admin's address, the health check,
error pages, and `check --deploy` with the README's production environment."""

import base64
import hashlib
import json
import re
from pathlib import Path
from unittest import mock

import django_prose_editor
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, StaffFactory
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

BASE_DIR = django_settings.BASE_DIR
ONE_YEAR = 31536000


def deploy_environment(tmp_path):
    """The environment of the README's "Deploy" section, its two placeholders filled in."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("\n## Deploy\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    env = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    assert env["SECRET_KEY"].startswith("<") and env["DATABASE_URL"].startswith("<")
    env["SECRET_KEY"] = "a-long-random-string-only-used-by-this-test-0123456789-abcdefghij"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    return env


def policy(response):
    """The Content-Security-Policy as {directive: [values]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


@pytest.fixture
def production(settings):
    """What the deploy environment switches on that the tests' settings (DEBUG on at import)
    leave off: HSTS and secure cookies. The real values are checked in a subprocess below."""
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def get(url, **kwargs):
    return Client().get(url, secure=True, **kwargs)


@pytest.fixture
def public_responses(production):
    article = ArticleFactory(headline="Ferry schedule changes for the winter")
    get("/")
    production.WHITENOISE_USE_FINDERS = True  # static files without collectstatic
    return {
        "home": get("/"),
        "article": get(article.get_absolute_url()),
        "home, from the page cache": get("/"),
        "missing page": get("/no-such-page/"),
        "static file": get("/static/css/site.css"),
        "admin login": get(reverse("admin:login")),
    }


def test_every_kind_of_response_carries_the_security_headers(public_responses):
    assert public_responses["home, from the page cache"]["X-Page-Cache"] == "hit"
    assert public_responses["missing page"].status_code == 404
    # Served by WhiteNoise: with DEBUG off nothing else answers /static/.
    assert public_responses["static file"].status_code == 200

    for name, response in public_responses.items():
        headers = response.headers
        assert headers["Strict-Transport-Security"] == (f"max-age={ONE_YEAR}; includeSubDomains"), (
            name
        )
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "camera=()" in headers["Permissions-Policy"], name
        assert "geolocation=()" in headers["Permissions-Policy"], name
        csp = policy(response)
        assert csp["default-src"] == ["'self'"], name
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["object-src"] == ["'none'"], name
        assert csp["base-uri"] == ["'self'"], name
        assert csp["form-action"] == ["'self'"], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name


def test_public_pages_run_no_inline_script_so_their_policy_has_no_nonce(public_responses, settings):
    for name in ("home", "article", "home, from the page cache", "missing page"):
        response = public_responses[name]
        html = response.content.decode()

        assert policy(response)["script-src"] == ["'self'"], name
        # The editor's stylesheet hash allows that one text only (see settings.SECURE_CSP).
        assert policy(response)["style-src"] == ["'self'", settings.PROSE_EDITOR_STYLE_HASH], name
        # Only data blocks (the article's JSON-LD), which script-src does not govern.
        for script in re.findall(r"<script\b[^>]*>", html):
            assert 'type="application/ld+json"' in script, (name, script)
        assert "<style" not in html, name
        assert not re.search(r"""\sstyle=["']""", html), name
        assert not re.search(r"""\son[a-z]+=["']""", html), name
    assert 'type="application/ld+json"' in public_responses["article"].content.decode()


def test_admin_pages_get_a_fresh_nonce_for_their_inline_scripts(client):
    client.force_login(StaffFactory())
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    nonces = []
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(policy(response)["script-src"]))
        # The prose editor's import map and Django's own inline scripts carry it.
        assert f'<script type="importmap" nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)

    assert nonces[0] != nonces[1]


def test_the_editor_stylesheet_hash_matches_the_installed_prose_editor():
    """django-prose-editor's editor.js injects Tiptap's base stylesheet without a nonce; the
    policy lets it in by its hash, which changes whenever that text does (an upgrade)."""
    editor_js = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    source = editor_js.read_text()
    injected = re.search(r"=`(\.ProseMirror \{.*?)`", source, flags=re.DOTALL)
    assert injected, "Tiptap's base stylesheet moved in editor.js: find it again"
    digest = base64.b64encode(hashlib.sha256(injected.group(1).encode()).digest()).decode()

    allowed = django_settings.PROSE_EDITOR_STYLE_HASH
    assert allowed == f"'sha256-{digest}'", (
        "django-prose-editor's injected stylesheet changed: put this hash in settings.py"
    )


def test_the_csrf_cookie_is_http_only_and_same_site(client):
    response = client.get(reverse("admin:login"))

    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings

# collectstatic has not run here: plain static URLs instead of the manifest's hashed names.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    client = Client(HTTP_HOST="news.example.org")
    login = client.get("/admin/login/", secure=True)
    over_http = client.get("/")
    health_over_http = client.get("/healthz")
cookie = login.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "login": [login.status_code, login.get("Strict-Transport-Security")],
    "csrf_cookie": [bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]],
    "session_cookie": [
        settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
        settings.SESSION_COOKIE_SAMESITE,
    ],
    "over_http": [over_http.status_code, over_http.get("Location")],
    "health_over_http": [health_over_http.status_code, health_over_http.content.decode()],
}))
"""


def test_production_cookies_are_secure_and_plain_http_goes_to_https(tmp_path):
    # No Redis needed for what this checks: the page cache stays out of it.
    result = run_python(
        ["-c", PRODUCTION_REQUESTS], **deploy_environment(tmp_path), PAGE_CACHE="off"
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["login"] == [200, f"max-age={ONE_YEAR}; includeSubDomains; preload"]
    assert seen["csrf_cookie"] == [True, True, "Lax"]
    assert seen["session_cookie"] == [True, True, "Lax"]
    assert seen["over_http"] == [301, "https://news.example.org/"]
    # A load balancer probes over plain HTTP and must not be sent away.
    assert seen["health_over_http"] == [200, '{"status": "ok", "database": "ok"}']


def test_check_deploy_passes_with_the_readme_environment(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **deploy_environment(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


ADMIN_ELSEWHERE = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
client = Client()
print(reverse("admin:index"))
print(client.get("/desk-4f7a/login/").status_code)
print(client.get("/admin/login/").status_code)
print(client.get("/robots.txt").content.decode())
"""


def test_admin_path_moves_the_admin_and_robots_txt_keeps_it_quiet():
    result = run_python(["-c", ADMIN_ELSEWHERE], ADMIN_PATH="desk-4f7a", PAGE_CACHE="off")

    assert result.returncode == 0, result.stderr
    admin_index, new_login, old_login, robots = result.stdout.split("\n", 3)
    assert admin_index == "/desk-4f7a/"
    assert new_login == "200"
    assert old_login == "404"
    assert "desk-4f7a" not in robots
    assert "Disallow: /preview/" in robots


def test_the_default_admin_path_is_admin(client):
    assert reverse("admin:index") == "/admin/"
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


def test_a_weak_password_is_refused_in_the_admin(client):
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("correct horse battery")


def test_every_password_validator_is_on():
    for weak, why in [
        ("short1!", "too short"),
        ("password", "too common"),
        ("73920461853", "entirely numeric"),
    ]:
        with pytest.raises(ValidationError, match=why):
            validate_password(weak)
    user = StaffFactory.build(username="maya.chen", email="maya.chen@example.org")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("maya.chen1", user)


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").get("X-Page-Cache") is None


def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_healthz_answers_even_where_logins_are_locked_out(client, settings):
    """Behind a proxy every request may come from one address: a lockout there must not
    take the health check, and the site with it, out of the load balancer."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 1
    StaffFactory(username="editor")
    proxy = "203.0.113.7"
    client.post(
        reverse("admin:login"), {"username": "editor", "password": "guess"}, REMOTE_ADDR=proxy
    )
    assert (
        client.post(
            reverse("admin:login"), {"username": "editor", "password": "guess"}, REMOTE_ADDR=proxy
        ).status_code
        == 429
    )

    assert client.get("/healthz", REMOTE_ADDR=proxy).status_code == 200


@pytest.mark.parametrize(
    "failure",
    [
        RuntimeError("secret detail: token 8f14e45f"),
        OperationalError("secret detail: FATAL password authentication failed"),
    ],
    ids=["a bug in a view", "the database down"],
)
def test_a_server_error_shows_the_friendly_page_never_a_traceback(client, settings, failure):
    settings.DEBUG = False
    client.raise_request_exception = False

    with (
        mock.patch("articles.views.HomeView.get_context_data", side_effect=failure)
        if isinstance(failure, RuntimeError)
        else mock.patch.object(connection, "cursor", side_effect=failure)
    ):
        response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our end" in html
    assert "Traceback" not in html
    assert "secret detail" not in html
    assert type(failure).__name__ not in html
    # Its inline stylesheet is let in by this response's own nonce.
    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(policy(response)["style-src"]))
    assert f'<style nonce="{nonce}">' in html
