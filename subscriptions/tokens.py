"""Signed links in emails: confirm a signup, manage preferences, unsubscribe.

A token is the subscriber's id signed with SECRET_KEY and a timestamp; nothing is stored,
so a link works from any device and survives a database restore. Each purpose has its own
salt, so a "manage" link can never be replayed as a "confirm" link, and its own lifetime:

- "confirm": 7 days, long enough for a reader back from a weekend, short enough that an old
  signup someone else made cannot be activated months later;
- "manage" (preferences and unsubscribe): 400 days, because an unsubscribe link in last
  year's digest must still work (mailbox providers and the law expect it to).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Subscriber

MAX_AGES = {
    "confirm": timedelta(days=7),
    "manage": timedelta(days=400),
}


def _signer(purpose):
    if purpose not in MAX_AGES:
        raise ValueError(f"Unknown token purpose: {purpose!r}")
    return signing.TimestampSigner(salt=f"subscriptions.tokens.{purpose}")


def make_token(subscriber, purpose):
    return _signer(purpose).sign(str(subscriber.pk))


def read_token(token, purpose):
    """The subscriber the token was made for, or None if it is forged, expired or stale."""
    try:
        pk = _signer(purpose).unsign(token, max_age=MAX_AGES[purpose])
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return Subscriber.objects.filter(pk=pk).first()


def _absolute(name, token):
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def confirm_url(subscriber):
    return _absolute("subscriptions:confirm", make_token(subscriber, "confirm"))


def preferences_url(subscriber):
    return _absolute("subscriptions:preferences", make_token(subscriber, "manage"))


def unsubscribe_url(subscriber):
    return _absolute("subscriptions:unsubscribe", make_token(subscriber, "manage"))
