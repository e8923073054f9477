"""The people and things a journey starts from, shared by the pointer journeys
(test_journeys.py) and their keyboard twins (test_keyboard_journeys.py)."""

from articles.roles import EDITOR, REPORTER
from comments.models import Comment
from comments.services import comment_post
from tests.articles.workflow_helpers import staff_in
from tests.factories import (
    ArticleFactory,
    AssociationFactory,
    AuthorFactory,
    NeighborhoodFactory,
    SectionFactory,
)


def news_desk():
    """A reporter and an editor (logins "reporter" and "editor"), the Community section and
    Maya Chen's byline; returns the reporter."""
    reporter = staff_in(REPORTER, "reporter")
    staff_in(EDITOR, "editor")
    SectionFactory(name="Community", slug="community")
    AuthorFactory(name="Maya Chen", slug="maya-chen")
    return reporter


def held_comment():
    """An editor ("editor"), and a reader's first comment under a story, held for them."""
    staff_in(EDITOR, "editor")
    held = comment_post(
        article=ArticleFactory(headline="Crosswalk coming to Elm and Fifth"),
        name="Priya Natarajan",
        email="priya@example.org",
        body="Finally. I cross there with a stroller every morning.",
        ip="10.0.0.7",
    )
    assert held.status == Comment.Status.HELD
    return held


def eastbank_association():
    """An editor ("editor") and the Eastbank Neighbors association of Eastbank."""
    staff_in(EDITOR, "editor")
    neighborhood = NeighborhoodFactory(name="Eastbank", slug="eastbank")
    AssociationFactory(name="Eastbank Neighbors", neighborhoods=[neighborhood])
