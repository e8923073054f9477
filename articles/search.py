"""Site search (/search/): the form readers fill in and the highlighted snippets of a page.

What matches and how it ranks is ArticleQuerySet.search(); the stored search vector it reads
is built by the triggers of migration 0004. This module turns a reader's request into that
query, safely, and marks the matched words in a short excerpt of each result's body text.
"""

import re
from datetime import date, datetime, time
from html import unescape

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections
from django.db.models import Func, TextField
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from neighborhoods.models import Neighborhood

from .models import Article, Section
from .querysets import RANKED_MATCHES, search_words

# Longer queries are cut here, with a note: no reader types more, and every extra word is
# work for the database.
MAX_QUERY_LENGTH = 200
# Outside this range a date is a typo, and converting it to UTC could overflow.
EARLIEST_DATE, LATEST_DATE = date(1800, 1, 1), date(2999, 12, 31)

# ts_headline marks each match with these two control characters. The body text they are
# cut from has every control character removed (articles_html_to_text), so after the whole
# snippet is escaped they are the only thing that becomes markup: neither the article's
# HTML nor the reader's query can put a tag into the page.
MATCH_START, MATCH_END = "\x02", "\x03"
# The SQLite excerpt: this many characters, starting a little before the first match.
EXCERPT_LENGTH = 240
EXCERPT_LEAD = 60

# The Python twin of articles_html_to_text (migration 0004), for SQLite's excerpts.
TAG = re.compile(r"""<(?:"[^"]*"|'[^']*'|[^'">])*>""")


class BodyText(Func):
    """An article body as plain text, in SQL (PostgreSQL only; see migration 0004)."""

    function = "articles_html_to_text"
    output_field = TextField()


def html_to_text(html):
    return " ".join(unescape(TAG.sub(" ", html or "")).split())


class SearchForm(forms.Form):
    # Every field is optional and every value is checked, so any query string a reader or a
    # bot sends gives a page with, at worst, a note beside the field it got wrong.
    q = forms.CharField(label=_("Search for"), required=False, widget=forms.SearchInput)
    section = forms.ModelChoiceField(
        Section.objects.all(),
        label=_("Section"),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    neighborhood = forms.ModelChoiceField(
        Neighborhood.objects.all(),
        label=_("Neighborhood"),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    kind = forms.ChoiceField(
        label=_("Type of work"),
        choices=[("", _("All types")), *Article.Kind.choices],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )

    filter_names = ("section", "neighborhood", "kind", "date_from", "date_to")

    def __init__(self, data=None, **kwargs):
        # The query is tidied before the form sees it, so that the box shows what was
        # searched for: whitespace collapsed, control characters (which PostgreSQL refuses
        # in text) removed, and cut to MAX_QUERY_LENGTH.
        self.was_shortened = False
        if data is not None and "q" in data:
            terms = "".join(char if char.isprintable() else " " for char in data["q"])
            terms = " ".join(terms.split())
            if len(terms) > MAX_QUERY_LENGTH:
                self.was_shortened = True
                terms = terms[:MAX_QUERY_LENGTH].rstrip()
            data = data.copy()
            data["q"] = terms
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return cleaned_data

    @property
    def terms(self):
        """What to search for: "" when nothing usable was typed."""
        self.is_valid()  # Fills cleaned_data; a mistake in one filter leaves the others.
        return self.cleaned_data.get("q", "")

    @property
    def has_filters(self):
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in self.filter_names)

    def results(self):
        """The published articles that match, best first, ready for the result list and
        its paginator."""
        terms = self.terms
        if not terms:
            return Article.objects.none()
        articles = self.filtered(Article.objects.published())
        if connections["default"].vendor == "postgresql":
            # The body is not shown (the snippet is made in SQL), and only the page's
            # twenty stories are fetched.
            return RankedArticles(
                articles.ranked_search_ids(terms),
                Article.objects.published().for_listing().defer("body"),
                terms,
            )
        return articles.search(terms).for_listing()

    def filtered(self, articles):
        # Only the filters that are valid apply; a bad one is reported beside its field.
        data = self.cleaned_data
        if data.get("section"):
            articles = articles.in_section(data["section"])
        if data.get("neighborhood"):
            articles = articles.in_neighborhood(data["neighborhood"])
        if data.get("kind"):
            articles = articles.filter(kind=data["kind"])
        # Whole days in the paper's time zone, as the dates on the page are shown.
        if data.get("date_from"):
            articles = articles.filter(publish_at__gte=start_of_day(data["date_from"]))
        if data.get("date_to"):
            articles = articles.filter(publish_at__lte=end_of_day(data["date_to"]))
        return articles

    def page_query(self):
        """The search, URL-encoded and ending in "&", for includes/pagination.html."""
        params = QueryDict(mutable=True)
        if self.terms:
            params["q"] = self.terms
        for name in self.filter_names:
            value = self.data.get(name)
            if value:
                params[name] = value
        return f"{params.urlencode()}&" if params else ""


class RankedArticles:
    """Search results on PostgreSQL as a paginator wants them: their number, and a slice of
    the articles in rank order, which fetches those articles alone, each with its
    highlighted `snippet` made in the same query."""

    def __init__(self, ids, articles, terms):
        self.ids, self.terms = ids, terms
        self.articles = articles.annotate(matched_text=snippet_of_body(terms))

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = self.articles.in_bulk(ids)
        # One withdrawn between ranking and fetching is left out, not an error.
        page = [found[pk] for pk in ids if pk in found]
        for article in page:
            article.snippet = marked(article.matched_text)
        return page if isinstance(index, slice) else page[0]


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def results_are_capped(paginator):
    """Whether only the newest matches were ranked (see RANKED_MATCHES), to say so."""
    return paginator.count >= RANKED_MATCHES and connections["default"].vendor == "postgresql"


def snippet_of_body(terms):
    """SQL for a result's snippet on PostgreSQL: the body's text around the matched words,
    each between MATCH_START and MATCH_END (see marked())."""
    return SearchHeadline(
        BodyText("body"),
        SearchQuery(terms, search_type="websearch", config="english"),
        config="english",
        start_sel=MATCH_START,
        stop_sel=MATCH_END,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def highlight(articles, terms):
    """Give each article of one page of the simple search (not PostgreSQL's: RankedArticles
    brings its snippets) a `snippet`: safe HTML, matches in <mark>."""
    words, _unwanted = search_words(terms)
    for article in articles:
        article.snippet = excerpt(html_to_text(article.body), words)


def marked(snippet):
    """Escape all of a ts_headline snippet, then turn its match markers into <mark>."""
    html = escape(snippet).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own markers become tags.


def excerpt(text, words):
    """A short stretch of text around the first of the words, each of them in <mark>."""
    pattern = (
        re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
        if words
        else None
    )
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > EXCERPT_LEAD:
        # Begin at a word, not in the middle of one.
        start = text.find(" ", first.start() - EXCERPT_LEAD, first.start()) + 1
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = text[start:end]

    parts, last = [], 0
    for match in pattern.finditer(window) if pattern else ():
        parts += [escape(window[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(window[last:]))
    html = "".join(parts)
    if start > 0:
        html = f"… {html}"
    if end < len(text):
        html = f"{html} …"
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped above.
