import sys

from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and "
        "MEDIA_ROOT, then migrate. Refuses a database that is not empty unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup folder, e.g. var/backups/20250101T120000Z.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )

    def handle(self, *args, path, force=False, verbosity=1, **options):
        def progress(message):
            if verbosity >= 1:
                print(message, file=sys.stderr, flush=True)

        try:
            expected, found = backup_restore(source=path, force=force, progress=progress)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error

        self.stdout.write(f"Restored {path}:")
        width = max(len(name) for name in found)
        for name, count in found.items():
            self.stdout.write(f"  {name:<{width}}  {count:>8}  (backup: {expected.get(name)})")
        differing = [name for name, count in found.items() if count != expected.get(name)]
        if differing:
            raise CommandError(
                "The restored database differs from the backup's manifest in: "
                + ", ".join(differing)
            )
