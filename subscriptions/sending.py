"""Sending an edition: scheduling it, and the delivery engine that works through its list.

The promise: killing the worker at any moment and starting it again delivers every remaining
message exactly once. How it is kept:

1. When sending starts, one Delivery row is written per active subscriber, in the same
   transaction that marks the edition as started. That row is the unit of work from then on.
2. A worker claims a batch of rows (SELECT ... FOR UPDATE SKIP LOCKED, so two workers never
   take the same rows) and marks them SENDING with its name and the time.
3. For each message it talks SMTP by hand: MAIL, RCPT, DATA and the whole body, but NOT the
   final "<CRLF>.<CRLF>". Only then does it commit the row as SENT, and only then does it send
   the terminator. An SMTP server discards a message whose DATA never ended (RFC 5321 4.1.1.4),
   so a crash before the commit leaves nothing delivered and the row unsent: it is sent again
   on resume. A crash after the terminator leaves one delivered message and a SENT row.
4. Rows claimed by a worker that died stay SENDING; after a lease they are claimed again. The
   SENT commit is conditional on the row still being this worker's claim, so a worker that
   was only slow, not dead, loses the race cleanly and abandons its unterminated message.

The one window left is between the commit returning and a five-byte socket write (see
_SMTPTransport.deliver): a crash exactly there loses that one message (the row says SENT, the
server discards it). It cannot duplicate one. No protocol can close that window without the
receiving server's help, and at-most-once is the right side to err on for bulk mail.
"""

import logging
import os
import signal
import smtplib
import socket
import time
import uuid
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import mailers
from django.core.mail.utils import DNS_NAME
from django.db import connection, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import EditionMailing, delivery_message_id
from .models import Delivery, Edition, Subscriber, Subscription

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, 3rd and 4th temporary failure; the 5th attempt is the last.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=25),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claim older than this belongs to a worker presumed dead. It must outlast the slowest
# batch a live worker can take (a full batch at the configured rate plus SMTP timeouts).
CLAIM_LEASE = timedelta(minutes=10)

OPEN_STATUSES = [Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.RETRY]


def edition_send(*, edition, by, send_at=None):
    """Send the edition now, or schedule it for send_at. by=None is trusted (scripts, tasks)."""
    if by is not None and not by.has_perm("subscriptions.change_edition"):
        raise PermissionDenied(_("You are not allowed to send newsletters."))
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.status != Edition.Status.DRAFT:
            raise ValidationError(
                {
                    Edition.Status.SCHEDULED: _("This edition is already scheduled."),
                    Edition.Status.SENDING: _("This edition is already being sent."),
                    Edition.Status.SENT: _("This edition was already sent."),
                }[locked.status],
                code="not_draft",
            )
        now = timezone.now()
        scheduled = send_at is not None and send_at > now
        locked.status = Edition.Status.SCHEDULED if scheduled else Edition.Status.SENDING
        locked.send_at = send_at if scheduled else now
        locked.save(update_fields=["status", "send_at"])
        edition.status, edition.send_at = locked.status, locked.send_at
        run_after = locked.send_at if scheduled else None
        transaction.on_commit(lambda: _enqueue(locked.pk, run_after=run_after))
    return edition


def _enqueue(edition_id, *, run_after=None):
    from .tasks import send_edition

    task = send_edition
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # This backend cannot wait: `manage.py send_edition_worker` (run from cron)
            # starts scheduled editions once they are due.
            logger.warning("Task backend cannot defer; edition %s waits for a worker", edition_id)
            return
        task = task.using(run_after=run_after)
    task.enqueue(edition_id)


def edition_progress(edition):
    """How far the sending has got, counted in one query."""
    counts = Delivery.objects.filter(edition=edition).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
        remaining=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    return {key: counts[key] for key in ("sent", "failed", "skipped", "remaining", "total")}


def editions_to_work_on():
    """Editions a worker should pick up: sending, or scheduled and due."""
    return Edition.objects.filter(
        Q(status=Edition.Status.SENDING)
        | Q(status=Edition.Status.SCHEDULED, send_at__lte=timezone.now())
    ).order_by("pk")


