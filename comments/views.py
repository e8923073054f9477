"""What a reader posts about comments: a comment (or reply), a report, and "stop emailing me".

All work without JavaScript: a refused or mistaken post re-renders a small page with the
reader's text kept, with a status that says why (400 a mistake, 403 not allowed, 429 too
many); a stored one sends them back to the article with a plain message.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from newsroom.antispam import client_address, rate_limited

from . import tokens
from .forms import CommentForm, ReportForm
from .models import Comment
from .services import comment_post, comment_report, commenter_stop_reply_emails

# Enough for a reader in a lively conversation, too few for a flood. Behind a proxy,
# REMOTE_ADDR must be the reader's address (see newsroom.antispam.client_address).
COMMENTS_PER_WINDOW = 5
REPORTS_PER_WINDOW = 10
WINDOW = timedelta(minutes=10)
# A refusal the reader can fix by changing what they wrote is a 400; one they cannot (a ban,
# comments closed on the article) is a 403. Codes are those comment_post raises.
FORBIDDEN_REFUSALS = {"banned", "closed"}


@require_POST
def post_comment(request, pk):
    article = get_object_or_404(Article.objects.published().select_related("comment_policy"), pk=pk)
    form = CommentForm(request.POST)
    context = {"article": article, "form": form}
    if rate_limited(request, scope="comment", limit=COMMENTS_PER_WINDOW, period=WINDOW):
        context["rate_limited"] = True
        return render(request, "comments/comment_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "comments/comment_form.html", context, status=400)
    if form.is_from_a_bot():
        # The answer a held comment gets: nothing tells the bot it was caught.
        messages.info(request, _("Your comment is waiting for a moderator."), extra_tags="public")
        return redirect(article.get_absolute_url() + "#comments")

    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
    try:
        comment = comment_post(
            article=article,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            parent=parent,
            ip=client_address(request),
            notify_on_reply=form.cleaned_data["notify_on_reply"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        status = 403 if error.code in FORBIDDEN_REFUSALS else 400
        return render(request, "comments/comment_form.html", context, status=status)

    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Your comment is live."), extra_tags="public")
        return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    messages.info(
        request,
        _(
            "Your comment is waiting for a moderator. It will appear here once approved; "
            "only you have seen it so far."
        ),
        extra_tags="public",
    )
    return redirect(article.get_absolute_url() + "#comments")


@require_POST
def report_comment(request, pk):
    comment = get_object_or_404(
        Comment.objects.visible().filter(article__in=Article.objects.published()), pk=pk
    )
    form = ReportForm(request.POST)
    context = {"comment": comment, "form": form}
    if rate_limited(request, scope="comment-report", limit=REPORTS_PER_WINDOW, period=WINDOW):
        context["rate_limited"] = True
        return render(request, "comments/report_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "comments/report_form.html", context, status=400)
    if not form.is_from_a_bot():
        comment_report(
            comment=comment, reason=form.cleaned_data["reason"], ip=client_address(request)
        )
    # The same thanks for a second report from the same reader: it was counted once already.
    messages.success(
        request,
        _("Thank you. A moderator will look at the comment you reported."),
        extra_tags="public",
    )
    return redirect(f"{comment.article.get_absolute_url()}#comments")


# CSRF-exempt on purpose, and only this view: mail apps send the RFC 8058 one-click POST
# ("List-Unsubscribe=One-Click") with no cookie and no CSRF token. The signed token in the
# URL is the proof, and the most a forged request could do is stop someone's reply emails.
@csrf_exempt
# One reader's page, at an address only their email holds: nothing for a shared cache.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The "stop these emails" link in every reply email, and its List-Unsubscribe target.

    GET shows a button and changes nothing, because mail scanners open every link in a
    message; the button (or the mail app's one-click POST) turns the emails off.
    """
    comment = tokens.read_token(token)
    if comment is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    context = {"comment": comment}
    if request.method == "POST":
        commenter_stop_reply_emails(commenter=comment.commenter)
        context["done"] = True
    return render(request, "comments/unsubscribe.html", context)
