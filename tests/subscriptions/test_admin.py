import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.roles import CONTRIBUTOR, EDITOR, MANAGING_EDITOR
from subscriptions.models import Consent, Delivery, Subscriber
from tests.articles.workflow_helpers import staff_in
from tests.factories import (
    EditionFactory,
    NeighborhoodFactory,
    NewsletterFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:subscriptions_subscriber_changelist")
EXPORT = reverse("admin:subscriptions_subscriber_export")


# What the change form posts for its read-only consent inline (the editor's view of it).
CONSENT_INLINE = {"consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0"}


@pytest.fixture
def editor_client(client):
    client.force_login(staff_in(EDITOR))
    return client


@pytest.fixture
def lists():
    return NewsletterFactory(name="The Weekly", slug="weekly"), NewsletterFactory(
        name="Breaking news", slug="breaking"
    )


def read_csv(response):
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_newsletter_list_counts_active_subscribers_in_fixed_queries(
    admin_client, lists, django_assert_max_num_queries
):
    weekly, breaking = lists
    SubscriberFactory.create_batch(3, newsletters=[weekly])
    SubscriberFactory(newsletters=[weekly, breaking])
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED, newsletters=[weekly])
    SubscriberFactory(status=Subscriber.Status.PENDING, newsletters=[breaking])
    for _index in range(5):
        NewsletterFactory(kind="neighborhood", neighborhood=NeighborhoodFactory())

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:subscriptions_newsletter_changelist"))

    counts = {n.name: n.active_count for n in response.context["cl"].result_list}
    assert counts["The Weekly"] == 4
    assert counts["Breaking news"] == 1


def test_subscriber_list_shows_counts_per_status_and_list(
    admin_client, lists, django_assert_max_num_queries
):
    weekly, breaking = lists
    SubscriberFactory.create_batch(3, newsletters=[weekly])
    SubscriberFactory(status=Subscriber.Status.PENDING, newsletters=[weekly, breaking])
    SubscriberFactory(status=Subscriber.Status.BOUNCED, newsletters=[breaking])

    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 5
    assert response.context["subscriber_total"] == 5
    assert dict(response.context["status_counts"])["Active"] == 3
    per_list = dict(response.context["list_counts"])
    statuses = list(Subscriber.Status.values)
    assert per_list["The Weekly"][statuses.index("active")] == 3
    assert per_list["The Weekly"][statuses.index("pending")] == 1
    assert per_list["Breaking news"][statuses.index("bounced")] == 1
    assert "Breaking news" in response.content.decode()

    # More subscribers, same number of queries.
    SubscriberFactory.create_batch(10, newsletters=[weekly, breaking])
    with django_assert_max_num_queries(12):
        admin_client.get(CHANGELIST)


def test_subscribers_filter_by_list_and_status(admin_client, lists):
    weekly, breaking = lists
    SubscriberFactory(email="weekly@example.org", newsletters=[weekly])
    SubscriberFactory(email="breaking@example.org", newsletters=[breaking])
    SubscriberFactory(
        email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED, newsletters=[breaking]
    )

    by_list = admin_client.get(CHANGELIST, {"newsletters__id__exact": breaking.pk})
    assert {s.email for s in by_list.context["cl"].result_list} == {
        "breaking@example.org",
        "left@example.org",
    }
    both = admin_client.get(
        CHANGELIST, {"newsletters__id__exact": breaking.pk, "status__exact": "active"}
    )
    assert [s.email for s in both.context["cl"].result_list] == ["breaking@example.org"]
    searched = admin_client.get(CHANGELIST, {"q": "weekly@"})
    assert [s.email for s in searched.context["cl"].result_list] == ["weekly@example.org"]


def test_export_all_streams_every_subscriber_with_lists_and_consent(admin_client, lists):
    weekly, breaking = lists
    ana = SubscriberFactory(email="ana@example.org", newsletters=[weekly, breaking])
    Consent.objects.create(subscriber=ana, source="old form", wording="Yes")
    Consent.objects.create(subscriber=ana, source="home page form", wording="Yes please")
    SubscriberFactory(email="ben@example.org", status=Subscriber.Status.PENDING, confirmed_at=None)

    rows = read_csv(admin_client.get(EXPORT))

    assert [row["email"] for row in rows] == ["ana@example.org", "ben@example.org"]
    assert set(rows[0]["lists"].split(";")) == {"weekly", "breaking"}
    assert rows[0]["status"] == "active"
    assert rows[0]["confirmed_at"].startswith(str(ana.confirmed_at.date()))
    assert rows[0]["consent_source"] == "home page form"
    assert rows[1] == {
        "email": "ben@example.org",
        "status": "pending",
        "lists": "",
        "confirmed_at": "",
        "consent_source": "",
    }


