import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # These tests log editors in by the dozen; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
