from django.urls import path

from . import feeds, views

app_name = "neighborhoods"

urlpatterns = [
    path("neighborhoods/", views.NeighborhoodListView.as_view(), name="list"),
    path("neighborhoods/<slug:slug>/", views.NeighborhoodDetailView.as_view(), name="detail"),
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("events/calendar.ics", feeds.meetings_calendar, name="calendar"),
    path(
        "neighborhoods/<slug:slug>/calendar.ics",
        feeds.neighborhood_calendar,
        name="neighborhood_calendar",
    ),
    # Community submissions: stored as waiting for the newsroom's approval.
    path("community/meeting/", views.submit_meeting, name="submit_meeting"),
    path("community/notice/", views.submit_notice, name="submit_notice"),
]
