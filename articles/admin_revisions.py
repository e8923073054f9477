"""Revisions in the article admin: history, compare, restore, and refusing stale saves.

RevisionAdminMixin goes before admin.ModelAdmin in ArticleAdmin's bases. Every save through
the change form records a revision (after the bylines and tags are saved), and a save made
from a form loaded before someone else's save is refused with what they changed, keeping
everything typed in the form.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .models import Article, ArticleRevision
from .revisions import (
    NOT_RESTORED,
    revision_create,
    revision_describe,
    revision_diff,
    revision_restore,
    revision_snapshot,
)

LOADED_VERSION = "loaded_version"
REVISIONS_PER_PAGE = 50


class ArticleEditConflict(Exception):
    """Someone else's save got in between this form's check and its save."""


def _form_snapshot(form, current):
    """The form's values in the shape of a revision, for the fields the form has."""
    values = dict(current)
    cleaned = form.cleaned_data
    for name in ("headline", "slug", "dek", "body", "kind", "priority", "status"):
        if name in cleaned:
            values[name] = cleaned[name]
    if "comments_enabled" in cleaned:
        values["comments_enabled"] = bool(cleaned["comments_enabled"])
    if cleaned.get("section") is not None:
        values["section"] = {"id": cleaned["section"].pk, "name": cleaned["section"].name}
    if "publish_at" in cleaned:
        moment = cleaned["publish_at"]
        values["publish_at"] = moment.isoformat() if moment else None
    if "lead_photo" in cleaned:
        photo = cleaned["lead_photo"]
        values["lead_photo"] = {"id": photo.pk, "str": str(photo)} if photo else None
    if "gallery" in cleaned:
        gallery = cleaned["gallery"]
        values["gallery"] = {"id": gallery.pk, "title": gallery.title} if gallery else None
    if "neighborhoods" in cleaned:
        values["neighborhoods"] = [
            {"id": n.pk, "name": n.name}
            for n in sorted(cleaned["neighborhoods"] or [], key=lambda n: n.name)
        ]
    if "tags" in cleaned:
        values["tags"] = sorted(cleaned["tags"] or [])
    return values


def conflict_message(*, form, loaded_version):
    """Who saved since the form was loaded, when, and what they changed, as safe HTML."""
    article = form.instance
    revisions = ArticleRevision.objects.filter(article=article).select_related("created_by")
    loaded_version = loaded_version or 0
    since = revisions.filter(version__gt=loaded_version).order_by("version", "pk")
    current = revision_snapshot(Article.objects.get(pk=article.pk))
    # A status change saved through the form moves the version twice but keeps one
    # revision, so "the revision the form was loaded from" is the newest one up to it.
    loaded = revisions.filter(version__lte=loaded_version).order_by("-version", "-pk").first()
    if loaded is not None:
        changes, against_form = revision_diff(loaded.data, current), False
    else:
        # An article saved before revisions were kept (the demo paper, an import) has no
        # record of what the form was loaded with: compare the form itself instead.
        changes = revision_diff(_form_snapshot(form, current), current)
        against_form = True
    return render_to_string(
        "admin/articles/article/revision_conflict.html",
        {
            "savers": [revision_describe(revision) for revision in since],
            "changes": changes,
            "against_form": against_form,
        },
    )


def versioned_form(form_class):
    """The admin's article form, carrying the version it was loaded with in a hidden field."""

    class VersionedArticleForm(form_class):
        loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[LOADED_VERSION].initial = self.instance.version

        def clean(self):
            cleaned_data = super().clean()
            loaded = cleaned_data.get(LOADED_VERSION)
            # The row stays locked until the admin's save transaction ends, so no other
            # save can slip in between this check and this save (the changeform view runs
            # POSTs in transaction.atomic; SQLite, without row locks, serializes writers).
            current = (
                Article.objects.select_for_update()
                .values_list("version", flat=True)
                .get(pk=self.instance.pk)
            )
            if loaded != current:
                # The form comes back carrying the version it has now been shown, so saving
                # again after reading what changed is a deliberate choice to keep this one.
                self.data = self.data.copy()
                self.data[self.add_prefix(LOADED_VERSION)] = current
                raise ValidationError(
                    conflict_message(form=self, loaded_version=loaded), code="edit_conflict"
                )
            return cleaned_data

    return VersionedArticleForm


