"""`|rendered_once`: a form whose widgets are drawn once per process, not on every page.

    {% load blank_forms %}
    {% with form=report_form|rendered_once %}...{{ field }}...{% endwith %}

The article page shows three forms nobody has typed into yet (report an error, the
newsletter signup, the comment form) and Django draws each widget and label through its
template engine: about a quarter of a millisecond apiece, a quarter of the page's time.
Their HTML is the same for every reader, so it is kept, keyed by everything the widget
template is given (and the language), which makes a stale answer impossible: a changed
label, value, choice or error is a different key. Context that is not plain data (a model
instance, say) is never kept, only drawn. The search form's menus, drawn option by option
(4.5 ms a page), are kept the same way, one copy per choice a reader has made.

The natural home would be a FORM_RENDERER in the settings; until then a template opts in
per form with this filter.
"""

from django import template
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Enough for every widget of every form on the site in every language; past it the store
# starts again rather than grow without bound (with a key built from odd values, say).
MAX_KEPT = 2000
# Django's label template reads only label, attrs, use_tag and tag, never the bound field
# it is also given (which is no plain value and would keep every label from being kept).
LABEL_TEMPLATE = "django/forms/label.html"


class _NotPlain(Exception):
    pass


def _frozen(value):
    """A hashable copy of plain template data, or _NotPlain."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        # Safe and plain strings of the same text render differently (escaping).
        return (isinstance(value, SafeString), str(value))
    if isinstance(value, Promise):
        return (False, str(value))
    if isinstance(value, ModelChoiceIteratorValue):
        # An option of a model's menu: its template shows only str(), the key's text.
        return ("option", str(value))
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    raise _NotPlain


class RenderedOnceRenderer(DjangoTemplates):
    def __init__(self):
        self.kept = {}

    def render(self, template_name, context, request=None):
        if request is not None:
            return super().render(template_name, context, request)
        if template_name == LABEL_TEMPLATE:
            context_key = {name: value for name, value in context.items() if name != "field"}
        else:
            context_key = context
        try:
            key = (template_name, get_language(), _frozen(context_key))
        except _NotPlain:
            return super().render(template_name, context, request)
        html = self.kept.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            if len(self.kept) >= MAX_KEPT:
                self.kept.clear()
            self.kept[key] = html
        return mark_safe(html)  # noqa: S308 -- what the widget template made, as made


renderer = RenderedOnceRenderer()


@register.filter
def rendered_once(form):
    """The same form, drawing its widgets and labels through the keeping renderer.

    Before any of its fields is shown: a bound field takes the renderer when first made.
    """
    form.renderer = renderer
    return form
