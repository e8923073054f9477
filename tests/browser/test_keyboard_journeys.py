"""Issue 9's staff and community journeys again, with the keyboard alone.

The same people as in test_journeys.py (a reporter and an editor, an editor clearing a held
comment, an association's secretary and the staff who approve the meeting), but nobody
clicks: each control is reached with Tab or Shift+Tab, and operated with Enter, Space,
arrow keys and typing. `page.goto` only opens the page a journey starts on; every link
after it is followed by keyboard. tab_to also checks each control shows a focus indicator.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Article, ArticleTransition
from comments.models import Comment
from neighborhoods.models import Approval, Meeting
from photos.models import Photo
from tests.browser.keyboard import choose_option, tab_to
from tests.browser.scenarios import eastbank_association, held_comment, news_desk
from tests.factories import (
    image_bytes,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"  # UserFactory's
# What a native date or time input expects typed depends on the browser's language; these
# journeys type dates and times the way a US-English browser reads them.
LOCALE = "en-US"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": LOCALE}


def focused_value(page: Page):
    return page.evaluate("() => document.activeElement.value")


def log_in_by_keyboard(page: Page, base, username):
    page.goto(f"{base}/admin/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def follow_link(page: Page, selector):
    """Tab to a link and press Enter on it; the next Tab starts on the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def pick_autocomplete_by_keyboard(page: Page, field_id, search):
    """Choose in an admin autocomplete (select2) widget: Tab, Enter, type, Enter."""
    tab_to(page, f"#{field_id} + .select2 .select2-selection")
    page.keyboard.press("Enter")
    search_box = page.locator(".select2-container--open .select2-search__field")
    expect(search_box).to_be_focused()
    page.keyboard.type(search)
    # The results come from the server: wait until the highlighted one is the match.
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text(search)
    page.keyboard.press("Enter")
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered")).to_contain_text(
        search
    )
    # Select2 hands focus back to its box, so the next Tab goes on from the field.
    expect(page.locator(f"#{field_id} + .select2 .select2-selection")).to_be_focused()


def run_admin_action_by_keyboard(page: Page, action_label):
    """Tick the (only) row's checkbox with Space, go back to the action menu, choose, run."""
    tab_to(page, "#result_list tbody input.action-select")
    page.keyboard.press("Space")
    expect(page.locator("#result_list tbody input.action-select")).to_be_checked()
    tab_to(page, "select[name=action]", backwards=True)
    choose_option(page, action_label)
    tab_to(page, "button[name=index]")
    page.keyboard.press("Enter")


# --- The newsroom -----------------------------------------------------------------------


def test_reporter_writes_a_story_and_an_editor_publishes_it_by_keyboard(
    page: Page, new_page, live_server
):
    base = live_server.url
    reporter = news_desk()
    headline = "Night market returns to Mill Street"

    # The reporter logs in and uploads the photo: Space on the file input opens the chooser.
    log_in_by_keyboard(page, base, "reporter")
    follow_link(page, "a.addlink[href$='/admin/photos/photo/add/']")
    tab_to(page, "#id_image")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(
        {
            "name": "market.jpg",
            "mimeType": "image/jpeg",
            "buffer": image_bytes(1400, 900, quality=85),
        }
    )
    tab_to(page, "#id_alt_text")
    page.keyboard.type("Stalls with lanterns lining Mill Street at dusk")
    tab_to(page, "#id_caption")
    page.keyboard.type("Vendors set up on Mill Street for the first market of the summer.")
    tab_to(page, "#id_credit")
    page.keyboard.type("Luis Ortega")
    tab_to(page, "input[name=_save]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    photo = Photo.objects.get(credit="Luis Ortega")

    # The story, from the navigation sidebar's "Add" link for articles.
    follow_link(page, "a.addlink[href$='/admin/articles/article/add/']")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/add/$"))
    tab_to(page, "#id_headline")
    page.keyboard.type(headline)
    expect(page.locator("#id_slug")).to_have_value("night-market-returns-to-mill-street")
    # Past the editor's toolbar buttons into the text itself.
    tab_to(page, ".prose-editor [contenteditable=true]")
    page.keyboard.type("## What to expect")
    page.keyboard.press("Enter")
    page.keyboard.type("Forty vendors and a brass band, every Friday through August.")
    editor_box = page.locator(".prose-editor [contenteditable=true]")
    expect(editor_box.locator("h2")).to_have_text("What to expect")
    pick_autocomplete_by_keyboard(page, "id_bylines-0-author", "Maya Chen")
    pick_autocomplete_by_keyboard(page, "id_section", "Community")
    tab_to(page, "#id_priority")
    choose_option(page, "Lead story")
    pick_autocomplete_by_keyboard(page, "id_lead_photo", "Vendors set up on Mill Street")
    tab_to(page, "#id_status")
    choose_option(page, "In review")
    tab_to(page, "input[name=_save]")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="night-market-returns-to-mill-street")
    assert article.status == Article.Status.REVIEW
    assert article.created_by == reporter
    assert article.lead_photo == photo
    assert article.priority == Article.Priority.LEAD
    assert article.section.name == "Community"
    assert [byline.author.name for byline in article.bylines.all()] == ["Maya Chen"]
    assert "<h2>What to expect</h2>" in article.body

    # The editor, in a browser of their own: articles, the review queue, the story, publish.
    editor = new_page()
    log_in_by_keyboard(editor, base, "editor")
    follow_link(editor, "#content-main a[href$='/admin/articles/article/']")
    follow_link(editor, ".reviewqueuelink")
    expect(editor.locator("#review-queue")).to_contain_text("Maya Chen")
    follow_link(editor, f"#review-queue a[href$='/admin/articles/article/{article.pk}/change/']")
    expect(editor.locator(".prose-editor [contenteditable=true]")).to_contain_text("Forty vendors")
    tab_to(editor, "#id_status")
    choose_option(editor, "Published")
    tab_to(editor, "input[name=_save]")
    editor.keyboard.press("Enter")
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.is_published
    steps = ArticleTransition.objects.filter(article=article).order_by("pk")
    assert [(step.to_status, step.by.username) for step in steps] == [
        (Article.Status.REVIEW, "reporter"),
        (Article.Status.PUBLISHED, "editor"),
    ]

    # Readers find it leading the home page, with its photo.
    reader = new_page()
    reader.goto(f"{base}/")
    lead = reader.locator(".front-lead")
    expect(lead).to_contain_text(headline)
    expect(lead.locator("img").first).to_have_attribute(
        "alt", "Stalls with lanterns lining Mill Street at dusk"
    )


