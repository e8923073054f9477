"""The signed link in a reply email that stops reply emails.

As in subscriptions.tokens: the comment's id signed with SECRET_KEY and a timestamp, nothing
stored. The token names the comment the email was about; turning emails off applies to all
of its commenter's comments. Its own salt, so a newsletter token cannot be replayed here,
and 400 days, so the link in an old email still works.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Comment

MAX_AGE = timedelta(days=400)
_signer = signing.TimestampSigner(salt="comments.tokens.reply-emails")


def make_token(comment):
    return _signer.sign(str(comment.pk))


def read_token(token):
    """The comment the token was made for, or None if it is forged, expired or erased."""
    try:
        pk = _signer.unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return Comment.objects.select_related("commenter", "article").filter(pk=pk).first()


def unsubscribe_url(comment):
    return settings.SITE_URL + reverse(
        "comments:unsubscribe", kwargs={"token": make_token(comment)}
    )
