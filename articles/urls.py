from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Day and month may arrive as one digit from a hand-typed link; the view redirects
    # those to the two-digit canonical address rather than answering 404.
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{1,2})/(?P<day>[0-9]{1,2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    # Drafts have no date and so no permalink: unpublished articles are previewed by number.
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("articles/<int:pk>/report-error/", views.report_error, name="report_error"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.ArchiveYearView.as_view(), name="archive_year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
]
