"""The one email the comments app sends: "someone replied to your comment".

It goes only to a reader who ticked the box under their comment, and carries what the
newsletter's messages carry for mailbox providers: a one-click unsubscribe (RFC 8058) in
the headers and a link in the body, HTML and plain text.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from . import tokens

TEMPLATE_PREFIX = "comments/emails/reply"


def reply_message(*, reply):
    """The email to the author of the comment `reply` answers."""
    parent = reply.parent
    unsubscribe = tokens.unsubscribe_url(parent)
    context = {
        "reply": reply,
        "parent": parent,
        "article": reply.article,
        "reply_url": settings.SITE_URL + reply.get_absolute_url(),
        "unsubscribe_url": unsubscribe,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "postal_address": settings.PAPER_POSTAL_ADDRESS,
    }
    # A subject is one line: a stray newline from the template would break the header.
    subject = " ".join(render_to_string(f"{TEMPLATE_PREFIX}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE_PREFIX}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[parent.commenter.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: the mail app POSTs this body to the URL above, with no cookie and no
            # CSRF token; the signed token in the URL is the only proof needed.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE_PREFIX}.html", context), "text/html")
    return message
