"""The demo paper's newsletters: four lists, a few readers, and last week's digest as sent.

Looked up by slug (lists), by address (readers) and by "a sent edition of the weekly exists"
(the digest), so loading again adds nothing twice.
"""

from datetime import timedelta

from articles.models import Article
from subscriptions.models import (
    Consent,
    Delivery,
    Edition,
    EditionArticle,
    Newsletter,
    Subscriber,
    Subscription,
)

WEEKLY = "weekly"

NEWSLETTERS = [
    {
        "slug": WEEKLY,
        "name": "The Riverside Ledger Weekly",
        "kind": Newsletter.Kind.DIGEST,
        "description": "The week's stories from every block of Riverside, Friday mornings.",
    },
    {
        "slug": "breaking",
        "name": "Breaking news",
        "kind": Newsletter.Kind.BREAKING,
        "description": "Only when it cannot wait: storms, closures, election results.",
    },
    {
        "slug": "eastbank",
        "name": "Eastbank letter",
        "kind": Newsletter.Kind.NEIGHBORHOOD,
        "neighborhood": "eastbank",
        "description": "Eastbank's news and its association's meetings, every other week.",
    },
    {
        # A letter carries one neighborhood's news and meetings (Newsletter.neighborhood),
        # so this shared one is keyed to Old Mill, where the two associations meet.
        "slug": "old-mill-depot-square",
        "name": "Old Mill & Depot Square letter",
        "kind": Newsletter.Kind.NEIGHBORHOOD,
        "neighborhood": "old-mill",
        "description": "News from the mill race to the station, and the meetings to go to.",
    },
]

SUBSCRIBERS = [
    ("ana.torres@example.org", [WEEKLY, "breaking"]),
    ("ben.okafor@example.org", [WEEKLY, "eastbank"]),
    ("clara.nguyen@example.org", [WEEKLY, "old-mill-depot-square"]),
    ("dev.patel@example.org", ["breaking"]),
    ("erin.walsh@example.org", [WEEKLY, "breaking", "eastbank"]),
    ("frank.mueller@example.org", ["old-mill-depot-square"]),
]

CONSENT_WORDING = "Yes, send me the newsletters I ticked. I can leave with one click any time."
DIGEST_ARTICLES = 8


def load_newsletters(*, report, now, neighborhoods):
    newsletters = {}
    for order, item in enumerate(NEWSLETTERS):
        newsletter, created = Newsletter.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "description": item["description"],
                "neighborhood": neighborhoods.get(item.get("neighborhood")),
                "order": order,
            },
        )
        report.count("newsletters", created)
        newsletters[item["slug"]] = newsletter

    for email, slugs in SUBSCRIBERS:
        joined = now - timedelta(days=30)
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "status": Subscriber.Status.ACTIVE,
                "confirmed_at": joined,
                "status_changed_at": joined,
            },
        )
        report.count("subscribers", created)
        if created:
            chosen = [newsletters[slug] for slug in slugs]
            Subscription.objects.bulk_create(
                Subscription(subscriber=subscriber, newsletter=n) for n in chosen
            )
            consent = Consent.objects.create(
                subscriber=subscriber, source="demo", wording=CONSENT_WORDING
            )
            consent.newsletters.set(chosen)

    _load_last_weeks_digest(report=report, now=now, weekly=newsletters[WEEKLY])


def _load_last_weeks_digest(*, report, now, weekly):
    if weekly.editions.filter(status=Edition.Status.SENT).exists():
        report.count("sent editions", created=False)
        return
    sent_at = now - timedelta(days=7)
    week = (
        Article.objects.published()
        .filter(publish_at__gt=sent_at - timedelta(days=7), publish_at__lte=sent_at)
        .order_by("-publish_at", "-pk")[:DIGEST_ARTICLES]
    )
    articles = list(week)
    edition = Edition.objects.create(
        newsletter=weekly,
        subject=f"{weekly.name}: the week to {sent_at:%B} {sent_at.day}",
        preheader=" · ".join(a.headline for a in articles[:3])[:200],
        intro=(
            "Good morning, Riverside. A busy week at city hall, a new season on the river, "
            "and the stories your neighbors were talking about."
        ),
        status=Edition.Status.SENT,
        send_at=sent_at,
        # Where the next digest's news starts (subscriptions.composing.news_since).
        sending_started_at=sent_at,
        sent_at=sent_at + timedelta(minutes=2),
    )
    EditionArticle.objects.bulk_create(
        EditionArticle(edition=edition, article=article, order=order)
        for order, article in enumerate(articles, start=1)
    )
    readers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, newsletters=weekly)
    Delivery.objects.bulk_create(
        Delivery(
            edition=edition,
            subscriber=reader,
            status=Delivery.Status.SENT,
            attempts=1,
            sent_at=sent_at + timedelta(minutes=1),
        )
        for reader in readers
    )
    report.count("sent editions")
