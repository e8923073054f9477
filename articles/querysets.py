from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publication time has passed.

        Every public page, feed, sitemap, search and newsletter reads through this.
        """
        return self.filter(status="published", publish_at__lte=timezone.now())

    def in_section(self, section):
        return self.filter(section=section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def in_neighborhood(self, neighborhood):
        return self.filter(neighborhoods=neighborhood)

    def for_listing(self):
        """Everything an article card shows, fetched in a fixed number of queries."""
        from .models import Byline

        return self.select_related("section", "lead_photo").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def update(self, **kwargs):
        # The body field sanitizes plain strings itself (SanitizedProseField.get_db_prep_save);
        # a string wrapped in Value() is typed by Django as a CharField and would slip past it.
        body = kwargs.get("body")
        if isinstance(body, models.Value) and isinstance(body.value, str):
            field = self.model._meta.get_field("body")
            kwargs["body"] = models.Value(field.sanitize(body.value))
        return super().update(**kwargs)
