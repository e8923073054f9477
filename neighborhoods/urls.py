from django.urls import path

from . import views

app_name = "neighborhoods"

urlpatterns = [
    path("neighborhoods/", views.NeighborhoodListView.as_view(), name="list"),
    path("neighborhoods/<slug:slug>/", views.NeighborhoodDetailView.as_view(), name="detail"),
]
