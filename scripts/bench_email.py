#!/usr/bin/env python
"""Benchmark: send one digest to N subscribers into a local SMTP sink (`make bench-email`).

Runs twice, at N/10 and at N, each in a process of its own so the peak memory of one run
cannot hide in the other's. Each run makes a scratch database (a fresh SQLite file under
var/, or a throwaway `test_...` database next to DATABASE_URL's when that is set), fills it
with N active subscribers in chunks, composes an edition from a few articles and sends it
through the real engine (subscriptions.sending) over SMTP to an aiosmtpd sink on a loopback
port, in a separate process, that only counts what it is given.

Reports messages per second, peak RSS (getrusage) and the tracemalloc peak of the sending
phase. Flat memory means the second figure barely moves from N/10 to N. Exits 1 if the sink
received a different number of messages than there are active subscribers.

    .venv/bin/python scripts/bench_email.py [--count 100000] [--keep]
"""

import argparse
import json
import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "RESULT "
INSERT_CHUNK = 10_000
ARTICLES = 6


def progress(message):
    print(message, flush=True)


def error(message):
    print(message, file=sys.stderr, flush=True)


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sink(port, received, ready, stop):
    """The SMTP sink: counts each message the server accepted, keeps none of them."""
    from aiosmtpd.controller import Controller

    class CountingHandler:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 Message accepted"

    controller = Controller(CountingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def max_rss_mib():
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_once(count, *, database_url, keep):
    """One measured run in this process; returns the figures as a dict."""
    # The sink starts before Django is imported: its process must not carry our memory.
    context = multiprocessing.get_context("spawn")
    port = free_loopback_port()
    received = context.Value("q", 0)
    ready, stop = context.Event(), context.Event()
    sink = context.Process(target=_sink, args=(port, received, ready, stop), daemon=True)
    sink.start()
    if not ready.wait(30):
        raise RuntimeError("The SMTP sink did not start within 30 seconds.")

    scratch_file = None
    if not database_url:
        scratch_file = BASE_DIR / "var" / f"bench-email-{count}.sqlite3"
        scratch_file.parent.mkdir(exist_ok=True)
        scratch_file.unlink(missing_ok=True)
        database_url = f"sqlite:///{scratch_file}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="false",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        # 0 means "no pacing" to the engine: the figure is the engine's own speed.
        NEWSLETTER_SEND_RATE="0",
        # The benchmark drives the engine itself; the enqueue that edition_send makes
        # must not run it a second time.
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
        CONN_MAX_AGE="0",
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # DEBUG keeps a log of every query; a benchmark of 100,000 sends is not debugging.
    settings.DEBUG = False
    test_database = None
    try:
        if scratch_file is None:
            progress(
                f"[{count}] Creating a scratch database next to {connection.settings_dict['NAME']}"
            )
            test_database = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            progress(
                f"[{count}] Creating the scratch database {scratch_file.relative_to(BASE_DIR)}"
            )
            call_command("migrate", verbosity=0, interactive=False)
        newsletter = _fill(count)
        return _send(count, newsletter=newsletter, received=received)
    finally:
        stop.set()
        sink.join(10)
        if test_database is not None and not keep:
            connection.creation.destroy_test_db(test_database, verbosity=0)
        if scratch_file is not None and not keep:
            connection.close()
            scratch_file.unlink(missing_ok=True)


def _fill(count):
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Author, Byline, Section
    from subscriptions.models import Newsletter, Subscriber, Subscription

    now = timezone.now()
    with transaction.atomic():
        newsletter = Newsletter.objects.create(
            name="The Bench Weekly", slug="bench-weekly", kind=Newsletter.Kind.DIGEST
        )
        section = Section.objects.create(name="News", slug="news")
        author = Author.objects.create(name="Ada Reporter", slug="ada-reporter")
        for number in range(1, ARTICLES + 1):
            article = Article.objects.create(
                headline=f"Council takes up question number {number}",
                slug=f"council-question-{number}",
                dek="The vote was 5 to 2 after a long night of public comment.",
                body="<p>The city council voted Tuesday.</p>" * 5,
                section=section,
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(hours=number),
            )
            Byline.objects.create(article=article, author=author, order=0)

    # Subscribers in chunks, each built from a range as it is inserted: the list is never
    # whole in memory here either.
    for start in range(0, count, INSERT_CHUNK):
        stop = min(start + INSERT_CHUNK, count)
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"reader{number}@bench.example.org",
                    status=Subscriber.Status.ACTIVE,
                    confirmed_at=now,
                )
                for number in range(start, stop)
            ),
            batch_size=2000,
        )
        progress(f"[{count}] Subscribers written: {stop}")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Subscription._meta.db_table)} "  # noqa: S608 - our table names
            "(subscriber_id, newsletter_id, created_at) "
            f"SELECT id, %s, %s FROM {quote(Subscriber._meta.db_table)}",
            [newsletter.pk, now],
        )
    return newsletter


