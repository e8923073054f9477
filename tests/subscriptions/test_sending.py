"""The sending engine against a real SMTP server on loopback (aiosmtpd)."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from subscriptions import sending
from subscriptions.models import Delivery, Edition, Subscriber
from subscriptions.sending import edition_deliver, edition_progress, edition_send
from subscriptions.services import subscriber_unsubscribe
from tests.factories import EditionFactory, SubscriberFactory, UserFactory

from .smtp_sink import free_port, smtp_mailers, start_sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    controller, handler = start_sink()
    settings.MAILERS = smtp_mailers(controller.port)
    settings.NEWSLETTER_SEND_RATE = 10_000
    settings.NEWSLETTER_BATCH_SIZE = 100
    yield handler
    controller.stop()


@pytest.fixture
def edition():
    return EditionFactory()


def readers(edition, count, **kwargs):
    return [SubscriberFactory(newsletters=[edition.newsletter], **kwargs) for _ in range(count)]


def send_now(edition, django_capture_on_commit_callbacks):
    # The task backend in tests is immediate: the task runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        edition_send(edition=edition, by=None)
    edition.refresh_from_db()
    return edition


def make_retries_due(edition):
    Delivery.objects.filter(edition=edition, status=Delivery.Status.RETRY).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_every_active_subscriber_gets_exactly_one_digest(
    sink, edition, django_capture_on_commit_callbacks
):
    active = readers(edition, 5)
    readers(edition, 1, status=Subscriber.Status.PENDING)
    readers(edition, 1, status=Subscriber.Status.UNSUBSCRIBED)
    readers(edition, 1, status=Subscriber.Status.BOUNCED)
    readers(edition, 1, status=Subscriber.Status.COMPLAINED)
    SubscriberFactory()  # active, but on no list

    edition = send_now(edition, django_capture_on_commit_callbacks)

    assert sorted(sink.recipients()) == sorted(r.email for r in active)
    assert len(set(sink.message_ids())) == 5
    received = sink.messages[0]
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Unsubscribe"].startswith("<http")
    assert edition.status == Edition.Status.SENT
    assert edition.sent_at is not None
    assert edition_progress(edition) == {
        "sent": 5,
        "failed": 0,
        "skipped": 0,
        "remaining": 0,
        "total": 5,
    }
    delivery = Delivery.objects.get(subscriber=active[0])
    assert delivery.message_id == f"<edition-{edition.pk}.subscriber-{active[0].pk}@localhost>"
    assert delivery.sent_at is not None and delivery.attempts == 1


def test_reader_who_leaves_after_sending_started_gets_nothing(sink, edition):
    staying, leaving = readers(edition, 2)
    edition_send(edition=edition, by=None)  # on_commit not run: the worker has not started
    sending._start_sending(edition.pk)  # the worker writes the list, then is interrupted

    subscriber_unsubscribe(subscriber=leaving)
    edition_deliver(edition_id=edition.pk)

    assert sink.recipients() == [staying.email]
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.Status.SKIPPED
    assert edition_progress(edition)["skipped"] == 1


def test_reader_who_drops_the_list_after_sending_started_gets_nothing(sink, edition):
    staying, leaving = readers(edition, 2)
    edition_send(edition=edition, by=None)
    sending._start_sending(edition.pk)

    leaving.subscriptions.filter(newsletter=edition.newsletter).delete()
    edition_deliver(edition_id=edition.pk)

    assert sink.recipients() == [staying.email]
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.Status.SKIPPED


def test_reader_who_joins_after_sending_started_waits_for_the_next_edition(sink, edition):
    early = readers(edition, 1)[0]
    edition_send(edition=edition, by=None)
    sending._start_sending(edition.pk)

    late = SubscriberFactory(newsletters=[edition.newsletter])
    edition_deliver(edition_id=edition.pk)

    assert sink.recipients() == [early.email]
    assert not Delivery.objects.filter(subscriber=late).exists()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


def test_temporary_refusal_is_retried_with_growing_waits_then_delivered(
    sink, edition, django_capture_on_commit_callbacks
):
    reader, other = readers(edition, 2)
    sink.refuse(reader.email, "451 4.3.0 Mailbox busy", "421 4.7.0 Try again later")

    edition = send_now(edition, django_capture_on_commit_callbacks)

    assert sink.recipients() == [other.email]
    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.status == Delivery.Status.RETRY
    assert delivery.attempts == 1
    assert "451" in delivery.last_error
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    assert edition.status == Edition.Status.SENDING
    assert edition_progress(edition)["remaining"] == 1

    # Not due yet: running the worker again sends nothing.
    edition_deliver(edition_id=edition.pk)
    assert sink.recipients() == [other.email]

    make_retries_due(edition)
    edition_deliver(edition_id=edition.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.RETRY and delivery.attempts == 2
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(minutes=4) < wait <= timedelta(minutes=5)

    make_retries_due(edition)
    edition_deliver(edition_id=edition.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 3
    assert sorted(sink.recipients()) == sorted([other.email, reader.email])
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


def test_temporary_refusals_give_up_after_five_attempts(sink, edition):
    reader = readers(edition, 1)[0]
    sink.refuse(reader.email, *["450 4.2.1 Slow down"] * 10)
    edition_send(edition=edition, by=None)

    for _ in range(5):
        edition_deliver(edition_id=edition.pk)
        make_retries_due(edition)

    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 5
    assert sink.recipients() == []
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert edition_progress(edition)["failed"] == 1


def test_permanent_refusal_is_recorded_as_failed_and_not_retried(
    sink, edition, django_capture_on_commit_callbacks
):
    gone, other = readers(edition, 2)
    sink.refuse(gone.email, "550 5.1.1 No such user here")

    edition = send_now(edition, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(subscriber=gone)
    assert delivery.status == Delivery.Status.FAILED
    assert "550" in delivery.last_error and "No such user" in delivery.last_error
    assert delivery.next_attempt_at is None
    assert sink.recipients() == [other.email]
    assert edition.status == Edition.Status.SENT
    assert edition_progress(edition) == {
        "sent": 1,
        "failed": 1,
        "skipped": 0,
        "remaining": 0,
        "total": 2,
    }


def test_unreachable_server_means_retry_later_not_failure(settings, edition):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    reader = readers(edition, 1)[0]
    edition_send(edition=edition, by=None)

    edition_deliver(edition_id=edition.pk)

    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.status == Delivery.Status.RETRY
    assert delivery.last_error


def test_one_connection_carries_a_whole_batch(sink, settings, edition):
    settings.NEWSLETTER_BATCH_SIZE = 3
    readers(edition, 7)
    edition_send(edition=edition, by=None)

    edition_deliver(edition_id=edition.pk)

    assert len(sink.recipients()) == 7
    assert sink.connections == 3  # batches of 3, 3 and 1


def test_send_rate_setting_spaces_the_messages(sink, settings, edition):
    settings.NEWSLETTER_SEND_RATE = 20  # one every 50 ms
    readers(edition, 6)
    edition_send(edition=edition, by=None)

    started = time.monotonic()
    edition_deliver(edition_id=edition.pk)
    elapsed = time.monotonic() - started

    assert len(sink.recipients()) == 6
    assert elapsed >= 5 * 0.05


def test_sending_costs_a_fixed_number_of_queries_per_message(
    sink, edition, django_assert_max_num_queries
):
    readers(edition, 20)
    edition_send(edition=edition, by=None)

    # The edition's content is read once; each message costs one UPDATE.
    with django_assert_max_num_queries(20 + 25):
        edition_deliver(edition_id=edition.pk)

    assert len(sink.recipients()) == 20


def test_progress_is_counted_in_one_query(edition, django_assert_num_queries):
    readers(edition, 3)
    with django_assert_num_queries(1):
        assert edition_progress(edition)["total"] == 0


def test_edition_cannot_be_sent_twice(sink, edition, django_capture_on_commit_callbacks):
    readers(edition, 1)
    send_now(edition, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError, match="already sent"):
        edition_send(edition=edition, by=None)
    assert len(sink.recipients()) == 1


def test_scheduled_edition_waits_for_its_time(sink, edition):
    reader = readers(edition, 1)[0]
    later = timezone.now() + timedelta(hours=2)

    edition_send(edition=edition, by=None, send_at=later)

    edition.refresh_from_db()
    assert edition.status == Edition.Status.SCHEDULED
    assert edition.send_at == later
    assert edition_deliver(edition_id=edition.pk) is None  # a worker waking early
    assert not Delivery.objects.exists()
    with pytest.raises(ValidationError, match="already scheduled"):
        edition_send(edition=edition, by=None)

    Edition.objects.filter(pk=edition.pk).update(send_at=timezone.now() - timedelta(seconds=1))
    edition_deliver(edition_id=edition.pk)

    assert sink.recipients() == [reader.email]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


def test_user_without_the_permission_cannot_send(edition):
    user = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        edition_send(edition=edition, by=user)

    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_user_who_may_change_editions_can_send(edition):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_edition"))

    edition_send(edition=edition, by=user)

    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING


def test_without_smtp_the_digest_lands_in_the_configured_mailer(
    edition, django_capture_on_commit_callbacks
):
    # The tests' default mailer is Django's outbox, as the file mailer is in development.
    reader = readers(edition, 1)[0]

    edition = send_now(edition, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert edition.status == Edition.Status.SENT
