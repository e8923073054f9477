from django.contrib import admin

from .models import Neighborhood


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    # Also what the article form's neighborhood autocomplete searches.
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
