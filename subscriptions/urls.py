from django.urls import path  # noqa: F401 - each part of the newsletter adds its pages here

app_name = "subscriptions"

urlpatterns = []
