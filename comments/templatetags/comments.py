import re

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.templatetags.blank_forms import rendered_once
from newsroom.cache import page_expires_at

from .. import policy
from ..forms import CommentForm, ReportForm
from ..models import Comment

register = template.Library()

# Matched on the escaped text, so a URL cannot carry a quote or an angle bracket into the
# href: those are entities by then, and the address ends where one begins. "&amp;" stays
# part of the address, as the escaped form of its own "&".
URL = re.compile(r"https?://(?:(?!&quot;|&#x27;|&lt;|&gt;)\S)+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the link ("see https://x.org.").
TRAILING = ".,;:!?)"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _link(match):
    url = match.group(0)
    tail = ""
    # "&amp;" ends in ";" but is the address's own "&", not punctuation after it.
    while url and url[-1] in TRAILING and not url.endswith("&amp;"):
        url, tail = url[:-1], url[-1] + tail
    return f'<a href="{url}" rel="nofollow ugc noopener">{url}</a>{tail}'


@register.filter(is_safe=True)
def comment_text(body):
    """A reader's plain text as HTML: everything escaped, paragraphs and line breaks kept,
    web addresses made links that pass no reputation (rel="nofollow ugc")."""
    text = str(body).replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p for p in PARAGRAPH_BREAK.split(text) if p.strip()]
    html = []
    for paragraph in paragraphs:
        escaped = URL.sub(_link, escape(paragraph.strip()))
        html.append("<p>{}</p>".format(escaped.replace("\n", "<br>")))
    return mark_safe("\n".join(html))  # noqa: S308 -- every piece is escaped above


def thread(article):
    """The approved comments of an article, top level first and their replies under each.

    One query however many comments: top-level comments and replies come together, oldest
    first, and are put together here. A reply whose comment is not shown (held, hidden
    after reports) is not shown either: it would answer nothing the reader can see.
    """
    comments = list(Comment.objects.visible().on_article(article).order_by("created_at", "pk"))
    top_level = {}
    for comment in comments:
        if comment.parent_id is None:
            comment.shown_replies = []
            top_level[comment.pk] = comment
    for comment in comments:
        if comment.parent_id in top_level:
            top_level[comment.parent_id].shown_replies.append(comment)
    count = len(top_level) + sum(len(c.shown_replies) for c in top_level.values())
    return list(top_level.values()), count


@register.inclusion_tag("includes/comments.html", takes_context=True)
def comment_thread(context, article, form=None):
    """The "N responses" section under a story: the thread, and the form while open."""
    settings = policy.current_moderation_settings()
    comments, count = thread(article)
    comments_open = policy.comments_are_open(article, settings)
    if comments_open and context.get("request") is not None:
        # The form must be gone from a stored copy of the page the moment comments close.
        page_expires_at(context["request"], policy.closes_at(article, settings))
    return {
        "article": article,
        "comments": comments,
        "comment_count": count,
        "comments_open": comments_open,
        "form": form or rendered_once(CommentForm()),
        "report_form": ReportForm(),
        "request": context.get("request"),
        # Each comment has a report form (and a reply form, while open): the hidden CSRF
        # field is drawn once for all of them, exactly as {% csrf_token %} draws it.
        "csrf_input": CsrfTokenNode().render(context),
    }
