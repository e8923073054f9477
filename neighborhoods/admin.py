from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Association, Meeting, Neighborhood, Notice, Officer
from .services import submission_approve, submission_reject


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    # Also what the article form's neighborhood autocomplete searches.
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        (
            _("Map"),
            {
                "fields": ["boundary", "center_latitude", "center_longitude"],
                "description": _(
                    "Optional. The directory map draws the boundary; the center places the "
                    "neighborhood's label."
                ),
            },
        ),
    ]


class NeighborhoodListFilter(admin.RelatedFieldListFilter):
    """ "By neighborhood", through the association's neighborhoods."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("neighborhood")


class OfficerInline(admin.TabularInline):
    model = Officer
    fields = ["order", "name", "role", "term_start", "term_end", "email", "phone"]
    extra = 1


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    inlines = [OfficerInline]
    list_display = ["name", "neighborhood_names", "email", "phone"]
    list_filter = [("neighborhoods", NeighborhoodListFilter)]
    # Also what the meeting and notice forms' association autocomplete searches.
    search_fields = ["name", "mission", "neighborhoods__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["neighborhoods", "logo"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "neighborhoods", "mission", "logo"]}),
        (_("Contact"), {"fields": ["website", "email", "phone"]}),
        (_("Usual meetings"), {"fields": ["meeting_place", "meeting_schedule"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("neighborhoods")

    @admin.display(description=_("neighborhoods served"))
    def neighborhood_names(self, association):
        return ", ".join(neighborhood.name for neighborhood in association.neighborhoods.all())


class WhenListFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            # "Past" is whatever upcoming() is not: the one definition of a meeting over.
            return queryset.exclude(pk__in=Meeting.objects.upcoming().values("pk"))
        return queryset


class SubmissionAdmin(admin.ModelAdmin):
    """What meetings and notices share: the approval queue and its Approve/Reject actions.

    Approval only changes through the actions, which go through the services (checking the
    permission, recording the reviewer, writing the admin history). What staff enter here is
    approved at once: the model's default.
    """

    change_list_template = "admin/neighborhoods/submission_change_list.html"
    actions = ["approve", "reject"]
    submission_fields = [
        "approval",
        "submitter_name",
        "submitter_email",
        "reviewed_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = submission_fields
    list_select_related = ["association"]
    autocomplete_fields = ["association"]
    list_per_page = 50

    def has_approve_permission(self, request):
        # "May approve" is the change permission (see neighborhoods.services).
        return self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_approve_permission(request):
            extra_context["approval_queue_count"] = waiting_count()
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "approval-queue/",
                self.admin_site.admin_view(self.approval_queue_view),
                name="{}_{}_approval_queue".format(*info),
            ),
            *super().get_urls(),
        ]

    def approval_queue_view(self, request):
        """Every meeting and notice waiting for approval, the longest waiting first."""
        if not self.has_approve_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Approval queue"),
            "subtitle": None,
            "opts": self.opts,
            "meetings": Meeting.objects.awaiting_approval()
            .select_related("association")
            .order_by("created_at", "pk"),
            "notices": Notice.objects.awaiting_approval()
            .select_related("association")
            .order_by("created_at", "pk"),
        }
        return TemplateResponse(request, "admin/neighborhoods/approval_queue.html", context)

    def _review(self, request, queryset, service, *, done_message, failed_message):
        done = 0
        for submission in queryset:
            try:
                service(submission=submission, by=request.user)
            except PermissionDenied as error:
                self.message_user(
                    request,
                    failed_message % {"submission": submission, "reason": error},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext(*done_message, done) % {"count": done}, messages.SUCCESS
            )

    @admin.action(description=_("Approve: show on the site"), permissions=["approve"])
    def approve(self, request, queryset):
        self._review(
            request,
            queryset,
            submission_approve,
            done_message=(
                "%(count)d submission is approved and on the site.",
                "%(count)d submissions are approved and on the site.",
            ),
            failed_message=_("“%(submission)s” was not approved. %(reason)s"),
        )

    @admin.action(description=_("Reject: keep off the site"), permissions=["approve"])
    def reject(self, request, queryset):
        self._review(
            request,
            queryset,
            submission_reject,
            done_message=(
                "%(count)d submission is rejected.",
                "%(count)d submissions are rejected.",
            ),
            failed_message=_("“%(submission)s” was not rejected. %(reason)s"),
        )


def waiting_count():
    return Meeting.objects.awaiting_approval().count() + Notice.objects.awaiting_approval().count()


@admin.register(Meeting)
class MeetingAdmin(SubmissionAdmin):
    list_display = ["title", "association", "local_start", "is_cancelled", "approval"]
    list_filter = [
        "approval",
        WhenListFilter,
        "association",
        ("association__neighborhoods", NeighborhoodListFilter),
        "is_cancelled",
    ]
    search_fields = ["title", "place", "description", "association__name"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "association",
                    "title",
                    "starts_at",
                    "ends_at",
                    "place",
                    "description",
                    "agenda_url",
                    "is_cancelled",
                ],
                "description": _("Times are in the paper's local time."),
            },
        ),
        (_("Submission"), {"fields": SubmissionAdmin.submission_fields}),
    ]

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, meeting):
        return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


@admin.register(Notice)
class NoticeAdmin(SubmissionAdmin):
    list_display = ["title", "association", "published_on", "approval"]
    list_filter = [
        "approval",
        "association",
        ("association__neighborhoods", NeighborhoodListFilter),
    ]
    search_fields = ["title", "body", "association__name"]
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["association", "title", "body", "published_on"]}),
        (_("Submission"), {"fields": SubmissionAdmin.submission_fields}),
    ]
