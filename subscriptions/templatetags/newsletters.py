from django import template

from articles.templatetags.blank_forms import rendered_once
from subscriptions.forms import SignupForm, public_newsletters

register = template.Library()


@register.inclusion_tag("includes/newsletter_signup.html", takes_context=True)
def newsletter_signup(context, source):
    """The signup box on the home and article pages: one query, for the public lists.

    `source` ("home", "article") is recorded with the consent, so the paper can show which
    form a reader used. Renders nothing while no list is open to readers.
    """
    form = rendered_once(SignupForm(newsletters=public_newsletters(), source=source))
    # Django passes the CSRF token on to inclusion tags by itself.
    return {"form": form, "request": context.get("request")}