def _send(count, *, newsletter, received):
    from subscriptions.composing import edition_create
    from subscriptions.models import Subscriber
    from subscriptions.sending import edition_deliver, edition_progress, edition_send

    active = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count()
    edition = edition_create(newsletter=newsletter, by=None)
    edition_send(edition=edition, by=None)
    rss_before = max_rss_mib()
    progress(f"[{count}] Sending to {active} subscribers over SMTP (127.0.0.1)...")

    tracemalloc.start()
    started = time.perf_counter()
    edition_deliver(edition_id=edition.pk)
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    # The sink counts in its own process; give the last replies a moment to land.
    deadline = time.monotonic() + 10
    while received.value < active and time.monotonic() < deadline:
        time.sleep(0.05)
    figures = edition_progress(edition)
    return {
        "count": count,
        "active": active,
        "received": received.value,
        "sent": figures["sent"],
        "failed": figures["failed"],
        "seconds": round(elapsed, 2),
        "per_second": round(figures["sent"] / elapsed, 1) if elapsed else None,
        "articles": edition.items.count(),
        "max_rss_before_mib": round(rss_before, 1),
        "max_rss_mib": round(max_rss_mib(), 1),
        "traced_peak_mib": round(traced_peak / 2**20, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=int(os.environ.get("N", "100000")))
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases.")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count < 10:
        error("--count must be at least 10 (the benchmark also runs at a tenth of it).")
        return 2
    database_url = os.environ.get("DATABASE_URL", "")

    if args.single:
        figures = run_once(args.count, database_url=database_url, keep=args.keep)
        print(RESULT_PREFIX + json.dumps(figures), flush=True)
        return 0

    results = []
    for count in (args.count // 10, args.count):
        command = [sys.executable, __file__, "--single", "--count", str(count)]
        if args.keep:
            command.append("--keep")
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=BASE_DIR)  # noqa: S603
        for line in child.stdout:
            if line.startswith(RESULT_PREFIX):
                results.append(json.loads(line[len(RESULT_PREFIX) :]))
            else:
                print(line, end="", flush=True)
        if child.wait() != 0:
            error(f"The run with {count} subscribers failed (exit code {child.returncode}).")
            return 1

    print()
    print(
        f"{'subscribers':>12} {'received':>9} {'seconds':>8} {'msg/s':>8} "
        f"{'peak RSS MiB':>13} {'traced peak MiB (sending)':>26}"
    )
    for r in results:
        print(
            f"{r['active']:>12} {r['received']:>9} {r['seconds']:>8} {r['per_second']:>8} "
            f"{r['max_rss_mib']:>13} {r['traced_peak_mib']:>26}"
        )
    small, large = results
    growth = large["traced_peak_mib"] - small["traced_peak_mib"]
    print(
        f"Memory while sending grew by {growth:.2f} MiB for {large['active'] - small['active']} "
        "more subscribers (tracemalloc slows Python allocations, so msg/s is a lower bound)."
    )
    mismatched = [r for r in results if r["received"] != r["active"]]
    for r in mismatched:
        error(
            f"The sink received {r['received']} messages for {r['active']} active subscribers "
            f"({r['sent']} recorded as sent, {r['failed']} failed)."
        )
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
