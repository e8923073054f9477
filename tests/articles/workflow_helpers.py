"""Helpers for the workflow tests: staff in each role, and the admin form as a browser posts it."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.roles import CONTRIBUTOR, EDITOR, MANAGING_EDITOR, REPORTER, sync_roles
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

ROLES = [CONTRIBUTOR, REPORTER, EDITOR, MANAGING_EDITOR]
CHANGELIST_URL = "/admin/articles/article/"
ADD_URL = "/admin/articles/article/add/"


def staff_in(role, username=None):
    """A staff user whose only permissions come from the role's group (made by the migration)."""
    if not Group.objects.filter(name=role).exists():
        # A transactional test before this one flushed what the migration made (in CI's
        # full run, browser journeys after a digest send found no groups despite
        # serialized_rollback): make the groups again, exactly as the migration does.
        sync_roles()
    user = UserFactory(username=username or role.lower().replace(" ", "_"), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def draft_by(user, **kwargs):
    kwargs.setdefault("status", Article.Status.DRAFT)
    kwargs.setdefault("publish_at", None)
    return ArticleFactory(created_by=user, **kwargs)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def local_date_and_time(moment):
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


class _FormFields(HTMLParser):
    """What a browser would post from the page's article form: every named field's value."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False
        self.select = None
        self.select_first = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name and "__prefix__" not in name:
            self.select, self.select_first = name, None
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            if self.select_first is None:
                self.select_first = attrs.get("value", "")
            if "selected" in attrs:
                self.data.setdefault(self.select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            if self.select not in self.data and not self.multiple:
                self.data[self.select] = [self.select_first or ""]
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data


def admin_form_data(page, **overrides):
    """The article form on `page` (an admin response) as posted with Save, plus overrides."""
    parser = _FormFields()
    parser.feed(page.content.decode())
    assert parser.data, "no article form on the page"
    # A browser drops the newline that follows <textarea>.
    data = {
        name: values if len(values) > 1 else values[0].removeprefix("\n")
        for name, values in parser.data.items()
    }
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = "Save"
    data.update(overrides)
    return data


def new_article_data(client, **overrides):
    """The add form filled in: headline, slug, a section, one byline."""
    from tests.factories import SectionFactory

    page = client.get(ADD_URL)
    assert page.status_code == 200
    return admin_form_data(
        page,
        headline="Ferry returns to the east landing",
        slug="ferry-returns",
        section=SectionFactory().pk,
        **{"bylines-0-author": AuthorFactory().pk, "bylines-0-order": "0"},
        **overrides,
    )
