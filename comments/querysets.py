from django.db import models


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: approved, and not hidden after reports while awaiting review."""
        return self.filter(status=self.model.Status.APPROVED, is_hidden_by_reports=False)

    def on_article(self, article):
        return self.filter(article=article)
