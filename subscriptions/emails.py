"""The email messages of an edition: one per subscriber, and the editor's test copy.

Every message a subscriber gets carries what mailbox providers demand of bulk senders
(Gmail's and Yahoo's 2024 rules): a one-click unsubscribe (RFC 8058) in the headers, a
preferences link and the paper's postal address in the body, HTML and plain text.
"""

from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import Subscriber
from .tokens import preferences_url, unsubscribe_url

TEMPLATE_PREFIX = "subscriptions/emails/edition"


def mail_domain():
    # The right-hand side of Message-IDs and List-Id: the paper's own domain when it is set,
    # so they are unique across the internet; "localhost" on a developer's machine.
    return settings.SITE_DOMAIN or "localhost"


def delivery_message_id(*, edition, subscriber):
    """The Message-ID of one edition to one subscriber, the same on every attempt.

    Deterministic on purpose: if a crash ever made a message go out twice, the receiving
    side (and our tests) can recognise the second copy as the same message.
    """
    return f"<edition-{edition.pk}.subscriber-{subscriber.pk}@{mail_domain()}>"


def _list_id(newsletter):
    # RFC 2919: a phrase and a dotted identifier unique to the list. Quotes and backslashes
    # are dropped from the name so it stays one quoted-string.
    name = newsletter.name.replace("\\", "").replace('"', "")
    return f'"{name}" <{newsletter.slug}.{mail_domain()}>'


def _render(*, edition, content, is_test, unsubscribe, preferences, to, headers):
    from .composing import edition_content

    context = {
        "edition": edition,
        "content": content if content is not None else edition_content(edition),
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences,
        "postal_address": settings.PAPER_POSTAL_ADDRESS,
        "web_url": settings.SITE_URL + edition.get_absolute_url(),
        "is_test": is_test,
    }
    subject = render_to_string(f"{TEMPLATE_PREFIX}.subject.txt", context)
    message = EmailMultiAlternatives(
        # Header injection is impossible, but a stray newline in a template would still
        # break the subject line: collapse all whitespace.
        subject=" ".join(subject.split()),
        body=render_to_string(f"{TEMPLATE_PREFIX}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"List-Id": _list_id(edition.newsletter), **headers},
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE_PREFIX}.html", context), "text/html")
    return message


def _unsubscribe_headers(url):
    return {
        "List-Unsubscribe": f"<{url}>",
        # RFC 8058: the mailbox provider POSTs this body to the URL above, with no cookies
        # and no CSRF token; the signed token in the URL is the only proof needed.
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def edition_message(*, edition, subscriber, content=None):
    """The edition as sent to one subscriber.

    `content` is edition_content(edition), passed in by the sending loop so that it is
    computed once per edition rather than once per recipient.
    """
    unsubscribe = unsubscribe_url(subscriber)
    return _render(
        edition=edition,
        content=content,
        is_test=False,
        unsubscribe=unsubscribe,
        preferences=preferences_url(subscriber),
        to=subscriber.email,
        headers={
            **_unsubscribe_headers(unsubscribe),
            "Message-ID": delivery_message_id(edition=edition, subscriber=subscriber),
        },
    )


def edition_test_message(*, edition, to):
    """A copy of the edition marked TEST, for an editor to check before sending.

    When the address belongs to a subscriber (an editor who reads the paper), the copy
    carries their real preferences and one-click unsubscribe links, so the whole journey
    can be tried; for anyone else the links are left out rather than invented.
    """
    from .services import normalize_email

    try:
        subscriber = Subscriber.objects.filter(email=normalize_email(to)).first()
    except ValidationError:
        subscriber = None
    headers = {"Message-ID": make_msgid(domain=mail_domain())}
    unsubscribe = preferences = ""
    if subscriber is not None:
        unsubscribe = unsubscribe_url(subscriber)
        preferences = preferences_url(subscriber)
        headers.update(_unsubscribe_headers(unsubscribe))
    return _render(
        edition=edition,
        content=None,
        is_test=True,
        unsubscribe=unsubscribe,
        preferences=preferences,
        to=to,
        headers=headers,
    )
