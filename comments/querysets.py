from django.db import models
from django.db.models import Exists, OuterRef, Q


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: approved, and not hidden after reports while awaiting review."""
        return self.filter(status=self.model.Status.APPROVED, is_hidden_by_reports=False)

    def on_article(self, article):
        return self.filter(article=article)

    def awaiting_moderation(self):
        """Comments a moderator must look at: held, or live but reported and not yet reviewed.

        A rejected or spam comment is never shown, so its reports need no one's attention.
        """
        from .models import CommentReport

        unreviewed_reports = CommentReport.objects.filter(comment=OuterRef("pk"), reviewed=False)
        return self.filter(
            Q(status=self.model.Status.HELD)
            | Q(status=self.model.Status.APPROVED)
            & (Q(is_hidden_by_reports=True) | Q(Exists(unreviewed_reports)))
        )
