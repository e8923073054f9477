import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.roles import EDITOR, MANAGING_EDITOR
from subscriptions.imports import ImportFileError, subscribers_import
from subscriptions.models import Consent, Subscriber
from tests.factories import NewsletterFactory, SubscriberFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:subscriptions_subscriber_import")
FESTIVAL = "sign-up sheet at the Lantern Festival, 2026-10-12"


@pytest.fixture
def digest():
    return NewsletterFactory(name="The Weekly", slug="weekly")


@pytest.fixture
def eastbank():
    return NewsletterFactory(name="Eastbank letter", slug="eastbank")


def run_import(data, *, newsletters=(), confirmed=False, **kwargs):
    return subscribers_import(
        data=data.encode(),
        source=kwargs.get("source", FESTIVAL),
        wording=kwargs.get("wording", ""),
        already_confirmed=confirmed,
        default_newsletters=newsletters,
        by=None,
    )


def test_confirmed_import_adds_active_readers_with_their_consent(digest, eastbank):
    report = run_import(
        "Email,Lists\nana@example.org,weekly\nBen@Example.ORG,weekly;Eastbank letter\n",
        confirmed=True,
    )

    assert sorted(report.added_active) == ["ana@example.org", "ben@example.org"]
    ben = Subscriber.objects.get(email="ben@example.org")
    assert ben.status == Subscriber.Status.ACTIVE
    assert ben.confirmed_at is not None
    assert set(ben.newsletters.all()) == {digest, eastbank}
    consent = ben.consents.get()
    assert consent.source == FESTIVAL
    assert FESTIVAL in consent.wording
    assert set(consent.newsletters.all()) == {digest, eastbank}
    assert mail.outbox == []


def test_unconfirmed_import_sends_a_confirmation_and_nothing_else(
    digest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("email\nana@example.org\n", newsletters=[digest])

    ana = Subscriber.objects.get(email="ana@example.org")
    assert report.added_pending == ["ana@example.org"]
    assert ana.status == Subscriber.Status.PENDING
    assert ana.confirmed_at is None
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_bad_rows_are_reported_by_line_and_the_rest_imported(digest):
    report = run_import(
        "email,lists\n"
        "ana@example.org,weekly\n"
        "not-an-address,weekly\n"
        "\n"
        "ben@example.org,no-such-list\n"
        "cleo@example.org,\n",
        confirmed=True,
    )

    assert report.errors[0][0] == 3
    assert "not-an-address" in report.errors[0][1]
    assert report.errors[1][0] == 5
    assert "no-such-list" in report.errors[1][1]
    # No list in the file nor on the form: nothing to subscribe cleo to.
    assert report.errors[2][0] == 6
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"ana@example.org"}


@pytest.mark.parametrize(
    "status",
    [Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED],
)
def test_import_never_reactivates_an_address_that_left(digest, status):
    left = SubscriberFactory(email="ana@example.org", status=status)

    report = run_import("email\nANA@example.org\n", newsletters=[digest], confirmed=True)

    left.refresh_from_db()
    assert left.status == status
    assert not left.newsletters.exists()
    assert not Consent.objects.filter(subscriber=left).exists()
    assert report.not_reactivated == [(2, "ana@example.org", left.get_status_display())]


def test_import_adds_lists_to_an_active_reader(digest, eastbank):
    reader = SubscriberFactory(email="ana@example.org", newsletters=[digest])
    report = run_import("email,lists\nana@example.org,eastbank\n")
    assert report.updated == ["ana@example.org"]
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE
    assert set(reader.newsletters.all()) == {digest, eastbank}


def test_file_without_an_email_column_is_refused(digest):
    with pytest.raises(ImportFileError, match="email"):
        run_import("name\nAna\n", newsletters=[digest])


def test_managing_editor_imports_through_the_admin_page(client, digest):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=MANAGING_EDITOR))
    client.force_login(user)
    upload = SimpleUploadedFile(
        "sheet.csv", b"email\nana@example.org\nnope\n", content_type="text/csv"
    )

    response = client.post(
        IMPORT_URL,
        {"file": upload, "source": FESTIVAL, "newsletters": [digest.pk], "already_confirmed": "on"},
    )

    assert response.status_code == 200
    assert Subscriber.objects.get(email="ana@example.org").status == Subscriber.Status.ACTIVE
    page = response.content.decode()
    assert "Line 3" in page
    assert "1 address imported." in [str(m) for m in response.context["messages"]]


def test_import_page_requires_the_consent_source(client, digest):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("sheet.csv", b"email\nana@example.org\n")
    response = client.post(IMPORT_URL, {"file": upload, "source": "", "newsletters": [digest.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    assert not Subscriber.objects.exists()


def test_import_page_explains_a_file_that_is_not_utf8(client, digest):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("sheet.csv", "email\nzoë@example.org\n".encode("utf-16"))
    response = client.post(
        IMPORT_URL, {"file": upload, "source": FESTIVAL, "newsletters": [digest.pk]}
    )
    assert "UTF-8" in str(response.context["form"].errors["file"])
    assert not Subscriber.objects.exists()


def test_editor_cannot_import(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
