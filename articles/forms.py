from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagWidget

from newsroom.antispam import HoneypotForm

from .models import ErrorReport

# Enough for a long, careful report; a wall of pasted text is someone else's problem.
ERROR_REPORT_MAX_LENGTH = 5000


class TagSuggestionsWidget(TagWidget):
    """taggit's comma-separated text input, with suggestions from the tags already in use.

    The suggestions come through a <datalist> that admin/js/article_tags.js fills from
    `suggestions_url` as the editor types the tag after the last comma. Without JavaScript
    the field is the plain text input it always was, and still saves.
    """

    class Media:
        js = ["admin/js/article_tags.js"]

    def __init__(self, *, suggestions_url, attrs=None):
        super().__init__(attrs)
        self.suggestions_url = suggestions_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}_suggestions"
        attrs.update(
            {
                "list": list_id,
                "data-tag-suggestions": self.suggestions_url,
                # The browser's own history of typed values would crowd out real tags.
                "autocomplete": "off",
            }
        )
        html = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class BylineFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": _("Add at least one author to the byline."),
    }


class ErrorReportForm(HoneypotForm, forms.ModelForm):
    """A reader's "Report an error" message.

    `website` is a honeypot: hidden from people by CSS, filled in by bots that fill every
    field. A filled honeypot is not an error the reader could fix, so the view answers it
    with the usual thank-you and stores nothing (see `is_from_a_bot`).
    """

    id_prefix = "report"

    class Meta:
        model = ErrorReport
        fields = ["message", "name", "email"]
        labels = {
            "message": _("What is wrong?"),
            "name": _("Your name (optional)"),
            "email": _("Your email (optional)"),
        }
        help_texts = {
            "email": _("Only if you would like an editor to be able to reply."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": ERROR_REPORT_MAX_LENGTH})
        }
        error_messages = {
            "message": {"required": _("Tell us what is wrong, so an editor can check it.")},
        }

    def clean_message(self):
        # Blank and whitespace-only messages never get here: the field strips and requires.
        message = self.cleaned_data["message"]
        if len(message) > ERROR_REPORT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Please keep it under %(limit)d characters; this has %(length)d."),
                params={"limit": ERROR_REPORT_MAX_LENGTH, "length": len(message)},
                code="max_length",
            )
        return message


class CorrectionFormSet(forms.BaseInlineFormSet):
    """The corrections inline on the article form.

    `written_by` is set by the admin (CorrectionInline.get_formset) to the editor saving, who
    signs every new correction. A post without this inline's management form (a form
    rendered before the inline existed, or a script that edits only the article) leaves the
    corrections as they are instead of refusing the whole article.
    """

    written_by = None

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)

    def save_new(self, form, commit=True):
        form.instance.created_by = self.written_by
        return super().save_new(form, commit=commit)