def test_export_reads_the_database_in_chunks_while_streaming(admin_client, lists, monkeypatch):
    from subscriptions import imports

    monkeypatch.setattr(imports, "EXPORT_CHUNK_SIZE", 2)
    SubscriberFactory.create_batch(5, newsletters=[lists[0]])
    response = admin_client.get(EXPORT)

    # Nothing was read when the response left the view: rows are fetched as it is sent,
    # and the lists come one query per chunk of 2 (3 chunks for 5), not for all at once.
    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(response)
    list_queries = [q for q in queries if 'FROM "subscriptions_newsletter"' in q["sql"]]
    assert len(rows) == 5
    assert len(list_queries) == 3


def test_export_selected_action_exports_only_the_chosen(admin_client, lists):
    chosen = SubscriberFactory(email="ana@example.org")
    SubscriberFactory(email="ben@example.org")
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_selected", "_selected_action": [chosen.pk]},
    )
    assert [row["email"] for row in read_csv(response)] == ["ana@example.org"]


def test_anonymous_visitor_cannot_see_or_export_subscribers(client):
    SubscriberFactory(email="ana@example.org")
    for url in (CHANGELIST, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_contributor_cannot_see_or_export_subscribers(client):
    SubscriberFactory(email="ana@example.org")
    client.force_login(staff_in(CONTRIBUTOR))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_editor_sees_and_exports_subscribers_but_cannot_add_or_delete(editor_client):
    reader = SubscriberFactory(email="ana@example.org")
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Import CSV" not in response.content.decode()
    assert [row["email"] for row in read_csv(editor_client.get(EXPORT))] == ["ana@example.org"]
    assert editor_client.get(reverse("admin:subscriptions_subscriber_add")).status_code == 403
    delete = reverse("admin:subscriptions_subscriber_delete", args=[reader.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Subscriber.objects.filter(pk=reader.pk).exists()


def test_managing_editor_sees_the_import_link(client):
    client.force_login(staff_in(MANAGING_EDITOR))
    assert "Import CSV" in client.get(CHANGELIST).content.decode()


def test_editor_records_a_phone_unsubscribe_with_its_time(editor_client):
    reader = SubscriberFactory(email="ana@example.org")
    change = reverse("admin:subscriptions_subscriber_change", args=[reader.pk])
    response = editor_client.post(change, {"status": "unsubscribed", **CONSENT_INLINE})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert reader.status_changed_at is not None


def test_staff_cannot_resubscribe_a_reader_who_left(editor_client):
    reader = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    change = reverse("admin:subscriptions_subscriber_change", args=[reader.pk])
    response = editor_client.post(change, {"status": "active", **CONSENT_INLINE})
    assert response.status_code == 200
    assert "Only they can rejoin" in response.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_consent_records_are_shown_and_cannot_be_edited(admin_client, lists):
    reader = SubscriberFactory()
    consent = Consent.objects.create(
        subscriber=reader, source="Lantern Festival sheet", wording="Send me the Weekly"
    )
    consent.newsletters.set([lists[0]])
    change = reverse("admin:subscriptions_subscriber_change", args=[reader.pk])
    page = admin_client.get(change).content.decode()
    assert "Lantern Festival sheet" in page
    assert "Send me the Weekly" in page
    assert 'name="consents-0-source"' not in page


def test_deliveries_are_read_only_and_filter_by_edition_and_status(editor_client):
    first, second = EditionFactory(), EditionFactory()
    sent = Delivery.objects.create(
        edition=first, subscriber=SubscriberFactory(), status=Delivery.Status.SENT
    )
    Delivery.objects.create(edition=first, subscriber=SubscriberFactory())
    Delivery.objects.create(edition=second, subscriber=SubscriberFactory())
    url = reverse("admin:subscriptions_delivery_changelist")

    response = editor_client.get(url, {"edition__id__exact": first.pk, "status": "sent"})

    assert [d.pk for d in response.context["cl"].result_list] == [sent.pk]
    change = reverse("admin:subscriptions_delivery_change", args=[sent.pk])
    editor_client.post(change, {"status": "pending"})
    sent.refresh_from_db()
    assert sent.status == Delivery.Status.SENT
    assert editor_client.get(reverse("admin:subscriptions_delivery_add")).status_code == 403


def test_editor_sees_lists_but_only_the_managing_editor_changes_them(client, lists):
    weekly = lists[0]
    change = reverse("admin:subscriptions_newsletter_change", args=[weekly.pk])
    editor, managing = staff_in(EDITOR), staff_in(MANAGING_EDITOR)

    assert editor.has_perm("subscriptions.view_newsletter")
    assert not editor.has_perm("subscriptions.change_newsletter")
    assert editor.has_perm("subscriptions.change_edition")
    assert not editor.has_perm("subscriptions.delete_subscriber")
    assert managing.has_perm("subscriptions.change_newsletter")
    assert managing.has_perm("subscriptions.delete_subscriber")

    client.force_login(editor)
    client.post(change, {"name": "Renamed", "slug": "weekly", "kind": "digest", "order": 0})
    weekly.refresh_from_db()
    assert weekly.name == "The Weekly"
