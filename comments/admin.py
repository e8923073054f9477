from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    ArticleCommentPolicy,
    BannedAddress,
    Comment,
    Commenter,
    CommentReport,
    ModerationSettings,
)
from .moderation import (
    comment_approve,
    comment_mark_spam,
    comment_reject,
    commenter_ban,
    commenter_erase,
    commenter_unban,
)
from .policy import moderation_settings

QUEUE = "waiting"
EVERYTHING = "all"


class ModerationQueueFilter(admin.SimpleListFilter):
    """The comment list opens on the queue: what needs a moderator, not the whole archive."""

    title = _("moderation")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(QUEUE, _("Needs a moderator")), (EVERYTHING, _("All comments"))]

    def value(self):
        value = super().value()
        return value if value in (QUEUE, EVERYTHING) else QUEUE

    def choices(self, changelist):
        # No "All" choice of Django's own: its link would drop the parameter, i.e. the queue.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == EVERYTHING:
            return queryset
        return queryset.awaiting_moderation()


def _commenter_count(status):
    """How many comments the row's commenter has with this status, in the list's own query."""
    counts = (
        Comment.objects.filter(commenter=OuterRef("commenter"), status=status)
        .order_by()
        .values("commenter")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


class CommentReportInline(admin.TabularInline):
    """Readers' reports, as they sent them: moderating the comment marks them reviewed."""

    model = CommentReport
    fields = ["reason", "created_at", "reviewed"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "commenter_name",
        "article_link",
        "status",
        "report_count",
        "created_at",
        "commenter_history",
    ]
    list_display_links = ["excerpt"]
    # Only articles that have comments: the whole archive would bury the filter.
    list_filter = [ModerationQueueFilter, "status", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "commenter"]
    search_fields = ["body", "name", "commenter__email"]
    # The queue is worked oldest first: whoever waited longest is answered first.
    ordering = ["created_at", "pk"]
    list_per_page = 50
    actions = ["approve", "reject", "mark_spam", "ban_commenter"]
    inlines = [CommentReportInline]
    fields = [
        "article",
        "parent",
        "commenter",
        "name",
        "body",
        "status",
        "hold_reason",
        "report_count",
        "is_hidden_by_reports",
        "created_at",
        "moderated_at",
        "moderated_by",
        "ip_hash",
    ]
    # Moderation goes through the actions, which keep commenters' approval counts and the
    # reports in step; a status typed into the form would bypass them. What a reader wrote
    # is never edited by the newsroom.
    readonly_fields = fields

    def has_add_permission(self, request):
        # Comments come from readers, through the form under each article.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting one comment would leave its commenter's approval count (which decides
        # when a newcomer is trusted) counting it; reject or mark as spam instead, or erase
        # everything a commenter wrote from the Commenter page on request.
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                history_approved=_commenter_count(Comment.Status.APPROVED),
                history_rejected=_commenter_count(Comment.Status.REJECTED),
                history_held=_commenter_count(Comment.Status.HELD),
            )
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "waiting_count": None}
        # Only for those who moderate: it is the list of what waits for them.
        if self.has_change_permission(request):
            extra_context["waiting_count"] = Comment.objects.awaiting_moderation().count()
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("name"), ordering="name")
    def commenter_name(self, comment):
        # The email helps a moderator recognise a regular; it is never shown to readers.
        return format_html("{}<br><small>{}</small>", comment.name, comment.commenter.email)

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[comment.article_id]),
            Truncator(comment.article.headline).chars(60),
        )

    @admin.display(description=_("commenter's history"))
    def commenter_history(self, comment):
        url = reverse("admin:comments_comment_changelist")
        return format_html(
            '{}<br><a href="{}?queue={}&amp;commenter__id__exact={}">{}</a>',
            _("%(approved)d approved, %(rejected)d rejected, %(held)d held")
            % {
                "approved": comment.history_approved,
                "rejected": comment.history_rejected,
                "held": comment.history_held,
            },
            url,
            EVERYTHING,
            comment.commenter_id,
            _("All their comments"),
        )

    def _run(self, request, service, queryset, singular, plural):
        try:
            count = service(comments=queryset, by=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request, ngettext(singular, plural, count) % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._run(
            request,
            comment_approve,
            queryset,
            "%(count)d comment is approved and on the site.",
            "%(count)d comments are approved and on the site.",
        )

    @admin.action(description=_("Reject selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        self._run(
            request,
            comment_reject,
            queryset,
            "%(count)d comment is rejected.",
            "%(count)d comments are rejected.",
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._run(
            request,
            comment_mark_spam,
            queryset,
            "%(count)d comment is marked as spam.",
            "%(count)d comments are marked as spam.",
        )

    @admin.action(
        description=_("Ban the commenters of selected comments (email and IP address)"),
        permissions=["change"],
    )
    def ban_commenter(self, request, queryset):
        commenters = Commenter.objects.filter(pk__in=queryset.values("commenter"), is_banned=False)
        banned = 0
        try:
            for commenter in commenters:
                commenter_ban(
                    commenter=commenter,
                    by=request.user,
                    reason=_("Banned from the moderation queue"),
                )
                banned += 1
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d commenter is banned: their next comments will be refused.",
                "%(count)d commenters are banned: their next comments will be refused.",
                banned,
            )
            % {"count": banned},
            messages.SUCCESS,
        )


@admin.register(Commenter)
class CommenterAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "comment_count", "approved_count", "is_banned", "created_at"]
    list_filter = ["is_banned"]
    search_fields = ["name", "email"]
    fields = ["name", "email", "approved_count", "is_banned", "created_at", "comments_link"]
    readonly_fields = ["email", "approved_count", "created_at", "comments_link"]
    actions = ["lift_ban", "erase_everything"]

    def has_add_permission(self, request):
        # A commenter exists because they commented.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(description=_("comments"), ordering="comment_total")
    def comment_count(self, commenter):
        return commenter.comment_total

    @admin.display(description=_("their comments"))
    def comments_link(self, commenter):
        return format_html(
            '<a href="{}?queue={}&amp;commenter__id__exact={}">{}</a>',
            reverse("admin:comments_comment_changelist"),
            EVERYTHING,
            commenter.pk,
            _("All their comments"),
        )

    def save_model(self, request, obj, form, change):
        # The "banned" box goes through the same services as the actions, so ticking it
        # bans their addresses too and unticking it lifts those bans: a ban left on their
        # email would go on refusing someone the admin shows as not banned.
        if "is_banned" in form.changed_data:
            if obj.is_banned:
                commenter_ban(commenter=obj, by=request.user, reason=_("Banned in the admin"))
            else:
                removed = commenter_unban(commenter=obj, by=request.user)
                self.message_user(request, _unban_message(1, removed), messages.SUCCESS)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Lift the ban"), permissions=["change"])
    def lift_ban(self, request, queryset):
        lifted = removed = 0
        try:
            # Every selected commenter, not only those ticked "banned": their email may be
            # banned on its own, from the list of bans.
            for commenter in queryset:
                was_banned = commenter.is_banned
                rows = commenter_unban(commenter=commenter, by=request.user)
                removed += rows
                lifted += bool(was_banned or rows)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _unban_message(lifted, removed), messages.SUCCESS)

    @admin.action(description=_("Erase everything this person wrote"), permissions=["delete"])
    def erase_everything(self, request, queryset):
        """Asks first: an erasure cannot be undone, and it takes replies to them along."""
        commenters = list(queryset.annotate(comment_total=Count("comments")))
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/comments/commenter/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase everything these people wrote?"),
                    "opts": self.opts,
                    "commenters": commenters,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "action": "erase_everything",
                },
            )
        erased = 0
        try:
            for commenter in commenters:
                erased += commenter_erase(commenter=commenter, by=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext(
                "%(people)d commenter and their %(count)d comments were erased.",
                "%(people)d commenters and their %(count)d comments were erased.",
                len(commenters),
            )
            % {"people": len(commenters), "count": erased},
            messages.SUCCESS,
        )
        return None


