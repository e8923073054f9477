import pytest
from django.core.cache import cache
from django.test import override_settings

from articles.querysets import forget_search_windows


def _flushes_the_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "live_server" in fixtures
        or "transactional_db" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database after all the others, as Django's runner does.

    A flush also empties what migrations wrote (the role groups), which every later test
    would miss. pytest-django sorts this way too, but pytest's grouping of parametrized
    fixtures (Playwright's browser) can run afterwards and pull such tests forward.
    """
    items.sort(key=_flushes_the_database)


@pytest.fixture(autouse=True, scope="session")
def _immediate_tasks():
    """Tasks run at once in tests, so a test sees what the worker would have done."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    """django-axes needs the request in authenticate(), which Client.login() does not pass.

    Its lockout is tested on its own, through the real login form, in
    tests/test_login_throttling.py (which turns it back on).
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests log in often and prove nothing about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_search_windows():
    """What search remembers about the archive (how many stories, when the nth newest
    was published) belongs to one test's stories."""
    forget_search_windows()


QUERY_BUDGET_FIXTURES = {"django_assert_num_queries", "django_assert_max_num_queries"}


@pytest.fixture(autouse=True)
def _page_cache(request, settings):
    """The page cache stays on, as in production, in local memory emptied for each test.

    So every test that changes something and then reads a page also proves the change
    reached readers through the cache. Local memory, not the database table, and off for
    tests of a page's query budget: those measure what rendering the page costs (a stored
    page costs none; tests/test_page_cache.py measures that).
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if QUERY_BUDGET_FIXTURES & set(request.fixturenames) and "page_cache" not in request.keywords:
        settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()
