from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, Commenter
from comments.templatetags.comments import comment_text
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def make_comments(article, count, *, status=Comment.Status.APPROVED, **fields):
    commenter, _ = Commenter.objects.get_or_create(email="dana@example.org", name="Dana")
    Comment.objects.bulk_create(
        Comment(
            article=article,
            commenter=commenter,
            name=fields.get("name", "Dana"),
            body=fields.get("body", f"Comment {number}"),
            body_hash=str(number),
            status=status,
            parent=fields.get("parent"),
        )
        for number in range(count)
    )


def test_html_and_script_in_a_comment_and_name_render_as_text(client, site_policy):
    article = ArticleFactory()
    make_comments(
        article,
        1,
        name="<b>Mallory</b>",
        body='<script>alert("x")</script> <a href="javascript:evil()">click</a>',
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html
    assert 'href="javascript:' not in html


def test_paragraphs_line_breaks_and_safe_links():
    html = comment_text(
        'First line\nsecond line\n\nSee https://example.org/a?b=1&c=2. "https://x.org/"onclick=1'
    )

    assert html.startswith("<p>First line<br>second line</p>\n<p>See ")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a>." in html
    )
    # A quote typed after the address cannot close the href and add an attribute.
    assert 'onclick=1"' not in html
    assert "&quot;onclick=1" in html


def test_the_article_shows_its_responses_oldest_first_with_replies_and_permalinks(
    client, site_policy
):
    article = ArticleFactory()
    commenter = Commenter.objects.create(email="a@example.org", name="Ana")
    approved = Comment.Status.APPROVED
    first = Comment.objects.create(
        article=article, commenter=commenter, name="Ana", body="First!", status=approved
    )
    second = Comment.objects.create(
        article=article, commenter=commenter, name="Ben", body="Second.", status=approved
    )
    reply = Comment.objects.create(
        article=article,
        commenter=commenter,
        name="Cy",
        body="A reply to the first.",
        status=approved,
        parent=first,
    )
    Comment.objects.create(article=article, commenter=commenter, name="D", body="Held one.")
    Comment.objects.create(
        article=article,
        commenter=commenter,
        name="E",
        body="Hidden one.",
        status=approved,
        is_hidden_by_reports=True,
    )

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    assert "3 responses" in html
    assert html.index("First!") < html.index("A reply to the first.") < html.index("Second.")
    for comment in (first, second, reply):
        assert f'id="comment-{comment.pk}"' in html
        assert f'href="#comment-{comment.pk}"' in html
    assert "Held one." not in html
    assert "Hidden one." not in html
    assert 'name="email"' in html


def test_one_response_is_singular(client, site_policy):
    article = ArticleFactory()
    make_comments(article, 1)

    assert "1 response<" in client.get(article.get_absolute_url()).content.decode()


def test_a_closed_article_shows_its_comments_but_no_form(client, site_policy):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=20))
    make_comments(article, 1, body="From when it was open.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "From when it was open." in html
    assert "Comments are closed." in html
    assert 'id="comment-form"' not in html


def test_an_article_with_1000_comments_costs_the_same_queries_as_with_1(
    client, site_policy, settings
):
    settings.PAGE_CACHE_ENABLED = False  # what rendering costs, not serving a stored copy
    small, large = ArticleFactory(), ArticleFactory()
    make_comments(small, 1)
    make_comments(large, 500)
    top = Comment.objects.filter(article=large).first()
    make_comments(large, 500, parent=top)

    with CaptureQueriesContext(connection) as one:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as thousand:
        response = client.get(large.get_absolute_url())

    assert "1000 responses" in response.content.decode()
    assert len(thousand) == len(one)
