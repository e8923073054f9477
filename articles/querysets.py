import json
import math
import re
import threading
import time
from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchRank
from django.db import connections, models
from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Prefetch,
    Q,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

# Ranking reads each matching article's whole search vector, so ranking every match of a
# word found in half the archive ("council") takes far too long at 100,000 articles. Only
# the newest this many matches are ranked: every match when there are fewer (most
# searches), and for a very common word the most relevant of the recent ones, which is what
# a reader of a local paper is after. Older stories stay findable with a sharper query or a
# date filter. (Measured with scripts/bench_search.py.)
RANKED_MATCHES = 300

# How the newest matches are found depends on how many stories match, which PostgreSQL
# estimates from its statistics of the search vectors:
# - up to FEW_MATCHES (as many as the window below would expect to hold), all of them come
#   straight from the GIN index, one heap row each;
# - in at least COMMON_SHARE of the stories, walking the publication index newest first
#   and testing each story soon finds enough (300 matches of "school", in half the
#   stories, in 3 ms);
# - in between, only the newest stories where WINDOW_MARGIN times RANKED_MATCHES matches
#   are expected are searched, the GIN index and the publication index together. Walking
#   would read 9,500 stories to find 300 matches of a word in 3% of them (45 ms at 100,000
#   articles); the whole GIN index, 5,000 heap rows for a word in 5% (32 ms).
WINDOW_MARGIN = 3
FEW_MATCHES = WINDOW_MARGIN * RANKED_MATCHES
COMMON_SHARE = 0.25

# A "-word" or "-"some phrase"" in websearch syntax.
NEGATION = re.compile(r"(?:^|\s)-")


