"""Writes with side effects on subscribers: sign up, confirm, change lists, leave.

Views call these, never copy them. The rule they keep together: nothing but the
confirmation email itself ever goes to an address that has not confirmed it wants mail.
"""

import hashlib
import hmac
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tokens
from .models import Consent, Newsletter, Subscriber, Subscription

# Addresses we must not write to again: the provider told us they bounce or the reader
# marked us as spam. A new signup does not lift that; staff can, in the admin.
SUPPRESSED = {Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}


def normalize_email(email):
    """One mailbox, one spelling: trimmed, lowercased, domain IDNA-encoded.

    RFC 5321 lets the part before the @ be case-sensitive, but no mainstream provider treats
    it so, and readers type "Ana@" one day and "ana@" the next. Keeping case would make two
    rows for one mailbox, and a reader who left under one spelling could be mailed under
    the other. The domain goes to its ASCII (punycode) form, the form SMTP servers expect.
    Raises ValidationError when the address cannot be an address.
    """
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(_("Enter a valid email address."), code="invalid") from error
    return f"{local}@{domain}"


def hash_ip(ip):
    """A keyed hash of the client address: spots many signups from one place, locates no one."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def _set_status(subscriber, status):
    subscriber.status = status
    subscriber.status_changed_at = timezone.now()


def _send_confirmation_on_commit(subscriber, consent):
    from .tasks import send_confirmation_email

    # After commit: the worker must find the rows, and a rolled-back signup sends nothing.
    transaction.on_commit(
        partial(send_confirmation_email.enqueue, subscriber.pk, consent.pk), robust=True
    )


@transaction.atomic
def subscriber_signup(*, email, newsletters, source, wording, ip=""):
    """Record a signup and email a confirmation link; returns the Subscriber or None.

    Whatever the address's state, the caller shows the same answer ("check your inbox"),
    so the form cannot be used to learn who subscribes. What happens behind it differs:
    - new, pending or unsubscribed: pending, with a confirmation email;
    - active: stays active and gets an email to confirm the added lists, so no one can
      put someone else on more lists;
    - bounced or marked as spam: nothing is recorded or sent.
    """
    email = normalize_email(email)
    newsletters = list(newsletters)
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    # Lock the row: two signups for one address at once must not both reset it.
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in SUPPRESSED:
        return None
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        # Leaving was a withdrawal of consent; coming back needs a fresh confirmation.
        _set_status(subscriber, Subscriber.Status.PENDING)
        subscriber.save(update_fields=["status", "status_changed_at"])
    consent = Consent.objects.create(
        subscriber=subscriber, source=source, wording=wording, ip_hash=hash_ip(ip)
    )
    consent.newsletters.set(newsletters)
    _send_confirmation_on_commit(subscriber, consent)
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token):
    """Confirm the signup a "confirm" link was sent for; returns the Subscriber or None.

    None means the link is forged or expired, or belongs to an address that has since left
    or bounced (an old link must not undo an unsubscribe: signing up again sends a new one).
    The lists joined are those of the latest signup. A second click changes nothing.
    """
    subscriber = tokens.read_token(token, "confirm")
    if subscriber is None:
        return None
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status not in {Subscriber.Status.PENDING, Subscriber.Status.ACTIVE}:
        return None
    consent = subscriber.consents.prefetch_related("newsletters").first()
    requested = list(consent.newsletters.all()) if consent else []
    if subscriber.status == Subscriber.Status.PENDING:
        # A pending reader's old lists (from before they left) are not theirs any more:
        # they join exactly what they asked for this time.
        subscriber.subscriptions.exclude(newsletter__in=requested).delete()
        _set_status(subscriber, Subscriber.Status.ACTIVE)
        subscriber.confirmed_at = subscriber.status_changed_at
        subscriber.save(update_fields=["status", "status_changed_at", "confirmed_at"])
    _add_lists(subscriber, requested)
    return subscriber


def _add_lists(subscriber, newsletters):
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, newsletter=n) for n in newsletters],
        ignore_conflicts=True,
    )


@transaction.atomic
def subscriber_update_lists(*, subscriber, newsletters, wording="", ip=""):
    """Set an active reader's lists from the preferences page.

    Only lists they may choose count: the public ones, and private ones they are already on
    (which they may leave but not join). Unchecking everything is leaving: the reader is
    unsubscribed rather than kept as an active address that gets nothing. Lists added here
    are recorded as a consent, like a signup (the link proved they own the mailbox).
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.ACTIVE:
        raise ValidationError(_("Only a confirmed subscription can change its newsletters."))
    current = set(subscriber.subscriptions.values_list("newsletter_id", flat=True))
    allowed = {n.pk for n in Newsletter.objects.filter(is_public=True)} | current
    chosen = {n.pk for n in newsletters} & allowed
    if not chosen:
        return subscriber_unsubscribe(subscriber=subscriber)
    subscriber.subscriptions.exclude(newsletter_id__in=chosen).delete()
    added = Newsletter.objects.filter(pk__in=chosen - current)
    if added:
        consent = Consent.objects.create(
            subscriber=subscriber,
            source="preferences page",
            wording=wording,
            ip_hash=hash_ip(ip),
        )
        consent.newsletters.set(added)
        _add_lists(subscriber, added)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber):
    """Stop all mail to this reader. Doing it twice is harmless.

    Their lists stay on record (the admin shows who left which list); the status is what
    sending checks. A bounced or complained address keeps that stronger status.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in {Subscriber.Status.PENDING, Subscriber.Status.ACTIVE}:
        _set_status(subscriber, Subscriber.Status.UNSUBSCRIBED)
        subscriber.save(update_fields=["status", "status_changed_at"])
    return subscriber
