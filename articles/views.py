from collections import OrderedDict
from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from newsroom.antispam import rate_limited
from photos.models import GalleryPhoto

from .forms import ErrorReportForm
from .jsonld import article_json_ld, article_summary, social_image
from .models import Article, ArticleRedirect, Author, Byline, Correction, Section
from .permissions import may_see_all, own_articles
from .querysets import RANKED_MATCHES
from .search import (
    MAX_QUERY_LENGTH,
    RankedArticles,
    SearchForm,
    highlight,
    results_are_capped,
)
from .services import error_report_submit

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

        # The newest lead story wins; on a day without one, the newest story leads. (Two
        # cheap reads off the publication index rather than one that sorts every story.)
        lead = published.filter(priority=Article.Priority.LEAD).first() or published.first()
        shown = {lead.pk} if lead else set()

        top_stories = list(
            published.filter(priority__gte=Article.Priority.TOP).exclude(pk__in=shown)[:TOP_STORIES]
        )
        shown.update(story.pk for story in top_stories)

        context.update(
            lead=lead,
            top_stories=top_stories,
            section_fronts=self.section_fronts(exclude=shown),
            # The list of the latest shows headline, section and time: no bylines to fetch.
            latest=list(Article.objects.published().for_headlines()[:LATEST_STORIES]),
        )
        return context

    def section_fronts(self, *, exclude):
        """The newest few stories of every section that has any, in one query (plus the
        bylines prefetch) however many sections and stories there are."""
        newest = (
            Article.objects.newest_per_section(STORIES_PER_SECTION, exclude=exclude)
            .for_listing()
            .order_by("section__order", "section__name", "-publish_at", "-pk")
        )
        fronts = OrderedDict()
        for article in newest:
            fronts.setdefault(article.section, []).append(article)
        return [{"section": section, "articles": stories} for section, stories in fronts.items()]