class Matches(Func):
    """vector @@ query, as a condition for filter()."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class SameText(Func):
    """Whether two expressions read the same as text, as a condition for filter().

    Given constants, PostgreSQL works it out once, when planning.
    """

    arity = 2
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        left, left_params = compiler.compile(self.source_expressions[0])
        right, right_params = compiler.compile(self.source_expressions[1])
        return f"(({left})::text = ({right})::text)", (*left_params, *right_params)


class AllWordsOf(Func):
    """A tsquery with its phrase operators (<->, <N>) turned into AND (&).

    Built from constants only, so PostgreSQL folds it into a constant when planning and
    can estimate from its statistics how many articles match.
    """

    template = "regexp_replace((%(expressions)s)::text, '<[0-9]*->|<[0-9]+>', '&', 'g')::tsquery"
    output_field = SearchQueryField()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publication time has passed.

        Every public page, feed, sitemap, search and newsletter reads through this.
        """
        return self.filter(status="published", publish_at__lte=timezone.now())

    def in_section(self, section):
        return self.filter(section=section)

    def newest_per_section(self, count, *, exclude=()):
        """The `count` newest published stories of every section, leaving out `exclude`.

        On PostgreSQL each section's few are read straight off the (section, publish_at)
        index, LATERAL, so the cost does not grow with the archive. (A ROW_NUMBER() window,
        the portable way used elsewhere, numbers every published story first: 600 ms at
        100,000.)
        """
        if connections[self.db].vendor != "postgresql":
            return self._newest_per_section_by_window(count, exclude=exclude)
        from .models import Article, Section

        # status is written out, not a parameter, so the planner can use the partial index.
        newest = RawSQL(  # noqa: S611 (no input in the text: table names and a constant)
            f"""SELECT picked.id FROM {Section._meta.db_table} AS section
            CROSS JOIN LATERAL (
                SELECT article.id FROM {Article._meta.db_table} AS article
                WHERE article.section_id = section.id
                    AND article.status = '{Article.Status.PUBLISHED}'
                    AND article.publish_at <= %s
                    AND NOT (article.id = ANY(%s))
                ORDER BY article.publish_at DESC, article.id DESC
                LIMIT %s
            ) AS picked""",  # noqa: S608
            [timezone.now(), list(exclude), count],
        )
        return self.published().filter(pk__in=newest)

    def _newest_per_section_by_window(self, count, *, exclude):
        ranked = (
            self.published()
            .exclude(pk__in=exclude)
            .annotate(
                rank_in_section=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank_in_section__lte=count)
        )
        return self.filter(pk__in=ranked.values("pk"))

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def in_neighborhood(self, neighborhood):
        return self.filter(neighborhoods=neighborhood)

    def search(self, terms):
        """Articles matching what a reader typed, best first.

        On PostgreSQL: full-text search of the stored search vector (headline, summary,
        bylines, tags, body; English stemming), in websearch syntax, so quotes, "or" and
        -word work and no input is a syntax error; ranked, ties going to the newest. On
        other databases: every word must appear in the headline, summary, body, an author's
        name or a tag, case-insensitively; newest first.
        """
        if connections[self.db].vendor == "postgresql":
            return self._full_text_search(terms)
        return self._simple_search(terms)

    def _full_text_search(self, terms):
        ranked = self.ranked_search_ids(terms)
        position = Func(
            Cast(Value(ranked), ArrayField(BigIntegerField())),
            F("pk"),
            function="array_position",
            output_field=IntegerField(),
        )
        return self.filter(pk__in=ranked).order_by(position)

    def ranked_search_ids(self, terms):
        """The ids of the stories search() finds on PostgreSQL, best first: at most
        RANKED_MATCHES. Runs its few small queries (estimates, window, ranking) now."""
        query = SearchQuery(terms, search_type="websearch", config="english")
        # The newest matches are picked with the phrase operators of the query relaxed to
        # AND: checking word positions means reading every candidate's vector, while "all
        # these words" is answered by the GIN index alone, and it is what PostgreSQL's row
        # estimates assume. The exact query then filters and ranks those few. ("-word"
        # stays as typed: relaxing "-"a b"" would drop matches.)
        relaxed = query if NEGATION.search(terms) else AllWordsOf(query)
        candidates = self._newest_matches(self.filter(Matches(F("search_document"), relaxed)))
        # The exact query weeds out candidates only if relaxing changed it (a phrase); else
        # every candidate matches, and testing each would read its vector a second time.
        exactly = SameText(relaxed, query) | Matches(F("search_document"), query)
        # Normalization 1 divides by the log of the document's length, so a long story
        # that mentions a word in passing does not outrank a short one about it.
        return list(
            self.model.objects.filter(pk__in=candidates)
            .filter(exactly)
            .annotate(rank=SearchRank(F("search_document"), query, normalization=1))
            .order_by("-rank", "-publish_at", "-pk")
            .values_list("pk", flat=True)
        )

    def _newest_matches(self, matching):
        """The ids of the newest RANKED_MATCHES of `matching`, newest first (see FEW_MATCHES)."""
        # Sorting by an expression keeps PostgreSQL from walking the publication index.
        from_the_index = matching.order_by(
            ExpressionWrapper(F("publish_at") + Value(timedelta(0)), DateTimeField()).desc(),
            "-pk",
        ).values_list("pk", flat=True)
        expected = _estimated_rows(matching)
        if expected <= FEW_MATCHES:
            return list(from_the_index[:RANKED_MATCHES])
        # The share of published stories that match, the filters included, tells how far
        # back the newest RANKED_MATCHES of them should reach, with a margin.
        share = expected / max(1, _remembered(("published",), self._published_estimate))
        if share >= COMMON_SHARE:
            return self._newest_first(matching)
        window = math.ceil(WINDOW_MARGIN * RANKED_MATCHES / share)
        # Rounded up a little, so that searches share what is remembered.
        window = math.ceil(WINDOW_GROWTH ** math.ceil(math.log(window, WINDOW_GROWTH)))
        window_start = _remembered(("window", window), lambda: self._nth_newest(window))
        if window_start is not None:
            newest = list(from_the_index.filter(publish_at__gte=window_start)[:RANKED_MATCHES])
            if len(newest) == RANKED_MATCHES:
                return newest
        # The estimate was off, or the window reaches back to the first story.
        return self._newest_first(matching)

    def _published_estimate(self):
        return _estimated_rows(self.model.objects.published())

    def _nth_newest(self, n):
        """When the nth newest published story was published (None: there are fewer)."""
        return (
            self.model.objects.published()
            .order_by("-publish_at", "-pk")
            .values_list("publish_at", flat=True)[n : n + 1]
            .first()
        )

    @staticmethod
    def _newest_first(matching):
        """The newest matches the way PostgreSQL picks: for a common word, by walking the
        publication index."""
        return list(
            matching.order_by("-publish_at", "-pk").values_list("pk", flat=True)[:RANKED_MATCHES]
        )

    def _simple_search(self, terms):
        from .models import Byline, TaggedArticle

        wanted, unwanted = search_words(terms)
        if not wanted:
            return self.none()

        def mentions(word):
            return (
                Q(headline__icontains=word)
                | Q(dek__icontains=word)
                | Q(body__icontains=word)
                | Q(pk__in=Byline.objects.filter(author__name__icontains=word).values("article"))
                | Q(
                    pk__in=TaggedArticle.objects.filter(tag__name__icontains=word).values(
                        "content_object"
                    )
                )
            )

        matches = self
        for word in wanted:
            matches = matches.filter(mentions(word))
        for word in unwanted:
            matches = matches.exclude(mentions(word))
        return matches.order_by("-publish_at", "-pk")

    def for_headlines(self):
        """What a list of headlines shows (section, type of work, link, time): nothing more.

        Not the body: "Latest" and "More news" would otherwise fetch whole stories to show
        one line of each.
        """
        return self.select_related("section").only(
            "headline", "slug", "kind", "publish_at", "section__name", "section__slug"
        )

    def for_listing(self):
        """Everything an article card shows, fetched in a fixed number of queries."""
        from .models import Byline

        return self.select_related("section", "lead_photo").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def update(self, **kwargs):
        # The body field sanitizes plain strings itself (SanitizedProseField.get_db_prep_save);
        # a string wrapped in Value() is typed by Django as a CharField and would slip past it.
        body = kwargs.get("body")
        if isinstance(body, models.Value) and isinstance(body.value, str):
            field = self.model._meta.get_field("body")
            kwargs["body"] = models.Value(field.sanitize(body.value))
        return super().update(**kwargs)


