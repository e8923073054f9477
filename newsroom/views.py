"""Site-wide pages for machines: the sitemaps and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles.sitemaps import ArticleSitemap, AuthorSitemap, NewsSitemap, SectionSitemap
from neighborhoods.sitemaps import MeetingSitemap, NeighborhoodSitemap

# Section name -> sitemap, each at /sitemap-<section>.xml and all listed in /sitemap.xml.
SITEMAPS = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "neighborhoods": NeighborhoodSitemap,
    "meetings": MeetingSitemap,
}
# Crawlers come back often enough; an hour's delay costs nothing, a new story is in the news
# sitemap, which is not cached for as long.
SITEMAP_CACHE_SECONDS = 60 * 60
NEWS_SITEMAP_CACHE_SECONDS = 5 * 60
ROBOTS_CACHE_SECONDS = 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap_section")


@require_safe
def sitemap_section(request, section):
    sitemap = SITEMAPS.get(section)
    if sitemap is None:
        raise Http404
    response = sitemap_views.sitemap(
        request,
        sitemaps=SITEMAPS,
        section=section,
        template_name=getattr(sitemap, "template_name", "sitemaps/sitemap.xml"),
    )
    if sitemap is NewsSitemap:
        response.context_data["publication_language"] = NewsSitemap.publication_language()
    max_age = NEWS_SITEMAP_CACHE_SECONDS if sitemap is NewsSitemap else SITEMAP_CACHE_SECONDS
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
@cache_control(public=True, max_age=ROBOTS_CACHE_SECONDS)
def robots_txt(request):
    sitemaps = [
        request.build_absolute_uri(reverse("sitemap_index")),
        request.build_absolute_uri(reverse("sitemap_section", kwargs={"section": "news"})),
    ]
    return render(
        request, "robots.txt", {"sitemaps": sitemaps}, content_type="text/plain; charset=utf-8"
    )
