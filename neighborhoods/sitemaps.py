"""Sitemaps of the neighborhood pages and of the meetings on the events calendar."""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from articles.models import Article

from .models import Meeting, Neighborhood, Notice


def _latest(queryset, field):
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


class NeighborhoodSitemap(Sitemap):
    """Every neighborhood's page: its stories, and its associations' meetings and notices."""

    def items(self):
        return Neighborhood.objects.only("slug").annotate(
            last_story=_latest(
                Article.objects.published().in_neighborhood(OuterRef("pk")), "publish_at"
            ),
            last_meeting=_latest(
                Meeting.objects.approved().filter(association__neighborhoods=OuterRef("pk")),
                "updated_at",
            ),
            last_notice=_latest(
                Notice.objects.approved().filter(association__neighborhoods=OuterRef("pk")),
                "updated_at",
            ),
        )

    def lastmod(self, neighborhood):
        # The page changes with whichever of the three came last; None for an empty page.
        changes = (neighborhood.last_story, neighborhood.last_meeting, neighborhood.last_notice)
        return max((moment for moment in changes if moment), default=None)


class MeetingSitemap(Sitemap):
    """The page of every meeting readers may see."""

    def items(self):
        return Meeting.objects.approved().only("updated_at").order_by("starts_at", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at