def edition_deliver(*, edition_id, lease=CLAIM_LEASE, worker=None):
    """Work through an edition's deliveries until none is due. Safe to run in parallel.

    Returns the edition, or None when there was nothing to do (not due, not sending).
    """
    edition = _start_sending(edition_id)
    if edition is None:
        return None
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[-100:]
    from .composing import edition_content

    # Rendered once: only the links differ from one subscriber to the next.
    mailing = EditionMailing(edition=edition, content=edition_content(edition))
    pacer = _Pacer(settings.NEWSLETTER_SEND_RATE)
    cursor = 0
    while True:
        batch, cursor = _claim_batch(edition, worker=worker, lease=lease, after=cursor)
        if batch is None:
            break
        _crash_point("claimed")
        transport = _transport(worker=worker)
        try:
            for delivery in batch:
                pacer.wait()
                transport.deliver(delivery, mailing)
        finally:
            transport.close()
    return _finish_or_come_back(edition.pk, lease=lease)


@transaction.atomic
def _start_sending(edition_id):
    edition = (
        Edition.objects.select_for_update()
        .select_related("newsletter")
        .filter(pk=edition_id)
        .first()
    )
    if edition is None:
        return None
    now = timezone.now()
    if edition.status == Edition.Status.SCHEDULED and (edition.send_at or now) <= now:
        edition.status = Edition.Status.SENDING
    if edition.status != Edition.Status.SENDING:
        return None
    if edition.sending_started_at is None:
        # The list is fixed here, under the edition's lock, in the same transaction that
        # records the start: a reader who confirms a second later waits for the next one.
        _write_deliveries(edition)
        edition.sending_started_at = now
        edition.save(update_fields=["status", "sending_started_at"])
    return edition


def _write_deliveries(edition):
    # INSERT ... SELECT: the database copies the list itself, so 100,000 subscribers never
    # pass through Python memory. The ORM has no INSERT ... SELECT, hence the SQL.
    quote = connection.ops.quote_name
    delivery = quote(Delivery._meta.db_table)
    subscriber = quote(Subscriber._meta.db_table)
    subscription = quote(Subscription._meta.db_table)
    sql = f"""
        INSERT INTO {delivery}
            (edition_id, subscriber_id, status, attempts, claimed_by, last_error, message_id)
        SELECT %s, s.id, %s, 0, '', '', ''
        FROM {subscriber} s
        WHERE s.status = %s AND EXISTS (
            SELECT 1 FROM {subscription} l
            WHERE l.subscriber_id = s.id AND l.newsletter_id = %s
        )
        ORDER BY s.id
    """  # noqa: S608 - only table names from our own models are formatted in
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [edition.pk, Delivery.Status.PENDING, Subscriber.Status.ACTIVE, edition.newsletter_id],
        )


def _still_on_the_list(edition):
    # EXISTS rather than a join on purpose: with a join Django writes UPDATE ... WHERE id IN
    # (subquery), and PostgreSQL would then recheck a row changed by a concurrent claim
    # against the subquery's old snapshot. With EXISTS every condition on the delivery row
    # (status, claimed_by) is rechecked on its newest version.
    return Q(
        Exists(
            Subscriber.objects.filter(pk=OuterRef("subscriber_id"), status=Subscriber.Status.ACTIVE)
        ),
        Exists(
            Subscription.objects.filter(
                subscriber=OuterRef("subscriber_id"), newsletter=edition.newsletter_id
            )
        ),
    )


def _claim_batch(edition, *, worker, lease, after):
    """Claim the next due rows for this worker; (None, cursor) when nothing is due.

    `after` is the last pk this worker claimed: scanning on from it keeps each claim cheap on
    a list of 100,000. Once the scan reaches the end, one more pass from the start picks up
    retries that came due and claims left by dead workers.
    """
    now = timezone.now()
    due = (
        Q(status=Delivery.Status.PENDING)
        | Q(status=Delivery.Status.RETRY, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease)
    )
    for start in (after, 0) if after else (0,):
        with transaction.atomic():
            ids = list(
                Delivery.objects.filter(edition=edition, pk__gt=start)
                .filter(due)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE]
            )
            if not ids:
                continue
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING, claimed_by=worker, claimed_at=now
            )
            # Readers who left (unsubscribed, bounced, dropped this list) since sending
            # started get nothing; the same check is repeated at the moment of sending.
            Delivery.objects.filter(pk__in=ids).exclude(_still_on_the_list(edition)).update(
                status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None
            )
        batch = list(
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, claimed_by=worker)
            .select_related("subscriber")
            .order_by("pk")
        )
        for delivery in batch:
            delivery.edition = edition  # one edition row, not one query per message
        return batch, ids[-1]
    return None, after


