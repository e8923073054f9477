from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from comments.admin import ArticleCommentPolicyInline

from .admin_revisions import RevisionAdminMixin
from .forms import BylineFormSet, CorrectionFormSet, TagSuggestionsWidget
from .models import (
    Article,
    ArticleRedirect,
    ArticleTransition,
    Author,
    Byline,
    Correction,
    ErrorReport,
    Section,
)
from .permissions import PUBLISH, SUBMIT, may_edit, may_see_all, own_articles, statuses_for
from .services import (
    article_move,
    article_publish,
    article_publish_now,
    article_submit,
    article_unpublish,
    error_reports_resolve,
)

THUMBNAIL_WIDTH = 80
TAG_SUGGESTIONS_LIMIT = 10


def thumbnail_html(photo):
    """A small picture from the photo's smallest JPEG rendition; never the original.

    Empty until the renditions are made (see photos.renditions): the admin must not serve
    a 20-megapixel upload in a list of thumbnails.
    """
    if photo is None:
        return ""
    jpegs = (photo.renditions or {}).get("jpeg") or []
    if not jpegs:
        return ""
    smallest = jpegs[0]
    height = round(THUMBNAIL_WIDTH * smallest["height"] / smallest["width"])
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy" decoding="async">',
        default_storage.url(smallest["name"]),
        THUMBNAIL_WIDTH,
        height,
    )


class AuthorListFilter(admin.RelatedFieldListFilter):
    """ "By author", without the "no author" choice: every article carries a byline."""

    @property
    def include_empty_choice(self):
        return False

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("author")


