"""The full-page cache: anonymous readers get stored pages, and never a stale one.

When a story goes viral, nearly every request is an anonymous GET of the same few pages.
`PageCacheMiddleware` stores those responses and serves them without running the view.

Freshness is exact, not a matter of timeouts. Every stored page remembers when its
rendering *started* and the two tags it depends on: `content` (anything a reader can see:
articles, sections, photos, neighborhoods...) and its own address (`page_path_tag`: what
shows on one page only, such as a story's comment thread). A write bumps a tag to the time
of its commit (`pages_changed`), and a stored page is served only if it started rendering
after both last changed. The page's entry and both tags are read in one round trip to the
cache. A reader whose page was rendering while an editor saved gets that page, but it is
never stored as current. The few things that change with the clock alone bound a page's
lifetime instead: the next scheduled article going live and midnight (the masthead date).

A stored page is two cache entries: what decides whether it is fresh (times, headers,
ETag) and its bytes, kept under their hash. Each process also keeps the bytes it served
lately in memory (`PAGE_CACHE_LOCAL_BYTES`), so a hit reads only the small entry and the
tags from the cache: the page itself crosses the network once per process, not once per
reader. Bytes named by their hash never change, so the local copy cannot be stale; what is
fresh is still decided by the shared entry.

What is never stored: requests with a session (staff, anyone logged in) or a pending
message for the reader; responses other than 200, responses that set a cookie, anything
marked private or no-store (previews use `never_cache`), and pages whose rendering used the
Content-Security-Policy nonce: the nonce in the page must be new for every response, and
a stored copy would hand the same one to every reader. Public pages use none (no inline
script or style), and the header a stored page is served with carries none either.

CSRF, deliberately: pages with forms (comments, newsletter signup, error reports) carry a
token tied to the reader's `csrftoken` cookie. The stored copy holds a placeholder where
the token was, and each reader gets a fresh token for their own cookie at serving time, so
forms on cached pages keep working without JavaScript. Those pages differ per reader, so
they are `Cache-Control: private` (a shared cache or CDN must not hand one reader's token
to another); pages without a form are `public` with `s-maxage` and
`stale-while-revalidate`, for a CDN in front. Either way a weak ETag over the stored bytes
lets browsers revalidate with a 304.
"""

import hashlib
import os
import re
import secrets
import threading
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

CONTENT = "content"
_TAG_KEY = "page-tag:{}"
# The format of stored entries: a new one leaves entries of the old behind, unread.
_PAGE_KEY = "page:2:{}"
_BODY_KEY = "page-body:{}"
_NEXT_SCHEDULED_KEY = "page-next-scheduled"

# Exactly what {% csrf_token %} renders; the token is 64 characters of this alphabet.
_CSRF_INPUT = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")'
)
_CSRF_PLACEHOLDER = b"\x00csrf\x00"
# Response headers worth replaying from a stored page (the rest are set per request by
# the middleware around this one: security headers, Content-Language, cookies, Vary).
# A view that chose its own Cache-Control (the iCalendar feed) keeps it.
_STORED_HEADERS = ("Content-Type", "Cache-Control", "X-Robots-Tag", "Link")


# Random bytes at or above this are skipped, so that every character of the alphabet is
# equally likely (248 = 4 x 62).
_CSRF_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def page_path_tag(path):
    """The tag of the page at this address alone (hashed: cache keys have a length limit)."""
    return "path:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _now():
    # timezone.now() rather than time.time(): tests that move the clock move this too.
    return timezone.now().timestamp()


def pages_changed(*tags):
    """Mark every stored page that depends on these tags as stale, once the write commits.

    Called by the signal handlers for ordinary saves and by services that write with
    QuerySet.update(), which sends no signal.
    """
    tags = tags or (CONTENT,)

    def bump():
        page_cache().set_many({_TAG_KEY.format(tag): _now() for tag in tags}, None)

    # Now, so the writer's own next request (and a test, whose transaction never commits)
    # sees fresh pages; and again at commit, because a page that started rendering before
    # the commit read the old rows and must not pass as current.
    bump()
    transaction.on_commit(bump)


def page_expires_at(request, moment):
    """Declare, from a view or tag, a moment the page being rendered changes by itself
    (comments closing): a stored copy lives no longer."""
    if hasattr(request, "_page_cache_expires_at"):
        request._page_cache_expires_at = min(request._page_cache_expires_at, moment.timestamp())


