"""Editions in the admin: compose, reorder, send a test, then send now or schedule.

Creating an edition asks only for its newsletter: subscriptions.composing.edition_create
fills it with the news, and the editor lands on the filled change form. Once sending has
begun nothing about the edition can change, since some readers already have it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .composing import edition_create
from .emails import edition_test_message
from .models import Delivery, Edition, EditionArticle, EditionMeeting, Subscriber
from .sending import OPEN_STATUSES, edition_progress, edition_send

# Sending has begun: deliveries exist and some readers may have the edition already.
LOCKED = (Edition.Status.SENDING, Edition.Status.SENT)


def is_locked(edition):
    return edition is not None and edition.pk is not None and edition.status in LOCKED


def recipients_count(edition):
    """How many addresses a send started now would go to: the list's active subscribers."""
    return Subscriber.objects.filter(
        status=Subscriber.Status.ACTIVE, subscriptions__newsletter_id=edition.newsletter_id
    ).count()


class LockedInlineMixin:
    """Inline rows become read-only, and none can be added or removed, once sending began."""

    def has_add_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_locked(obj) and super().has_delete_permission(request, obj)


class EditionArticleInline(LockedInlineMixin, admin.TabularInline):
    model = EditionArticle
    fields = ["order", "article"]
    autocomplete_fields = ["article"]
    extra = 0


