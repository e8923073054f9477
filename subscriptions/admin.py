from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Editions (composing, test sends, sending, progress) are registered in admin_editions.py.
from . import admin_editions  # noqa: F401
from .imports import ImportFileError, export_rows, subscribers_import
from .models import Consent, Delivery, Newsletter, Subscriber, Subscription


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "neighborhood", "is_public", "active_subscribers", "order"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["neighborhood"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["neighborhood"]

    def get_queryset(self, request):
        # One query for the whole list, counts included.
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count(
                    "subscriptions",
                    filter=Q(subscriptions__subscriber__status=Subscriber.Status.ACTIVE),
                )
            )
        )

    @admin.display(description=_("active subscribers"), ordering="active_count")
    def active_subscribers(self, newsletter):
        return newsletter.active_count


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = ["created_at", "source", "wording", "lists", "ip_hash"]
    readonly_fields = fields
    # Proof of consent is kept as it was given: nobody edits or adds it by hand.

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("newsletters")

    @admin.display(description=_("lists"))
    def lists(self, consent):
        return ", ".join(n.name for n in consent.newsletters.all())


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["newsletter", "created_at"]
    readonly_fields = ["created_at"]


class SubscriberForm(forms.ModelForm):
    class Meta:
        model = Subscriber
        fields = ["status"]

    def clean_status(self):
        # Staff may lift a bounce or a complaint when the reader vouches for the address
        # (a mailbox fixed, a spam click by mistake), but an unsubscribe was the reader's own
        # act: only they undo it, by signing up and confirming again.
        status = self.cleaned_data["status"]
        if (
            self.instance.pk
            and self.instance.status == Subscriber.Status.UNSUBSCRIBED
            and status in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING)
        ):
            raise forms.ValidationError(
                _(
                    "This reader unsubscribed. Only they can rejoin, by signing up again and "
                    "confirming by email."
                )
            )
        return status


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A column “email”, and optionally “lists” (newsletter names or slugs separated "
            "by “;”). The first line names the columns."
        ),
    )
    source = forms.CharField(
        label=_("Where did these people give their consent?"),
        max_length=100,
        help_text=_("E.g. “sign-up sheet at the Lantern Festival, 2026-10-12”. Kept as proof."),
    )
    wording = forms.CharField(
        label=_("What they were shown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sentence on the sheet or form they signed, if you have it."),
    )
    newsletters = forms.ModelMultipleChoiceField(
        label=_("Lists"),
        queryset=Newsletter.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For rows whose “lists” column is empty or missing."),
    )
    already_confirmed = forms.BooleanField(
        label=_("These people already confirmed, at the place named above"),
        required=False,
        help_text=_(
            "Leave unticked unless they did: they are then sent a confirmation email and "
            "receive nothing else until they click its link."
        ),
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = SubscriberForm
    list_display = ["email", "status", "lists", "created_at", "confirmed_at"]
    list_filter = ["status", "newsletters", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "created_at", "confirmed_at", "status_changed_at"]
    fields = ["email", "status", "created_at", "confirmed_at", "status_changed_at"]
    inlines = [SubscriptionInline, ConsentInline]
    actions = ["export_selected"]
    change_list_template = "admin/subscriptions/subscriber/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("newsletters")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            # Adding by hand: the address is the one thing to type.
            return ["created_at", "confirmed_at", "status_changed_at"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["email", *self.fields[1:]] if obj else ["email", "status"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["fields"] = ["email", "status"]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("lists"))
    def lists(self, subscriber):
        return ", ".join(n.name for n in subscriber.newsletters.all())

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_all_view),
                name="subscriptions_subscriber_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="subscriptions_subscriber_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self.summary()}
        extra_context["has_import_permission"] = self.has_add_permission(request)
        return super().changelist_view(request, extra_context=extra_context)

    def summary(self):
        """Counts per status and per list and status, in two queries whatever the size."""
        by_status = dict(
            Subscriber.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )
        statuses = [(label, by_status.get(value, 0)) for value, label in Subscriber.Status.choices]
        per_list = {}
        rows = (
            Subscription.objects.order_by()
            .values_list("newsletter__name", "subscriber__status")
            .annotate(n=Count("pk"))
        )
        for name, status, count in rows:
            per_list.setdefault(name, {})[status] = count
        lists = [
            (name, [counts.get(value, 0) for value in Subscriber.Status.values])
            for name, counts in sorted(per_list.items())
        ]
        return {
            "status_counts": statuses,
            "status_labels": Subscriber.Status.labels,
            "list_counts": lists,
            "subscriber_total": sum(by_status.values()),
        }

    def _csv_response(self, queryset):
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response = StreamingHttpResponse(export_rows(queryset), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        return response

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv_response(queryset)

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv_response(Subscriber.objects.all())

    def import_view(self, request):
        # Adding addresses wholesale is the managing editor's (add_subscriber).
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = SubscriberImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = subscribers_import(
                        data=form.cleaned_data["file"].read(),
                        source=form.cleaned_data["source"],
                        wording=form.cleaned_data["wording"],
                        already_confirmed=form.cleaned_data["already_confirmed"],
                        default_newsletters=form.cleaned_data["newsletters"],
                        by=request.user,
                    )
                except ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    count = report.imported_count
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d address imported.", "%(count)d addresses imported.", count
                        )
                        % {"count": count},
                    )
        else:
            form = SubscriberImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import subscribers from CSV"),
            "form": form,
            "report": report,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/subscriptions/subscriber/import.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: deliveries are the sending engine's record of what happened."""

    list_display = ["subscriber", "edition", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "edition"]
    list_select_related = ["subscriber", "edition"]
    search_fields = ["subscriber__email"]
    raw_id_fields = ["edition", "subscriber"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
