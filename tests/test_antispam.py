"""The shared defenses of the public forms: the honeypot and the rate limit per address."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django import forms
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.test import RequestFactory

from newsroom.antispam import HoneypotForm, rate_limited


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


class ContactForm(HoneypotForm, forms.Form):
    message = forms.CharField()


def test_a_person_leaving_the_honeypot_empty_is_not_taken_for_a_bot():
    form = ContactForm({"message": "Hello"})

    assert form.is_valid()
    assert not form.is_from_a_bot()


def test_a_filled_honeypot_marks_the_post_as_a_bot_without_a_form_error():
    form = ContactForm({"message": "Hello", "website": "http://spam.example"})

    # Valid on purpose: a bot must get the same answer as a person, not an error to learn from.
    assert form.is_valid()
    assert form.is_from_a_bot()


def test_honeypot_field_is_kept_out_of_keyboard_and_autofill_reach():
    html = str(ContactForm()["website"])

    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


def test_attempts_up_to_the_limit_pass_and_the_next_one_is_refused():
    request = request_from("198.51.100.7")
    allowed = [
        rate_limited(request, scope="test", limit=3, period=timedelta(minutes=5)) for _ in range(3)
    ]

    assert allowed == [False, False, False]
    assert rate_limited(request, scope="test", limit=3, period=timedelta(minutes=5)) is True


def test_the_limit_is_counted_per_address_and_per_scope():
    period = timedelta(minutes=5)
    for _ in range(2):
        rate_limited(request_from("198.51.100.7"), scope="test", limit=1, period=period)

    assert rate_limited(request_from("198.51.100.7"), scope="test", limit=1, period=period)
    assert not rate_limited(request_from("203.0.113.9"), scope="test", limit=1, period=period)
    assert not rate_limited(request_from("198.51.100.7"), scope="other", limit=1, period=period)


def test_the_limit_lifts_when_the_window_ends(monkeypatch):
    request = request_from("198.51.100.7")
    period = timedelta(minutes=5)
    for _ in range(2):
        rate_limited(request, scope="test", limit=1, period=period)

    later = time.time() + period.total_seconds() + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))

    assert rate_limited(request, scope="test", limit=1, period=period) is False
