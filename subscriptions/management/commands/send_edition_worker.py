from datetime import timedelta

from django.core.management.base import BaseCommand

from subscriptions.sending import CLAIM_LEASE, edition_deliver, editions_to_work_on


class Command(BaseCommand):
    help = (
        "Send editions in the foreground: the ones given, or every edition that is sending or "
        "scheduled and due. Run it after a crash to resume at once, or from cron when the task "
        "backend cannot schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition_ids", nargs="*", type=int, metavar="edition_id")
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=CLAIM_LEASE.total_seconds(),
            help=(
                "Take over messages another worker claimed longer ago than this. 0 after a "
                "crash, when no other worker is running, resumes its messages at once."
            ),
        )

    def handle(self, *args, edition_ids, lease_seconds, **options):
        lease = timedelta(seconds=lease_seconds)
        ids = edition_ids or list(editions_to_work_on().values_list("pk", flat=True))
        for edition_id in ids:
            edition = edition_deliver(edition_id=edition_id, lease=lease)
            if edition is None:
                self.stdout.write(f"Edition {edition_id}: nothing to send.")
            else:
                self.stdout.write(f"Edition {edition_id}: {edition.get_status_display()}.")
