from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The masthead's list of sections, marking the one the reader is in."""
    # A section page names its section; an article page marks the section it belongs to.
    section_page = context.get("section")
    current = section_page or getattr(context.get("article"), "section", None)
    return {
        "sections": Section.objects.only("name", "slug"),
        "current_section_id": getattr(current, "pk", None),
        # aria-current="page" only where the link leads to this very page.
        "current_state": "page" if section_page else "true",
        "request": context.get("request"),
    }
