import pytest
from django.urls import reverse

from articles.roles import CONTRIBUTOR, EDITOR
from comments.models import Comment, Commenter
from tests.articles.workflow_helpers import staff_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def waiting():
    """Two held comments and one live one that needs nobody."""
    article = ArticleFactory()
    reader = Commenter.objects.create(email="ana@example.org", name="Ana")
    for number, status in enumerate(["held", "held", "approved"]):
        Comment.objects.create(
            article=article,
            commenter=reader,
            name="Ana",
            body=f"Comment {number}",
            body_hash=str(number),
            status=status,
        )


def test_a_moderator_sees_the_queue_and_its_size_on_the_admin_index(client, waiting):
    client.force_login(staff_in(EDITOR))

    response = client.get(INDEX)

    assert response.status_code == 200
    assert "Moderation queue (2)" in response.text
    queue = reverse("admin:comments_comment_changelist") + "?queue=waiting"
    assert f'href="{queue}"' in response.text
    assert "Moderation queue: 2 waiting" in client.get(queue).text


def test_staff_who_may_not_moderate_see_no_queue_on_the_admin_index(client, waiting):
    client.force_login(staff_in(CONTRIBUTOR))

    response = client.get(INDEX)

    assert response.status_code == 200
    assert "Moderation queue" not in response.text
