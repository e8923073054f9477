from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from . import views

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # For the load balancer and uptime monitors: is this process up, can it reach the database?
    path("healthz", views.healthz, name="healthz"),
    # Neighborhoods, their associations, the events calendar and community submissions.
    path("", include("neighborhoods.urls")),
    path("newsletter/", include("subscriptions.urls")),
    path("comments/", include("comments.urls")),
    # For crawlers: the sitemap index, one sitemap per section (news: Google News), robots.txt.
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # Uploaded media in development; in production the web server serves MEDIA_ROOT.
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# The friendly page, rendered with no database and no context processors; the CSP nonce
# lets its one inline stylesheet in (see views.server_error).
handler500 = views.server_error
