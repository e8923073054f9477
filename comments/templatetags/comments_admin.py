from django import template

from ..models import Comment
from ..moderation import MODERATE

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue_count(context):
    """How many comments wait for a moderator, or None for a user who may not moderate.

    None rather than 0, so the admin index shows no link at all to those it is not for,
    and spends no query on them.
    """
    request = context.get("request")
    if request is None or not request.user.has_perm(MODERATE):
        return None
    return Comment.objects.awaiting_moderation().count()