def _next_midnight(now):
    local = timezone.localtime(datetime.fromtimestamp(now, tz=timezone.get_current_timezone()))
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time.min)
    return timezone.make_aware(tomorrow).timestamp()


def _next_scheduled(cache, now, content_changed_at):
    """When the next scheduled article goes live (a timestamp), or None.

    Worked out once per content change, not per stored page: scheduling or publishing an
    article bumps `content`, which makes the remembered answer out of date.
    """
    remembered = cache.get(_NEXT_SCHEDULED_KEY)
    if (
        remembered is not None
        and remembered["computed_at"] > content_changed_at
        and (remembered["at"] is None or remembered["at"] > now)
    ):
        return remembered["at"]
    from articles.models import Article  # the cache module is imported before the apps

    upcoming = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=datetime.fromtimestamp(now, tz=UTC)
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    at = upcoming.timestamp() if upcoming else None
    cache.set(_NEXT_SCHEDULED_KEY, {"at": at, "computed_at": now}, None)
    return at


def _random_csrf_string():
    """What Django's CSRF secrets and masks are made of: 32 characters of its alphabet.

    Django picks each character with secrets.choice(), one system call apiece; a new
    reader of a stored page needs 64 of them (cookie and mask), which cost more than the
    rest of serving the page. One read of the same source gives as good a string.
    """
    chars = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += [
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in os.urandom(CSRF_SECRET_LENGTH + 8)
            if byte < _CSRF_UNBIASED
        ]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def csrf_token(request):
    """django.middleware.csrf.get_token(), with its random strings from _random_csrf_string().

    The same contract: the reader's secret (from their cookie, or a new one that
    CsrfViewMiddleware then sets as the cookie), masked anew for each response, so the
    page never carries the same token twice (BREACH).
    """
    meta = request.META
    secret = meta.get("CSRF_COOKIE")
    if secret is None:
        secret = meta["CSRF_COOKIE"] = _random_csrf_string()
    # Sends the cookie again, renewing its expiry, as get_token() does.
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % size]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


