"""Revisions of articles: a snapshot after every save, the difference between two, a restore.

A revision stores plain JSON (names next to ids), not references, so an old revision still
reads correctly after a section is renamed or a photo deleted, and comparing two never
needs a query.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neighborhoods.models import Neighborhood
from photos.models import Gallery, Photo

from .models import Article, ArticleRevision, Author, Byline, Section

# In the order an editor reads the form; labels are what the diff shows.
FIELD_LABELS = {
    "headline": _("Headline"),
    "slug": _("Slug"),
    "dek": _("Summary"),
    "body": _("Body"),
    "section": _("Section"),
    "kind": _("Type of work"),
    "priority": _("Homepage priority"),
    "tags": _("Tags"),
    "neighborhoods": _("Neighborhoods"),
    "bylines": _("Byline"),
    "lead_photo": _("Lead photo"),
    "gallery": _("Gallery"),
    "status": _("Status"),
    "publish_at": _("Publish at"),
    "comments_enabled": _("Comments enabled"),
}

# Restoring brings back what the article says, never whether or when readers see it:
# status and publish_at stay as they are, so a restore can neither publish nor unpublish.
NOT_RESTORED = frozenset({"status", "publish_at"})


def revision_snapshot(article):
    """The article's content as JSON, read from the database after its relations are saved.

    Related rows are queried afresh rather than read from the instance, whose prefetched
    bylines or neighborhoods may predate the save that is being recorded.
    """
    bylines = (
        Byline.objects.filter(article=article).select_related("author").order_by("order", "pk")
    )
    return {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "section": {"id": article.section_id, "name": article.section.name},
        "kind": article.kind,
        "priority": article.priority,
        "status": article.status,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "comments_enabled": article.comments_enabled,
        "lead_photo": (
            {"id": article.lead_photo_id, "str": str(article.lead_photo)}
            if article.lead_photo_id
            else None
        ),
        "gallery": (
            {"id": article.gallery_id, "title": article.gallery.title}
            if article.gallery_id
            else None
        ),
        "neighborhoods": [
            {"id": pk, "name": name}
            for pk, name in Neighborhood.objects.filter(articles=article)
            .order_by("name")
            .values_list("pk", "name")
        ],
        "tags": sorted(article.tags.values_list("name", flat=True)),
        "bylines": [{"id": b.author_id, "name": b.author.name} for b in bylines],
    }


@transaction.atomic
def revision_create(*, article, by):
    """Keep a revision of the article as saved now, under its current version.

    Call it after the save that moved `article.version` on, once the article's relations
    are saved too: the admin does in save_related, and so does every function in
    articles.services that saves content or status, last.
    """
    if getattr(article, "_revision_deferred", False):
        # The admin form is mid-save (a status change in the form goes through a service
        # before the bylines and tags are saved); it keeps the one complete revision itself.
        return None
    return ArticleRevision.objects.create(
        article=article,
        version=article.version,
        created_by=by if by is not None and by.pk is not None else None,
        created_at=timezone.now(),
        data=revision_snapshot(article),
    )


# Reading and comparing


def _display(field, value):
    """A snapshot value as an editor reads it."""
    if value is None or value == [] or value == "":
        return ""
    if field == "section":
        return value["name"]
    if field == "kind":
        return str(Article.Kind(value).label) if value in Article.Kind.values else value
    if field == "priority":
        return str(Article.Priority(value).label) if value in Article.Priority.values else value
    if field == "status":
        return str(Article.Status(value).label) if value in Article.Status.values else value
    if field == "publish_at":
        moment = parse_datetime(value)
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else value
    if field == "comments_enabled":
        return gettext("Yes") if value else gettext("No")
    if field == "lead_photo":
        return value["str"]
    if field == "gallery":
        return value["title"]
    if field == "tags":
        return ", ".join(value)
    if field in {"neighborhoods", "bylines"}:
        return ", ".join(item["name"] for item in value)
    return str(value)


# Words, each with the whitespace after it, so that a changed phrase reads as one removal
# and one addition; in the body, each HTML tag is a word of its own so a changed link or
# heading shows as one small change. Tags are shown as text, escaped.
_WORDS = re.compile(r"^\s+|\S+\s*")
_BODY_WORDS = re.compile(r"<[^>]*>\s*|[^\s<]+\s*|^\s+")


def diff_html(old, new, *, tokens=_WORDS):
    """`new` with what was removed in <del> and what was added in <ins>, every piece escaped."""
    old_tokens, new_tokens = tokens.findall(old), tokens.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(old_tokens[old_start:old_end]))
        added = escape("".join(new_tokens[new_start:new_end]))
        if op == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 -- every piece is escaped above


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    diff: str


def revision_diff(old_data, new_data):
    """The fields that differ between two snapshots, in form order, each with an inline diff."""
    changes = []
    for field, label in FIELD_LABELS.items():
        old, new = old_data.get(field), new_data.get(field)
        if old == new:
            continue
        old_text, new_text = _display(field, old), _display(field, new)
        tokens = _BODY_WORDS if field == "body" else _WORDS
        changes.append(
            FieldChange(
                field=field,
                label=str(label),
                old=old_text,
                new=new_text,
                diff=diff_html(old_text, new_text, tokens=tokens),
            )
        )
    return changes


# Restoring


@transaction.atomic
def revision_restore(*, revision, by):
    """Bring the article's content back to what `revision` holds, as a new revision.

    Copies the words, placement, photos and byline; never the status or publish_at.
    Things deleted since (a section, a photo, an author) are left as they are now, and
    named in the returned list of notes. Refuses with ValidationError, changing nothing,
    when the result could not be saved (its slug taken by another article, a photo without
    alt text on a published article).
    """
    # The row lock makes a restore and an admin save of the same article take turns.
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    data = revision.data
    notes = []

    article.headline = data["headline"]
    article.slug = data["slug"]
    article.dek = data["dek"]
    article.body = data["body"]
    article.kind = data["kind"]
    article.priority = data["priority"]
    article.comments_enabled = data["comments_enabled"]

    section = Section.objects.filter(pk=data["section"]["id"]).first()
    if section is None:
        notes.append(
            gettext("The section “%(name)s” no longer exists; the article stays in “%(now)s”.")
            % {"name": data["section"]["name"], "now": article.section.name}
        )
    else:
        article.section = section

    if data["lead_photo"] is None:
        article.lead_photo = None
    elif photo := Photo.objects.filter(pk=data["lead_photo"]["id"]).first():
        article.lead_photo = photo
    else:
        notes.append(
            gettext("The lead photo “%(photo)s” was deleted; the current one is kept.")
            % {"photo": data["lead_photo"]["str"]}
        )

    if data["gallery"] is None:
        article.gallery = None
    elif gallery := Gallery.objects.filter(pk=data["gallery"]["id"]).first():
        article.gallery = gallery
    else:
        notes.append(
            gettext("The gallery “%(gallery)s” was deleted; the current one is kept.")
            % {"gallery": data["gallery"]["title"]}
        )

    # full_clean gives the same messages as the form: a slug now used by another article,
    # a photo lacking alt text on a published article.
    article.full_clean()
    # A new version, so that a form opened before the restore cannot overwrite it unawares.
    article.version += 1
    article.save()

    found = Neighborhood.objects.in_bulk([item["id"] for item in data["neighborhoods"]])
    article.neighborhoods.set(found.values())
    if missing := [item["name"] for item in data["neighborhoods"] if item["id"] not in found]:
        notes.append(
            gettext("Neighborhoods deleted since, not restored: %(names)s.")
            % {"names": ", ".join(missing)}
        )

    article.tags.set(data["tags"])

    authors = Author.objects.in_bulk([item["id"] for item in data["bylines"]])
    kept = [item for item in data["bylines"] if item["id"] in authors]
    if kept:
        Byline.objects.filter(article=article).delete()
        Byline.objects.bulk_create(
            Byline(article=article, author=authors[item["id"]], order=order)
            for order, item in enumerate(kept)
        )
    if len(kept) != len(data["bylines"]):
        lost = [item["name"] for item in data["bylines"] if item["id"] not in authors]
        notes.append(
            gettext("Authors deleted since, not restored to the byline: %(names)s.")
            % {"names": ", ".join(lost)}
            if kept
            else gettext("Every author of that revision was deleted; the byline is unchanged.")
        )

    revision_create(article=article, by=by)
    return article, notes


def revision_describe(revision):
    """Who saved the revision and when, as (name, local date and time) for messages."""
    user = revision.created_by
    who = (user.get_full_name() or user.get_username()) if user else gettext("someone")
    when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    return who, when
