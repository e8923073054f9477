from django.db import models
from django.db.models import Exists, F, OuterRef, Q


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

    def replies_due_a_notification(self):
        """Replies whose parent comment's author asked to hear about them and has not yet.

        Both the reply and the comment it answers must be on the site (a reply under a
        comment that was taken down is not shown either). Nobody is mailed about their own
        reply, and a banned commenter gets nothing from us, by account or by address.
        """
        from .models import BannedAddress

        banned_address = BannedAddress.objects.filter(
            email__iexact=OuterRef("parent__commenter__email")
        )
        return (
            self.visible()
            .filter(
                parent__isnull=False,
                reply_notified_at__isnull=True,
                parent__status=self.model.Status.APPROVED,
                parent__is_hidden_by_reports=False,
                parent__notify_on_reply=True,
                parent__commenter__is_banned=False,
            )
            .exclude(parent__commenter=F("commenter"))
            .exclude(Exists(banned_address))
        )