def test_editor_approves_a_held_comment_by_keyboard_and_readers_see_it(
    page: Page, new_page, live_server
):
    base = live_server.url
    held = held_comment()
    article = held.article

    log_in_by_keyboard(page, base, "editor")
    expect(page.locator(".moderationqueuelink")).to_have_text("Moderation queue (1)")
    follow_link(page, ".moderationqueuelink")
    expect(page).to_have_url(re.compile(r"/admin/comments/comment/\?queue=waiting$"))
    expect(page.locator("#result_list")).to_contain_text("Priya Natarajan")
    run_admin_action_by_keyboard(page, "Approve selected comments")
    expect(page.locator(".messagelist")).to_contain_text("1 comment is approved and on the site.")
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED

    reader = new_page()
    reader.goto(f"{base}{article.get_absolute_url()}")
    comment = reader.locator(f"#comment-{held.pk}")
    expect(comment).to_contain_text("Priya Natarajan")
    expect(comment).to_contain_text("I cross there with a stroller every morning.")


# --- The community ----------------------------------------------------------------------


def test_association_sends_a_meeting_and_staff_approve_it_by_keyboard(
    page: Page, new_page, live_server
):
    base = live_server.url
    eastbank_association()
    day = timezone.localdate() + timedelta(days=4)
    title = "Eastbank spring cleanup planning"

    # The secretary fills in the public form; native date and time inputs take digits.
    page.goto(f"{base}/community/meeting/")
    tab_to(page, "select[name=association]")
    choose_option(page, "Eastbank Neighbors")
    tab_to(page, "input[name=title]")
    page.keyboard.type(title)
    tab_to(page, "input[name=date]")
    page.keyboard.type(day.strftime("%m%d%Y"))
    assert focused_value(page) == day.isoformat()
    tab_to(page, "input[name=start_time]")
    page.keyboard.type("0700PM")
    assert focused_value(page) == "19:00"
    tab_to(page, "input[name=end_time]")
    page.keyboard.type("0830PM")
    assert focused_value(page) == "20:30"
    tab_to(page, "input[name=place]")
    page.keyboard.type("Eastbank Library, community room")
    tab_to(page, "textarea[name=description]")
    page.keyboard.type("Bring gloves. We split up the riverbank by block.")
    tab_to(page, "input[name=submitter_name]")
    page.keyboard.type("Grace Okafor")
    tab_to(page, "input[name=submitter_email]")
    page.keyboard.type("grace@example.org")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    meeting = Meeting.objects.get(title=title)
    assert meeting.approval == Approval.PENDING
    assert meeting.place == "Eastbank Library, community room"
    assert timezone.localtime(meeting.starts_at).date() == day
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "19:00"

    # Staff: meetings, the approval queue, the waiting meetings, approve.
    staff = new_page()
    log_in_by_keyboard(staff, base, "editor")
    follow_link(staff, "#content-main a[href$='/admin/neighborhoods/meeting/']")
    follow_link(staff, ".approvalqueuelink")
    expect(staff.locator("#content-main")).to_contain_text("Grace Okafor")
    follow_link(staff, "a[href$='/admin/neighborhoods/meeting/?approval__exact=pending']")
    expect(staff.locator("#result_list")).to_contain_text(title)
    run_admin_action_by_keyboard(staff, "Approve: show on the site")
    expect(staff.locator(".messagelist")).to_contain_text("1 submission is approved")
    meeting.refresh_from_db()
    assert meeting.approval == Approval.APPROVED

    page.goto(f"{base}/events/")
    expect(page.locator(".meeting", has_text=title)).to_contain_text("Eastbank Neighbors")
