import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from subscriptions.bounces import subscriber_mark_undeliverable
from subscriptions.models import Delivery, Subscriber
from tests.factories import EditionFactory, NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SECRET = "provider-shared-secret"


@pytest.fixture
def webhook_on(settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = SECRET


def post_report(client, payload, secret=SECRET):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    headers = {"X-Newsroom-Webhook-Secret": secret} if secret is not None else {}
    return client.post(
        reverse("subscriptions:bounce_webhook"),
        body,
        content_type="application/json",
        headers=headers,
    )


def test_bounce_stops_waiting_deliveries_but_keeps_what_was_sent():
    reader = SubscriberFactory(email="ana@example.org")
    sent = Delivery.objects.create(
        edition=EditionFactory(), subscriber=reader, status=Delivery.Status.SENT
    )
    waiting = Delivery.objects.create(edition=EditionFactory(), subscriber=reader)
    retrying = Delivery.objects.create(
        edition=EditionFactory(), subscriber=reader, status=Delivery.Status.RETRY
    )
    other = Delivery.objects.create(edition=waiting.edition, subscriber=SubscriberFactory())

    subscriber_mark_undeliverable(email="  Ana@EXAMPLE.org ", kind="bounce")

    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.BOUNCED
    assert reader.status_changed_at is not None
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[waiting.pk] == Delivery.Status.SKIPPED
    assert statuses[retrying.pk] == Delivery.Status.SKIPPED
    assert statuses[sent.pk] == Delivery.Status.SENT
    assert statuses[other.pk] == Delivery.Status.PENDING


def test_later_bounce_does_not_overwrite_a_complaint():
    reader = SubscriberFactory(status=Subscriber.Status.COMPLAINED)
    subscriber_mark_undeliverable(email=reader.email, kind="bounce")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.COMPLAINED


def test_unknown_address_is_ignored():
    assert subscriber_mark_undeliverable(email="nobody@example.org", kind="bounce") is None
    assert not Subscriber.objects.exists()


def test_webhook_is_off_without_a_configured_secret(client, settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = ""
    reader = SubscriberFactory()
    response = post_report(client, {"email": reader.email, "type": "bounce"}, secret="")
    assert response.status_code == 404
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_webhook_refuses_a_report_without_the_right_secret(client, webhook_on, secret):
    reader = SubscriberFactory()
    response = post_report(client, {"email": reader.email, "type": "bounce"}, secret=secret)
    assert response.status_code == 403
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps(["ana@example.org"]),
        json.dumps({"email": "ana@example.org"}),
        json.dumps({"email": "ana@example.org", "type": "delivered"}),
        json.dumps({"email": "not an address", "type": "bounce"}),
    ],
)
def test_webhook_answers_400_to_a_malformed_report(client, webhook_on, body):
    reader = SubscriberFactory(email="ana@example.org")
    response = post_report(client, body)
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE


def test_webhook_complaint_stops_mail_to_the_reader(client, webhook_on):
    newsletter = NewsletterFactory()
    reader = SubscriberFactory(newsletters=[newsletter])
    waiting = Delivery.objects.create(
        edition=EditionFactory(newsletter=newsletter), subscriber=reader
    )

    # No CSRF token: a provider's server cannot have one.
    client = client.__class__(enforce_csrf_checks=True)
    response = post_report(client, {"email": reader.email.upper(), "type": "complaint"})

    assert response.status_code == 200
    assert response.json() == {"status": "recorded"}
    reader.refresh_from_db()
    waiting.refresh_from_db()
    assert reader.status == Subscriber.Status.COMPLAINED
    assert waiting.status == Delivery.Status.SKIPPED


def test_webhook_reports_an_unknown_address_without_failing(client, webhook_on):
    response = post_report(client, {"email": "gone@example.org", "type": "bounce"})
    assert response.status_code == 200
    assert response.json() == {"status": "unknown address"}


def test_webhook_only_takes_post(client, webhook_on):
    response = client.get(reverse("subscriptions:bounce_webhook"))
    assert response.status_code == 405


def test_record_bounce_command_marks_the_address(capsys):
    reader = SubscriberFactory(email="ana@example.org")
    call_command("record_bounce", "ana@example.org", "--kind", "complaint")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.COMPLAINED
    assert "ana@example.org" in capsys.readouterr().out


def test_record_bounce_command_refuses_a_bad_address():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("record_bounce", "no-at-sign")


def test_record_bounce_command_exits_1_with_one_line_on_stderr():
    result = subprocess.run(
        [sys.executable, "manage.py", "record_bounce", "no-at-sign"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "not an email address" in result.stderr


def test_record_bounce_command_refuses_an_unknown_kind():
    with pytest.raises(CommandError):
        call_command("record_bounce", "ana@example.org", "--kind", "vacation")


def test_record_bounce_command_reports_an_unknown_address(capsys):
    call_command("record_bounce", "gone@example.org")
    assert "nothing to do" in capsys.readouterr().out