def _finish_or_come_back(edition_id, *, lease):
    """Mark the edition sent when nothing is left; otherwise come back when something is due."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status != Edition.Status.SENDING:
            return edition
        open_rows = Delivery.objects.filter(edition=edition, status__in=OPEN_STATUSES)
        if not open_rows.exists():
            edition.status = Edition.Status.SENT
            edition.sent_at = timezone.now()
            edition.save(update_fields=["status", "sent_at"])
            return edition
        # Retries wait for their time; claims held by other workers are theirs to finish,
        # unless that worker dies, in which case the lease runs out and we take over.
        times = open_rows.aggregate(
            retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.RETRY)),
            claimed=Min("claimed_at", filter=Q(status=Delivery.Status.SENDING)),
        )
        candidates = [times["retry"]]
        if times["claimed"] is not None:
            candidates.append(times["claimed"] + lease)
        come_back = min((t for t in candidates if t is not None), default=timezone.now())
        transaction.on_commit(lambda: _enqueue(edition_id, run_after=come_back))
    return edition


# Delivery bookkeeping. Each is a single conditional UPDATE, committed at once: the
# condition (still this worker's claim) is what makes a reclaimed row safe.


def _mark_sent_sql(placeholders):
    quote = connection.ops.quote_name
    delivery = quote(Delivery._meta.db_table)
    status, sent_at, message_id, pk, claimed, worker, active, newsletter = placeholders
    # The conditions of _still_on_the_list, written out.
    sql = f"""
        UPDATE {delivery}
        SET status = {status}, sent_at = {sent_at}, message_id = {message_id},
            attempts = attempts + 1, last_error = '', next_attempt_at = NULL
        WHERE id = {pk} AND status = {claimed} AND claimed_by = {worker}
        AND EXISTS (
            SELECT 1 FROM {quote(Subscriber._meta.db_table)} s
            WHERE s.id = {delivery}.subscriber_id AND s.status = {active}
        )
        AND EXISTS (
            SELECT 1 FROM {quote(Subscription._meta.db_table)} l
            WHERE l.subscriber_id = {delivery}.subscriber_id AND l.newsletter_id = {newsletter}
        )
    """  # noqa: S608 - only table names from our own models and placeholders are formatted in
    if connection.vendor == "postgresql":
        # Do not wait for the disk at COMMIT (synchronous_commit off), for this statement's
        # own transaction only: set_config(..., true) is SET LOCAL written as an expression,
        # so it fits in the UPDATE. A separate SET LOCAL would need BEGIN, SET, UPDATE and
        # COMMIT: four round trips a message instead of one. The wait for the WAL flush was
        # a third of the time per message. COMMIT now returns once the record is in the
        # server's WAL buffer, written out within 3 x wal_writer_delay (600 ms by default).
        # The trade-off, taken on purpose:
        # - a killed or crashed WORKER loses nothing: the commit has happened in the server;
        # - only a crash of the DATABASE SERVER (or its machine) can lose the last fraction
        #   of a second of SENT records. Those rows come back as SENDING and are sent again
        #   after the lease: those few readers may get the edition twice.
        # The condition is true whenever it is evaluated, and PostgreSQL evaluates it on
        # every row the UPDATE changes.
        sql += " AND set_config('synchronous_commit', 'off', true) = 'off'"
    return sql


# The name of the server-side prepared statement, per database session.
_MARK_SENT_STATEMENT = "newsroom_mark_sent"


def _mark_sent(delivery, *, worker, message_id):
    """Record one message as SENT, if the row is still this worker's claim.

    The hot path of the whole engine: one statement, one round trip, one commit per
    message. The ORM took longer to build this UPDATE than the database to run it, and on
    PostgreSQL planning it took longer than executing it, so the SQL is written out and,
    there, prepared once per database session.
    """
    params = [
        Delivery.Status.SENT,
        connection.ops.adapt_datetimefield_value(timezone.now()),
        message_id,
        delivery.pk,
        Delivery.Status.SENDING,
        worker,
        Subscriber.Status.ACTIVE,
        delivery.edition.newsletter_id,
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_mark_sent_sql(["%s"] * len(params)), params)
            return cursor.rowcount == 1
        # Prepared statements belong to the session: prepare again after a reconnection.
        # (Behind a transaction-pooling PgBouncer, run workers on a direct connection.)
        session = connection.connection
        if getattr(connection, "_newsroom_mark_sent_prepared_on", None) is not session:
            numbered = [f"${number}" for number in range(1, len(params) + 1)]
            cursor.execute(f"PREPARE {_MARK_SENT_STATEMENT} AS {_mark_sent_sql(numbered)}")
            connection._newsroom_mark_sent_prepared_on = session
        cursor.execute(
            f"EXECUTE {_MARK_SENT_STATEMENT} ({', '.join(['%s'] * len(params))})", params
        )
        return cursor.rowcount == 1


def _mark_skipped_if_left(delivery, *, worker):
    Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=worker
    ).exclude(_still_on_the_list(delivery.edition)).update(
        status=Delivery.Status.SKIPPED, claimed_by="", claimed_at=None
    )


def _mark_failed(delivery, *, worker, error, permanent):
    """Record a failed attempt: retry later with backoff, or give up.

    The attempt count is set from the row as claimed, not incremented, so it is right also
    when _mark_sent had already counted this attempt before the server refused the message.
    """
    attempts = delivery.attempts + 1
    if permanent or attempts >= MAX_ATTEMPTS:
        status, next_attempt_at = Delivery.Status.FAILED, None
    else:
        status = Delivery.Status.RETRY
        next_attempt_at = timezone.now() + RETRY_DELAYS[attempts - 1]
    Delivery.objects.filter(
        pk=delivery.pk,
        status__in=[Delivery.Status.SENDING, Delivery.Status.SENT],
        claimed_by=worker,
    ).update(
        status=status,
        attempts=attempts,
        next_attempt_at=next_attempt_at,
        last_error=str(error)[:2000],
        sent_at=None,
        message_id="",
    )
    logger.info("Delivery %s: %s (%s)", delivery.pk, status, error)


def _is_permanent(code):
    return 500 <= code < 600


def _transport(*, worker):
    config = settings.MAILERS["default"]
    backend = config.get("BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return _SMTPTransport(config.get("OPTIONS", {}), worker=worker)
    return _BackendTransport(worker=worker)


class _SMTPTransport:
    """One SMTP connection, reused for a batch, speaking the commit-before-dot protocol."""

    def __init__(self, options, *, worker):
        self.options = options
        self.worker = worker
        self.smtp = None
        # True between DATA and the final dot: then the only safe way out is to drop the
        # connection, since anything written (even QUIT) would become part of the message.
        self.in_data = False

    def _connect(self):
        options = self.options
        factory = smtplib.SMTP_SSL if options.get("use_ssl") else smtplib.SMTP
        smtp = factory(
            options.get("host", "localhost"),
            options.get("port", 25),
            local_hostname=DNS_NAME.get_fqdn(),
            timeout=options.get("timeout", 30),
        )
        try:
            # Each message ends with a five-byte write after a database commit; with Nagle's
            # algorithm that write waits for the peer's delayed ACK, 40 ms a message.
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo()
            if options.get("use_tls") and not options.get("use_ssl"):
                smtp.starttls()
                smtp.ehlo()
            if options.get("username") and options.get("password"):
                smtp.login(options["username"], options["password"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self):
        if self.smtp is None:
            return
        if self.in_data:
            self._drop()
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()
        self.smtp = None

    def _drop(self):
        # Closing the socket mid-DATA is how a message is abandoned: the server throws away
        # what it received. QUIT cannot be used, it would be read as part of the body.
        if self.smtp is not None:
            self.smtp.close()
            self.smtp = None
        self.in_data = False

    def _expect(self, reply, *accepted):
        code, text = reply
        if code not in accepted:
            raise smtplib.SMTPResponseException(code, text)

    def deliver(self, delivery, mailing):
        message_id = delivery_message_id(edition=delivery.edition, subscriber=delivery.subscriber)
        data = mailing.as_bytes(delivery.subscriber)
        # RFC 5321 4.5.2: a line starting with a dot gets a second one. The message starts
        # with a header, never a dot, so only dots after a line break need it.
        data = data.replace(b"\n.", b"\n..")
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        if self.smtp is None:
            try:
                self.smtp = self._connect()
            except (smtplib.SMTPException, OSError) as error:
                # The server, not this reader, is the problem (down, refusing our login):
                # never a reason to give up on the address, whatever the reply code.
                self._drop()
                _mark_failed(delivery, worker=self.worker, error=error, permanent=False)
                return
        try:
            # smtplib's mail() and rcpt() parse both addresses again on every call: a
            # tenth of the time per message. Ours are already plain addresses.
            self._expect(
                self.smtp.docmd("MAIL", f"FROM:{_quote_address(mailing.envelope_from)}"), 250
            )
            self._expect(
                self.smtp.docmd("RCPT", f"TO:{_quote_address(delivery.subscriber.email)}"), 250, 251
            )
            self._expect(self.smtp.docmd("DATA"), 354)
            self.in_data = True
            self.smtp.send(data)
        except smtplib.SMTPResponseException as error:
            self._reset()
            _mark_failed(
                delivery,
                worker=self.worker,
                error=error,
                permanent=_is_permanent(error.smtp_code),
            )
            return
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            _mark_failed(delivery, worker=self.worker, error=error, permanent=False)
            return

        _crash_point("body_sent")
        if not _mark_sent(delivery, worker=self.worker, message_id=message_id):
            # The reader left a moment ago, or a worker that thought we were dead took the
            # row over: either way this copy must not go out.
            self._drop()
            _mark_skipped_if_left(delivery, worker=self.worker)
            return
        _crash_point("committed")
        # The window described at the top of this module: SENT is committed, and until
        # the next line has written its five bytes a crash loses this one message.
        try:
            self.smtp.send(b".\r\n")
            self.in_data = False
        except (smtplib.SMTPException, OSError) as error:
            # The end of DATA never left: the server discards the message. Undo the SENT.
            self._drop()
            _mark_failed(delivery, worker=self.worker, error=error, permanent=False)
            return
        try:
            code, text = self.smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            # The server may or may not have accepted it. Sending again could duplicate it;
            # the row stays SENT and the doubt is recorded for whoever looks.
            self._drop()
            Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENT).update(
                last_error=_("No reply after the end of the message: %(error)s") % {"error": error}
            )
            return
        if code != 250:
            _mark_failed(
                delivery,
                worker=self.worker,
                error=smtplib.SMTPResponseException(code, text),
                permanent=_is_permanent(code),
            )
            return
        _crash_point("terminated")

    def _reset(self):
        try:
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()


def _quote_address(address):
    if address.isascii() and not any(c in address for c in ' "(),:;<>[\\]'):
        return f"<{address}>"
    return smtplib.quoteaddr(address)


class _BackendTransport:
    """Any other mail backend (files in development, the outbox in tests).

    Such a backend gives no hold on the end of DATA, so the row is committed as SENT first
    and the message handed over afterwards: a crash in between loses, never duplicates.
    """

    def __init__(self, *, worker):
        self.worker = worker
        self.backend = mailers.default
        self.backend.open()

    def close(self):
        self.backend.close()

    def deliver(self, delivery, mailing):
        message_id = delivery_message_id(edition=delivery.edition, subscriber=delivery.subscriber)
        message = mailing.message(delivery.subscriber)
        if not _mark_sent(delivery, worker=self.worker, message_id=message_id):
            _mark_skipped_if_left(delivery, worker=self.worker)
            return
        try:
            self.backend.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            permanent = isinstance(error, smtplib.SMTPResponseException) and _is_permanent(
                error.smtp_code
            )
            _mark_failed(delivery, worker=self.worker, error=error, permanent=permanent)


class _Pacer:
    """Spaces messages to at most `rate` per second, without drifting over a long run."""

    def __init__(self, rate):
        self.interval = 1 / rate if rate > 0 else 0
        self.next_at = time.monotonic()

    def wait(self):
        if not self.interval:
            return  # NEWSLETTER_SEND_RATE = 0: unlimited
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


# Test hook for tests/subscriptions/test_kill_resume.py: NEWSLETTER_CRASH_AT="body_sent:3"
# makes the process SIGKILL itself the third time it reaches that point, the way an OOM
# killer or a pulled plug would. Unset (always, outside that test) it does nothing.
_crash_counts = Counter()


def _crash_point(name):
    spec = os.environ.get("NEWSLETTER_CRASH_AT")
    if not spec:
        return
    point, _sep, nth = spec.partition(":")
    if point != name:
        return
    _crash_counts[name] += 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