class RevisionAdminMixin:
    """History of revisions, compare, restore and optimistic locking for ArticleAdmin."""

    revision_history_template = "admin/articles/article/revision_history.html"
    revision_compare_template = "admin/articles/article/revision_compare.html"
    revision_restore_template = "admin/articles/article/revision_restore.html"

    # Saving

    def _checks_version(self, request, obj):
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if fieldsets and self._checks_version(request, obj):
            name, options = fieldsets[0]
            fields = [*options["fields"], LOADED_VERSION]
            fieldsets[0] = (name, {**options, "fields": fields})
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        # The hidden field is the form's own, not the model's: modelform_factory must not
        # look for it on Article.
        kwargs["fields"] = [name for name in kwargs["fields"] if name != LOADED_VERSION]
        form_class = super().get_form(request, obj, change, **kwargs)
        if change and self._checks_version(request, obj):
            return versioned_form(form_class)
        return form_class

    def save_model(self, request, obj, form, change):
        loaded = form.cleaned_data.get(LOADED_VERSION) if change else None
        if loaded is not None:
            # The form's clean() already compared versions under a row lock; this
            # conditional update is the guarantee on a database without row locks.
            claimed = Article.objects.filter(pk=obj.pk, version=loaded).update(
                version=F("version") + 1
            )
            if not claimed:
                raise ArticleEditConflict
            obj.version = loaded + 1
        obj._revision_deferred = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Only now are tags, neighborhoods and bylines saved, so the snapshot is complete.
        form.instance._revision_deferred = False
        revision_create(article=form.instance, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ArticleEditConflict:
            # The save transaction was rolled back; shown again, the form now finds the
            # newer version and refuses with who saved and what changed, keeping the input.
            return super().changeform_view(request, object_id, form_url, extra_context)

    # Pages

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/revisions/",
                self.admin_site.admin_view(self.revision_history_view),
                name="{}_{}_revisions".format(*info),
            ),
            path(
                "<path:object_id>/revisions/compare/",
                self.admin_site.admin_view(self.revision_compare_view),
                name="{}_{}_revision_compare".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.revision_restore_view),
                name="{}_{}_revision_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article_or_refuse(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with that ID."))
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _revision_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(article),
            "opts": self.opts,
            "original": article,
            "can_restore": self.has_change_permission(request, article),
        }

    def _history_url(self, article):
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name
        return reverse("{}:{}_{}_revisions".format(*info), args=[article.pk])

    def revision_history_view(self, request, object_id):
        article = self._article_or_refuse(request, object_id)
        revisions = ArticleRevision.objects.filter(article=article).select_related("created_by")
        page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page)
        context = {
            **self._revision_context(request, article, _("History of revisions")),
            "page": page,
            "revisions": rows,
            # Preselected: the newest save against the one before it, the usual question.
            "compare_from": rows[1].pk if len(rows) > 1 else None,
            "compare_to": rows[0].pk if rows else None,
        }
        return TemplateResponse(request, self.revision_history_template, context)

    def revision_compare_view(self, request, object_id):
        article = self._article_or_refuse(request, object_id)
        chosen = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(value.isdigit() for value in chosen):
            messages.error(request, gettext("Choose two revisions to compare."))
            return HttpResponseRedirect(self._history_url(article))
        revisions = ArticleRevision.objects.filter(article=article).select_related("created_by")
        older, newer = sorted(
            (get_object_or_404(revisions, pk=pk) for pk in chosen),
            key=lambda revision: (revision.created_at, revision.pk),
        )
        context = {
            **self._revision_context(request, article, _("Compare revisions")),
            "older": older,
            "newer": newer,
            "chosen": [older, newer],
            "changes": revision_diff(older.data, newer.data),
        }
        return TemplateResponse(request, self.revision_compare_template, context)

    @staticmethod
    def _restorable(changes):
        return [change for change in changes if change.field not in NOT_RESTORED]

    @method_decorator(require_http_methods(["GET", "POST"]))
    def revision_restore_view(self, request, object_id, revision_id):
        article = self._article_or_refuse(request, object_id, change=True)
        revision = get_object_or_404(
            ArticleRevision.objects.select_related("created_by"),
            pk=revision_id,
            article=article,
        )
        if request.method == "POST":
            try:
                article, notes = revision_restore(revision=revision, by=request.user)
            except ValidationError as error:
                messages.error(
                    request,
                    gettext("The revision was not restored; the article is unchanged. %(why)s")
                    % {"why": " ".join(error.messages)},
                )
                return HttpResponseRedirect(self._history_url(article))
            message = gettext("Restored the content of version %(version)s.") % {
                "version": revision.version
            }
            self.log_change(request, article, message)
            messages.success(
                request,
                message + " " + gettext("Its status and publication time are unchanged."),
            )
            for note in notes:
                messages.warning(request, note)
            info = self.admin_site.name, self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(reverse("{}:{}_{}_change".format(*info), args=[article.pk]))
        context = {
            **self._revision_context(request, article, _("Restore a revision")),
            "revision": revision,
            "changes": self._restorable(revision_diff(revision_snapshot(article), revision.data)),
        }
        return TemplateResponse(request, self.revision_restore_template, context)
