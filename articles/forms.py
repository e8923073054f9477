from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagWidget


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
