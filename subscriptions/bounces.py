"""Bounces and complaints: an address that cannot or must not receive mail stops getting it.

Reported by the mail provider's webhook (views.bounce_webhook) or by hand with
`manage.py record_bounce`. Both end here, so the two paths cannot disagree.
"""

from django.db import transaction
from django.utils import timezone

from .models import Delivery, Subscriber
from .services import normalize_email

KINDS = {
    "bounce": Subscriber.Status.BOUNCED,
    "complaint": Subscriber.Status.COMPLAINED,
}

# Deliveries not yet handed to the SMTP server. One already SENDING is left to the engine:
# it may be on the wire right now, and its outcome is the engine's to record.
_NOT_YET_SENT = [Delivery.Status.PENDING, Delivery.Status.RETRY]


@transaction.atomic
def subscriber_mark_undeliverable(*, email, kind):
    """Mark the address bounced or complained and skip every message still waiting for it.

    Returns the Subscriber, or None when the address is unknown (nothing to stop; the
    caller reports it). Raises ValueError for a kind other than "bounce" or "complaint",
    and ValidationError (from normalize_email) for something that is not an address.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}: expected 'bounce' or 'complaint'.")
    subscriber = Subscriber.objects.select_for_update().filter(email=normalize_email(email)).first()
    if subscriber is None:
        return None
    now = timezone.now()
    new_status = KINDS[kind]
    # A complaint outranks a bounce: the reader asked us to stop, which a later bounce
    # report must not water down to "mailbox full".
    if not (subscriber.status == Subscriber.Status.COMPLAINED and new_status != subscriber.status):
        subscriber.status = new_status
        subscriber.status_changed_at = now
        subscriber.save(update_fields=["status", "status_changed_at"])
    subscriber.deliveries.filter(status__in=_NOT_YET_SENT).update(
        status=Delivery.Status.SKIPPED,
        last_error=f"Address marked as {subscriber.get_status_display().lower()}.",
    )
    return subscriber
