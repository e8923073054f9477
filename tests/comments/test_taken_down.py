"""Rejected and spam comments stay in the database for the moderators' history; readers
never see anything of them: not the text, not a permalink, not a reply under one, not in
the count."""

import pytest
from django.urls import reverse

from comments.models import Comment, Commenter
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAKEN_DOWN = [Comment.Status.REJECTED, Comment.Status.SPAM]


@pytest.fixture
def article(site_policy):
    return ArticleFactory()


def comment(article, body, *, status=Comment.Status.APPROVED, parent=None):
    reader, _created = Commenter.objects.get_or_create(
        email="ana@example.org", defaults={"name": "Ana", "approved_count": 5}
    )
    return Comment.objects.create(
        article=article,
        commenter=reader,
        name="Ana",
        body=body,
        body_hash=body,
        status=status,
        parent=parent,
    )


@pytest.mark.parametrize("status", TAKEN_DOWN)
def test_a_taken_down_comment_and_the_replies_under_it_are_not_shown(client, article, status):
    gone = comment(article, "Taken down words.", status=status)
    orphan = comment(article, "A reply to what is gone.", parent=gone)
    kept = comment(article, "A comment that stays.")

    html = client.get(article.get_absolute_url()).text

    assert "Taken down words." not in html
    assert "A reply to what is gone." not in html
    assert f'id="comment-{gone.pk}"' not in html
    assert f'id="comment-{orphan.pk}"' not in html
    assert "A comment that stays." in html
    assert f'id="comment-{kept.pk}"' in html
    assert "1 response<" in html


@pytest.mark.parametrize("status", TAKEN_DOWN)
def test_a_taken_down_reply_is_not_shown_nor_counted(client, article, status):
    parent = comment(article, "Parent stays.")
    gone = comment(article, "Gone reply.", status=status, parent=parent)

    html = client.get(article.get_absolute_url()).text

    assert "Parent stays." in html
    assert "Gone reply." not in html
    assert f'id="comment-{gone.pk}"' not in html
    assert "1 response<" in html


@pytest.mark.parametrize("status", TAKEN_DOWN)
def test_a_taken_down_comment_cannot_be_reported_or_answered(client, article, status):
    gone = comment(article, "Taken down words.", status=status)

    report = client.post(reverse("comments:report", args=[gone.pk]), {"reason": "Rude"})
    reply = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "Dana", "email": "ana@example.org", "body": "Replying.", "parent": gone.pk},
    )

    assert report.status_code == 404
    assert reply.status_code == 400
    assert "The comment you are answering is no longer shown." in reply.text
    # The refusal page shows the reader's own text, never the comment they tried to answer.
    assert "Taken down words." not in reply.text
    assert not Comment.objects.filter(body="Replying.").exists()
