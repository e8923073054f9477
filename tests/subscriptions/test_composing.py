from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from neighborhoods.models import Approval
from subscriptions.composing import edition_content, edition_create
from subscriptions.models import Edition, EditionArticle, EditionMeeting, Newsletter
from tests.factories import (
    ArticleFactory,
    AssociationFactory,
    AuthorFactory,
    EditionFactory,
    MeetingFactory,
    NeighborhoodFactory,
    NewsletterFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def headlines(edition):
    return [item.article.headline for item in edition.items.select_related("article")]


@pytest.fixture
def editor():
    return StaffFactory(username="editor")


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly", slug="weekly")


def test_digest_carries_exactly_the_articles_published_since_the_last_sent_edition(digest, editor):
    EditionFactory(
        newsletter=digest,
        status=Edition.Status.SENT,
        sending_started_at=ago(days=3),
        sent_at=ago(days=3) + timedelta(minutes=20),
    )
    # A draft of the same list, and a sent edition of another, do not move the start.
    EditionFactory(newsletter=digest, status=Edition.Status.DRAFT)
    EditionFactory(
        status=Edition.Status.SENT, sending_started_at=ago(hours=5), sent_at=ago(hours=5)
    )
    ArticleFactory(headline="Ferry fares go up", publish_at=ago(days=2))
    ArticleFactory(headline="School board picks a new chief", publish_at=ago(hours=2))
    # Published while the last edition was still going out: it was not in it.
    ArticleFactory(
        headline="Bridge closes for repairs", publish_at=ago(days=3) + timedelta(minutes=5)
    )
    ArticleFactory(headline="Already in the last one", publish_at=ago(days=4))
    ArticleFactory(headline="Draft story", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(headline="In review", status=Article.Status.REVIEW, publish_at=None)
    ArticleFactory(headline="Scheduled for tomorrow", publish_at=timezone.now() + timedelta(days=1))
    ArticleFactory(headline="Withdrawn", status=Article.Status.WITHDRAWN, publish_at=ago(days=1))

    edition = edition_create(newsletter=digest, by=editor)

    assert headlines(edition) == [
        "School board picks a new chief",
        "Ferry fares go up",
        "Bridge closes for repairs",
    ]
    assert [item.order for item in edition.items.all()] == [1, 2, 3]
    assert edition.status == Edition.Status.DRAFT
    assert edition.created_by == editor
    assert edition.preheader == (
        "School board picks a new chief · Ferry fares go up · Bridge closes for repairs"
    )
    assert not edition.meeting_items.exists()


def test_first_digest_covers_the_past_week(digest, editor):
    ArticleFactory(headline="Six days old", publish_at=ago(days=6))
    ArticleFactory(headline="Eight days old", publish_at=ago(days=8))

    edition = edition_create(newsletter=digest, by=editor)

    assert headlines(edition) == ["Six days old"]


def test_digest_subject_names_the_paper_and_the_day(digest, editor, settings):
    settings.SITE_NAME = "The Riverside Ledger"

    edition = edition_create(newsletter=digest, by=editor)

    today = date_format(timezone.localdate(), "N j")
    assert edition.subject == f"The Riverside Ledger weekly: {today}"


def test_neighborhood_letter_carries_its_news_and_next_two_weeks_of_meetings(editor):
    eastbank = NeighborhoodFactory(name="Eastbank")
    elsewhere = NeighborhoodFactory(name="Northside")
    letter = NewsletterFactory(
        name="Eastbank letter", kind=Newsletter.Kind.NEIGHBORHOOD, neighborhood=eastbank
    )
    ours = ArticleFactory(headline="Eastbank crosswalk approved", publish_at=ago(days=1))
    ours.neighborhoods.add(eastbank)
    theirs = ArticleFactory(headline="Northside pool opens", publish_at=ago(days=1))
    theirs.neighborhoods.add(elsewhere)
    ArticleFactory(headline="Citywide story", publish_at=ago(days=1))

    association = AssociationFactory(neighborhoods=[eastbank])
    later = MeetingFactory(association=association, title="Cleanup planning")
    sooner = MeetingFactory(
        association=association,
        title="Crosswalk hearing",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=None,
    )
    MeetingFactory(
        association=association,
        title="Too far ahead",
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=None,
    )
    MeetingFactory(
        association=association,
        title="Already held",
        starts_at=ago(days=2),
        ends_at=ago(days=2) + timedelta(hours=1),
    )
    MeetingFactory(association=association, title="Not approved", approval=Approval.PENDING)
    MeetingFactory(association=AssociationFactory(neighborhoods=[elsewhere]), title="Northside")

    edition = edition_create(newsletter=letter, by=editor)

    assert headlines(edition) == ["Eastbank crosswalk approved"]
    assert [item.meeting for item in edition.meeting_items.all()] == [sooner, later]
    assert edition.subject.startswith("Eastbank this week: ")


def test_breaking_news_edition_starts_empty(editor):
    alerts = NewsletterFactory(name="Breaking news", kind=Newsletter.Kind.BREAKING)
    ArticleFactory(publish_at=ago(hours=1))

    edition = edition_create(newsletter=alerts, by=editor)

    assert not edition.items.exists()
    assert not edition.meeting_items.exists()
    assert edition.subject


def test_edition_content_follows_the_editors_order_with_absolute_links(settings):
    settings.SITE_URL = "https://ledger.example"
    edition = EditionFactory()
    first = ArticleFactory(
        headline="Second published, shown first",
        authors=[AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Ode")],
    )
    second = ArticleFactory(headline="Shown second", kind=Article.Kind.OPINION)
    EditionArticle.objects.create(edition=edition, article=second, order=2)
    EditionArticle.objects.create(edition=edition, article=first, order=1)
    meeting = MeetingFactory(title="Budget hearing")
    EditionMeeting.objects.create(edition=edition, meeting=meeting, order=1)

    content = edition_content(edition)

    assert [a["headline"] for a in content["articles"]] == [
        "Second published, shown first",
        "Shown second",
    ]
    lead = content["articles"][0]
    assert lead["url"] == "https://ledger.example" + first.get_absolute_url()
    assert lead["byline"] == "Ana Ruiz and Ben Ode"
    assert lead["kicker"] == first.section.name
    assert content["articles"][1]["kicker"] == "Opinion"
    assert content["meetings"][0]["url"] == "https://ledger.example" + meeting.get_absolute_url()
    assert content["meetings"][0]["association"] == meeting.association.name


def test_article_withdrawn_after_composing_is_never_mailed():
    edition = EditionFactory()
    kept = ArticleFactory(headline="Still up")
    pulled = ArticleFactory(headline="Pulled")
    EditionArticle.objects.create(edition=edition, article=kept, order=1)
    EditionArticle.objects.create(edition=edition, article=pulled, order=2)
    Article.objects.filter(pk=pulled.pk).update(status=Article.Status.WITHDRAWN)

    content = edition_content(edition)

    assert [a["headline"] for a in content["articles"]] == ["Still up"]


@pytest.mark.parametrize("size", [1, 8])
def test_edition_content_costs_the_same_queries_for_any_size(size, django_assert_num_queries):
    edition = EditionFactory()
    for order in range(size):
        article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
        EditionArticle.objects.create(edition=edition, article=article, order=order)
        EditionMeeting.objects.create(edition=edition, meeting=MeetingFactory(), order=order)
    edition = Edition.objects.select_related("newsletter").get(pk=edition.pk)

    # Articles, their bylines with authors, meetings with their association.
    with django_assert_num_queries(3):
        content = edition_content(edition)

    assert len(content["articles"]) == size
    assert len(content["meetings"]) == size


def email_context(edition, **overrides):
    return {
        "edition": edition,
        "content": edition_content(edition),
        "unsubscribe_url": "https://ledger.example/newsletter/unsubscribe/tok/",
        "preferences_url": "https://ledger.example/newsletter/preferences/tok/",
        "postal_address": "The Ledger, 114 Front Street, Riverside",
        "web_url": "https://ledger.example/newsletter/editions/1/",
        "is_test": False,
        **overrides,
    }


def test_email_parts_carry_the_news_and_the_required_footer(settings):
    settings.SITE_URL = "https://ledger.example"
    edition = EditionFactory(
        subject="Ferry & bridge news",
        preheader="Fares up, bridge shut",
        intro="Good morning, Riverside.",
        newsletter=NewsletterFactory(name="The Weekly"),
    )
    article = ArticleFactory(headline="Fares <up> & away", dek="A 25-cent rise.")
    EditionArticle.objects.create(edition=edition, article=article, order=1)
    EditionMeeting.objects.create(edition=edition, meeting=MeetingFactory(title="Ferry board"))
    context = email_context(edition)

    html = render_to_string("subscriptions/emails/edition.html", context)
    text = render_to_string("subscriptions/emails/edition.txt", context)
    subject = render_to_string("subscriptions/emails/edition.subject.txt", context)

    link = "https://ledger.example" + article.get_absolute_url()
    assert subject == "Ferry & bridge news"
    for part in (html, text):
        assert link in part
        assert "Ferry board" in part
        assert "Good morning, Riverside." in part
        assert "https://ledger.example/newsletter/unsubscribe/tok/" in part
        assert "https://ledger.example/newsletter/preferences/tok/" in part
        assert "https://ledger.example/newsletter/editions/1/" in part
        assert "The Ledger, 114 Front Street, Riverside" in part
        assert "subscribed to The Weekly" in part
        assert "TEST" not in part
    assert "Fares &lt;up&gt; &amp; away" in html
    assert "Fares <up> & away" in text
    assert "Fares up, bridge shut" in html  # the hidden preheader
    assert "<style" not in html  # mail apps strip it: every style is inline


def test_test_copy_says_so_and_leaves_out_missing_personal_links():
    edition = EditionFactory(subject="Weekly")
    context = email_context(edition, is_test=True, unsubscribe_url="", preferences_url="")

    html = render_to_string("subscriptions/emails/edition.html", context)
    text = render_to_string("subscriptions/emails/edition.txt", context)
    subject = render_to_string("subscriptions/emails/edition.subject.txt", context)

    assert subject == "[TEST] Weekly"
    assert "TEST: not sent to subscribers" in html
    assert "TEST: not sent to subscribers" in text
    assert "Unsubscribe" not in html
    assert "Unsubscribe:" not in text
