"""Defenses for the forms anyone can post without an account.

Two cheap checks, shared by every public form ("Report an error", community submissions):

- a honeypot: a text field hidden from people, which bots that fill every field fill in;
- a rate limit per client address, counted in the cache.

Neither needs JavaScript or an outside service, and neither stores anything about the
visitor beyond a counter that expires.
"""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

# A name bots expect to fill. Templates recognize the field by it and hide it (CSS moves it
# off-screen; aria-hidden and tabindex keep screen readers and keyboards away).
HONEYPOT_FIELD = "website"


class HoneypotForm(forms.Form):
    """Adds the honeypot field to a form; mix in before forms.ModelForm when there is one.

    A filled honeypot is not an error the visitor could fix, so views answer it with their
    usual thank-you and store nothing (see `is_from_a_bot`), rather than teaching the bot
    which field gave it away.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The start of the fields' HTML ids. An article page shows three of these forms (report
    # an error, the newsletter, a comment), all with "email" and this honeypot: with Django's
    # "id_" for each, a label would name the other form's field, and the field its own label
    # was meant for would have none for a screen reader.
    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def is_from_a_bot(self):
        """Only meaningful once the form is valid (it reads cleaned_data)."""
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


def client_address(request):
    # Behind a proxy, REMOTE_ADDR must be the visitor's address (set by the proxy setup, as
    # django-axes also assumes for login throttling): X-Forwarded-For is anyone's to forge.
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request, *, scope, limit, period):
    """Count this attempt against the client's address; True once past `limit` per `period`.

    `scope` separates the counters of different forms; `period` is a timedelta. The window
    is fixed, not sliding: it starts with the first attempt and the count resets when it
    ends. Every call counts, so call it once per POST, before validating the form.
    """
    key = f"antispam:{scope}:{client_address(request)}"
    timeout = int(period.total_seconds())
    # add() starts the window only if none is running.
    cache.add(key, 0, timeout)
    try:
        attempts = cache.incr(key)
    except ValueError:
        # The window ran out between add() and incr(): this attempt opens a new one.
        cache.set(key, 1, timeout)
        attempts = 1
    return attempts > limit
