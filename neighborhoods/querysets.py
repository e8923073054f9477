from django.db import models
from django.utils import timezone


class SubmissionQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see: entered by staff, or sent by an association and approved."""
        return self.filter(approval="approved")

    def awaiting_approval(self):
        return self.filter(approval="pending")

    def for_association_of(self, neighborhood):
        return self.filter(association__neighborhoods=neighborhood).distinct()


class MeetingQuerySet(SubmissionQuerySet):
    def upcoming(self):
        """Meetings that have not ended yet (a meeting under way is still upcoming)."""
        now = timezone.now()
        return self.filter(
            models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now)
        )


class NoticeQuerySet(SubmissionQuerySet):
    pass
