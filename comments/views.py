"""The two things a reader posts about comments: a comment (or reply), and a report.

Both work without JavaScript: a refused or mistaken post re-renders a small page with the
reader's text kept; a stored one sends them back to the article with a plain message.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from newsroom.antispam import client_address, rate_limited

from .forms import CommentForm, ReportForm
from .models import Comment
from .services import comment_post, comment_report

# Enough for a reader in a lively conversation, too few for a flood. Behind a proxy,
# REMOTE_ADDR must be the reader's address (see newsroom.antispam.client_address).
COMMENTS_PER_WINDOW = 5
REPORTS_PER_WINDOW = 10
WINDOW = timedelta(minutes=10)


@require_POST
def post_comment(request, pk):
    article = get_object_or_404(Article.objects.published().select_related("comment_policy"), pk=pk)
    form = CommentForm(request.POST)
    context = {"article": article, "form": form}
    if rate_limited(request, scope="comment", limit=COMMENTS_PER_WINDOW, period=WINDOW):
        context["rate_limited"] = True
        return render(request, "comments/comment_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "comments/comment_form.html", context)
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
        return render(request, "comments/comment_form.html", context)

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
        return render(request, "comments/report_form.html", context)
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
