from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import PhotoForm, PhotoUploadSeveralForm
from .models import Gallery, GalleryPhoto, Photo
from .services import photos_upload_several

THUMBNAIL_WIDTH = 96
PREVIEW_WIDTH = 480


def rendition_img(photo, width):
    """An <img> of the rendition best suited to `width` CSS pixels; never the original.

    The admin list must not make the browser fetch twenty multi-megabyte uploads.
    """
    rendition = photo.rendition(max_width=max(width * 2, 480))
    if rendition is None:
        return format_html('<span class="photo-processing">{}</span>', _("Preview being made…"))
    height = round(width * rendition["height"] / rendition["width"])
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        rendition["url"],
        width,
        height,
        photo.alt_text,
    )


class AltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt_text"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("present", _("Written"))]

    def queryset(self, request, queryset):
        missing = Q(alt_text__regex=r"^\s*$")
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "present":
            return queryset.exclude(missing)
        return queryset


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "__str__", "credit", "has_alt_text", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [AltTextFilter, "uploaded_at", "taken_on"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "dimensions", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["preview", "image", "alt_text", "caption", "credit", "taken_on"]}),
        (_("File"), {"fields": ["dimensions", "uploaded_at"]}),
    ]
    list_per_page = 50

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return rendition_img(photo, THUMBNAIL_WIDTH)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk:
            return "—"
        return rendition_img(photo, PREVIEW_WIDTH)

    @admin.display(description=_("alt text"), boolean=True)
    def has_alt_text(self, photo):
        return bool(photo.alt_text.strip())

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        if not photo.width:
            return "—"
        return f"{photo.width} × {photo.height}"  # noqa: RUF001 - the multiplication sign

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "upload-several/",
                self.admin_site.admin_view(self.upload_several_view),
                name="{}_{}_upload_several".format(*info),
            ),
            *super().get_urls(),
        ]

    def upload_several_view(self, request):
        """Many files at once with a shared credit and caption; bad files are reported one by
        one while the good ones are saved."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = PhotoUploadSeveralForm(request.POST, request.FILES)
            if form.is_valid():
                report = photos_upload_several(
                    files=form.cleaned_data["images"],
                    caption=form.cleaned_data["caption"],
                    credit=form.cleaned_data["credit"],
                    taken_on=form.cleaned_data["taken_on"],
                )
                if report.created:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d photo uploaded. Add alt text to it before it appears "
                            "in a published article.",
                            "%(count)d photos uploaded. Add alt text to each before they "
                            "appear in a published article.",
                            len(report.created),
                        )
                        % {"count": len(report.created)},
                    )
                if not report.refused:
                    return redirect(reverse("admin:photos_photo_changelist") + "?alt_text=missing")
                # Keep the shared credit and caption so the editor can retry the refused files.
                form = PhotoUploadSeveralForm(
                    initial={
                        key: form.cleaned_data[key] for key in ("credit", "caption", "taken_on")
                    }
                )
        else:
            form = PhotoUploadSeveralForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload several photos"),
            "form": form,
            "report": report,
            "has_view_permission": self.has_view_permission(request),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/photos/photo/upload_several.html", context)


class GalleryPhotoInline(admin.TabularInline):
    model = GalleryPhoto
    fields = ["order", "photo", "thumbnail"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["photo"]
    extra = 3
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    @admin.display(description=_("preview"))
    def thumbnail(self, item):
        if not item.photo_id:
            return ""
        return rendition_img(item.photo, THUMBNAIL_WIDTH)


@admin.register(Gallery)
class GalleryAdmin(admin.ModelAdmin):
    list_display = ["title", "photo_count", "created_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GalleryPhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("items"))

    @admin.display(description=_("photos"), ordering="photo_count")
    def photo_count(self, gallery):
        return gallery.photo_count
