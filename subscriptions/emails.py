"""The email messages of an edition: one per subscriber, and the editor's test copy.

Every message a subscriber gets carries what mailbox providers demand of bulk senders
(Gmail's and Yahoo's 2024 rules): a one-click unsubscribe (RFC 8058) in the headers, a
preferences link and the paper's postal address in the body, HTML and plain text.

An edition goes to 100,000 readers who differ only in their address and their two signed
links, so EditionMailing renders the templates once, with placeholders for the links, and
each message is that text with the reader's links put in, then assembled as bytes.
"""

import binascii
import email.policy
import secrets
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.timezone import get_current_timezone

from .models import Subscriber
from .tokens import make_token, preferences_url, unsubscribe_url

TEMPLATE_PREFIX = "subscriptions/emails/edition"
# Header and body lines, as the email package folds them (RFC 5322 2.1.1 "SHOULD").
MAX_LINE_LENGTH = 78
# Stands for a signed token in a reversed URL; tokens are letters, digits, "-", "_" and ":",
# which reverse() leaves as they are, so putting one in its place gives the same URL.
_SIGNED_PART_MARK = "newsroomsignedpart"


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


def _context(*, edition, content, is_test, unsubscribe, preferences):
    from .composing import edition_content

    return {
        "edition": edition,
        "content": content if content is not None else edition_content(edition),
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences,
        "postal_address": settings.PAPER_POSTAL_ADDRESS,
        "web_url": settings.SITE_URL + edition.get_absolute_url(),
        "is_test": is_test,
    }


def _render_subject(context):
    # Header injection is impossible, but a stray newline in a template would still break
    # the subject line: collapse all whitespace.
    return " ".join(render_to_string(f"{TEMPLATE_PREFIX}.subject.txt", context).split())


