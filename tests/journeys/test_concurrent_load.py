"""A busy morning: readers everywhere while comments arrive and the editor publishes.

For about twelve seconds, against the real threaded server (`live_server`): eight readers
load the home page, stories, section fronts and searches with no cookie, as anonymous
readers and crawlers do; three readers post comments the way a browser does (fetch the
story for the CSRF cookie and token, then post the form); an editor publishes one draft
after another through articles.services in a database connection of its own. Nothing may
answer 5xx or drop the connection, every comment the site accepted must be stored exactly
once, and every draft must be on the home page at the end.

PostgreSQL only: it is what production runs, and SQLite would serialize every write.
The figures are printed (run with -s to see them).
"""

import http.client
import random
import re
import statistics
import threading
import time
import uuid
from collections import defaultdict
from http.cookies import SimpleCookie
from unittest import mock
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.services import article_publish
from comments.models import Comment, ModerationSettings
from tests.factories import ArticleFactory, SectionFactory, StaffFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a load test of the production database"
    ),
]

SECONDS = 12
READERS = 8
COMMENTERS = 3
DRAFTS = 8  # Fewer than the home page's list of the latest (LATEST_STORIES), so all show.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Site:
    """A plain HTTP client: a new connection per request, cookies only when given."""

    def __init__(self, url):
        address = urlsplit(url)
        self.host, self.port = address.hostname, address.port
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = defaultdict(list)
        self.failures = []

    def request(self, kind, method, path, body=None, headers=None):
        started = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            content = response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            # A reset or a timeout is as bad as a 500: the reader got nothing.
            self.fail(f"{method} {path}: {error!r}")
            return None, None, ""
        finally:
            conn.close()
        with self.lock:
            self.latencies[kind].append(time.monotonic() - started)
            self.statuses[kind].append(response.status)
            if response.status >= 500:
                self.failures.append(f"{method} {path}: {response.status}")
        return response.status, response, content

    def fail(self, message):
        with self.lock:
            self.failures.append(message)


def read_loop(site, stop, paths, published):
    rng = random.Random()
    while not stop.is_set():
        # Now and then a story the editor has just published.
        if published and rng.random() < 0.2:
            path = rng.choice(published)
            status, _, _ = site.request("new story", "GET", path)
            if status is not None and status != 200:
                site.fail(f"GET {path} (just published): {status}")
            continue
        kind, path = rng.choice(paths)
        site.request(kind, "GET", path)


def comment_loop(site, stop, number, stories, accepted):
    posted = 0
    while not stop.is_set():
        story = stories[(number + posted) % len(stories)]
        status, response, page = site.request("story", "GET", story.get_absolute_url())
        if status != 200:
            continue
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        body = f"Reader {number}, comment {posted}: {uuid.uuid4().hex}"
        form = {
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            "name": f"Reader {number}",
            "email": f"reader{number}@example.org",
            "body": body,
            "website": "",
        }
        status, _, _ = site.request(
            "comment POST",
            "POST",
            reverse("comments:post", args=[story.pk]),
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie['csrftoken'].value}",
            },
        )
        posted += 1
        if status == 302:
            accepted.append(body)


def publish_loop(drafts, editor, published, interval):
    """The editor: publish each draft in turn, through the service, on its own connection."""
    try:
        for pk in drafts:
            time.sleep(interval)
            article = article_publish(article=Article.objects.get(pk=pk), by=editor)
            published.append(article.get_absolute_url())
    finally:
        connection.close()


