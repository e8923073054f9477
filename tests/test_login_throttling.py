import pytest
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def login(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )


def test_admin_login_with_the_right_password_works(throttled, client):
    StaffFactory(username="editor")

    response = login(client, "editor", "correct horse battery")

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(throttled, client):
    StaffFactory(username="editor")
    for _ in range(2):
        assert login(client, "editor", "guess").status_code == 200
    assert login(client, "editor", "guess").status_code == 429

    response = login(client, "editor", "correct horse battery")

    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
