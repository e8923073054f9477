"""Seeds a large newsroom for `make bench`: `manage.py bench_seed` is a thin wrapper around this.

The handful of small tables (sections, authors, neighborhoods, newsletters, a few real
photos) go through the ORM; everything counted in thousands goes through PostgreSQL's COPY,
about a hundred times faster than INSERTs. The whole seed is one transaction, and every
content table is truncated at its start, so COPY can write rows already frozen (no
vacuum or hint-bit rewrite pass later) and a failure leaves the database as it was.

The sizes seeded are recorded in a table of their own (`newsroom_bench_seed`); asking again
for the same sizes does nothing, asking for others reseeds. A database with articles but no
such record is someone's real paper, and is refused.
"""

import hashlib
import json
import random
import sys
import time
from dataclasses import asdict
from datetime import timedelta

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import Article, Author, Byline, Section, TaggedArticle
from comments.models import Comment, Commenter
from neighborhoods.models import Neighborhood
from newsroom.demo.data import NEIGHBORHOODS, PHOTOS, SECTIONS
from newsroom.demo.drawing import draw_scene
from photos.models import Photo
from photos.renditions import generate_renditions
from subscriptions.models import Newsletter, Subscriber, Subscription

from .sizes import Sizes
from .text import Prose

__all__ = ["NotABenchDatabase", "Sizes", "seed", "seeded_sizes", "summary"]

MARKER_TABLE = "newsroom_bench_seed"
# Apps whose tables the seed owns: truncated before seeding, filled by it.
SEEDED_APPS = ("articles", "photos", "neighborhoods", "comments", "subscriptions", "taggit")
# Real image files behind the photo rows: every photo row points at one of these, so pages
# show real renditions without drawing thousands of pictures.
REAL_PHOTOS = 6
# Seeded on purpose: the same paper every run, so runs compare.
SEED = 20_260_101

FIRST_NAMES = (  # noqa: SIM905 - reads better as prose
    "Ada Ben Carla Dev Elena Farid Grace Hector Imani Jonah Keiko Luis Maya Nils Omar Priya "
    "Quinn Rosa Sam Tomas Uma Victor Wren Yusuf Zoe"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Abbott Baptiste Chen Delgado Eriksen Fischer Gallagher Haddad Ibarra Jensen Kowalczyk "
    "Lindqvist Mbeki Novak Okafor Petrov Quist Rahman Sorensen Tran Underwood Vega Whitlock"
).split()
# Share of the archive per section, in SECTIONS' order: city hall and the neighborhoods'
# news fill a community paper; obituaries and opinion less so.
SECTION_WEIGHTS = (20, 15, 14, 18, 10, 9, 8, 6)


def progress(message):
    print(message, file=sys.stderr, flush=True)


class NotABenchDatabase(Exception):
    pass


