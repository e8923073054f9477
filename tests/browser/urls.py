"""The site's URLs plus uploaded media, for the live server in browser tests."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom import urls as site_urls


def serve_media(request, path):
    # MEDIA_ROOT is a fresh temporary folder for each test, so read it per request.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    *site_urls.urlpatterns,
    re_path(r"^media/(?P<path>.*)$", serve_media),
]
# Keep the site's friendly error pages.
for name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, name):
        globals()[name] = getattr(site_urls, name)
