"""Puts the demo paper into the database: `manage.py load_demo` is a thin wrapper around this.

Everything is looked up by its slug (photos by their file name; meetings and notices by their
association and title, a regular meeting by its date too) before it is created, so a second
run adds only what is missing and never overwrites what an editor changed. The whole
load is one transaction; files written to storage before a failure are deleted again, so a
failed load leaves neither rows nor orphaned pictures behind.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Byline, Section
from articles.services import article_publish
from neighborhoods.models import Approval, Association, Meeting, Neighborhood, Notice, Officer
from photos.models import Gallery, GalleryPhoto, Photo
from photos.renditions import generate_renditions, rendition_names
from photos.services import photo_create

from .articles import ARTICLES
from .community import ASSOCIATIONS, MEETINGS, NOTICES, PENDING_NOTICES
from .data import AUTHORS, GALLERIES, NEIGHBORHOODS, PHOTOS, SECTIONS
from .drawing import draw_scene
from .newsletters import load_newsletters

PRIORITIES = {
    "lead": Article.Priority.LEAD,
    "top": Article.Priority.TOP,
    "normal": Article.Priority.NORMAL,
}


@dataclass
class LoadReport:
    """What a load created, by kind ("articles": 42...). Empty after a repeat run."""

    created: dict = field(default_factory=dict)

    def count(self, kind, created=True):
        self.created.setdefault(kind, 0)
        if created:
            self.created[kind] += 1

    @property
    def anything_created(self):
        return any(self.created.values())


def demo_paper_load(*, progress=None, now=None):
    """Load the demo paper; returns a LoadReport. `progress(message)` hears each step."""
    progress = progress or (lambda message: None)
    now = now or timezone.now()
    written = []
    try:
        with transaction.atomic():
            return _load(progress=progress, now=now, written=written)
    except BaseException:
        # The rows are rolled back; the files are not part of the transaction.
        for name in written:
            default_storage.delete(name)
        raise


def _load(*, progress, now, written):
    report = LoadReport()
    sections = {
        item["slug"]: _get_or_create(Section, report, "sections", item, order=index)
        for index, item in enumerate(SECTIONS)
    }
    authors = {item["slug"]: _get_or_create(Author, report, "authors", item) for item in AUTHORS}
    neighborhoods = _load_neighborhoods(report=report)
    photos = _load_photos(report=report, progress=progress, now=now, written=written)
    galleries = _load_galleries(report=report, photos=photos)
    _load_articles(
        report=report,
        progress=progress,
        now=now,
        sections=sections,
        authors=authors,
        neighborhoods=neighborhoods,
        photos=photos,
        galleries=galleries,
    )
    _load_community(report=report, progress=progress, now=now, neighborhoods=neighborhoods)
    load_newsletters(report=report, now=now, neighborhoods=neighborhoods)
    return report


def _get_or_create(model, report, kind, item, **extra):
    instance, created = model.objects.get_or_create(
        slug=item["slug"], defaults={**extra, **{k: v for k, v in item.items() if k != "slug"}}
    )
    report.count(kind, created)
    return instance


def _load_neighborhoods(*, report):
    neighborhoods = {}
    for item in NEIGHBORHOODS:
        neighborhood = _get_or_create(Neighborhood, report, "neighborhoods", item)
        if neighborhood.boundary is None:
            # A paper loaded before the directory had a map gains one; a boundary an editor
            # has drawn since is left alone.
            neighborhood.boundary = item["boundary"]
            neighborhood.center_latitude = item["center_latitude"]
            neighborhood.center_longitude = item["center_longitude"]
            neighborhood.save(update_fields=["boundary", "center_latitude", "center_longitude"])
            report.count("neighborhood maps")
        neighborhoods[item["slug"]] = neighborhood
    return neighborhoods


def _find_demo_photo(key):
    # Photos have no slug; the loader names each file demo-<key>.jpg, and storage may add
    # a "_abc1234" suffix when that name is taken.
    pattern = rf"(^|/)demo-{re.escape(key)}(_[A-Za-z0-9]+)?\.jpg$"
    return Photo.objects.filter(image__regex=pattern).order_by("pk").first()


def _load_photos(*, report, progress, now, written):
    photos = {}
    total = len(PHOTOS)
    today = timezone.localdate(now)
    for index, (key, spec) in enumerate(PHOTOS.items(), start=1):
        photo = _find_demo_photo(key)
        report.count("photos", photo is None)
        if photo is None:
            progress(f"Drawing photos {index}/{total}")
            image = ContentFile(draw_scene(spec["scene"], seed=index), name=f"demo-{key}.jpg")
            photo = photo_create(
                image=image,
                caption=spec["caption"],
                credit=spec["credit"],
                alt_text=spec["alt_text"],
                taken_on=today - timedelta(days=spec["days_ago"]),
            )
            written.append(photo.image.name)
        if not photo.renditions_ready:
            # Made now rather than by the worker, so the paper is complete with its pictures
            # before the server first answers.
            progress(f"Making renditions {index}/{total}")
            generate_renditions(photo)
            written.extend(rendition_names(photo.renditions))
        photos[key] = photo
    return photos


def _load_galleries(*, report, photos):
    galleries = {}
    for item in GALLERIES:
        gallery, created = Gallery.objects.get_or_create(
            slug=item["slug"], defaults={"title": item["title"], "description": item["description"]}
        )
        report.count("galleries", created)
        if created:
            GalleryPhoto.objects.bulk_create(
                GalleryPhoto(gallery=gallery, photo=photos[key], order=order)
                for order, key in enumerate(item["photos"])
            )
        galleries[item["slug"]] = gallery
    return galleries


def _publish_time(now, days_ago):
    """When a story `days_ago` old went up, as readers would expect of a small paper."""
    if days_ago < 1:
        # Today's news: hours ago, whatever time of day the demo is loaded.
        return now - timedelta(days=days_ago)
    # Older stories went up during the working day rather than at 3 a.m.; the fraction of
    # the day sets how early. A date before today keeps them older than today's news.
    day = timezone.localdate(now - timedelta(days=days_ago))
    minutes = round((days_ago % 1) * 12 * 60)
    return timezone.make_aware(datetime.combine(day, time(18, 0)) - timedelta(minutes=minutes))


def _load_articles(*, report, progress, now, sections, authors, neighborhoods, photos, galleries):
    existing = set(
        Article.objects.filter(slug__in=[item["slug"] for item in ARTICLES]).values_list(
            "slug", flat=True
        )
    )
    total = len(ARTICLES)
    for index, item in enumerate(ARTICLES, start=1):
        report.count("articles", item["slug"] not in existing)
        if item["slug"] in existing:
            continue
        if index % 10 == 0 or index == total:
            progress(f"Writing articles {index}/{total}")
        if item.get("status") == "draft":
            publish_at = None
        elif "days_ahead" in item:
            publish_at = now + timedelta(days=item["days_ahead"])
        else:
            publish_at = _publish_time(now, item["days_ago"])
        article = Article(
            slug=item["slug"],
            headline=item["headline"],
            dek=item["dek"],
            body=item["body"].strip(),
            section=sections[item["section"]],
            kind=item["kind"],
            priority=PRIORITIES[item.get("priority", "normal")],
            lead_photo=photos.get(item.get("photo")),
            gallery=galleries.get(item.get("gallery")),
            status=Article.Status.DRAFT,
            publish_at=publish_at,
        )
        # The same checks an editor's form runs; the demo must be a paper editors could write.
        article.full_clean()
        article.save()
        Byline.objects.bulk_create(
            Byline(article=article, author=authors[slug], order=order)
            for order, slug in enumerate(item["authors"])
        )
        article.neighborhoods.set([neighborhoods[slug] for slug in item.get("neighborhoods", [])])
        article.tags.set(item.get("tags", []))
        if publish_at is not None:
            # Published the way the newsroom publishes, so the alt-text rule applies here too.
            article_publish(article=article, by=None)


# Regular meetings are scheduled this many days ahead: "the second Tuesday" comes round
# every 28 to 35 days, so five weeks always holds at least one of each association's.
REGULAR_MEETINGS_AHEAD = 35


def _load_community(*, report, progress, now, neighborhoods):
    # Built with zoneinfo from the site's zone, not from a fixed UTC offset, so a 7 p.m.
    # meeting is at 7 p.m. on both sides of a daylight-saving change.
    zone = ZoneInfo(settings.TIME_ZONE)
    today = now.astimezone(zone).date()
    associations = _load_associations(
        report=report, progress=progress, today=today, neighborhoods=neighborhoods
    )
    _load_meetings(
        report=report, progress=progress, today=today, zone=zone, associations=associations
    )
    _load_notices(report=report, progress=progress, today=today, associations=associations)


def _load_associations(*, report, progress, today, neighborhoods):
    associations = {}
    total = len(ASSOCIATIONS)
    fields = ("name", "mission", "website", "email", "phone", "meeting_place", "meeting_schedule")
    for index, item in enumerate(ASSOCIATIONS, start=1):
        association, created = Association.objects.get_or_create(
            slug=item["slug"], defaults={name: item[name] for name in fields}
        )
        report.count("associations", created)
        if created:
            # The roster comes with the association, once: who holds which office after
            # that is the association's business, and a reload must not undo it.
            progress(f"Adding associations {index}/{total}")
            association.neighborhoods.set([neighborhoods[slug] for slug in item["neighborhoods"]])
            officers = [
                _officer(
                    association=association,
                    order=order,
                    spec=spec,
                    today=today,
                    term_years=item["term_years"],
                )
                for order, spec in enumerate(item["officers"])
            ]
            for officer in officers:
                officer.full_clean()
                report.count("officers")
            Officer.objects.bulk_create(officers)
        associations[item["slug"]] = association
    return associations


def _officer(*, association, order, spec, today, term_years):
    # Every demo association elects in January, so a term that began `elected` years ago
    # is under way whatever day the demo is loaded.
    term_start = date(today.year - spec["elected"], 1, 1)
    return Officer(
        association=association,
        name=spec["name"],
        role=spec["role"],
        term_start=term_start,
        term_end=date(term_start.year + term_years - 1, 12, 31),
        email=spec.get("email", ""),
        phone=spec.get("phone", ""),
        order=order,
    )


def _nth_weekday(year, month, week, weekday):
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def _regular_meeting_days(spec, today):
    """Every day in the coming five weeks the association's regular meeting falls on."""
    last = today + timedelta(days=REGULAR_MEETINGS_AHEAD - 1)
    year, month = today.year, today.month
    days = []
    while date(year, month, 1) <= last:
        day = _nth_weekday(year, month, spec["week"], spec["weekday"])
        if today <= day <= last:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _one_off_day(spec, today):
    day = today + timedelta(days=spec["days"])
    if "weekday" in spec:
        # Forward to the weekday for what is coming, back to it for what is past, so a
        # meeting never changes sides of today.
        if spec["days"] >= 0:
            day += timedelta(days=(spec["weekday"] - day.weekday()) % 7)
        else:
            day -= timedelta(days=(day.weekday() - spec["weekday"]) % 7)
    return day