def _unban_message(lifted, removed):
    people = ngettext(
        "The ban on %(count)d commenter is lifted: their next comments will be accepted.",
        "The ban on %(count)d commenters is lifted: their next comments will be accepted.",
        lifted,
    ) % {"count": lifted}
    rows = ngettext(
        "%(count)d banned address was removed.",
        "%(count)d banned addresses were removed.",
        removed,
    ) % {"count": removed}
    return f"{people} {rows}"


@admin.register(BannedAddress)
class BannedAddressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "ip_hash", "reason", "created_at"]
    search_fields = ["email", "ip_hash", "reason"]
    fields = ["email", "ip_hash", "reason"]


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """The site's one comment policy row: no list to browse, no second row, no deleting."""

    fieldsets = [
        (None, {"fields": ["mode", "trusted_after", "close_after_days", "hide_after_reports"]}),
        (_("Words"), {"fields": ["banned_words", "suspect_words"]}),
    ]

    def has_add_permission(self, request):
        # The row is made with the defaults when first needed (comments.policy), so there is
        # never one to add. Answering without a query also matters: the admin asks this on
        # every page, for its sidebar.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one row is a detour: go straight to the row.
        row = moderation_settings()
        return HttpResponseRedirect(
            reverse("admin:comments_moderationsettings_change", args=[row.pk])
        )


class ArticleCommentPolicyFormSet(BaseInlineFormSet):
    """A post without this inline's management form (an article form rendered before the
    inline existed, or a script that edits only the article) leaves the policy as it is
    instead of refusing the whole article, as articles.forms.CorrectionFormSet does.
    """

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ArticleCommentPolicyInline(admin.StackedInline):
    """Shown on the article admin: this article's exceptions to the site's comment policy."""

    model = ArticleCommentPolicy
    formset = ArticleCommentPolicyFormSet
    fields = ["mode", "close_after_days"]
    extra = 0
    max_num = 1
    verbose_name_plural = _("comment policy for this article")