def _message(*, subject, text, html, to, headers):
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def _unsubscribe_headers(url):
    return {
        "List-Unsubscribe": f"<{url}>",
        # RFC 8058: the mailbox provider POSTs this body to the URL above, with no cookies
        # and no CSRF token; the signed token in the URL is the only proof needed.
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class EditionMailing:
    """An edition rendered once, ready to be personalised for each subscriber.

    The templates are rendered with a random placeholder for each per-reader link; a
    message is that text with the reader's links put in their place, HTML-escaped in the
    HTML part exactly as the template's autoescaping would have done. The placeholders are
    random per mailing, so no article text can contain one by chance or on purpose.
    """

    def __init__(self, *, edition, content=None):
        self.edition = edition
        marker = secrets.token_hex(8)
        self._unsubscribe_mark = f"newsroomunsubscribe{marker}"
        self._preferences_mark = f"newsroompreferences{marker}"
        context = _context(
            edition=edition,
            content=content,
            is_test=False,
            unsubscribe=self._unsubscribe_mark,
            preferences=self._preferences_mark,
        )
        self.subject = _render_subject(context)
        self._text = render_to_string(f"{TEMPLATE_PREFIX}.txt", context)
        self._html = render_to_string(f"{TEMPLATE_PREFIX}.html", context)
        # A template that passed a link through a filter (|urlize, |truncatechars...) would
        # mangle the placeholder and silently leave readers without an unsubscribe link.
        for mark in (self._unsubscribe_mark, self._preferences_mark):
            if mark not in self._text or mark not in self._html:
                raise ValueError(f"{TEMPLATE_PREFIX} templates must print each link as is.")
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.envelope_from = parseaddr(self.from_email)[1]
        self._list_id = _list_id(edition.newsletter)
        self._message_id_prefix = f"<edition-{edition.pk}.subscriber-"
        self._message_id_suffix = f"@{mail_domain()}>"
        self._fixed_headers = self._fold_fixed_headers()
        self._unsubscribe_url = settings.SITE_URL + reverse(
            "subscriptions:unsubscribe", kwargs={"token": _SIGNED_PART_MARK}
        )
        self._preferences_url = settings.SITE_URL + reverse(
            "subscriptions:preferences", kwargs={"token": _SIGNED_PART_MARK}
        )

    def _links(self, subscriber):
        # Both links carry the same "manage" token: signed once, put into URLs reversed once.
        token = make_token(subscriber, "manage")
        unsubscribe = self._unsubscribe_url.replace(_SIGNED_PART_MARK, token)
        preferences = self._preferences_url.replace(_SIGNED_PART_MARK, token)
        return unsubscribe, preferences

    def _bodies(self, unsubscribe, preferences):
        text = self._text.replace(self._unsubscribe_mark, unsubscribe).replace(
            self._preferences_mark, preferences
        )
        html = self._html.replace(self._unsubscribe_mark, escape(unsubscribe)).replace(
            self._preferences_mark, escape(preferences)
        )
        return text, html

    def _headers(self, subscriber, unsubscribe):
        return {
            "List-Id": self._list_id,
            **_unsubscribe_headers(unsubscribe),
            "Message-ID": f"{self._message_id_prefix}{subscriber.pk}{self._message_id_suffix}",
        }

    def message(self, subscriber):
        """The message for one subscriber, as a Django EmailMultiAlternatives."""
        unsubscribe, preferences = self._links(subscriber)
        text, html = self._bodies(unsubscribe, preferences)
        return _message(
            subject=self.subject,
            text=text,
            html=html,
            to=subscriber.email,
            headers=self._headers(subscriber, unsubscribe),
        )

    # The SMTP path. Building a Django EmailMessage and serialising it through the email
    # package costs more than everything else per message; the headers common to every
    # reader are folded once here (by the email package, so non-ASCII subjects and names
    # are encoded exactly as Django would) and each message is assembled as bytes.

    def _fold_fixed_headers(self):
        policy = email.policy.SMTP

        def fold(name, value):
            # Through the header factory, as msg[name] = value does: given a bare string,
            # fold_binary would write non-ASCII text without RFC 2047 encoding.
            return policy.fold_binary(name, policy.header_store_parse(name, value)[1])

        return {
            "Subject": fold("Subject", self.subject),
            "From": self._django_header("From"),
            "List-Id": fold("List-Id", self._list_id),
        }

    def _django_header(self, name):
        # The From line exactly as Django writes it (it IDNA-encodes non-ASCII domains).
        probe = _message(subject="", text="", html="", to="probe@example.org", headers={}).message(
            policy=email.policy.SMTP
        )
        return email.policy.SMTP.fold_binary(name, probe[name])

    def as_bytes(self, subscriber):
        """The whole message for one subscriber, CRLF line endings, not dot-stuffed."""
        address = subscriber.email
        if not address.isascii() or any(c in address for c in ' "(),:;<>[\\]'):
            # Rare enough not to matter for speed: let Django and the email package
            # handle internationalised and quoted addresses.
            return self.message(subscriber).message(policy=email.policy.SMTP).as_bytes()
        unsubscribe, preferences = self._links(subscriber)
        text, html = self._bodies(unsubscribe, preferences)
        boundary = "===============" + secrets.token_hex(10) + "=="
        parts = [_text_part(text, "plain"), _text_part(html, "html")]
        if any(boundary.encode() in part for part in parts):
            return self.message(subscriber).message(policy=email.policy.SMTP).as_bytes()
        tz = get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
        headers = self._fixed_headers
        head = b"".join(
            [
                b"MIME-Version: 1.0\r\n",
                f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n'.encode(),
                headers["Subject"],
                headers["From"],
                f"To: {address}\r\n".encode(),
                f"Date: {format_datetime(datetime.now(tz))}\r\n".encode(),
                headers["List-Id"],
                # Not folded by the email package, which would turn a long URL into
                # RFC 2047 encoded-words that List-Unsubscribe does not allow (RFC 2369).
                f"List-Unsubscribe: <{unsubscribe}>\r\n".encode(),
                b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
                f"Message-ID: {self._message_id_prefix}{subscriber.pk}"
                f"{self._message_id_suffix}\r\n".encode(),
                b"\r\n",
            ]
        )
        # The line break before a boundary belongs to the boundary (RFC 2046 5.1.1), hence
        # the extra one after each part, which ends with a line break of its own.
        separator = f"--{boundary}\r\n".encode()
        return b"".join(
            [
                head,
                separator,
                parts[0],
                b"\r\n",
                separator,
                parts[1],
                b"\r\n",
                f"--{boundary}--\r\n".encode(),
            ]
        )


def _text_part(text, subtype):
    """One text/* MIME part (headers and body), encoded as the email package would choose.

    7bit when the text is short-lined ASCII; otherwise quoted-printable or base64,
    whichever is shorter. binascii does the encoding in C.
    """
    lines = text.encode().splitlines()
    longest = max(map(len, lines), default=0)
    body = b"\r\n".join(lines) + b"\r\n"
    if longest <= MAX_LINE_LENGTH and body.isascii():
        encoding = "7bit"
    else:
        quoted = binascii.b2a_qp(body, istext=True)
        # Lines of 76 base64 characters (57 bytes) each, plus their line breaks.
        base64_length = (len(body) + 2) // 3 * 4 + (len(body) + 56) // 57 * 2
        if len(quoted) <= base64_length:
            encoding, body = "quoted-printable", quoted
        else:
            # Text in base64 keeps its CRLF line breaks inside the encoding (RFC 2045 6.8).
            encoding = "base64"
            body = b"\r\n".join(
                binascii.b2a_base64(body[i : i + 57], newline=False)
                for i in range(0, len(body), 57)
            )
            body += b"\r\n"
    head = (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    ).encode()
    return head + body


def edition_message(*, edition, subscriber, content=None):
    """The edition as sent to one subscriber.

    The sending loop uses one EditionMailing for the whole list; this is the same message
    for a single reader.
    """
    return EditionMailing(edition=edition, content=content).message(subscriber)


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
    headers = {
        "List-Id": _list_id(edition.newsletter),
        "Message-ID": make_msgid(domain=mail_domain()),
    }
    unsubscribe = preferences = ""
    if subscriber is not None:
        unsubscribe = unsubscribe_url(subscriber)
        preferences = preferences_url(subscriber)
        headers.update(_unsubscribe_headers(unsubscribe))
    context = _context(
        edition=edition,
        content=None,
        is_test=True,
        unsubscribe=unsubscribe,
        preferences=preferences,
    )
    return _message(
        subject=_render_subject(context),
        text=render_to_string(f"{TEMPLATE_PREFIX}.txt", context),
        html=render_to_string(f"{TEMPLATE_PREFIX}.html", context),
        to=to,
        headers=headers,
    )
