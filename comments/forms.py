from django import forms
from django.utils.translation import gettext_lazy as _

from newsroom.antispam import HoneypotForm

# Room for a considered letter; longer than that belongs in an op-ed pitch.
COMMENT_MAX_LENGTH = 3000


class CommentForm(HoneypotForm):
    """A reader's comment or reply. No account: a name shown with it, an email never shown."""

    id_prefix = "comment"

    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Never shown. We write only if you ask us to below.")
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Leave a blank line between paragraphs."),
    )
    notify_on_reply = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(HoneypotForm):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"),
        max_length=300,
        help_text=_("For example: a personal attack, spam, or a false claim about someone."),
    )
