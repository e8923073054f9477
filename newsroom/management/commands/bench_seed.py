from django.core.management.base import BaseCommand, CommandError

from newsroom.bench.seed import NotABenchDatabase, Sizes, seed, summary

DEFAULTS = Sizes()


class Command(BaseCommand):
    help = (
        "Seed a large paper for the benchmark into DATABASE_URL (PostgreSQL, a database of "
        "its own: `make bench` uses newsroom_bench). Skipped when the database already holds "
        "these sizes; other sizes, or --reset, reseed it from scratch."
    )

    def add_arguments(self, parser):
        for name in ("articles", "comments", "subscribers", "photos", "years"):
            parser.add_argument(f"--{name}", type=int, default=getattr(DEFAULTS, name))
        parser.add_argument("--reset", action="store_true", help="Reseed even if already seeded.")

    def handle(self, *args, reset=False, **options):
        sizes = Sizes(**{name: options[name] for name in Sizes.__dataclass_fields__})
        if sizes.articles < 1 or sizes.years < 1:
            raise CommandError("--articles and --years must be at least 1.")
        try:
            seeded, seconds = seed(sizes=sizes, reset=reset)
        except NotABenchDatabase as error:
            raise CommandError(str(error)) from error
        if seeded:
            self.stdout.write(f"Seeded {summary(sizes)} in {seconds:.1f} s.")
        else:
            self.stdout.write(
                f"Already seeded with {summary(sizes)} (it took {seconds:.1f} s); nothing to do."
            )