# What the window of a search is worked out from (how many stories are published, when the
# nth newest was) is remembered for REMEMBER_SECONDS by each process. A window worked out
# a little while ago starts a little early (newer stories have come) or late (one was
# withdrawn), and either way the answer is the same: the window is only used when it held
# RANKED_MATCHES matches, which are then the newest of all.
REMEMBER_SECONDS = 300
WINDOW_GROWTH = 1.25
_remembered_values = {}
_remembered_lock = threading.Lock()


def _remembered(key, work_out):
    now = time.monotonic()
    with _remembered_lock:
        found = _remembered_values.get(key)
    if found is not None and found[1] > now:
        return found[0]
    value = work_out()
    with _remembered_lock:
        if len(_remembered_values) > 1000:  # windows come in a few dozen sizes
            _remembered_values.clear()
        _remembered_values[key] = (value, now + REMEMBER_SECONDS)
    return value


def forget_search_windows():
    """For tests: work the windows out afresh."""
    with _remembered_lock:
        _remembered_values.clear()


def _estimated_rows(queryset):
    """How many rows PostgreSQL expects the query to return, from its statistics alone."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def search_words(terms):
    """The words of a query for the simple search, as (wanted, unwanted): "-word" is
    unwanted, as on PostgreSQL; quotes, "or" and punctuation around words are dropped
    ("flood," is "flood"), so only what can appear in text remains."""
    wanted, unwanted = [], []
    for word in terms.split():
        chosen = unwanted if word.startswith("-") else wanted
        word = word.strip("\"'\u2018\u2019\u201c\u201d-+.,;:!?()[]{}<>&|*")
        if word and word.lower() != "or":
            chosen.append(word)
    return wanted, unwanted
