from collections import OrderedDict
from datetime import timedelta

from django.db.models import Case, Count, F, IntegerField, Prefetch, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, TruncMonth
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from photos.models import GalleryPhoto

from .models import Article, Author, Byline, Section

ARTICLES_PER_PAGE = 20
STORIES_PER_SECTION = 3
TOP_STORIES = 4
LATEST_STORIES = 10
MORE_NEWS = 5
# Saving an article right after publishing it (a typo fixed, a photo swapped) is not news;
# readers are told about an update only when it came a while after publication.
UPDATE_NOTICE_AFTER = timedelta(minutes=30)


class PublishedArticlesMixin:
    """The one queryset every public list starts from: what readers may see, ready for cards."""

    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published().for_listing()

        # The newest lead story wins; on a day without one, the newest story leads.
        lead = (
            published.annotate(
                is_lead=Case(
                    When(priority=Article.Priority.LEAD, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-is_lead", "-publish_at", "-pk")
            .first()
        )
        shown = {lead.pk} if lead else set()

        top_stories = list(
            published.filter(priority__gte=Article.Priority.TOP).exclude(pk__in=shown)[:TOP_STORIES]
        )
        shown.update(story.pk for story in top_stories)

        context.update(
            lead=lead,
            top_stories=top_stories,
            section_fronts=self.section_fronts(published.exclude(pk__in=shown)),
            # The list of the latest shows headline, section and time: no bylines to fetch.
            latest=list(Article.objects.published().select_related("section")[:LATEST_STORIES]),
        )
        return context

    def section_fronts(self, articles):
        """The newest few stories of every section that has any, in one query (plus the
        bylines prefetch) however many sections there are: a ROW_NUMBER() window numbers
        each section's stories and the filter keeps the first few of each."""
        ranked = (
            articles.annotate(
                rank_in_section=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank_in_section__lte=STORIES_PER_SECTION)
            .order_by("section__order", "section__name", "-publish_at", "-pk")
        )
        fronts = OrderedDict()
        for article in ranked:
            fronts.setdefault(article.section, []).append(article)
        return [{"section": section, "articles": stories} for section, stories in fronts.items()]


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section", "lead_photo", "gallery")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
                "neighborhoods",
                Prefetch(
                    "gallery__items",
                    queryset=GalleryPhoto.objects.select_related("photo"),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The slug alone finds the article; the date in the address must be its local
        # publication date. Any other date (a retyped link, a time-zone slip, a
        # rescheduled story) moves permanently to the one canonical address.
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context.update(
            show_updated=article.updated_at - article.publish_at > UPDATE_NOTICE_AFTER,
            gallery_items=list(article.gallery.items.all()) if article.gallery_id else [],
            more_news=list(
                Article.objects.published()
                .exclude(pk=article.pk)
                .select_related("section")[:MORE_NEWS]
            ),
        )
        return context


class SectionView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"
    # A tag only used on drafts so far has no public page: its name could give a story away.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArchiveIndexView(TemplateView):
    """Every year and month with published articles, and how many, newest first."""

    template_name = "articles/article_archive.html"

    def get_context_data(self, **kwargs):
        months = (
            Article.objects.published()
            .annotate(month=TruncMonth("publish_at"))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        years = OrderedDict()
        for row in months:
            year = years.setdefault(row["month"].year, {"year": row["month"].year, "count": 0})
            year.setdefault("months", []).append(row)
            year["count"] += row["count"]
        return super().get_context_data(years=list(years.values()), **kwargs)


class ArchiveDateMixin(PublishedArticlesMixin):
    date_field = "publish_at"
    # published() already hides scheduled stories; saying so again keeps the generic view
    # from offering links to months that only hold them.
    allow_future = False


class ArchiveYearView(ArchiveDateMixin, YearArchiveView):
    template_name = "articles/article_archive_year.html"
    make_object_list = True


class ArchiveMonthView(ArchiveDateMixin, MonthArchiveView):
    template_name = "articles/article_archive_month.html"
    month_format = "%m"
