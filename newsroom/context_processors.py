from django.conf import settings


def site(request):
    """The paper's name and tagline, shown in every page's masthead and title."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE}