def seeded_sizes():
    """The sizes this database was seeded with (a dict with the seeding time), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT sizes, seconds FROM {MARKER_TABLE} ORDER BY seeded_at DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    sizes, seconds = row
    return {**(json.loads(sizes) if isinstance(sizes, str) else sizes), "seconds": seconds}


def seed(*, sizes, reset=False):
    """Fill the database with `sizes`; returns (seeded: bool, seconds: float).

    Does nothing when the database already holds exactly these sizes, unless `reset`.
    """
    if connection.vendor != "postgresql":
        raise NotABenchDatabase("The benchmark seeds PostgreSQL only (it uses COPY).")
    recorded = seeded_sizes()
    if recorded is not None and not reset:
        wanted = asdict(sizes)
        if {key: recorded.get(key) for key in wanted} == wanted:
            return False, recorded["seconds"]
    if recorded is None and Article.objects.exists():
        raise NotABenchDatabase(
            f"{connection.settings_dict['NAME']} already has articles that the benchmark did not "
            "seed; point DATABASE_URL at a database of its own (make bench uses newsroom_bench)."
        )
    started = time.perf_counter()
    with transaction.atomic():
        _Seeder(sizes).run()
        seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {MARKER_TABLE} (sizes, seconds, seeded_at) VALUES (%s, %s, now())",  # noqa: S608
                [json.dumps(asdict(sizes)), seconds],
            )
    _analyze()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MARKER_TABLE} SET seconds = %s", [seconds])  # noqa: S608
    progress(f"Seeded in {seconds:.1f} s.")
    return True, seconds


def _analyze():
    # VACUUM as well as ANALYZE: fresh statistics for the planner, and a visibility map
    # so index-only scans work as they would on a paper that has been running for years.
    step = time.perf_counter()
    tables = _seeded_tables()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    progress(f"VACUUM ANALYZE: {time.perf_counter() - step:.1f} s")


def _seeded_tables():
    tables = set()
    for label in SEEDED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(connection.ops.quote_name(model._meta.db_table))
    existing = set(connection.introspection.table_names())
    return sorted(table for table in tables if table.strip('"') in existing)


class _Seeder:
    def __init__(self, sizes):
        self.sizes = sizes
        self.rng = random.Random(SEED)  # noqa: S311 - made-up data, nothing secret
        self.prose = Prose(self.rng)
        self.now = timezone.now().replace(microsecond=0)

    def run(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
                "(sizes jsonb NOT NULL, seconds double precision, seeded_at timestamptz NOT NULL)"
            )
            cursor.execute(f"TRUNCATE {', '.join(_seeded_tables())} RESTART IDENTITY CASCADE")
            # Replica mode skips ordinary triggers, foreign-key checks included: the rows
            # below are made consistent by construction, and per-row triggers (the search
            # document's, fired by every byline and tag) would cost more than the COPY.
            # They are replayed once, per article, at the end (_refresh_triggered_columns).
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            self.replica = cursor.fetchone()[0]
            if self.replica:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.cursor = cursor
            self.sections = self._sections()
            self.authors = self._authors()
            self.neighborhoods = self._neighborhoods()
            self.newsletters = self._newsletters()
            self.photo_ids = self._photos()
            self._articles()
            self._bylines()
            self._tags()
            self._article_neighborhoods()
            self._comments()
            self._subscribers()
            if self.replica:
                cursor.execute("SET LOCAL session_replication_role = origin")
                self._refresh_triggered_columns()

    # The small tables, through the ORM.

    def _sections(self):
        return Section.objects.bulk_create(
            Section(order=index, **item) for index, item in enumerate(SECTIONS)
        )

    def _authors(self):
        count = 60
        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        self.rng.shuffle(names)
        titles = ["Staff Writer"] * 6 + ["Reporter"] * 3 + ["Contributor", "Columnist", "Editor"]
        return Author.objects.bulk_create(
            Author(
                name=name,
                slug=slugify(name),
                title=self.rng.choice(titles),
                bio=self.prose.sentence(),
            )
            for name in names[:count]
        )

    def _neighborhoods(self):
        fields = {field.name for field in Neighborhood._meta.concrete_fields}
        return Neighborhood.objects.bulk_create(
            Neighborhood(**{key: value for key, value in item.items() if key in fields})
            for item in NEIGHBORHOODS
        )

    def _newsletters(self):
        return Newsletter.objects.bulk_create(
            [
                Newsletter(name="The Weekly Ledger", slug="weekly", kind=Newsletter.Kind.DIGEST),
                Newsletter(name="Breaking news", slug="breaking", kind=Newsletter.Kind.BREAKING),
                Newsletter(
                    name=f"{self.neighborhoods[0].name} letter",
                    slug="neighborhood-letter",
                    kind=Newsletter.Kind.NEIGHBORHOOD,
                    neighborhood=self.neighborhoods[0],
                ),
            ]
        )

    def _photos(self):
        """A few real pictures with real renditions; the other rows share their files."""
        total = self.sizes.photos
        if not total:
            return []
        step = time.perf_counter()
        scenes = [spec["scene"] for spec in PHOTOS.values()]
        templates = []
        for index in range(min(REAL_PHOTOS, total)):
            name = f"photos/bench/bench-{index}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(
                    name, ContentFile(draw_scene(scenes[index % len(scenes)], seed=index))
                )
            with default_storage.open(name) as fp:
                width, height = Image.open(fp).size
            templates.append(
                Photo(
                    image=name,
                    width=width,
                    height=height,
                    caption=self.prose.sentence(),
                    credit="Bench Photographer",
                    alt_text=self.prose.sentence(6, 12),
                )
            )
        # bulk_create, not save(): save() would queue a rendition task for each.
        templates = Photo.objects.bulk_create(templates)
        for photo in templates:
            generate_renditions(photo)
        progress(f"photos: {len(templates)} real pictures drawn and rendered")

        def rows():
            for pk in range(len(templates) + 1, total + 1):
                template = templates[pk % len(templates)]
                uploaded = self._past(self.sizes.years)
                yield (
                    pk,
                    template.image.name,
                    template.width,
                    template.height,
                    self.prose.sentence(),
                    "Bench Photographer",
                    self.prose.sentence(6, 12),
                    uploaded.date(),
                    uploaded,
                    json.dumps(template.renditions),
                )

        columns = "id image width height caption credit alt_text taken_on uploaded_at renditions"
        self._copy(Photo, columns, rows(), total - len(templates), started=step)
        self._reset_sequence(Photo)
        return list(range(1, total + 1))

    # The big tables, through COPY.

    def _past(self, years):
        return self.now - timedelta(seconds=self.rng.random() * years * 365.25 * 86400)

    def _articles(self):
        """Articles in publication order over the years, so ids grow with time as in life."""
        total, rng = self.sizes.articles, self.rng
        span = self.sizes.years * 365.25 * 86400
        moments = sorted(rng.random() for _ in range(total))
        section_ids = [section.pk for section in self.sections]
        kinds_by_section = {
            section.pk: {"opinion": Article.Kind.OPINION, "obituaries": Article.Kind.OBITUARY}.get(
                section.slug
            )
            for section in self.sections
        }
        # (id, publish_at) of what readers may see, for the comments.
        self.visible = []

        def rows():
            for pk, moment in enumerate(moments, start=1):
                published = self.now - timedelta(seconds=(1 - moment) * span + 3600)
                roll = rng.random()
                status, publish_at = Article.Status.PUBLISHED, published
                if roll > 0.995:  # scheduled: published, but not yet
                    publish_at = self.now + timedelta(hours=rng.uniform(1, 24 * 30))
                elif roll > 0.99:
                    status = Article.Status.WITHDRAWN
                elif roll > 0.985:
                    status, publish_at = Article.Status.REVIEW, None
                elif roll > 0.97:
                    status, publish_at = Article.Status.DRAFT, None
                section_id = rng.choices(section_ids, weights=SECTION_WEIGHTS)[0]
                kind = kinds_by_section[section_id] or (
                    Article.Kind.BRIEF if rng.random() < 0.1 else Article.Kind.NEWS
                )
                priority = rng.choices((2, 1, 0), weights=(1, 4, 95))[0]
                comments_enabled = rng.random() < 0.9
                headline = self.prose.headline()
                created = published - timedelta(hours=rng.uniform(1, 72))
                updated = published + timedelta(hours=rng.uniform(0, 48) if roll < 0.1 else 0)
                visible = status == Article.Status.PUBLISHED and publish_at <= self.now
                if visible and comments_enabled:
                    self.visible.append((pk, publish_at))
                yield (
                    pk,
                    headline[:200],
                    f"{slugify(headline)[:180]}-{pk}",
                    self.prose.sentence(12, 30),
                    self.prose.paragraphs(),
                    section_id,
                    rng.choice(self.photo_ids) if self.photo_ids and rng.random() < 0.7 else None,
                    kind,
                    status,
                    publish_at,
                    created,
                    updated,
                    comments_enabled,
                    priority,
                    "Withdrawn at the subject's request." if status == "withdrawn" else "",
                    1,
                )

        columns = (
            "id headline slug dek body section_id lead_photo_id kind status publish_at "
            "created_at updated_at comments_enabled priority withdrawal_note version"
        )
        self._copy(Article, columns, rows(), total)
        self._reset_sequence(Article)

    def _bylines(self):
        rng = self.rng
        author_ids = [author.pk for author in self.authors]
        # A few staff writers carry most of the paper; contributors write now and then.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(author_ids))]
        total = self.sizes.articles

        def rows():
            for article_id in range(1, total + 1):
                count = 2 if rng.random() < 0.15 else 1
                chosen = set(rng.choices(author_ids, weights=weights, k=count))
                for order, author_id in enumerate(chosen):
                    yield article_id, author_id, order

        self._copy(Byline, "article_id author_id order", rows(), int(total * 1.15))

    def _tags(self):
        from taggit.models import Tag

        rng = self.rng
        count = max(50, self.sizes.articles // 50)
        names = set()
        vocabulary = self.prose.vocabulary[40:3000]
        while len(names) < count:
            names.add(" ".join(rng.sample(vocabulary, rng.choice((1, 2, 2, 3)))))
        slugs = set()
        tag_rows = []
        for pk, name in enumerate(sorted(names), start=1):
            slug = slugify(name)
            while slug in slugs:
                slug = f"{slug}-{pk}"
            slugs.add(slug)
            tag_rows.append((pk, name, slug))
        self._copy(Tag, "id name slug", tag_rows, len(tag_rows))
        self._reset_sequence(Tag)
        self.tag_count = len(tag_rows)

        tag_ids = list(range(1, len(tag_rows) + 1))
        weights = [1 / rank for rank in range(1, len(tag_ids) + 1)]
        total = self.sizes.articles

        def rows():
            for article_id in range(1, total + 1):
                chosen = set(rng.choices(tag_ids, weights=weights, k=rng.randint(0, 4)))
                for tag_id in chosen:
                    yield tag_id, article_id

        self._copy(TaggedArticle, "tag_id content_object_id", rows(), total * 2)

    def _article_neighborhoods(self):
        rng = self.rng
        ids = [neighborhood.pk for neighborhood in self.neighborhoods]
        through = Article.neighborhoods.through
        total = self.sizes.articles

        def rows():
            for article_id in range(1, total + 1):
                roll = rng.random()
                count = 2 if roll < 0.1 else 1 if roll < 0.45 else 0
                for neighborhood_id in rng.sample(ids, count):
                    yield article_id, neighborhood_id

        self._copy(through, "article_id neighborhood_id", rows(), int(total * 0.55))

    def _comments(self):
        total, rng = self.sizes.comments, self.rng
        if not total or not self.visible:
            return
        commenter_count = max(100, total // 20)
        first_names = FIRST_NAMES + LAST_NAMES

        def commenter_rows():
            for pk in range(1, commenter_count + 1):
                name = f"{rng.choice(first_names)} {rng.choice(LAST_NAMES)[0]}."
                yield pk, f"reader{pk}@comments.bench.example.org", name, 0, False, self.now

        columns = "id email name approved_count is_banned created_at"
        self._copy(Commenter, columns, commenter_rows(), commenter_count)
        self._reset_sequence(Commenter)

        # Some stories draw a crowd, most a few remarks: heavy-tailed, but capped so one
        # article's page stays a page (a thread is never paginated).
        weights = [min(rng.paretovariate(1.5), 30.0) for _ in self.visible]
        per_article = [0] * len(self.visible)
        for index in rng.choices(range(len(self.visible)), weights=weights, k=total):
            per_article[index] += 1
        bodies = []
        for _ in range(20_000):
            body = " ".join(rng.choices(self.prose.sentence_pool, k=rng.randint(1, 3)))
            bodies.append((body, hashlib.sha256(body.encode()).hexdigest()))
        commenter_weights = [1 / rank**0.9 for rank in range(1, commenter_count + 1)]
        commenter_ids = rng.choices(
            range(1, commenter_count + 1), weights=commenter_weights, k=total
        )
        names = {}
        statuses = (
            Comment.Status.APPROVED,
            Comment.Status.HELD,
            Comment.Status.REJECTED,
            Comment.Status.SPAM,
        )

        def rows():
            pk = 0
            for (article_id, publish_at), count in zip(self.visible, per_article, strict=True):
                offsets = sorted(rng.expovariate(1 / 20) for _ in range(count))
                top_level = []
                for hours in offsets:
                    pk += 1
                    created = min(publish_at + timedelta(hours=hours), self.now)
                    parent = rng.choice(top_level) if top_level and rng.random() < 0.25 else None
                    if parent is None:
                        top_level.append(pk)
                    commenter_id = commenter_ids[pk - 1]
                    name = names.setdefault(
                        commenter_id, f"{rng.choice(first_names)} {rng.choice(LAST_NAMES)[0]}."
                    )
                    status = rng.choices(statuses, weights=(96, 2, 1, 1))[0]
                    body, body_hash = rng.choice(bodies)
                    yield (
                        pk,
                        article_id,
                        parent,
                        commenter_id,
                        name,
                        body,
                        status,
                        "",
                        "",
                        body_hash,
                        0,
                        False,
                        False,
                        created,
                        None if status == Comment.Status.HELD else created + timedelta(minutes=20),
                    )

        columns = (
            "id article_id parent_id commenter_id name body status hold_reason ip_hash "
            "body_hash report_count is_hidden_by_reports notify_on_reply created_at moderated_at"
        )
        self._copy(Comment, columns, rows(), total)
        self._reset_sequence(Comment)
        self.cursor.execute(
            "UPDATE comments_commenter SET approved_count = counted.n FROM "
            "(SELECT commenter_id, count(*) AS n FROM comments_comment WHERE status = 'approved' "
            "GROUP BY commenter_id) AS counted WHERE counted.commenter_id = comments_commenter.id"
        )

    def _subscribers(self):
        total, rng = self.sizes.subscribers, self.rng
        statuses = list(Subscriber.Status)
        weights = {"active": 85, "pending": 5, "unsubscribed": 7, "bounced": 2, "complained": 1}
        status_weights = [weights[status.value] for status in statuses]
        self.subscriber_statuses = rng.choices(statuses, weights=status_weights, k=total)

        def rows():
            for pk, status in enumerate(self.subscriber_statuses, start=1):
                created = self._past(min(self.sizes.years, 8))
                confirmed = None if status == Subscriber.Status.PENDING else created
                changed = (
                    created + timedelta(days=30) if status not in ("active", "pending") else None
                )
                yield pk, f"reader{pk}@bench.example.org", status, created, confirmed, changed

        columns = "id email status created_at confirmed_at status_changed_at"
        self._copy(Subscriber, columns, rows(), total)
        self._reset_sequence(Subscriber)

        newsletter_ids = [newsletter.pk for newsletter in self.newsletters]

        def subscription_rows():
            for pk in range(1, total + 1):
                # Everyone gets the weekly; some also breaking news or their neighborhood's.
                chosen = {newsletter_ids[0]}
                for newsletter_id in newsletter_ids[1:]:
                    if rng.random() < 0.3:
                        chosen.add(newsletter_id)
                for newsletter_id in chosen:
                    yield pk, newsletter_id, self.now

        columns = "subscriber_id newsletter_id created_at"
        self._copy(Subscription, columns, subscription_rows(), int(total * 1.6))

    def _refresh_triggered_columns(self):
        """Run the articles table's own triggers once per article, with everything in place.

        Triggers were off during the load (see run()). Columns that the articles' triggers
        fill, such as the search document, are filled by one no-op UPDATE; without such
        triggers there is nothing to do.
        """
        self.cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'articles_article'::regclass "
            "AND NOT tgisinternal"
        )
        if not self.cursor.fetchone()[0]:
            return
        step = time.perf_counter()
        self.cursor.execute("UPDATE articles_article SET headline = headline")
        progress(f"articles: triggers replayed in {time.perf_counter() - step:.1f} s")

    # COPY

    def _copy(self, model, columns, rows, expected, *, started=None):
        table = model._meta.db_table
        quote = connection.ops.quote_name
        column_list = ", ".join(quote(column) for column in columns.split())
        started = started or time.perf_counter()
        last = started
        written = 0
        # FREEZE: the table was truncated in this transaction, so no one else can see
        # these rows before they are committed anyway.
        sql = f"COPY {quote(table)} ({column_list}) FROM STDIN WITH (FREEZE)"
        raw = self.cursor.cursor
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
                if not written % 20_000:
                    now = time.perf_counter()
                    if now - last > 2:
                        last = now
                        rate = written / (now - started)
                        progress(f"{table}: {written:,} of ~{expected:,} rows ({rate:,.0f} rows/s)")
        seconds = time.perf_counter() - started
        rate = written / max(seconds, 1e-6)
        progress(f"{table}: {written:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s)")

    def _reset_sequence(self, model):
        table = model._meta.db_table
        quoted = connection.ops.quote_name(table)
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT max(id) FROM {quoted}), 1))",  # noqa: E501, S608 - our table name
            [table],
        )


def summary(sizes):
    """Row counts of what a seed makes, for the command's last line."""
    return ", ".join(f"{value:,} {key}" for key, value in asdict(sizes).items())
