from django.urls import path

app_name = "neighborhoods"

urlpatterns = []
