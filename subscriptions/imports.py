"""CSV export and import of subscribers, for the admin.

Export streams: the rows are read from the database in chunks and written as they come, so
a list of a hundred thousand never sits in memory.

Import takes a column `email` and an optional column `lists` (newsletter slugs or names,
separated by ";"). Every imported row gets a consent record saying where the consent came
from, in the importer's words. The whole file is imported in one transaction: bad rows are
found and reported by line number while the good ones are written, but a failure half-way
(the database going away) leaves nothing half-imported, and confirmation emails are only
sent once the import is committed. Rows are validated one by one before anything is
written for them, so one bad row costs only itself.
"""

import csv
import io
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consent, Newsletter, Subscriber, Subscription
from .services import normalize_email

EXPORT_COLUMNS = ["email", "status", "lists", "confirmed_at", "consent_source"]
LIST_SEPARATOR = ";"
# Rows read per database round trip while exporting.
EXPORT_CHUNK_SIZE = 2000

# An import never brings back an address that left, bounced or complained: only the
# reader can rejoin, by signing up and confirming again.
_NOT_REACTIVATED = {
    Subscriber.Status.UNSUBSCRIBED,
    Subscriber.Status.BOUNCED,
    Subscriber.Status.COMPLAINED,
}


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value):
        return value


def export_rows(queryset):
    """Yield the CSV lines (header first) for the subscribers in `queryset`, streamed."""
    latest_consent = Consent.objects.filter(subscriber=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    subscribers = (
        queryset.order_by("pk")
        .annotate(consent_source=Subquery(latest_consent.values("source")[:1]))
        .prefetch_related("newsletters")
    )
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    # iterator() with a chunk size still prefetches the lists, one query per chunk.
    for subscriber in subscribers.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield writer.writerow(
            [
                subscriber.email,
                subscriber.status,
                LIST_SEPARATOR.join(n.slug for n in subscriber.newsletters.all()),
                subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                subscriber.consent_source or "",
            ]
        )


@dataclass
class ImportReport:
    added_active: list = field(default_factory=list)
    added_pending: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    # (line, email, status display) of addresses left as they were.
    not_reactivated: list = field(default_factory=list)
    # (line, message)
    errors: list = field(default_factory=list)

    @property
    def imported_count(self):
        return len(self.added_active) + len(self.added_pending) + len(self.updated)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not CSV, not UTF-8, no email column)."""


def _read_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.")
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    columns = [name.strip().lower() for name in header or []]
    if "email" not in columns:
        raise ImportFileError(_("The first line must name the columns, one of them “email”."))
    email_index = columns.index("email")
    lists_index = columns.index("lists") if "lists" in columns else None
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        email = row[email_index].strip() if email_index < len(row) else ""
        lists = row[lists_index] if lists_index is not None and lists_index < len(row) else ""
        yield reader.line_num, email, lists


def _newsletters_by_key():
    newsletters = {}
    for newsletter in Newsletter.objects.all():
        newsletters[newsletter.slug.lower()] = newsletter
        newsletters[newsletter.name.lower()] = newsletter
    return newsletters


@transaction.atomic
def subscribers_import(*, data, source, wording, already_confirmed, default_newsletters, by):
    """Import the CSV `data` (bytes); returns an ImportReport.

    `source` says where consent came from; `already_confirmed` makes new addresses active
    at once (the importer vouches for it), otherwise they wait for the confirmation email.
    Raises ImportFileError when the file cannot be read at all.
    """
    # Imported here: tasks.py belongs to the signup part and imports services in turn.
    from .tasks import send_confirmation_email

    newsletters = _newsletters_by_key()
    rows = list(_read_rows(data))
    report = ImportReport()
    now = timezone.now()
    wording = wording or _(
        "Added by %(user)s from a CSV file. Consent came from: %(source)s. %(confirmation)s"
    ) % {
        "user": getattr(by, "username", "") or _("an administrator"),
        "source": source,
        "confirmation": _("The importer stated these people had already confirmed.")
        if already_confirmed
        else _("Each person was asked to confirm by email."),
    }
    for line, raw_email, raw_lists in rows:
        try:
            email = normalize_email(raw_email)
            validate_email(email)
        except ValidationError:
            report.errors.append(
                (line, _("“%(email)s” is not an email address.") % {"email": raw_email})
            )
            continue
        chosen, unknown = [], []
        for key in filter(None, (part.strip() for part in raw_lists.split(LIST_SEPARATOR))):
            if key.lower() in newsletters:
                chosen.append(newsletters[key.lower()])
            else:
                unknown.append(key)
        if unknown:
            report.errors.append(
                (line, _("No newsletter is called %(names)s.") % {"names": ", ".join(unknown)})
            )
            continue
        chosen = chosen or list(default_newsletters)
        if not chosen:
            report.errors.append((line, _("No list given in the file or on the form.")))
            continue

        subscriber = Subscriber.objects.filter(email=email).first()
        if subscriber is not None and subscriber.status in _NOT_REACTIVATED:
            report.not_reactivated.append((line, email, subscriber.get_status_display()))
            continue
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                email=email,
                status=Subscriber.Status.ACTIVE if already_confirmed else Subscriber.Status.PENDING,
                confirmed_at=now if already_confirmed else None,
                status_changed_at=now,
            )
            (report.added_active if already_confirmed else report.added_pending).append(email)
        else:
            if subscriber.status == Subscriber.Status.PENDING and already_confirmed:
                subscriber.status = Subscriber.Status.ACTIVE
                subscriber.confirmed_at = now
                subscriber.status_changed_at = now
                subscriber.save(update_fields=["status", "confirmed_at", "status_changed_at"])
            report.updated.append(email)

        for newsletter in chosen:
            Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
        consent = Consent.objects.create(subscriber=subscriber, source=source, wording=wording)
        consent.newsletters.set(chosen)
        if subscriber.status == Subscriber.Status.PENDING:
            # After commit: no email for a row the transaction might still roll back.
            transaction.on_commit(
                partial(send_confirmation_email.enqueue, subscriber.pk, consent.pk), robust=True
            )
    return report
