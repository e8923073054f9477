import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .geo import validate_boundary
from .querysets import MeetingQuerySet, NoticeQuerySet


class Neighborhood(models.Model):
    """A part of town the paper covers."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("A sentence or two readers see on its page.")
    )
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        validators=[validate_boundary],
        help_text=_(
            "Optional. A GeoJSON Polygon or MultiPolygon geometry in longitude/latitude, "
            "as exported by geojson.io or QGIS; the directory map is drawn from it."
        ),
    )
    center_latitude = models.DecimalField(
        _("center latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    center_longitude = models.DecimalField(
        _("center longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighborhoods:detail", kwargs={"slug": self.slug})


class Approval(models.TextChoices):
    """Community submissions wait for staff; what staff enter is approved at once."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Association(models.Model):
    """A neighborhood association: the residents' voice for one or more neighborhoods."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    neighborhoods = models.ManyToManyField(
        Neighborhood, related_name="associations", verbose_name=_("neighborhoods served")
    )
    mission = models.TextField(_("mission"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    meeting_place = models.CharField(
        _("usual meeting place"), max_length=200, blank=True, help_text=_("e.g. Eastbank Library")
    )
    meeting_schedule = models.CharField(
        _("usual meeting time"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Second Tuesday of the month, 7 p.m."'),
    )
    logo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self):
        return self.name


class Officer(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=150, help_text=_('e.g. "President", "Administrative Vice President"')
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="officer_term_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Submission(models.Model):
    """What a meeting and a notice share: approval, and who sent it from the public form."""

    approval = models.CharField(
        _("approval"), max_length=20, choices=Approval, default=Approval.APPROVED, db_index=True
    )
    submitter_name = models.CharField(_("submitted by"), max_length=150, blank=True)
    submitter_email = models.EmailField(_("submitter's email"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Meeting(Submission):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda_url = models.URLField(_("agenda link"), blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # iCalendar: a calendar app knows an event by its UID for ever, and takes a change only
    # when SEQUENCE grows.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    # What a subscribed calendar shows of a meeting (neighborhoods.feeds): a change to any of
    # them must raise SEQUENCE, or calendar apps may keep the old version.
    CALENDAR_FIELDS = (
        "association_id",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "description",
        "agenda_url",
        "is_cancelled",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        shown = self.CALENDAR_FIELDS
        if update_fields is not None:
            # save(update_fields=...) names a foreign key either way: "association" or "_id".
            saved = {*update_fields, *(f"{name}_id" for name in update_fields)}
            shown = [name for name in shown if name in saved]
        if not self._state.adding and self.pk is not None and shown:
            # Compared with the stored row, not with what this instance was loaded with, so a
            # stale copy still counts on from the real SEQUENCE.
            stored = type(self)._base_manager.filter(pk=self.pk).values("sequence", *shown).first()
            if stored is not None and any(stored[name] != getattr(self, name) for name in shown):
                self.sequence = max(self.sequence, stored["sequence"]) + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("neighborhoods:meeting", kwargs={"pk": self.pk})


class Notice(Submission):
    """A letter or announcement from an association, printed as it was sent."""

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    published_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("neighborhoods:notice", kwargs={"pk": self.pk})
