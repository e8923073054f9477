import sys

from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into one folder (default "
        "var/backups/<UTC time>/) with a manifest of counts and checksums; prints its path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="The folder to create for the backup; it must not exist yet.",
        )

    def handle(self, *args, output=None, verbosity=1, **options):
        def progress(message):
            # Progress on stderr: stdout carries only the path, for scripts (and make).
            if verbosity >= 1:
                print(message, file=sys.stderr, flush=True)

        try:
            path = backup_create(destination=output, progress=progress)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(str(path))
