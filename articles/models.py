from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from .fields import SanitizedProseField
from .querysets import ArticleQuerySet


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of the section's page.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the navigation.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    """A byline: a staff member or an outside contributor."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    title = models.CharField(
        _("title"),
        max_length=150,
        blank=True,
        help_text=_('Shown under the byline, e.g. "Managing Editor" or "Contributor".'),
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coverage = models.CharField(
        _("areas of coverage"),
        max_length=200,
        blank=True,
        help_text=_('What this person covers, e.g. "City hall, the school board".'),
    )
    email = models.EmailField(
        _("public email"), blank=True, help_text=_("Shown on the author page for tips.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        limit_choices_to={"is_staff": True},
        help_text=_("The login of a staff member who writes under this byline."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is as long as the story and only PostgreSQL reads it, in SQL:
        # fetching it with every article cost the story page milliseconds of parsing.
        return super().get_queryset().defer("search_document")


class SearchDocumentIndex(GinIndex):
    """The GIN index of Article.search_document on PostgreSQL, a plain index elsewhere.

    SQLite knows no USING clause, and it re-creates every declared index whenever a
    migration rebuilds the table; there the column stays empty and the index costs nothing.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class Article(models.Model):
    class Status(models.TextChoices):
        # "Scheduled" is not a status of its own: it is PUBLISHED with a publish_at still
        # in the future, so one query (published()) decides visibility everywhere.
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        OPINION = "opinion", _("Opinion")
        ANALYSIS = "analysis", _("Analysis")
        LETTER = "letter", _("Letter to the editor")
        OBITUARY = "obituary", _("Obituary")
        BRIEF = "brief", _("Brief")
        SPONSORED = "sponsored", _("Sponsored")

    class Priority(models.IntegerChoices):
        # Higher wins on the home page; the newest lead story is the one at the top.
        NORMAL = 0, _("Normal")
        TOP = 1, _("Top story")
        LEAD = 2, _("Lead story")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the article's address. Changing it breaks old links."),
    )
    dek = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences under the headline, in lists and in link previews."),
    )
    body = SanitizedProseField(
        _("body"),
        blank=True,
        help_text=_("Scripts, embeds and styling are removed when the article is saved."),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name=_("authors")
    )
    tags = TaggableManager(_("tags"), through="TaggedArticle", blank=True)
    neighborhoods = models.ManyToManyField(
        "neighborhoods.Neighborhood",
        blank=True,
        related_name="articles",
        verbose_name=_("neighborhoods"),
    )
    lead_photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_of",
    )
    gallery = models.ForeignKey(
        "photos.Gallery",
        verbose_name=_("gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    kind = models.CharField(_("type of work"), max_length=20, choices=Kind, default=Kind.NEWS)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When readers first see it. Left empty, publishing sets it to now."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    priority = models.PositiveSmallIntegerField(
        _("homepage priority"),
        choices=Priority,
        default=Priority.NORMAL,
        help_text=_(
            "Lead story: the top of the home page, until a newer lead is published. "
            "Top story: in the row beside it. Normal: in its section and the latest list."
        ),
    )

    withdrawal_note = models.TextField(
        _("editor's note on withdrawal"),
        blank=True,
        help_text=_("Shown to readers who follow a link to a withdrawn article."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    # Optimistic locking: every save through the admin or a service bumps it, and a save
    # based on an older version is refused instead of overwriting someone else's work.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # What site search matches and ranks (headline, summary, bylines, tags, body text),
    # built by database triggers on PostgreSQL so that every way of writing an article,
    # its bylines or its tags keeps it current: see migration 0004. Always empty on SQLite.
    search_document = SearchVectorField(_("search document"), null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        # Undated drafts first, on every database: PostgreSQL and SQLite disagree on where
        # NULLs go in a descending sort unless told.
        ordering = [models.F("publish_at").desc(nulls_first=True), "-pk"]
        get_latest_by = "publish_at"
        permissions = [
            ("publish_article", _("Can publish, schedule, unpublish and withdraw articles")),
            ("change_others_article", _("Can edit articles by other people")),
            ("submit_article", _("Can submit articles for review")),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Readers only ever list published stories, newest first: partial indexes over just
        # those rows, in that order, let every list stop after a page's worth and let counts
        # and the archive's months read the index alone (bench: no sequential scans).
        indexes = [
            models.Index(
                fields=["-publish_at", "-id"],
                condition=models.Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(
                fields=["section", "-publish_at", "-id"],
                condition=models.Q(status="published"),
                name="article_section_published_idx",
            ),
            # Search by type of work ("opinion"): the newest of a kind without reading the
            # stories of every other kind (see ArticleQuerySet._newest_matches).
            models.Index(
                fields=["kind", "-publish_at", "-id"],
                condition=models.Q(status="published"),
                name="article_kind_published_idx",
            ),
            SearchDocumentIndex(fields=["search_document"], name="article_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="published_article_has_publish_at",
            )
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        # Permalinks carry the publication date in the paper's time zone; a draft without
        # a date has no public address yet.
        if self.publish_at is None:
            return ""
        day = timezone.localtime(self.publish_at)
        return reverse(
            "articles:detail",
            kwargs={
                "year": day.year,
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED:
            # Publishing without choosing a time means "now" (the pattern of Django's own
            # Model.clean() example); it also keeps the published_article_has_publish_at
            # constraint, validated right after clean(), from failing on an empty date.
            if self.publish_at is None:
                self.publish_at = timezone.now()
            self.validate_photos_have_alt_text()

    def validate_photos_have_alt_text(self):
        """Refuse (ValidationError) while a photo this article shows lacks alt text.

        Checked by the admin form and by articles.services.article_publish alike.
        """
        missing = self.photos_missing_alt_text()
        if missing:
            raise ValidationError(
                _(
                    "Add alt text to every photo before publishing. Photos missing it: "
                    "%(photos)s. Edit them in the photo library, then publish again."
                ),
                params={"photos": ", ".join(f"“{photo}”" for photo in missing)},
                code="photo_alt_text_missing",
            )

    def photos_missing_alt_text(self):
        """The photos this article shows readers that still lack alt text."""
        photos = []
        if self.lead_photo_id and not self.lead_photo.alt_text.strip():
            photos.append(self.lead_photo)
        if self.gallery_id:
            photos.extend(p for p in self.gallery.photos.all() if not p.alt_text.strip())
        return photos


class TaggedArticle(TaggedItemBase):
    """A tag on an article: taggit's shared tags, linked by a real foreign key.

    taggit's own TaggedItem reaches any model through an integer object_id, which PostgreSQL
    can only join to the articles' bigint key through a cast that no index serves: a tag
    page then scanned the whole archive. Search triggers read this table (migration 0006).
    """

    # The unique constraint below leads with the tag, so the foreign key's own index would
    # be a second copy of its first column.
    tag = models.ForeignKey(
        Tag,
        verbose_name=_("tag"),
        on_delete=models.CASCADE,
        related_name="tagged_articles",
        db_index=False,
    )
    content_object = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tag on an article")
        verbose_name_plural = _("tags on articles")
        # (tag, article) serves the tag pages and their counts from the index alone; the
        # foreign key's index on the article serves each article's tags.
        constraints = [
            models.UniqueConstraint(fields=["tag", "content_object"], name="unique_tag_per_article")
        ]


class Byline(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the byline.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_author_per_article")
        ]

    def __str__(self):
        return str(self.author)


class ArticleRedirect(models.Model):
    """An address an article used to have, kept so old links answer with a 301."""

    old_path = models.CharField(_("old address"), max_length=300, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.old_path


class Correction(models.Model):
    """A correction, clarification or update, shown on the article and on /corrections/."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, in plain sentences.")
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class ErrorReport(models.Model):
    """A reader's "Report an error" message, waiting for an editor in the admin."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="error_reports"
    )
    message = models.TextField(_("what is wrong"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["resolved", "-created_at", "-pk"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self):
        return f"{self.article}: {self.message[:60]}"


class ArticleTransition(models.Model):
    """One step of an article through the workflow: who moved it, from what, to what, when."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self):
        return f"{self.article}: {self.from_status} -> {self.to_status}"


class ArticleRevision(models.Model):
    """A snapshot of an article's content after a save, to compare and restore."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("content"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.article} v{self.version}"