def _load_meetings(*, report, progress, today, zone, associations):
    """Each association's regular meetings, then the one-off ones.

    A regular meeting is known by its association, title and local date, so a load next
    month adds next month's meetings; a one-off meeting by its association and title
    alone, since its date moves with the day the demo is loaded.
    """
    known = Meeting.objects.filter(association__in=associations.values()).values_list(
        "association_id", "title", "starts_at"
    )
    one_offs = {(association_id, title) for association_id, title, _ in known}
    regulars = {
        (association_id, title, starts_at.astimezone(zone).date())
        for association_id, title, starts_at in known
    }
    wanted = []
    for item in ASSOCIATIONS:
        association = associations[item["slug"]]
        spec = item["regular_meeting"]
        for day in _regular_meeting_days(spec, today):
            if (association.pk, spec["title"], day) in regulars:
                continue
            wanted.append(
                _meeting(
                    association=association,
                    spec=spec,
                    day=day,
                    zone=zone,
                    place=association.meeting_place,
                    agenda_url=f"{association.website}agendas/{day.isoformat()}",
                )
            )
    for spec in MEETINGS:
        association = associations[spec["association"]]
        if (association.pk, spec["title"]) in one_offs:
            continue
        wanted.append(
            _meeting(
                association=association,
                spec=spec,
                day=_one_off_day(spec, today),
                zone=zone,
                place=spec["place"],
                agenda_url=spec.get("agenda_url", ""),
            )
        )
    if wanted:
        progress(f"Scheduling meetings ({len(wanted)})")
    for meeting in wanted:
        # The same checks the admin form runs (an end after the start, a valid agenda link).
        meeting.full_clean()
        report.count("meetings")
    Meeting.objects.bulk_create(wanted)


