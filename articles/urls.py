from django.urls import path, re_path

from . import feeds, views

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
    # Feeds: RSS 2.0, and Atom for the readers that prefer it, of every list of stories.
    path("feed/", feeds.PaperFeed(), name="feed"),
    path("feed/atom/", feeds.PaperAtom(), name="feed_atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionAtom(), name="section_feed_atom"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtom(), name="tag_feed_atom"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AuthorAtom(), name="author_feed_atom"),
    # A neighborhood's stories, beside its page (neighborhoods/urls.py) and its calendar.
    path("neighborhoods/<slug:slug>/feed/", feeds.NeighborhoodFeed(), name="neighborhood_feed"),
    path(
        "neighborhoods/<slug:slug>/feed/atom/",
        feeds.NeighborhoodAtom(),
        name="neighborhood_feed_atom",
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<int:pk>/report-error/", views.report_error, name="report_error"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.ArchiveYearView.as_view(), name="archive_year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
]