class EditionMeetingInline(LockedInlineMixin, admin.TabularInline):
    model = EditionMeeting
    fields = ["order", "meeting"]
    autocomplete_fields = ["meeting"]
    extra = 0


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        help_text=_("Local time of the paper."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= timezone.now():
            raise ValidationError(
                _("Choose a time in the future, or send it now instead."), code="past"
            )
        return send_at


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter", "status", "send_at", "sent_at", "progress_summary"]
    list_filter = ["status", "newsletter"]
    list_select_related = ["newsletter"]
    search_fields = ["subject", "intro"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "status",
        "send_at",
        "sending_started_at",
        "sent_at",
        "created_by",
        "progress",
    ]
    change_form_template = "admin/subscriptions/edition/change_form.html"

    def view_on_site(self, obj):
        # Only a sent edition has a public page; the others answer 404.
        return obj.get_absolute_url() if obj.status == Edition.Status.SENT else None

    def get_queryset(self, request):
        # The list shows every row's progress: counted here in one query for the page,
        # rather than one edition_progress() call per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                deliveries_total=Count("deliveries"),
                deliveries_sent=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)
                ),
                deliveries_failed=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)
                ),
                deliveries_remaining=Count(
                    "deliveries", filter=Q(deliveries__status__in=OPEN_STATUSES)
                ),
            )
        )

    # Composing: the add form asks only for the newsletter; edition_create does the rest.

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["newsletter"]
        return ["newsletter", "subject", "preheader", "intro", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if is_locked(obj):
            return ["newsletter", "subject", "preheader", "intro", *self.readonly_fields]
        # The newsletter chose the content edition_create filled in: changing it afterwards
        # would mail one list another's news.
        return ["newsletter", *self.readonly_fields]

    def get_inlines(self, request, obj):
        return [] if obj is None else [EditionArticleInline, EditionMeetingInline]

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        return edition_create(newsletter=form.cleaned_data["newsletter"], by=request.user)

    def save_model(self, request, obj, form, change):
        if change:  # A new edition was saved, and filled, by edition_create.
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        articles, meetings = obj.items.count(), obj.meeting_items.count()
        self.message_user(
            request,
            gettext(
                "The edition was filled with %(articles)s and %(meetings)s. "
                "Reorder, remove or add, then send a test to yourself."
            )
            % {
                "articles": ngettext("%(count)d article", "%(count)d articles", articles)
                % {"count": articles},
                "meetings": ngettext("%(count)d meeting", "%(count)d meetings", meetings)
                % {"count": meetings},
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:subscriptions_edition_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The form was opened before sending began (a schedule came due while the editor
        # typed). The admin would quietly ignore the now read-only fields and report success;
        # say plainly that nothing was saved instead.
        if request.method == "POST":
            edition = self.get_object(request, object_id)
            if is_locked(edition):
                self.message_user(
                    request,
                    gettext(
                        "Sending of this edition began while you were editing: "
                        "your changes were not saved, since readers already have it."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(self._change_url(edition))
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        # A sent edition stays: it is on the public archive and its deliveries are the record
        # of who received what.
        return not is_locked(obj) and super().has_delete_permission(request, obj)

    # Progress

    @admin.display(description=_("progress"))
    def progress_summary(self, obj):
        if not obj.deliveries_total:
            return "—"
        return gettext("%(sent)d sent, %(failed)d failed, %(remaining)d remaining of %(total)d") % {
            "sent": obj.deliveries_sent,
            "failed": obj.deliveries_failed,
            "remaining": obj.deliveries_remaining,
            "total": obj.deliveries_total,
        }

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if obj is None or obj.status not in LOCKED:
            return gettext("Not sent yet.")
        return gettext(
            "%(sent)d sent, %(failed)d failed, %(skipped)d skipped (left the list), "
            "%(remaining)d remaining, of %(total)d"
        ) % edition_progress(obj)

    # Test, send now, schedule

    def has_send_permission(self, request, obj=None):
        # Sending, and a test send, are changes to the edition: the same permission, checked
        # here once so every button and URL asks the same question.
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/send-test/",
                wrap(self.send_test_view),
                name="{}_{}_send_test".format(*info),
            ),
            path(
                "<path:object_id>/send/",
                wrap(self.send_view),
                name="{}_{}_send".format(*info),
            ),
            path(
                "<path:object_id>/schedule/",
                wrap(self.schedule_view),
                name="{}_{}_schedule".format(*info),
            ),
            *super().get_urls(),
        ]

    def _edition_for_sending(self, request, object_id):
        if not self.has_send_permission(request):
            raise PermissionDenied
        return get_object_or_404(Edition.objects.select_related("newsletter"), pk=object_id)

    def _change_url(self, edition):
        return reverse("admin:subscriptions_edition_change", args=[edition.pk])

    def send_test_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        edition = self._edition_for_sending(request, object_id)
        if not request.user.email:
            self.message_user(
                request,
                gettext(
                    "Your account has no email address, so there is nowhere to send the test. "
                    "Add one under your user in the admin, then try again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(edition))
        edition_test_message(edition=edition, to=request.user.email).send()
        self.message_user(
            request,
            gettext("A test was sent to %(email)s.") % {"email": request.user.email},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(edition))

    def send_view(self, request, object_id):
        edition = self._edition_for_sending(request, object_id)
        return self._confirm_and_send(request, edition, schedule_form=None)

    def schedule_view(self, request, object_id):
        edition = self._edition_for_sending(request, object_id)
        form = ScheduleForm(
            request.POST if request.method == "POST" else None,
            initial={"send_at": timezone.localtime(edition.send_at) if edition.send_at else None},
        )
        return self._confirm_and_send(request, edition, schedule_form=form)

    def _confirm_and_send(self, request, edition, *, schedule_form):
        # edition_send() sends an edition once, from draft: a scheduled one goes out on time.
        if edition.status != Edition.Status.DRAFT:
            self.message_user(
                request,
                gettext("This edition is already scheduled, being sent or sent."),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(edition))
        scheduling = schedule_form is not None
        if request.method == "POST" and (not scheduling or schedule_form.is_valid()):
            send_at = schedule_form.cleaned_data["send_at"] if scheduling else None
            try:
                edition_send(edition=edition, by=request.user, send_at=send_at)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(self._change_url(edition))
            if scheduling:
                text = gettext("The edition will be sent on %(when)s.") % {
                    "when": timezone.localtime(send_at).strftime("%Y-%m-%d %H:%M")
                }
            else:
                text = gettext("Sending has started. Progress shows below.")
            self.message_user(request, text, messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(edition))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Schedule “%(edition)s”") % {"edition": edition}
            if scheduling
            else gettext("Send “%(edition)s”") % {"edition": edition},
            "subtitle": None,
            "opts": self.opts,
            "original": edition,
            "scheduling": scheduling,
            "form": schedule_form,
            "recipients": recipients_count(edition),
            "articles": edition.items.count(),
            "meetings": edition.meeting_items.count(),
        }
        return TemplateResponse(
            request, "admin/subscriptions/edition/send_confirmation.html", context
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {
                "can_send": obj is not None
                and obj.status == Edition.Status.DRAFT
                and self.has_send_permission(request, obj),
                "recipients": recipients_count(obj) if obj is not None else None,
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)
