from django.core.management.base import BaseCommand, CommandError

from photos.models import Photo
from photos.renditions import renditions_are_current
from photos.tasks import generate_photo_renditions

# A progress line every this many photos: enough to see a long run move, not a flood.
PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Queue the making of photo renditions for the worker (manage.py db_worker). With "
        "--missing, only for photos lacking some (after an upgrade added the social card, or "
        "a worker outage); without it, every photo's renditions are made again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only photos whose renditions are missing or belong to an older image.",
        )

    def handle(self, *args, missing=False, **options):
        # Only the columns the check needs; renditions can be sizeable JSON, so stream.
        photos = Photo.objects.only("pk", "image", "renditions").order_by("pk")
        total = photos.count()
        queued = skipped = 0
        failed = []
        for seen, photo in enumerate(photos.iterator(chunk_size=500), start=1):
            if not photo.image or (missing and renditions_are_current(photo)):
                skipped += 1
            else:
                try:
                    generate_photo_renditions.enqueue(photo.pk, force=not missing)
                # One photo that cannot be queued must not stop the rest.
                except Exception as error:
                    failed.append(photo.pk)
                    self.stderr.write(f"Photo {photo.pk}: {error}")
                else:
                    queued += 1
            if seen % PROGRESS_EVERY == 0:
                self.stdout.write(f"Checked {seen}/{total} photos, queued {queued}")

        self.stdout.write(
            self.style.SUCCESS(f"Queued renditions for {queued} of {total} photos")
            + (f", {skipped} already up to date" if missing else "")
        )
        if failed:
            # A non-zero exit status, so a deploy script or cron notices.
            raise CommandError(f"Could not queue {len(failed)} photos: {failed[:20]}")