class LocalBodies:
    """The bytes of the pages this process stored or served, by their hash, up to
    `max_bytes` in all; to make room, a page picked at random goes.

    Not the least recently used: readers going round more pages than fit (a crawler, or
    the benchmark's thousand stories) would then push out each page just before it is
    asked for again, and no page would ever be found. At random, the share found is about
    the share that fits.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._bodies = {}
        self._digests = []  # the same keys, to pick one at random
        self._lock = threading.Lock()  # gunicorn's threads share a process

    def get(self, digest):
        return self._bodies.get(digest)

    def put(self, digest, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if digest in self._bodies:
                return
            while self.size + len(body) > self.max_bytes:
                self._drop_one()
            self._bodies[digest] = body
            self._digests.append(digest)
            self.size += len(body)

    def _drop_one(self):
        index = secrets.randbelow(len(self._digests))
        # Swap with the last and pop: constant time.
        self._digests[index], self._digests[-1] = self._digests[-1], self._digests[index]
        self.size -= len(self._bodies.pop(self._digests.pop()))


class PageCacheMiddleware:
    """Serve and store anonymous readers' pages. See the module docstring for the rules.

    Sits after CsrfViewMiddleware (so the reader's CSRF cookie is known and a token handed
    out at serving time gets its cookie) and before AuthenticationMiddleware (a stored page
    needs no user).
    """

    def __init__(self, get_response):
        if not settings.PAGE_CACHE_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.local_bodies = LocalBodies(settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        key = self.key(request)
        tag_keys = [_TAG_KEY.format(tag) for tag in self.tags(request)]
        now = _now()
        found = cache.get_many([key, *tag_keys])
        entry = found.get(key)
        if entry is not None and self.is_fresh(cache, entry, tag_keys, found, now):
            if entry["etag"] in parse_etags(request.headers.get("If-None-Match", "")):
                # The reader has these bytes already: no need to fetch them.
                return self.serve(request, entry, content=None)
            content = self.body(cache, entry)
            # Gone only if the cache dropped it before the entry: render it again.
            if content is not None:
                return self.serve(request, entry, content)

        request._page_cache_expires_at = float("inf")
        started_at = now
        response = self.get_response(request)
        if self.is_storable(request, response):
            entry = self.store(cache, key, tag_keys, found, request, response, started_at)
            response["X-Page-Cache"] = "miss"
            self.add_caching_headers(response, entry)
        return response

    @staticmethod
    def tags(request):
        return (CONTENT, page_path_tag(request.path))

    @staticmethod
    def is_cacheable_request(request):
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        # A session means staff or a logged-in user; a messages cookie holds something
        # meant for this reader alone ("Your comment is waiting for moderation").
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def key(request):
        # The language is part of the key: the same address may be read in Spanish.
        identity = f"{request.get_host()}|{get_language()}|{request.get_full_path()}"
        return _PAGE_KEY.format(hashlib.sha256(identity.encode()).hexdigest())

    @staticmethod
    def is_fresh(cache, entry, tag_keys, found, now):
        if now >= entry["expires_at"]:
            return False
        for key in tag_keys:
            if key not in found:
                # Never bumped, or evicted: we can't tell when it last changed, so say
                # "now" (everything stored so far is stale) and remember that.
                cache.add(key, now, None)
                return False
            if found[key] >= entry["started_at"]:
                return False
        return True

    @staticmethod
    def is_storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # A LazyNonce is true once something read it ({% csp_nonce_attr %}, form media):
        # then the page holds this response's nonce (see the module docstring).
        if get_nonce(request):
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control

    def store(self, cache, key, tag_keys, found, request, response, started_at):
        """Keep the response; `found` is what the lookup read before rendering began."""
        content, tokens = _CSRF_INPUT.subn(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", response.content)
        # A tag nobody has bumped yet (a story nobody has commented on): it has not changed
        # since the cache was empty, which is before this render began.
        for tag_key in tag_keys:
            if tag_key not in found:
                cache.add(tag_key, 0.0, None)
        # As read before rendering: a bump since then makes this page stale anyway.
        content_changed_at = found.get(_TAG_KEY.format(CONTENT), 0)
        expires_at = min(
            started_at + settings.PAGE_CACHE_SECONDS,
            _next_midnight(started_at),
            _next_scheduled(cache, started_at, content_changed_at) or float("inf"),
            request._page_cache_expires_at,
        )
        digest = hashlib.sha256(content).hexdigest()[:32]
        entry = {
            "body": digest,
            "headers": {name: response[name] for name in _STORED_HEADERS if name in response},
            "started_at": started_at,
            "expires_at": expires_at,
            "has_form": bool(tokens),
            "etag": f'W/"{digest}"',
        }
        timeout = max(1, int(expires_at - started_at))
        cache.set_many({key: entry, _BODY_KEY.format(digest): content}, timeout)
        self.local_bodies.put(digest, content)
        return entry

    def body(self, cache, entry):
        """The stored page's bytes: from this process's memory, else from the cache."""
        content = self.local_bodies.get(entry["body"])
        if content is None:
            content = cache.get(_BODY_KEY.format(entry["body"]))
            if content is not None:
                self.local_bodies.put(entry["body"], content)
        return content

    def serve(self, request, entry, content):
        """The stored page, or a 304 when `content` is None (the reader's copy is current)."""
        if content is None:
            response = HttpResponseNotModified()
        else:
            if entry["has_form"]:
                content = content.replace(_CSRF_PLACEHOLDER, csrf_token(request).encode())
            response = HttpResponse(content)
        for name, value in entry["headers"].items():
            # A 304 carries the caching headers a 200 would have, not the body's type.
            if not (response.status_code == 304 and name == "Content-Type"):
                response[name] = value
        response["X-Page-Cache"] = "hit"
        self.add_caching_headers(response, entry)
        return response

    @staticmethod
    def add_caching_headers(response, entry):
        response["ETag"] = entry["etag"]
        if entry["has_form"]:
            # Even if the view said otherwise: this copy is for one reader's browser only.
            # The page carries this reader's CSRF token: only their browser may keep it.
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
        elif "Cache-Control" not in response:
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.PAGE_CACHE_CDN_SECONDS}, "
                f"stale-while-revalidate={settings.PAGE_CACHE_CDN_SECONDS}"
            )
