from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from subscriptions.bounces import KINDS, subscriber_mark_undeliverable
from subscriptions.services import normalize_email


class Command(BaseCommand):
    help = (
        "Record that mail to an address bounced or was marked as spam: the address gets no "
        "further mail, and messages still waiting for it are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address the report is about.")
        parser.add_argument(
            "--kind",
            choices=sorted(KINDS),
            default="bounce",
            help="bounce (the mailbox does not take mail) or complaint (marked as spam).",
        )

    def handle(self, *args, email, kind, **options):
        email = email.strip()
        try:
            validate_email(normalize_email(email))
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        subscriber = subscriber_mark_undeliverable(email=email, kind=kind)
        if subscriber is None:
            # Not an error: providers report addresses long deleted from the list.
            self.stdout.write(f"No subscriber has the address {email}: nothing to do.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"{subscriber.email} is now {subscriber.get_status_display()}.")
        )
