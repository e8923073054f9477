"""Puts the demo paper into the database: `manage.py load_demo` is a thin wrapper around this.

Everything is looked up by its slug (photos by their file name) before it is created, so a
second run adds only what is missing and never overwrites what an editor changed. The whole
load is one transaction; files written to storage before a failure are deleted again, so a
failed load leaves neither rows nor orphaned pictures behind.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Byline, Section
from articles.services import article_publish
from neighborhoods.models import Neighborhood
from photos.models import Gallery, GalleryPhoto, Photo
from photos.renditions import generate_renditions, rendition_names
from photos.services import photo_create

from .articles import ARTICLES
from .data import AUTHORS, GALLERIES, NEIGHBORHOODS, PHOTOS, SECTIONS
from .drawing import draw_scene

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
    neighborhoods = {
        item["slug"]: _get_or_create(Neighborhood, report, "neighborhoods", item)
        for item in NEIGHBORHOODS
    }
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
    return report


def _get_or_create(model, report, kind, item, **extra):
    instance, created = model.objects.get_or_create(
        slug=item["slug"], defaults={**extra, **{k: v for k, v in item.items() if k != "slug"}}
    )
    report.count(kind, created)
    return instance


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
