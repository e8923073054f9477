from functools import partial

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .renditions import SOCIAL, rendition_names
from .validators import validate_photo_file


class Photo(models.Model):
    """A picture in the paper's library. Readers only ever see its renditions."""

    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_photo_file],
        help_text=_("JPEG, PNG, WebP or GIF. Location data and other metadata are removed."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("The photographer or source.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. "
            "Required before an article using this photo can be published."
        ),
    )
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Filled by photos.tasks.generate_photo_renditions, outside any reader's request. Shape:
    # {"jpeg": [{"width", "height", "name"}, ...], "webp": [...]}, ascending by width, and
    # "social": {"width", "height", "name"} for link previews; {} until they are made. See
    # photos/renditions.py.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:60] or self.alt_text[:60] or self.image.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        from .originals import sanitized_original
        from .tasks import generate_photo_renditions

        stored_image = getattr(self, "_stored_image", None)
        stored_renditions = getattr(self, "_stored_renditions", None)
        image_is_upload = bool(self.image) and not self.image._committed
        if image_is_upload:
            # Every write path (admin, multiple upload, demo loader, shell) passes here, so
            # none can store GPS coordinates or a sideways picture.
            sanitized, (self.width, self.height) = sanitized_original(self.image.file)
            self.image = sanitized
        image_changed = image_is_upload or (self.image.name or None) != stored_image
        # Read by photos.signal_handlers on post_save, which deletes these files once the
        # transaction commits. Set before saving: post_save fires inside super().save().
        self._replaced_files = []
        if image_changed:
            # The old original and every rendition of it are replaced. The new file's
            # name is not final yet, so the handler leaves out whatever name it ends up with.
            self._replaced_files = [
                name
                for name in {
                    stored_image,
                    *rendition_names(stored_renditions),
                    *rendition_names(self.renditions),
                }
                if name
            ]
            # Renditions of the old picture must never be shown next to a new caption.
            self.renditions = {}
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "image", "width", "height", "renditions"}
        elif (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and self.renditions == stored_renditions
        ):
            # The worker writes renditions while an editor may be fixing a caption on a copy
            # loaded before it finished; saving that stale {} would lose them for good.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "renditions"
            ]

        super().save(*args, **kwargs)

        self._stored_image = self.image.name or None
        self._stored_renditions = self.renditions
        if image_changed and self.image:
            transaction.on_commit(partial(generate_photo_renditions.enqueue, self.pk), robust=True)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # Remember what is stored, so save() can tell a replaced image and clean up after it.
        stored = instance.__dict__.get("image")
        instance._stored_image = getattr(stored, "name", stored) or None
        instance._stored_renditions = instance.__dict__.get("renditions")
        return instance

    @property
    def renditions_ready(self):
        return bool((self.renditions or {}).get("jpeg"))

    @property
    def social_image(self):
        """The link-preview crop (1200x630 unless the original is smaller), or None.

        A dict with width, height, name and url (relative to the site unless MEDIA_URL is
        absolute); None until the renditions task has made it.
        """
        entry = (self.renditions or {}).get(SOCIAL)
        if not entry:
            return None
        return {**entry, "url": default_storage.url(entry["name"])}

    def rendition(self, max_width=800, kind="jpeg"):
        """The largest rendition no wider than `max_width` (or the smallest there is).

        A dict with width, height, name and url, or None before renditions exist. For
        places that need one URL rather than a <picture>: link previews, the admin.
        """
        entries = (self.renditions or {}).get(kind) or []
        if not entries:
            return None
        fitting = [entry for entry in entries if entry["width"] <= max_width]
        entry = fitting[-1] if fitting else entries[0]
        return {**entry, "url": default_storage.url(entry["name"])}


class Gallery(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    photos = models.ManyToManyField(
        Photo, through="GalleryPhoto", related_name="galleries", verbose_name=_("photos")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self):
        return self.title


class GalleryPhoto(models.Model):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="gallery_items")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        constraints = [
            models.UniqueConstraint(fields=["gallery", "photo"], name="unique_photo_per_gallery")
        ]

    def __str__(self):
        return f"{self.gallery} #{self.order}"
