"""The full-page cache: readers get stored pages, and never a stale one."""

import re
import socket
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
)
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.roles import EDITOR
from articles.services import article_publish, article_withdraw
from articles.views import HomeView
from comments.models import Comment, ModerationSettings
from comments.moderation import comment_approve
from comments.services import comment_post
from newsroom.cache import LocalBodies, _random_csrf_string
from newsroom.redis_cache import RedisCache
from tests.articles.workflow_helpers import staff_in
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def get(client, url, **headers):
    return client.get(url, headers=headers)


def cached(response):
    return response.get("X-Page-Cache") == "hit"


def test_second_reader_gets_the_stored_page(client):
    article = ArticleFactory(headline="Bridge reopens after repairs")

    first = get(client, "/")
    second = get(Client(), "/")

    assert first["X-Page-Cache"] == "miss"
    assert cached(second)
    assert "Bridge reopens after repairs" in second.content.decode()
    assert get(Client(), article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_process_keeps_the_bytes_it_served_and_fetches_only_the_entry(client):
    ArticleFactory(headline="Library hours change")
    get(client, "/")
    reader = Client()  # a handler of its own: another process, with nothing in memory
    served = get(reader, "/")
    assert cached(served)
    # The cache loses the page's bytes (the ETag is their hash) but not its entry.
    assert cache.delete(f"page-body:{served['ETag'][3:-1]}")

    # This process still has the page's bytes; a new one must render it again.
    again = get(reader, "/")
    elsewhere = get(Client(), "/")

    assert cached(again) and "Library hours change" in again.content.decode()
    assert elsewhere["X-Page-Cache"] == "miss"
    assert "Library hours change" in elsewhere.content.decode()
    assert cached(get(Client(), "/"))


def test_the_bytes_kept_in_memory_stay_under_their_limit():
    bodies = LocalBodies(max_bytes=25)
    for name in "abcdefgh":
        bodies.put(name, name.encode() * 10)
    bodies.put("huge", b"x" * 26)

    kept = [name for name in "abcdefgh" if bodies.get(name)]
    assert len(kept) == 2
    assert bodies.size == 20
    assert bodies.get("huge") is None


def test_readers_going_round_more_pages_than_fit_still_find_most_of_them():
    bodies = LocalBodies(max_bytes=500)  # room for 50 of the 60 pages
    found = 0
    for _round in range(20):
        for number in range(60):
            if bodies.get(number) is None:
                bodies.put(number, b"x" * 10)
            else:
                found += 1

    # Dropping the least recently used page would find none of them, ever.
    assert found > 0.5 * 20 * 60
    assert bodies.size <= 500


def test_a_stored_page_costs_no_database_query(client, django_assert_num_queries):
    ArticleFactory()
    get(client, "/")

    with django_assert_num_queries(0):
        assert cached(get(Client(), "/"))


def test_publishing_shows_the_story_on_the_home_page_at_once(client):
    ArticleFactory(headline="Older story")
    get(client, "/")
    draft = ArticleFactory(
        headline="Library hours extended", status=Article.Status.DRAFT, publish_at=None
    )
    assert "Library hours extended" not in get(Client(), "/").content.decode()

    article_publish(article=draft, by=staff_in(EDITOR))

    response = get(Client(), "/")
    assert not cached(response)
    assert "Library hours extended" in response.content.decode()


def test_editing_a_headline_freshens_its_page_and_every_list(client):
    article = ArticleFactory(headline="Fire on Elm Street")
    section_url = article.section.get_absolute_url()
    for url in ("/", article.get_absolute_url(), section_url):
        get(client, url)

    article.headline = "Fire on Elm Street under control"
    article.save()

    for url in ("/", article.get_absolute_url(), section_url):
        assert "Fire on Elm Street under control" in get(Client(), url).content.decode()


def test_adding_a_tag_freshens_the_tag_page(client):
    article = ArticleFactory()
    article.tags.add("flooding")
    url = reverse("articles:tag", args=["flooding"])
    get(client, url)
    other = ArticleFactory(headline="Sandbags handed out")

    other.tags.add("flooding")

    assert "Sandbags handed out" in get(Client(), url).content.decode()


def test_withdrawing_takes_the_story_down_at_once(client):
    article = ArticleFactory(headline="Disputed story")
    get(client, article.get_absolute_url())
    get(client, "/")

    article_withdraw(article=article, by=staff_in(EDITOR), note="Taken down pending review.")

    assert get(Client(), article.get_absolute_url()).status_code == 410
    assert "Disputed story" not in get(Client(), "/").content.decode()


def test_a_correction_appears_on_the_stored_story_at_once(client):
    article = ArticleFactory()
    get(client, article.get_absolute_url())

    Correction.objects.create(article=article, text="The vote was 4 to 3, not 5 to 2.")

    assert "The vote was 4 to 3" in get(Client(), article.get_absolute_url()).content.decode()


def test_approving_a_comment_shows_it_and_leaves_other_pages_stored(client):
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.PRE)
    article = ArticleFactory()
    comment = comment_post(
        article=article,
        name="Ana",
        email="ana@example.org",
        body="Fix the crosswalk.",
        ip="1.2.3.4",
    )
    assert comment.status == Comment.Status.HELD
    get(client, article.get_absolute_url())
    get(client, "/")

    comment_approve(comments=[comment], by=None)

    story = get(Client(), article.get_absolute_url())
    assert not cached(story)
    assert "Fix the crosswalk." in story.content.decode()
    # The home page shows no comments: it stays stored.
    assert cached(get(Client(), "/"))