def displayed_update_time(article, corrections):
    """The "Updated" time readers see, or None: the latest material change.

    A correction or update is always material, whenever it came. A plain save counts only
    when it came UPDATE_NOTICE_AFTER or more after publication (see there).
    """
    if article.publish_at is None:
        return None
    candidates = [item.published_at for item in corrections]
    if article.updated_at - article.publish_at > UPDATE_NOTICE_AFTER:
        candidates.append(article.updated_at)
    return max(candidates, default=None)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self.with_story_parts(Article.objects.published())

    @staticmethod
    def with_story_parts(articles):
        """Everything the story page shows besides the article row (shared with the preview)."""
        # comment_policy: the comment thread reads the article's own policy, if any.
        return articles.select_related(
            "section", "lead_photo", "gallery", "comment_policy"
        ).prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
            "neighborhoods",
            Prefetch(
                "gallery__items",
                queryset=GalleryPhoto.objects.select_related("photo"),
            ),
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            withdrawn = self.withdrawn_response()
            if withdrawn is not None:
                return withdrawn
            # A slug no article has any more may be the old address of a renamed one.
            old_address = self.old_address_redirect()
            if old_address is None:
                raise
            return old_address
        # The slug alone finds the article; the date in the address must be its local
        # publication date. Any other date (a retyped link, a time-zone slip, a
        # rescheduled story) moves permanently to the one canonical address, unless the
        # exact address was another article's before this one took over its freed slug.
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return self.old_address_redirect() or redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def withdrawn_response(self):
        """410 Gone with the editor's note, for an article taken down after publication.

        Not 404: the story was public, readers followed a real link, and search engines
        should drop it rather than retry.
        """
        # Its current address or any old one it had: a link is a link.
        article = (
            Article.objects.filter(status=Article.Status.WITHDRAWN)
            .filter(Q(slug=self.kwargs["slug"]) | Q(redirects__old_path=self.requested_path()))
            .first()
        )
        if article is None:
            return None
        return render(
            self.request, "articles/article_withdrawn.html", {"article": article}, status=410
        )

    def requested_path(self):
        """The requested address in canonical form, so a hand-typed one-digit month still
        matches the old addresses recorded for renamed articles."""
        return reverse(
            "articles:detail",
            kwargs={
                "year": self.kwargs["year"],
                "month": f"{int(self.kwargs['month']):02d}",
                "day": f"{int(self.kwargs['day']):02d}",
                "slug": self.kwargs["slug"],
            },
        )

    def old_address_redirect(self):
        """A 301 to the current address of the article that used to live at this one, or None.

        Only for an article readers may see now: an unpublished or scheduled article's old
        addresses answer 404 like the article itself.
        """
        old_address = (
            ArticleRedirect.objects.filter(
                old_path=self.requested_path(), article__in=Article.objects.published()
            )
            .select_related("article")
            .first()
        )
        if old_address is None:
            return None
        return redirect(old_address.article.get_absolute_url(), permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        corrections = list(article.corrections.filter(published_at__lte=timezone.now()))
        updated_at = displayed_update_time(article, corrections)
        context.update(
            corrections=corrections,
            # Corrections and clarifications also get a line at the top of the story, so a
            # reader who stops after the first paragraph still learns it was wrong.
            latest_correction=next(
                (item for item in corrections if item.kind != Correction.Kind.UPDATE), None
            ),
            updated_at=updated_at,
            show_updated=updated_at is not None,
            article_json_ld=(
                article_json_ld(
                    article=article,
                    corrections=corrections,
                    modified_at=updated_at,
                    request=self.request,
                )
                if article.publish_at
                else ""
            ),
            # The page's meta description and its link previews (OpenGraph, Twitter card).
            summary=article_summary(article),
            social_image=social_image(article.lead_photo, self.request),
            report_form=ErrorReportForm(),
            gallery_items=list(article.gallery.items.all()) if article.gallery_id else [],
            more_news=list(
                Article.objects.published().exclude(pk=article.pk).for_headlines()[:MORE_NEWS]
            ),
        )
        return context


def can_preview(user):
    """Whether this user may see unpublished articles: staff who may edit articles."""
    return user.is_staff and user.has_perm("articles.change_article")


# Never cached: a shared cache must not hand an unpublished story to the next reader, and a
# stale copy would show an editor yesterday's draft.
@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """A draft, in-review, scheduled or withdrawn article as readers would see it, with a banner.

    One address for every unpublished state (/preview/<pk>/, since a draft has no date and
    so no permalink yet); a published article's preview sends the editor to its permalink.
    """

    def dispatch(self, request, *args, **kwargs):
        # 404, not 403, and before any lookup: the answer must be the same whether or not
        # an article with this number exists.
        if not can_preview(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        articles = Article.objects.all()
        if not may_see_all(self.request.user):
            # Contributors preview their own work, never a colleague's unpublished story:
            # the admin does not list those for them either.
            articles = own_articles(articles, self.request.user)
        return self.with_story_parts(articles)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published:
            # Not permanent: the article may be unpublished again tomorrow.
            return redirect(self.object.get_absolute_url())
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


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


# Corrections and "Report an error"

CORRECTIONS_PER_PAGE = 25
# At most this many error reports from one address per window: enough for a reader with
# several things to point out, too few for a flood. Behind a proxy, REMOTE_ADDR must be
# the reader's address (the same assumption django-axes makes for login throttling).
ERROR_REPORTS_PER_WINDOW = 5
ERROR_REPORT_WINDOW = timedelta(minutes=10)


class CorrectionListView(ListView):
    """Every correction, clarification and update on a published article, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self):
        return (
            Correction.objects.filter(
                published_at__lte=timezone.now(),
                article__in=Article.objects.published(),
            )
            .select_related("article")
            .order_by("-published_at", "-pk")
        )


@require_http_methods(["GET", "POST"])
def report_error(request, pk):
    """The "Report an error" form: shown under every published article, posted here.

    Works without JavaScript: a mistake re-renders this small page with the reader's text
    kept, and a stored report sends them back to the article with a thank-you.
    """
    article = get_object_or_404(Article.objects.published().select_related("section"), pk=pk)
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    context = {"article": article, "form": form}

    if request.method == "POST":
        if rate_limited(
            request,
            scope="error-report",
            limit=ERROR_REPORTS_PER_WINDOW,
            period=ERROR_REPORT_WINDOW,
        ):
            context["rate_limited"] = True
            return render(request, "articles/report_error.html", context, status=429)
        if form.is_valid():
            if not form.is_from_a_bot():
                error_report_submit(
                    article=article,
                    message=form.cleaned_data["message"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                )
            messages.success(
                request,
                _("Thank you. Your report has reached our editors, who will look into it."),
                extra_tags="public",
            )
            return redirect(article.get_absolute_url())
    return render(request, "articles/report_error.html", context)


# Site search

SEARCH_RESULTS_PER_PAGE = 20


class SearchView(ListView):
    """/search/?q=: the form, and the published articles that match, best first."""

    template_name = "articles/search.html"
    paginate_by = SEARCH_RESULTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.form.results()

    def paginate_queryset(self, queryset, page_size):
        # get_page(): a mistyped or out-of-range page number shows the nearest page, not a
        # 404; and only that page's articles get a highlighted snippet.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        page.object_list = list(page.object_list)
        if not isinstance(queryset, RankedArticles):
            # The simple search (SQLite): excerpts made in Python. PostgreSQL's results
            # come with their snippets, made as they are fetched.
            highlight(page.object_list, self.form.terms)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, terms=self.form.terms, **kwargs)
        context.update(
            page_query=self.form.page_query(),
            results_capped=results_are_capped(context["paginator"]),
            ranked_matches=RANKED_MATCHES,
            max_query_length=MAX_QUERY_LENGTH,
        )
        return context
