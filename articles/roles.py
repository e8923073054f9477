"""The newsroom's roles: which permissions each staff group holds.

This is the one place the roles are defined. The data migration that creates the groups and
`manage.py sync_roles` both read ROLES, so a later app (comments, newsletters) adds its
permissions here and ships a migration that calls sync_roles() again.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

CONTRIBUTOR = "Contributor"
REPORTER = "Reporter"
EDITOR = "Editor"
MANAGING_EDITOR = "Managing editor"

CRUD = ("add", "change", "delete", "view")


def _model(app_label, model, actions=CRUD):
    return [f"{app_label}.{action}_{model}" for action in actions]


# What a contributor needs to write an article in the admin: the article itself, its bylines
# (an inline of their own model), and a look at what the form's autocompletes offer.
_CONTRIBUTOR = [
    *_model("articles", "article", ("add", "change", "view")),
    "articles.submit_article",
    *_model("articles", "byline"),
    "articles.view_section",
    "articles.view_author",
    "photos.view_photo",
    "photos.view_gallery",
    "neighborhoods.view_neighborhood",
    *[f"neighborhoods.view_{model}" for model in ("association", "officer", "meeting", "notice")],
]

_REPORTER = [
    *_CONTRIBUTOR,
    *_model("photos", "photo", ("add", "change", "view")),
    *_model("photos", "gallery", ("add", "change", "view")),
    # A gallery's photos are an inline: adding one to a gallery is adding a GalleryPhoto.
    *_model("photos", "galleryphoto"),
]

# Editors withdraw rather than delete: a withdrawn story keeps its address and answers 410.
_EDITOR = [
    *_REPORTER,
    "articles.publish_article",
    "articles.change_others_article",
    *_model("articles", "errorreport", ("change", "view")),
    *_model("articles", "correction", ("add", "change", "view")),
    "articles.view_articletransition",
    "articles.view_articlerevision",
    "articles.view_articleredirect",
    # Associations and their officers, meetings and notices. change_meeting and change_notice
    # also mean "may approve a community submission" (neighborhoods.services): there is no
    # separate approval permission. Deleting is the managing editor's ("neighborhoods.*"),
    # except officers: boards turn over every year and editors keep the lists current.
    *_model("neighborhoods", "association", ("add", "change", "view")),
    *_model("neighborhoods", "officer"),
    *_model("neighborhoods", "meeting", ("add", "change", "view")),
    *_model("neighborhoods", "notice", ("add", "change", "view")),
    # Newsletters: editors compose, test and send editions and look after readers' addresses
    # (a bounce, a request by phone). Lists themselves, imports of addresses and deleting
    # anything stay with the managing editor ("subscriptions.*"), except taking an article or
    # a meeting out of an edition being composed (its inline rows), which is editing it.
    *_model("subscriptions", "edition", ("add", "change", "view")),
    *_model("subscriptions", "editionarticle"),
    *_model("subscriptions", "editionmeeting"),
    "subscriptions.view_newsletter",
    *_model("subscriptions", "subscriber", ("change", "view")),
    "subscriptions.view_delivery",
    "subscriptions.view_consent",
    # Comments: editors moderate, ban, erase on request and set the site's and each
    # article's comment policy. Contributors and reporters have no part in it.
    *[
        permission
        for model in (
            "comment",
            "commenter",
            "commentreport",
            "bannedaddress",
            "moderationsettings",
            "articlecommentpolicy",
        )
        for permission in _model("comments", model)
    ],
]

# "app_label.*" stands for every permission of that app, present and future.
_MANAGING_EDITOR = [
    *_EDITOR,
    "articles.*",
    "photos.*",
    "neighborhoods.*",
    "subscriptions.*",
    "taggit.*",
    *_model("auth", "user"),
    *_model("auth", "group"),
]

ROLES = {
    CONTRIBUTOR: _CONTRIBUTOR,
    REPORTER: _REPORTER,
    EDITOR: _EDITOR,
    MANAGING_EDITOR: _MANAGING_EDITOR,
}


def _permissions_query(names):
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def sync_roles(*, apps=global_apps):
    """Create the role groups and give each exactly the permissions ROLES lists.

    Permissions a group holds beyond its definition are removed: ROLES is the truth, and a
    hand-made change in the admin would otherwise quietly outlive the next release. Returns
    {role: [names not found]}; a name is missing while its app is not migrated yet, and the
    migration that brings the app calls this again.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    missing = {}
    for role, names in ROLES.items():
        permissions = list(
            Permission.objects.filter(_permissions_query(names)).select_related("content_type")
        )
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        apps_found = {p.content_type.app_label for p in permissions}
        missing[role] = sorted(
            name
            for name in set(names)
            if name not in found and not (name.endswith(".*") and name[:-2] in apps_found)
        )
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)
    return missing


def sync_roles_in_migration(apps, schema_editor):
    """RunPython body for every migration that adds permissions the roles name.

    Permissions are normally created after the whole `migrate` run; the groups need them
    now. Django's historical app configs have no models module, which create_permissions
    takes to mean "nothing to do", hence the flag (the pattern Django's own docs suggest).
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps=apps)
