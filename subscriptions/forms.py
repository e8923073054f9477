from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.antispam import HoneypotForm

from .models import Newsletter
from .services import normalize_email

# Which form a signup came through, as recorded in its Consent row. The keys travel in a
# hidden field; the stored labels stay in English so the records read the same for staff
# whatever language the reader used.
SOURCES = {
    "home": "home page",
    "article": "article page",
    "newsletter": "newsletter page",
}


def consent_wording():
    """What the reader agrees to, shown next to the button and stored word for word."""
    return gettext(
        "By subscribing you agree that %(paper)s may email you the newsletters you checked. "
        "We first send a message to confirm your address. Every email has a link to "
        "unsubscribe, and we never share your address."
    ) % {"paper": settings.SITE_NAME}


def public_newsletters():
    return list(
        Newsletter.objects.filter(is_public=True).only(
            "name", "description", "kind", "is_public", "order"
        )
    )


class NewsletterChoiceMixin:
    """Lists as checkboxes from newsletters fetched once (rendering costs no more queries).

    Plain choices rather than a ModelMultipleChoiceField, which queries again each time the
    checkboxes are drawn: these forms sit on the busiest pages.
    """

    def set_newsletters(self, newsletters):
        self.newsletter_objects = list(newsletters)
        self.fields["newsletters"].choices = [(str(n.pk), n.name) for n in self.newsletter_objects]

    def newsletter_options(self):
        """(checkbox, newsletter) pairs, for templates that show each list's description."""
        return list(zip(self["newsletters"], self.newsletter_objects, strict=True))

    def clean_newsletters(self):
        chosen = set(self.cleaned_data["newsletters"])
        return [n for n in self.newsletter_objects if str(n.pk) in chosen]


class SignupForm(NewsletterChoiceMixin, HoneypotForm):
    id_prefix = "signup"

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    newsletters = forms.MultipleChoiceField(
        label=_("Newsletters"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one newsletter."),
            "invalid_choice": _("This newsletter is not open to signups. Choose another."),
        },
    )
    # Not required: a post without it (an old cached page) still signs up, as "newsletter page".
    source = forms.ChoiceField(
        choices=[(key, key) for key in SOURCES], widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, newsletters, source="newsletter", **kwargs):
        super().__init__(*args, **kwargs)
        self.set_newsletters(newsletters)
        self.fields["source"].initial = source
        # The weekly digest is what most readers come for: checked unless they chose.
        self.fields["newsletters"].initial = [
            str(n.pk) for n in self.newsletter_objects if n.kind == Newsletter.Kind.DIGEST
        ]
        self.wording = consent_wording()

    def clean_email(self):
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValidationError as error:
            raise ValidationError(error.messages, code="invalid") from error

    def source_label(self):
        return SOURCES[self.cleaned_data.get("source") or "newsletter"]


class PreferencesForm(NewsletterChoiceMixin, forms.Form):
    newsletters = forms.MultipleChoiceField(
        label=pgettext_lazy("preferences", "Your newsletters"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, newsletters, subscribed, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_newsletters(newsletters)
        self.fields["newsletters"].initial = [str(n.pk) for n in subscribed]
