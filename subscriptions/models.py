from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Newsletter(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", _("Weekly digest")
        NEIGHBORHOOD = "neighborhood", _("Neighborhood letter")
        BREAKING = "breaking", _("Breaking news")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown next to its checkbox on signup forms.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DIGEST)
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        verbose_name=_("neighborhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletters",
        help_text=_("For a neighborhood letter: whose news and meetings it carries."),
    )
    is_public = models.BooleanField(
        _("offered on signup forms"),
        default=True,
        help_text=_("Uncheck for a list readers cannot join by themselves."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="neighborhood") | models.Q(neighborhood__isnull=False),
                name="neighborhood_letter_has_neighborhood",
            )
        ]

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    # Stored normalized (subscriptions.services.normalize_email): trimmed, domain lowercased
    # and IDNA-encoded, so one mailbox is one row.
    email = models.EmailField(_("email"), max_length=254, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    newsletters = models.ManyToManyField(
        Newsletter, through="Subscription", related_name="subscribers", verbose_name=_("lists")
    )

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_list"
            )
        ]

    def __str__(self):
        return f"{self.subscriber} -> {self.newsletter}"


class Consent(models.Model):
    """Proof of a signup: when, through which form, what the reader was shown."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    source = models.CharField(
        _("where"),
        max_length=100,
        help_text=_('The form or import it came from, e.g. "home page form" or "CSV import".'),
    )
    wording = models.TextField(_("wording shown"))
    newsletters = models.ManyToManyField(Newsletter, related_name="+", verbose_name=_("lists"))
    # Only a keyed hash: enough to spot abuse from one address, useless to locate a reader.
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.subscriber} ({self.source})"


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    newsletter = models.ForeignKey(
        Newsletter, verbose_name=_("newsletter"), on_delete=models.PROTECT, related_name="editions"
    )
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The line mail apps show after the subject."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    articles = models.ManyToManyField(
        "articles.Article", through="EditionArticle", related_name="editions", blank=True
    )
    meetings = models.ManyToManyField(
        "neighborhoods.Meeting", through="EditionMeeting", related_name="editions", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("subscriptions:edition", kwargs={"pk": self.pk})


class EditionArticle(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("article in the edition")
        verbose_name_plural = _("articles in the edition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "article"], name="article_once_per_edition")
        ]

    def __str__(self):
        return str(self.article)


class EditionMeeting(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="meeting_items")
    meeting = models.ForeignKey(
        "neighborhoods.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("meeting in the edition")
        verbose_name_plural = _("meetings in the edition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "meeting"], name="meeting_once_per_edition")
        ]

    def __str__(self):
        return str(self.meeting)


class Delivery(models.Model):
    """One edition to one subscriber: written when sending starts, then worked through."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Will retry")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (left the list)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_by = models.CharField(_("worker"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="one_delivery_per_edition_and_subscriber"
            )
        ]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_progress_idx")]

    def __str__(self):
        return f"{self.edition} -> {self.subscriber}"
