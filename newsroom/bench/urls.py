"""The site's URLs plus the ceiling: a bare view returning the bytes of a real article page."""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import include, path

CEILING_PATH = "__bench__/ceiling/"


@cache
def _page():
    # Written by the benchmark from a real article page before it asks for this one.
    with open(os.environ["BENCH_CEILING_FILE"], "rb") as fp:
        return fp.read()


def ceiling(request):
    return HttpResponse(_page(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path(CEILING_PATH, ceiling),
    path("", include("newsroom.urls")),
]
