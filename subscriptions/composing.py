"""What goes into an edition: filling a new one from the news, and reading it back for templates.

edition_create() chooses; editors then reorder and edit in the admin. edition_content() is the
one reader of an edition's articles and meetings, shared by the email (subscriptions.emails),
the test send and the public web page, so all three show the same thing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from articles.models import Article, Byline
from neighborhoods.models import Meeting

from .models import Edition, EditionArticle, EditionMeeting, Newsletter

# A first edition has no earlier one to count from: it carries the past week.
FIRST_EDITION_COVERS = timedelta(days=7)
# How far ahead a neighborhood letter lists meetings.
MEETINGS_AHEAD = timedelta(days=14)
# The preheader an edition starts with: its first few headlines.
PREHEADER_HEADLINES = 3


def news_since(newsletter):
    """Where a new edition's news starts: when the last edition of this list went out.

    Counted from when sending started, not when it finished: an article published while a
    long send was under way was not in that edition and belongs in the next one. An edition
    still sending counts too, since its content is already fixed.
    """
    last = (
        newsletter.editions.filter(
            status__in=[Edition.Status.SENDING, Edition.Status.SENT],
            sending_started_at__isnull=False,
        )
        .order_by("-sending_started_at", "-pk")
        .values_list("sending_started_at", flat=True)
        .first()
    )
    return last or timezone.now() - FIRST_EDITION_COVERS


def default_subject(newsletter, day):
    when = date_format(day, "N j")
    if newsletter.kind == Newsletter.Kind.NEIGHBORHOOD:
        return _("%(neighborhood)s this week: %(date)s") % {
            "neighborhood": newsletter.neighborhood.name,
            "date": when,
        }
    if newsletter.kind == Newsletter.Kind.BREAKING:
        return _("Breaking news from %(site)s") % {"site": settings.SITE_NAME}
    return _("%(site)s weekly: %(date)s") % {"site": settings.SITE_NAME, "date": when}


@transaction.atomic
def edition_create(*, newsletter, by):
    """A new draft edition of `newsletter`, already filled with the news since the last one.

    A weekly digest gets every article published since; a neighborhood letter gets that
    neighborhood's articles since and its approved meetings of the next two weeks; a
    breaking-news alert starts empty, since only an editor knows what the news is.
    """
    now = timezone.now()
    articles, meetings = [], []
    if newsletter.kind != Newsletter.Kind.BREAKING:
        chosen = Article.objects.published().filter(publish_at__gt=news_since(newsletter))
        if newsletter.kind == Newsletter.Kind.NEIGHBORHOOD:
            chosen = chosen.in_neighborhood(newsletter.neighborhood)
            meetings = list(
                Meeting.objects.approved()
                .upcoming()
                .for_association_of(newsletter.neighborhood)
                .filter(starts_at__lt=now + MEETINGS_AHEAD)
                .order_by("starts_at", "pk")
            )
        articles = list(chosen.order_by("-publish_at", "-pk").only("pk", "headline"))

    edition = Edition.objects.create(
        newsletter=newsletter,
        subject=default_subject(newsletter, timezone.localdate(now)),
        preheader=" · ".join(a.headline for a in articles[:PREHEADER_HEADLINES])[:200],
        created_by=by,
    )
    EditionArticle.objects.bulk_create(
        EditionArticle(edition=edition, article=article, order=order)
        for order, article in enumerate(articles, start=1)
    )
    EditionMeeting.objects.bulk_create(
        EditionMeeting(edition=edition, meeting=meeting, order=order)
        for order, meeting in enumerate(meetings, start=1)
    )
    return edition


def _kicker(article):
    # As on the site (templates/includes/kicker.html): opinion, obituaries and the like are
    # labelled by their kind, news by its section.
    if article.kind != Article.Kind.NEWS:
        return article.get_kind_display()
    return article.section.name


def edition_content(edition):
    """Everything the edition templates show, in three queries whatever the edition's size.

    Articles are read through Article.objects.published() again, so a story withdrawn after
    it was chosen is never mailed or shown. URLs are absolute (settings.SITE_URL): the same
    dict renders emails, which have no request to build them from.
    """
    site_url = settings.SITE_URL
    article_items = (
        EditionArticle.objects.filter(
            edition=edition, article__in=Article.objects.published().values("pk")
        )
        .select_related("article__section")
        .prefetch_related(
            Prefetch(
                "article__bylines",
                queryset=Byline.objects.select_related("author").order_by("order", "pk"),
            )
        )
        .order_by("order", "pk")
    )
    meeting_items = (
        EditionMeeting.objects.filter(
            edition=edition, meeting__in=Meeting.objects.approved().values("pk")
        )
        .select_related("meeting__association")
        .order_by("order", "pk")
    )

    articles = []
    for item in article_items:
        article = item.article
        names = [byline.author.name for byline in article.bylines.all()]
        articles.append(
            {
                "article": article,
                "headline": article.headline,
                "url": site_url + article.get_absolute_url(),
                "kicker": _kicker(article),
                "dek": article.dek,
                "authors": names,
                "byline": get_text_list(names, _("and")),
                "published_at": article.publish_at,
            }
        )
    meetings = [
        {
            "meeting": item.meeting,
            "title": item.meeting.title,
            "url": site_url + item.meeting.get_absolute_url(),
            "starts_at": item.meeting.starts_at,
            "ends_at": item.meeting.ends_at,
            "place": item.meeting.place,
            "association": item.meeting.association.name,
            "is_cancelled": item.meeting.is_cancelled,
        }
        for item in meeting_items
    ]
    return {
        # A field cache once loaded: no query when the caller fetched it with the edition.
        "newsletter": edition.newsletter,
        "site_name": settings.SITE_NAME,
        "site_url": site_url,
        "articles": articles,
        "meetings": meetings,
    }
