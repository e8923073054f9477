import pytest
from django.core.cache import cache

from comments.models import Commenter, ModerationSettings


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limit counts in the cache, which outlives a test's database rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_policy(db):
    """Trusted-commenter moderation: newcomers are held until 2 of their comments are approved."""
    return ModerationSettings.objects.create(
        mode=ModerationSettings.Mode.TRUSTED,
        trusted_after=2,
        close_after_days=14,
        hide_after_reports=2,
        banned_words="scumbag\n",
        suspect_words="refund\nmiracle cure\n",
    )


@pytest.fixture
def regular(db):
    """A commenter with enough approved comments to be trusted."""
    return Commenter.objects.create(email="regular@example.org", name="Dana", approved_count=5)
