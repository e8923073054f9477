"""The Content-Security-Policy, as Chromium enforces it: nothing the site needs is refused.

The test client proves the header is there; only a browser proves the policy lets the site
work: the public pages, and the admin's change form with its rich-text editor, an import
map and inline scripts, all allowed by a nonce instead of 'unsafe-inline'.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ArticleFactory, StaffFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"  # StaffFactory's
TIMEOUT_MS = 15_000


@pytest.fixture
def violations(page: Page):
    """Every CSP violation on the page, as Chromium reports it in the console and as the
    document's securitypolicyviolation events (which also catch report-only breaches)."""
    seen = []
    page.set_default_timeout(TIMEOUT_MS)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # Init scripts come from the browser itself, not the page: the policy does not apply.
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            console.error(`Content Security Policy event: ${event.violatedDirective} `
                + `blocked ${event.blockedURI || "inline"} from ${event.sourceFile}:`
                + `${event.lineNumber} (${event.sample})`);
        });"""
    )
    return seen


def test_public_pages_and_the_article_editor_break_no_content_security_rule(
    page: Page, live_server, violations
):
    StaffFactory(username="editor")
    article = ArticleFactory(headline="Ferry schedule changes for the winter")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name=article.headline).first).to_be_visible()
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.get_by_role("heading", name=article.headline)).to_be_visible()
    assert violations == [], "\n".join(violations)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    # The editor's scripts ran: ProseMirror replaced the textarea, showing the body.
    editor = page.locator(".prose-editor [contenteditable=true]")
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("The city council voted Tuesday.")
    editor.click()
    page.keyboard.type(" More at eleven.")
    expect(editor).to_contain_text("More at eleven.")
    # Saving lands on the list of articles, with its own scripts and a message.
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert violations == [], "\n".join(violations)
