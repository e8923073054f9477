from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Neighborhood(models.Model):
    """A part of town the paper covers. The full directory (boundaries, associations,
    meetings) builds on this."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("A sentence or two readers see on its page.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighborhoods:detail", kwargs={"slug": self.slug})
