from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from newsroom.demo.loader import demo_paper_load


class Command(BaseCommand):
    help = (
        "Load the demo paper, The Riverside Ledger: sections, authors, drawn photos, a few "
        "weeks of articles, and the neighborhoods with their maps, associations, officers, "
        "meetings and notices. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has any article (what `make run` uses).",
        )

    def handle(self, *args, if_empty=False, verbosity=1, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The database already has articles; the demo paper was not loaded.")
            return

        def progress(message):
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            report = demo_paper_load(progress=progress)
        except Exception as error:
            # One readable line on stderr (and exit status 1) rather than a traceback; with
            # --traceback Django shows the original error too.
            raise CommandError(
                f"Could not load the demo paper: {error}. Nothing was saved."
            ) from error

        if report.anything_created:
            created = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo paper loaded: created {created}."))
        else:
            self.stdout.write("The demo paper was already loaded; nothing new was created.")
