from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from .forms import BylineFormSet, TagSuggestionsWidget
from .models import Article, Author, Byline, Section
from .services import article_publish, article_unpublish

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


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]
    fields = ["name", "slug", "title", "bio", "photo", "user"]


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = [BylineInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (
            _("Placement"),
            {"fields": ["section", "kind", "priority", "tags", "neighborhoods"]},
        ),
        (_("Photos"), {"fields": ["lead_photo", "gallery"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "comments_enabled", "created_at", "updated_at"]},
        ),
    ]
    readonly_fields = ["created_at", "updated_at"]
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
    actions = ["publish", "unpublish"]

    class Media:
        css = {"all": ["admin/css/article_form.css"]}

    def get_queryset(self, request):
        # The same fetch as a reader's article card: section, lead photo and bylines in a
        # fixed number of queries, however many rows the page lists.
        return super().get_queryset(request).for_listing()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
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

    @admin.display(description=_("photo"))
    def thumbnail(self, article):
        return thumbnail_html(article.lead_photo)

    @admin.display(description=_("byline"))
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description=_("status"), ordering="status")
    def publication_state(self, article):
        if article.status == Article.Status.PUBLISHED and article.publish_at > timezone.now():
            return _("Scheduled")
        return article.get_status_display()

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for article in queryset.select_related("gallery"):
            try:
                article_publish(article=article, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(article)s” was not published. %(reason)s")
                    % {"article": article, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article is published.",
                    "%(count)d articles are published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset:
            article_unpublish(article=article, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article is back to draft.",
                "%(count)d articles are back to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
