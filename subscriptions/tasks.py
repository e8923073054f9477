"""Background work for newsletters, run by `manage.py db_worker`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


@task()
def send_confirmation_email(subscriber_id, consent_id):
    """Email the link that confirms a signup (or the lists an active reader added)."""
    from . import tokens
    from .models import Consent, Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    consent = Consent.objects.filter(pk=consent_id, subscriber_id=subscriber_id).first()
    # Between the signup and the worker, the address may have bounced or left: then the
    # confirmation is no longer wanted (the reader signs up again for a new one).
    if (
        subscriber is None
        or consent is None
        or subscriber.status not in {Subscriber.Status.PENDING, Subscriber.Status.ACTIVE}
    ):
        return
    context = {
        "subscriber": subscriber,
        "newsletters": list(consent.newsletters.all()),
        "adding_lists": subscriber.status == Subscriber.Status.ACTIVE,
        "confirm_url": tokens.confirm_url(subscriber),
        "postal_address": settings.PAPER_POSTAL_ADDRESS,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    name = "subscriptions/emails/confirm"
    # A subject is one line: a stray newline from the template would break the header.
    subject = " ".join(render_to_string(f"{name}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    message.send()


@task()
def send_edition(edition_id):
    """Start or resume sending an edition (subscriptions.sending holds the whole engine)."""
    from .sending import edition_deliver

    edition_deliver(edition_id=edition_id)