def check_workflow_form(form, before_status, before_publish_at):
    """Refuse, with a message on the field, what would publish or withdraw by accident."""
    status = form.cleaned_data.get("status")
    if status is None:
        return
    if (
        status == Article.Status.WITHDRAWN
        and before_status != Article.Status.WITHDRAWN
        and "withdrawal_note" in form.fields
        and not form.cleaned_data.get("withdrawal_note")
    ):
        form.add_error(
            "withdrawal_note", _("Write a note for readers saying why the article was withdrawn.")
        )
    was_scheduled = (
        before_status == Article.Status.PUBLISHED
        and before_publish_at is not None
        and before_publish_at > timezone.now()
    )
    if was_scheduled and status == Article.Status.PUBLISHED and "publish_at" in form.fields:
        publish_at = form.cleaned_data.get("publish_at")
        if publish_at is None:
            form.add_error(
                "publish_at",
                _(
                    "This article is scheduled: clearing its time would publish it now. "
                    "Pick a new time, choose Draft to hold it back, or use the "
                    "“Publish now” action."
                ),
            )
        elif publish_at <= timezone.now():
            form.add_error(
                "publish_at",
                _(
                    "This time has passed: saving would publish the scheduled article at "
                    "once. Pick a future time, or use the “Publish now” action."
                ),
            )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "coverage", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "title", "coverage"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]
    fields = ["name", "slug", "title", "bio", "coverage", "email", "photo", "user"]


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old addresses, recorded when a published article's slug or date changes.

    Read-only: they are kept automatically (articles.signal_handlers), and an address typed by
    hand could shadow a live one. Deleting one is allowed, for an address that should 404.
    """

    list_display = ["old_path", "article", "current_address", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_path", "article__headline"]
    fields = ["old_path", "article", "current_address", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("redirects to"))
    def current_address(self, redirect):
        if not redirect.article.is_published:
            return _("Nowhere while the article is not published (readers get 404)")
        return redirect.article.get_absolute_url()


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["author", "order"]
    autocomplete_fields = ["author"]
    extra = 0
    # Every article carries at least one byline; the admin shows one empty row to fill.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        # min_num alone only adds the row; validate_min also refuses a save that removed them all.
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


class CorrectionInline(admin.StackedInline):
    """Corrections, clarifications and updates, added on the change page of an article.

    Not on the add page: a story not yet written has nothing to correct.
    """

    model = Correction
    formset = CorrectionFormSet
    fields = ["kind", "text", "published_at"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # inlineformset_factory makes a new class on every call: this stays with this request.
        formset.written_by = request.user
        return formset

    def has_view_permission(self, request, obj=None):
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj):
        return obj is not None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and super().has_delete_permission(request, obj)


@admin.register(Article)
class ArticleAdmin(RevisionAdminMixin, admin.ModelAdmin):
    inlines = [BylineInline, CorrectionInline, ArticleCommentPolicyInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (
            _("Placement"),
            {"fields": ["section", "kind", "priority", "tags", "neighborhoods"]},
        ),
        (_("Photos"), {"fields": ["lead_photo", "gallery"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publication_state",
                    "publish_at",
                    "withdrawal_note",
                    "comments_enabled",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Readers"), {"fields": ["open_error_reports"]}),
    ]
    readonly_fields = ["publication_state", "created_at", "updated_at", "open_error_reports"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_photo", "gallery", "neighborhoods"]

    list_display = [
        "thumbnail",
        "headline",
        "byline_names",
        "section",
        "kind",
        "publication_state",
        "publish_at",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", "section", "kind", ("authors", AuthorListFilter)]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "publish_at"
    list_per_page = 50
    actions = ["submit_for_review", "publish", "publish_now", "unpublish"]

    class Media:
        css = {"all": ["admin/css/article_form.css"]}

    def get_queryset(self, request):
        # The same fetch as a reader's article card: section, lead photo and bylines in a
        # fixed number of queries, however many rows the page lists.
        articles = super().get_queryset(request).for_listing()
        if not may_see_all(request.user):
            # Contributors and reporters work on their own stories and see no one else's.
            articles = own_articles(articles, request.user)
        return articles

    # Workflow: who sees which articles, which statuses they may choose, and every status
    # change going through the services, so the form and the actions keep the same record.

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit(request.user, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def has_submit_permission(self, request):
        return request.user.has_perm(SUBMIT)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(PUBLISH):
            # The date decides when readers see a story: only someone who may publish sets it.
            readonly += ["publish_at", "withdrawal_note"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        before = obj if obj is not None else Article()
        allowed = statuses_for(request.user, before)
        # Copied now: the form's instance is this same object, changed once the form is valid.
        before_status, before_publish_at = before.status, before.publish_at

        class WorkflowForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                status = self.fields.get("status")
                if status is not None:
                    status.choices = [c for c in status.choices if c[0] in allowed]

            def clean(self):
                cleaned_data = super().clean()
                check_workflow_form(self, before_status, before_publish_at)
                return cleaned_data

        WorkflowForm.__name__ = form_class.__name__
        return WorkflowForm

    def save_model(self, request, obj, form, change):
        wanted = obj.status
        if not change:
            obj.created_by = request.user
        # The form's status is a request: the article is saved as it was, then moved by the
        # same service an action would use, which checks, records the step and logs it.
        before_status = form.initial.get("status", Article.Status.DRAFT)
        obj.status = before_status if change else Article.Status.DRAFT
        if obj.status == Article.Status.PUBLISHED and obj.publish_at is None:
            # Unpublishing with the date cleared: the date is kept, as article_unpublish
            # keeps it, so publishing again restores the same permalink.
            obj.publish_at = form.initial.get("publish_at")
        super().save_model(request, obj, form, change)
        if wanted != obj.status:
            article_move(article=obj, by=request.user, to_status=wanted)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if str(object_id).isdigit():
            extra_context["workflow_transitions"] = list(
                ArticleTransition.objects.filter(article_id=object_id).select_related("by")
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_publish_permission(request):
            extra_context["review_queue_count"] = Article.objects.filter(
                status=Article.Status.REVIEW
            ).count()
        return super().changelist_view(request, extra_context)

    def review_queue_view(self, request):
        """Articles waiting for an editor, the longest waiting first."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        waiting = (
            Article.objects.filter(status=Article.Status.REVIEW)
            .for_listing()
            .annotate(
                submitted_at=Max(
                    "transitions__at", filter=Q(transitions__to_status=Article.Status.REVIEW)
                )
            )
            .order_by(Coalesce("submitted_at", "updated_at").asc(), "pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review queue"),
            "subtitle": None,
            "opts": self.opts,
            "articles": waiting,
        }
        return TemplateResponse(request, "admin/articles/article/review_queue.html", context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "review-queue/",
                self.admin_site.admin_view(self.review_queue_view),
                name="{}_{}_review_queue".format(*info),
            ),
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions_view),
                name="{}_{}_tag_suggestions".format(*info),
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            info = self.admin_site.name, self.opts.app_label, self.opts.model_name
            kwargs["widget"] = TagSuggestionsWidget(
                suggestions_url=reverse("{}:{}_{}_tag_suggestions".format(*info)),
                attrs={"class": "vTextField"},
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def tag_suggestions_view(self, request):
        """Names of existing tags matching `term`, those starting with it first, as JSON."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()
        names = []
        if term:
            names = list(
                Tag.objects.filter(name__icontains=term)
                .annotate(
                    starts_with_term=Case(
                        When(name__istartswith=term, then=Value(0)),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                )
                .order_by("starts_with_term", Lower("name"))
                .values_list("name", flat=True)[:TAG_SUGGESTIONS_LIMIT]
            )
        return JsonResponse({"results": names})

    def view_on_site(self, article):
        # Drafts and scheduled articles have no public page yet: no link rather than a 404.
        return article.get_absolute_url() if article.is_published else None

    @admin.display(description=_("open error reports"))
    def open_error_reports(self, article):
        if article.pk is None:
            return "—"
        count = article.error_reports.filter(resolved=False).count()
        url = reverse("admin:articles_errorreport_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;resolved__exact=0">{}</a>',
            url,
            article.pk,
            ngettext(
                "%(count)d report from readers waiting",
                "%(count)d reports from readers waiting",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("photo"))
    def thumbnail(self, article):
        return thumbnail_html(article.lead_photo)

    @admin.display(description=_("byline"))
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=_("status"), ordering="status")
    def publication_state(self, article):
        if article.status == Article.Status.PUBLISHED and article.publish_at > timezone.now():
            return _("Scheduled for %(time)s") % {
                "time": formats.date_format(
                    timezone.localtime(article.publish_at), "DATETIME_FORMAT"
                )
            }
        return article.get_status_display()

    def _run_workflow_action(self, request, queryset, service, *, failed, succeeded):
        """Apply a service to each selected article; name each one it refused, and why."""
        done = 0
        for article in queryset.select_related("gallery"):
            try:
                service(article=article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                self.message_user(
                    request,
                    failed % {"article": article, "reason": reason},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(*succeeded, done) % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Submit selected articles for review"), permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._run_workflow_action(
            request,
            queryset,
            article_submit,
            failed=_("“%(article)s” was not submitted. %(reason)s"),
            succeeded=(
                "%(count)d article is waiting for review.",
                "%(count)d articles are waiting for review.",
            ),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run_workflow_action(
            request,
            queryset,
            article_publish,
            failed=_("“%(article)s” was not published. %(reason)s"),
            succeeded=("%(count)d article is published.", "%(count)d articles are published."),
        )

    @admin.action(
        description=_("Publish selected articles now, scheduled ones too"),
        permissions=["publish"],
    )
    def publish_now(self, request, queryset):
        self._run_workflow_action(
            request,
            queryset,
            article_publish_now,
            failed=_("“%(article)s” was not published. %(reason)s"),
            succeeded=(
                "%(count)d article is on the site now.",
                "%(count)d articles are on the site now.",
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run_workflow_action(
            request,
            queryset,
            article_unpublish,
            failed=_("“%(article)s” was not unpublished. %(reason)s"),
            succeeded=(
                "%(count)d article is back to draft.",
                "%(count)d articles are back to draft.",
            ),
        )


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Readers' "Report an error" messages. Editors read them and mark them resolved.

    What the reader wrote is kept as sent: editors can only mark a report resolved or not.
    """

    list_display = ["excerpt", "article_link", "created_at", "resolved"]
    list_display_links = ["excerpt"]
    list_filter = ["resolved"]
    list_select_related = ["article"]
    search_fields = ["message", "name", "email", "article__headline"]
    date_hierarchy = "created_at"
    fields = ["article_link", "message", "name", "email", "created_at", "resolved"]
    readonly_fields = ["article_link", "message", "name", "email", "created_at"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        # Reports come from readers, through the form under each article.
        return False

    @admin.display(description=_("what is wrong"))
    def excerpt(self, report):
        return Truncator(report.message).chars(80)

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, report):
        article = report.article
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not article.is_published:
            return format_html('<a href="{}">{}</a>', change_url, article.headline)
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            change_url,
            article.headline,
            article.get_absolute_url(),
            _("on the site"),
        )

    @admin.action(description=_("Mark resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = error_reports_resolve(reports=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d report is marked resolved.",
                "%(count)d reports are marked resolved.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
