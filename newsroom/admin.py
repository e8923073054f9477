from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _site_name():
    return settings.SITE_NAME


# Lazy, so the admin follows SITE_NAME wherever settings change after start-up (tests).
site_name = lazy(_site_name, str)()

admin.site.site_header = site_name
admin.site.site_title = site_name
admin.site.index_title = _("Newsroom")