def test_a_scheduled_story_appears_on_time(client):
    ArticleFactory(headline="Already out")
    ArticleFactory(
        headline="Embargoed budget story", publish_at=timezone.now() + timedelta(minutes=5)
    )
    section_url = Article.objects.get(headline="Embargoed budget story").section.get_absolute_url()
    get(client, "/")
    get(client, section_url)
    assert cached(get(Client(), "/"))

    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=6)
    ):
        home = get(Client(), "/")
        section = get(Client(), section_url)

    assert "Embargoed budget story" in home.content.decode()
    assert "Embargoed budget story" in section.content.decode()


def test_staff_are_never_served_or_stored(client):
    ArticleFactory(headline="Staff see the live page")
    get(Client(), "/")
    client.force_login(staff_in(EDITOR))

    response = get(client, "/")

    assert "X-Page-Cache" not in response
    assert "Staff see the live page" in response.content.decode()


def test_preview_is_never_stored(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    client.force_login(staff_in(EDITOR))
    url = reverse("articles:preview", args=[draft.pk])
    get(client, url)

    response = get(Client(), url)

    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_not_found_is_not_stored(client):
    get(client, "/section/nowhere/")

    SectionFactory(slug="nowhere", name="Nowhere")

    assert get(Client(), "/section/nowhere/").status_code == 200


def test_forms_on_a_stored_page_work_for_the_next_reader():
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    article = ArticleFactory()
    get(Client(), article.get_absolute_url())

    reader = Client(enforce_csrf_checks=True)
    page = get(reader, article.get_absolute_url())
    assert cached(page)
    token = CSRF_VALUE.search(page.content.decode()).group(1)
    assert "csrftoken" in reader.cookies
    response = reader.post(
        reverse("comments:post", args=[article.pk]),
        {
            "name": "Lee",
            "email": "lee@example.org",
            "body": "Posted from a cached page.",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "Posted from a cached page."


def test_each_reader_gets_their_own_csrf_token():
    article = ArticleFactory()
    get(Client(), article.get_absolute_url())

    first = CSRF_VALUE.search(get(Client(), article.get_absolute_url()).content.decode())
    second = CSRF_VALUE.search(get(Client(), article.get_absolute_url()).content.decode())

    assert first.group(1) != second.group(1)


def test_a_returning_reader_gets_a_new_mask_over_their_own_cookie():
    article = ArticleFactory()
    get(Client(), article.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    get(reader, article.get_absolute_url())
    secret = reader.cookies["csrftoken"].value

    tokens = [
        CSRF_VALUE.search(get(reader, article.get_absolute_url()).content.decode()).group(1)
        for _ in range(2)
    ]

    # Django's own unmasking finds the reader's secret in both, and the reader keeps it.
    assert tokens[0] != tokens[1]
    assert [_unmask_cipher_token(token) for token in tokens] == [secret, secret]
    assert reader.cookies["csrftoken"].value == secret


def test_csrf_strings_use_the_whole_alphabet_evenly():
    strings = [_random_csrf_string() for _ in range(10_000)]
    counts = Counter("".join(strings))

    assert {len(string) for string in strings} == {CSRF_SECRET_LENGTH}
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # 320,000 characters, about 5,160 of each, give or take 72: a skewed mapping (byte % 62
    # without rejection favours the first 8 characters by a quarter) falls outside this band.
    assert max(counts.values()) < 1.15 * min(counts.values())


def test_a_page_with_a_message_for_the_reader_is_neither_served_nor_stored(client):
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.PRE)
    article = ArticleFactory()
    get(Client(), article.get_absolute_url())

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Lee", "email": "lee@example.org", "body": "Please hold this one."},
        follow=True,
    )

    assert "waiting for a moderator" in response.content.decode()
    assert (
        "waiting for a moderator" not in get(Client(), article.get_absolute_url()).content.decode()
    )


def test_pages_with_forms_are_private_and_others_public_for_a_cdn(client):
    article = ArticleFactory()

    story = get(client, article.get_absolute_url())
    section = get(client, article.section.get_absolute_url())

    assert story["Cache-Control"] == "private, no-cache"
    assert "Cookie" in story["Vary"]
    assert "public" in section["Cache-Control"]
    assert "s-maxage=" in section["Cache-Control"]
    assert "stale-while-revalidate=" in section["Cache-Control"]


def test_unchanged_page_answers_304_to_a_revalidating_browser(client):
    article = ArticleFactory()
    url = article.section.get_absolute_url()
    etag = get(client, url)["ETag"]

    assert get(Client(), url, if_none_match=etag).status_code == 304

    article.headline = "Changed"
    article.save()
    assert get(Client(), url, if_none_match=etag).status_code == 200


def test_a_304_needs_only_the_stored_entry_not_the_page(client):
    url = ArticleFactory().section.get_absolute_url()
    etag = get(client, url)["ETag"]
    # Another process, which never held the page's bytes, and a cache that dropped them.
    assert cache.delete(f"page-body:{etag[3:-1]}")

    revalidated = get(Client(), url, if_none_match=etag)

    assert revalidated.status_code == 304
    assert cached(revalidated)
    assert revalidated["ETag"] == etag


def test_page_cache_off_renders_every_time(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    ArticleFactory()
    get(client, "/")

    assert "X-Page-Cache" not in get(Client(), "/")


def test_the_database_cache_serves_every_worker(client, settings):
    """The default cache when REDIS_URL is unset: shared, unlike local memory."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
        }
    }
    article = ArticleFactory(headline="Stored in the database")
    get(client, "/")

    assert cached(get(Client(), "/"))
    article.headline = "Changed in the database"
    article.save()
    assert "Changed in the database" in get(Client(), "/").content.decode()


def test_migrate_makes_the_cache_table_a_new_site_needs(settings):
    """`migrate` is all the quick start and a deploy run: it must make the cache's table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
        }
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE newsroom_cache")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "newsroom_cache" in connection.introspection.table_names()


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_redis_serves_and_invalidates_pages_when_redis_url_is_set(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    cache.clear()
    article = ArticleFactory(headline="Stored in Redis")
    get(client, "/")

    assert cached(get(Client(), "/"))
    article.headline = "Changed in Redis"
    article.save()
    assert "Changed in Redis" in get(Client(), "/").content.decode()
    cache.clear()


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_redis_read_survives_redis_closing_its_connection():
    ours = RedisCache("redis://127.0.0.1:6379/15", {})
    ours.set_many({"page-test-a": {"body": "x"}, "page-test-b": 1.5})
    assert ours.get_many(["page-test-a", "page-test-b", "page-test-c"]) == {
        "page-test-a": {"body": "x"},
        "page-test-b": 1.5,
    }
    connection = ours._cache._own_connection()
    connection.send_command("CLIENT", "ID")
    redis.Redis.from_url("redis://127.0.0.1:6379/15").client_kill_filter(
        _id=connection.read_response()
    )

    # Read as Django's own Redis cache reads the same keys.
    assert ours.get_many(["page-test-a", "page-test-b"]) == DjangoRedisCache(
        "redis://127.0.0.1:6379/15", {}
    ).get_many(["page-test-a", "page-test-b"])
    ours.delete_many(["page-test-a", "page-test-b"])


def test_the_comment_form_leaves_a_stored_page_when_comments_close(client):
    ModerationSettings.objects.create(close_after_days=14)
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=14) + timedelta(minutes=1))
    assert 'name="body"' in get(client, article.get_absolute_url()).content.decode()
    assert cached(get(Client(), article.get_absolute_url()))

    later = timezone.now() + timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = get(Client(), article.get_absolute_url())

    assert not cached(response)
    assert 'name="body"' not in response.content.decode()


NONCE = re.compile(r"'nonce-([^']+)'")


def test_a_stored_page_is_served_with_the_content_security_policy(client):
    ArticleFactory()
    first = get(client, "/")

    hit = get(Client(), "/")

    assert cached(hit)
    # Set around the cache, for each response: the same policy, and no nonce to reuse.
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert not NONCE.search(hit["Content-Security-Policy"])


def test_a_page_whose_inline_script_uses_the_nonce_is_never_stored(client):
    """Were it stored, every reader would get the first reader's nonce, which an attacker
    who injects a script could then read from one page and reuse on the next."""
    template = engines["django"].from_string(
        '<script {% csp_nonce_attr %}>document.body.dataset.ready = "yes";</script>'
    )

    def home_with_an_inline_script(view, request, *args, **kwargs):
        return HttpResponse(template.render(request=request))

    with mock.patch.object(HomeView, "get", home_with_an_inline_script):
        responses = [get(client, "/"), get(Client(), "/")]

    nonces = []
    for response in responses:
        assert response.get("X-Page-Cache") is None
        (nonce,) = set(NONCE.findall(response["Content-Security-Policy"]))
        assert f'<script nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
