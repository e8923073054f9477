from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import CommentQuerySet


class Commenter(models.Model):
    """A reader who comments, known by their email (never shown) and their track record."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=80)
    approved_count = models.PositiveIntegerField(_("approved comments"), default=0)
    is_banned = models.BooleanField(_("banned"), default=False)
    created_at = models.DateTimeField(_("first comment"), auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Comment(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=_("One level of replies: a reply answers a top-level comment."),
    )
    commenter = models.ForeignKey(
        Commenter, verbose_name=_("commenter"), on_delete=models.CASCADE, related_name="comments"
    )
    # The name as it was shown with this comment (a commenter may change it later).
    name = models.CharField(_("name"), max_length=80)
    body = models.TextField(_("comment"), help_text=_("Plain text as the reader typed it."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.HELD, db_index=True
    )
    hold_reason = models.CharField(_("why it was held"), max_length=200, blank=True)
    # Only a salted hash: enough for rate limits and bans, useless to locate a reader.
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True, db_index=True)
    body_hash = models.CharField(max_length=64, db_index=True, editable=False)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    is_hidden_by_reports = models.BooleanField(_("hidden after reports"), default=False)
    notify_on_reply = models.BooleanField(_("email me when someone replies"), default=False)
    # Set once the parent comment's author has been emailed about this reply: approving it
    # again, or after a rejection, must not mail them a second time.
    reply_notified_at = models.DateTimeField(
        _("reply email sent"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx")
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"

    def get_absolute_url(self):
        """The comment's anchor on its article's page, where readers find it while it is visible."""
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=300)
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    reviewed = models.BooleanField(_("reviewed"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], name="one_report_per_reader_and_comment"
            )
        ]

    def __str__(self):
        return self.reason[:60]


class BannedAddress(models.Model):
    """An email or hashed IP address whose comments are refused."""

    email = models.EmailField(_("email"), blank=True, db_index=True)
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("banned"), auto_now_add=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self):
        return self.email or self.ip_hash[:12]


class ModerationSettings(models.Model):
    """The site's comment policy: one row, edited in the admin."""

    class Mode(models.TextChoices):
        PRE = "pre", _("Pre-moderation: hold every comment")
        POST = "post", _("Post-moderation: publish at once, review after")
        TRUSTED = "trusted", _("Trusted commenters: hold newcomers until approved N times")

    mode = models.CharField(_("moderation"), max_length=20, choices=Mode, default=Mode.TRUSTED)
    trusted_after = models.PositiveSmallIntegerField(
        _("approvals before a commenter is trusted"), default=3
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"), default=14
    )
    hide_after_reports = models.PositiveSmallIntegerField(
        _("hide a comment after this many reports"), default=3
    )
    banned_words = models.TextField(
        _("banned words"), blank=True, help_text=_("One per line. Comments with them are refused.")
    )
    suspect_words = models.TextField(
        _("suspect words"), blank=True, help_text=_("One per line. Comments with them are held.")
    )

    class Meta:
        verbose_name = _("comment policy")
        verbose_name_plural = _("comment policy")

    def __str__(self):
        return str(_("Comment policy"))


class ArticleCommentPolicy(models.Model):
    """An article's own exceptions to the site's comment policy."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="comment_policy"
    )
    mode = models.CharField(
        _("moderation"),
        max_length=20,
        choices=ModerationSettings.Mode,
        blank=True,
        help_text=_("Empty: the site's policy."),
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the site's policy."),
    )

    class Meta:
        verbose_name = _("comment policy for this article")
        verbose_name_plural = _("comment policies for articles")

    def __str__(self):
        return str(self.article)