def test_readers_comments_and_publishing_at_once_lose_nothing(live_server, monkeypatch):
    # All of this test's readers share one address; the per-address limit is tested in
    # tests/comments. Production's limit stays as it is.
    monkeypatch.setattr("comments.views.COMMENTS_PER_WINDOW", 100_000)
    # Comments go live at once, so each one also changes a story page readers are loading.
    ModerationSettings.objects.create(mode=ModerationSettings.Mode.POST)
    sections = [SectionFactory(name=name) for name in ("City Hall", "Schools", "Arts")]
    stories = [ArticleFactory(section=sections[n % 3]) for n in range(12)]
    drafts = [
        ArticleFactory(
            section=sections[n % 3],
            status=Article.Status.DRAFT,
            publish_at=None,
            headline=f"Breaking: late council vote number {n}",
        ).pk
        for n in range(DRAFTS)
    ]
    editor = StaffFactory()
    paths = [
        ("home", "/"),
        *(("story", story.get_absolute_url()) for story in stories),
        *(("section", reverse("articles:section", args=[s.slug])) for s in sections),
        ("search", "/search/?q=council"),
        ("search", "/search/?q=budget+vote"),
    ]

    site = Site(live_server.url)
    stop = threading.Event()
    published, accepted = [], []
    threads = [
        *(
            threading.Thread(target=read_loop, args=(site, stop, paths, published))
            for _ in range(READERS)
        ),
        *(
            threading.Thread(target=comment_loop, args=(site, stop, n, stories, accepted))
            for n in range(COMMENTERS)
        ),
    ]
    editor_thread = threading.Thread(
        target=publish_loop, args=(drafts, editor, published, SECONDS / (DRAFTS + 1))
    )
    started = time.monotonic()
    for thread in [*threads, editor_thread]:
        thread.start()
    editor_thread.join(timeout=SECONDS * 3)
    time.sleep(max(0.0, SECONDS - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started

    report(site, elapsed, accepted)
    assert site.failures == [], site.failures[:10]
    assert not any(thread.is_alive() for thread in [*threads, editor_thread])
    # The limit was raised and the bodies are new: the site had no reason to refuse any.
    assert set(site.statuses["comment POST"]) == {302}
    assert len(accepted) >= COMMENTERS * 3
    stored = list(Comment.objects.values_list("body", flat=True))
    assert sorted(stored) == sorted(accepted)
    assert len(set(stored)) == len(stored)

    assert len(published) == DRAFTS
    assert not Article.objects.filter(pk__in=drafts).exclude(status=Article.Status.PUBLISHED)
    status, _, home = site.request("home", "GET", "/")
    assert status == 200
    for article in Article.objects.filter(pk__in=drafts):
        assert article.headline in home


def report(site, elapsed, accepted):
    served = sum(len(statuses) for statuses in site.statuses.values())
    every = [seconds for latencies in site.latencies.values() for seconds in latencies]
    print(
        f"\n{served} requests in {elapsed:.1f}s ({served / elapsed:.0f}/s), "
        f"{len(accepted)} comments accepted, max latency {max(every) * 1000:.0f} ms"
    )
    for kind, latencies in sorted(site.latencies.items()):
        codes = site.statuses[kind]
        statuses = ", ".join(f"{code}: {codes.count(code)}" for code in sorted(set(codes)))
        median, slowest = statistics.median(latencies) * 1000, max(latencies) * 1000
        print(
            f"  {kind:<13} {len(latencies):>5}  median {median:>5.0f} ms  max {slowest:>5.0f} ms"
            f"  ({statuses})"
        )


def test_a_first_time_commenters_double_click_stores_one_comment_and_no_error():
    """Two posts of one comment at once, from an address never seen before.

    Both find no commenter for the address and both go to create one; the second must meet
    the first's (and be refused as a repeat), not fail on the unique email with a 500.
    """
    from comments import services

    story = ArticleFactory()
    both_looked = threading.Barrier(2, timeout=10)
    is_banned = services._is_banned

    def look_then_wait(**kwargs):
        # Each has read "no commenter with this email" by now.
        both_looked.wait()
        return is_banned(**kwargs)

    outcomes = []

    def post():
        try:
            services.comment_post(
                article=story,
                name="Ada",
                email="ada@example.org",
                body="First time commenting: thank you for this story.",
                ip="203.0.113.7",
            )
            outcomes.append("stored")
        except Exception as error:
            outcomes.append(getattr(error, "code", None) or type(error).__name__)
        finally:
            connection.close()

    with mock.patch.object(services, "_is_banned", look_then_wait):
        clicks = [threading.Thread(target=post) for _ in range(2)]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join(timeout=30)

    assert sorted(outcomes) == ["repeat", "stored"]
    assert Comment.objects.filter(article=story).count() == 1