def _meeting(*, association, spec, day, zone, place, agenda_url):
    starts_at = datetime.combine(day, time.fromisoformat(spec["time"]), tzinfo=zone)
    submitter_name, submitter_email = spec.get("submitted_by", ("", ""))
    cancelled = spec.get("cancelled", False)
    return Meeting(
        association=association,
        title=spec["title"],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=spec["minutes"]),
        place=place,
        description=spec["description"],
        agenda_url=agenda_url,
        is_cancelled=cancelled,
        # A cancellation is a change calendar apps must pick up, and they only take a
        # change when SEQUENCE has grown past what they first saw.
        sequence=1 if cancelled else 0,
        approval=Approval.PENDING if submitter_name else Approval.APPROVED,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
    )


def _load_notices(*, report, progress, today, associations):
    # Known by association and title: a letter is sent once, whatever day it is reloaded.
    known = set(
        Notice.objects.filter(association__in=associations.values()).values_list(
            "association_id", "title"
        )
    )
    wanted = []
    for spec in NOTICES + PENDING_NOTICES:
        association = associations[spec["association"]]
        if (association.pk, spec["title"]) in known:
            continue
        submitter_name, submitter_email = spec.get("submitted_by", ("", ""))
        notice = Notice(
            association=association,
            title=spec["title"],
            body=spec["body"].strip(),
            published_on=today - timedelta(days=spec["days_ago"]),
            approval=Approval.PENDING if submitter_name else Approval.APPROVED,
            submitter_name=submitter_name,
            submitter_email=submitter_email,
        )
        notice.full_clean()
        report.count("notices")
        wanted.append(notice)
    if wanted:
        progress(f"Adding notices ({len(wanted)})")
    Notice.objects.bulk_create(wanted)
