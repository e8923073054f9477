from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from articles.views import PublishedArticlesMixin

from .models import Neighborhood


class NeighborhoodListView(ListView):
    template_name = "neighborhoods/neighborhood_list.html"
    context_object_name = "neighborhoods"

    def get_queryset(self):
        # Counted through published() so the directory never hints at unpublished stories.
        published_here = (
            Article.objects.published()
            .filter(neighborhoods=OuterRef("pk"))
            .order_by()
            .values("neighborhoods")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Neighborhood.objects.annotate(
            article_count=Coalesce(Subquery(published_here, output_field=IntegerField()), 0)
        )


class NeighborhoodDetailView(PublishedArticlesMixin, ListView):
    template_name = "neighborhoods/neighborhood_detail.html"

    def get_queryset(self):
        self.neighborhood = get_object_or_404(Neighborhood, slug=self.kwargs["slug"])
        return super().get_queryset().in_neighborhood(self.neighborhood)

    def get_context_data(self, **kwargs):
        return super().get_context_data(neighborhood=self.neighborhood, **kwargs)
