from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    # Signing up, confirming, and the signed links in every email (engineer 1).
    path("", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The public archive of sent editions (engineer 2).
    path("archive/", views.EditionArchiveView.as_view(), name="archive"),
    path("editions/<int:pk>/", views.EditionDetailView.as_view(), name="edition"),
    # Bounce and complaint reports from the mail provider (engineer 4).
    path("webhooks/bounces/", views.bounce_webhook, name="bounce_webhook"),
]
