"""Two people editing the same article: the second save is refused, never silently lost."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles import admin_revisions
from articles.models import Article
from articles.revisions import revision_create
from articles.services import article_publish
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the page's article form."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value", "on")))
                return
            self.pairs.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.pairs.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that may follow <textarea>.
            name, value = self._textarea
            self.pairs.append((name, value.removeprefix("\n")))
            self._textarea = None


def loaded_form(response):
    """What the article change form holds as the browser got it, ready to change and post."""
    assert response.status_code == 200
    parser = _FormFields("article_form")
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    data["_save"] = ["Save"]
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def posted(client, article, data, **changes):
    """Post the form back with some fields typed over, as the browser would."""
    data = {**data, **{name: [value] for name, value in changes.items()}}
    return client.post(change_url(article), data)


@pytest.fixture
def article():
    """A draft with the first revision the admin would have kept when it was added."""
    article = ArticleFactory(
        headline="Bridge closes for repairs",
        slug="bridge-closes",
        dek="Detours run through the old town.",
        body="<p>The bridge closes Monday.</p>",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[AuthorFactory(name="Maya Ortiz")],
    )
    revision_create(article=article, by=None)
    return article


@pytest.fixture
def ana(client):
    return StaffFactory(username="ana", first_name="Ana", last_name="Ruiz")


@pytest.fixture
def ben():
    return StaffFactory(username="ben", first_name="Ben", last_name="Okafor")


def test_second_editor_saving_a_stale_form_is_refused_with_who_changed_what(
    client, article, ana, ben
):
    client.force_login(ana)
    anas_form = loaded_form(client.get(change_url(article)))
    client.force_login(ben)
    bens_form = loaded_form(client.get(change_url(article)))

    client.force_login(ana)
    first = posted(client, article, anas_form, headline="Bridge closes for two weeks")
    assert first.status_code == 302

    client.force_login(ben)
    second = posted(
        client, article, bens_form, headline="Bridge repairs begin", dek="Buses run every hour."
    )

    assert second.status_code == 200
    page = second.content.decode()
    assert "Your changes were not saved" in page
    assert "Saved by Ana Ruiz on" in page
    # What Ana changed, marked up as a change.
    assert "What they changed:" in page
    assert "Bridge closes for <del>repairs</del><ins>two weeks</ins>" in page
    # Nothing Ben typed is lost: it is all still in the form.
    assert 'value="Bridge repairs begin"' in page
    assert "Buses run every hour." in page
    article.refresh_from_db()
    assert article.headline == "Bridge closes for two weeks"
    assert article.dek == "Detours run through the old town."


def test_saving_again_after_reading_the_conflict_keeps_the_second_editors_version(
    client, article, ana, ben
):
    client.force_login(ana)
    anas_form = loaded_form(client.get(change_url(article)))
    client.force_login(ben)
    bens_form = loaded_form(client.get(change_url(article)))
    client.force_login(ana)
    posted(client, article, anas_form, headline="Bridge closes for two weeks")
    client.force_login(ben)
    refused = posted(client, article, bens_form, headline="Bridge repairs begin")

    again = client.post(change_url(article), loaded_form(refused))

    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Bridge repairs begin"
    assert list(article.revisions.values_list("created_by__username", flat=True)[:2]) == [
        "ben",
        "ana",
    ]


def test_one_editor_saving_again_and_again_is_never_refused(client, article, ana):
    client.force_login(ana)
    for headline in ["Bridge closes Monday", "Bridge closes Tuesday", "Bridge stays open"]:
        response = posted(
            client, article, loaded_form(client.get(change_url(article))), headline=headline
        )
        assert response.status_code == 302

    article.refresh_from_db()
    assert article.headline == "Bridge stays open"
    # The first revision, from when it was added, and one for each save.
    assert article.revisions.count() == 4
    versions = list(article.revisions.values_list("version", flat=True))
    assert versions == sorted(versions, reverse=True)
    assert versions[0] == article.version


def test_two_editors_taking_turns_both_get_their_changes_saved(client, article, ana, ben):
    client.force_login(ana)
    posted(client, article, loaded_form(client.get(change_url(article))), headline="First take")
    client.force_login(ben)
    response = posted(
        client, article, loaded_form(client.get(change_url(article))), dek="Ben's summary."
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("First take", "Ben's summary.")


def test_publishing_from_elsewhere_makes_an_open_form_stale(client, article, ana, ben):
    client.force_login(ana)
    anas_form = loaded_form(client.get(change_url(article)))

    article_publish(article=Article.objects.get(pk=article.pk), by=ben)
    response = posted(client, article, anas_form, headline="Bridge repairs begin")

    # Ana's form still said "draft": saving it would have unpublished Ben's story.
    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.headline == "Bridge closes for repairs"


def test_a_form_posted_without_its_version_is_refused_and_keeps_the_input(client, article, ana):
    client.force_login(ana)
    data = loaded_form(client.get(change_url(article)))
    del data["loaded_version"]

    response = posted(client, article, data, headline="Typed in an old tab")

    assert response.status_code == 200
    assert 'value="Typed in an old tab"' in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Bridge closes for repairs"


def test_a_save_that_loses_the_race_after_its_check_is_refused_not_applied(
    client, article, ana, ben, monkeypatch
):
    """On a database without row locks, the form's version check can read the version just
    before another save commits: the conditional update at save time still notices, nothing
    is written, and the form comes back with the conflict message and the input kept."""
    versioned_form = admin_revisions.versioned_form
    stale_reads = []

    def form_whose_first_check_reads_too_early(form_class):
        checked = versioned_form(form_class)

        class StaleReadForm(checked):
            def clean(self):
                if not stale_reads:
                    stale_reads.append(True)
                    # Skip the check, as if it had run before Ben's save landed.
                    return super(checked, self).clean()
                return super().clean()

        return StaleReadForm

    client.force_login(ana)
    anas_form = loaded_form(client.get(change_url(article)))
    client.force_login(ben)
    posted(client, article, loaded_form(client.get(change_url(article))), headline="Ben's take")
    monkeypatch.setattr(admin_revisions, "versioned_form", form_whose_first_check_reads_too_early)

    client.force_login(ana)
    response = posted(client, article, anas_form, headline="Ana's headline")

    assert stale_reads
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your changes were not saved" in page
    assert "Saved by Ben Okafor" in page
    assert 'value="Ana&#x27;s headline"' in page
    article.refresh_from_db()
    assert article.headline == "Ben's take"


def test_restoring_a_revision_makes_a_form_opened_before_it_stale(client, article, ana):
    client.force_login(ana)
    posted(client, article, loaded_form(client.get(change_url(article))), headline="Second")
    first_revision = article.revisions.order_by("version").first()
    open_form = loaded_form(client.get(change_url(article)))

    client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, first_revision.pk])
    )
    response = posted(client, article, open_form, dek="Typed meanwhile.")

    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()


def test_conflict_on_an_article_without_history_compares_the_form_with_the_saved_article(
    client, ana, ben
):
    # The demo paper and imported articles were saved before any revision was kept.
    article = ArticleFactory(headline="Ferry returns", status=Article.Status.DRAFT, publish_at=None)
    client.force_login(ben)
    bens_form = loaded_form(client.get(change_url(article)))
    client.force_login(ana)
    posted(client, article, loaded_form(client.get(change_url(article))), headline="Ferry is back")

    client.force_login(ben)
    response = posted(client, article, bens_form, headline="Ferry returns Sunday")

    page = response.content.decode()
    assert "Saved by Ana Ruiz on" in page
    assert "differs from your form" in page
    assert "Ferry <del>returns Sunday</del><ins>is back</ins>" in page
    article.refresh_from_db()
    assert article.headline == "Ferry is back"
