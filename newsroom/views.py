"""Site-wide pages for machines (the sitemaps, robots.txt, the health check) and the
server error page."""

import logging

from django import db
from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, never_cache
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
# Everyone knows where Django's admin is, so naming it in robots.txt tells nobody anything;
# a paper that moved it (ADMIN_PATH) must not have the new address published there.
DEFAULT_ADMIN_PATH = "admin/"

logger = logging.getLogger(__name__)


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
    context = {
        "sitemaps": sitemaps,
        "admin_path": reverse("admin:index") if settings.ADMIN_PATH == DEFAULT_ADMIN_PATH else "",
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """200 when this process can query the database, 503 when it cannot.

    No login and no redirect to HTTPS (SECURE_REDIRECT_EXEMPT): a load balancer probes it
    over plain HTTP. never_cache keeps it out of the page cache, so each probe really asks
    the database.
    """
    try:
        with db.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    # Any database error: refused or timed out (OperationalError), or a broken connection
    # (InterfaceError, which is no OperationalError).
    except db.Error:
        logger.warning("Health check: the database is unreachable.", exc_info=True)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The friendly 500 page (with DEBUG off; DEBUG on shows Django's traceback page).

    Like Django's own server_error: no request context, so no context processors and no
    database query (the database may be what failed). Only the CSP nonce is passed, for the
    page's inline stylesheet: the page must look right even if static files are what broke.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"csp_nonce": get_nonce(request)}))
