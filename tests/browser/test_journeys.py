"""Issue 9's journeys, each as the people in it live it, in a real browser.

A reader comments, signs up for the newsletter, confirms and leaves; a reporter writes a
story that an editor publishes; an editor clears a held comment; an association's meeting
reaches the calendar. The reader's comment and signup, and the skip link, are done with
the keyboard alone. Server-side versions of these journeys (tests/journeys/) prove the
rules; these prove the pages, forms, widgets and the page cache work together for a person.

Each journey opens the public page before the change as well as after, so a stale copy in
the page cache would fail it: the cache is on, as in production (tests/conftest.py).
"""

import re
from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Article, ArticleTransition
from comments.models import Comment
from neighborhoods.models import Approval, Meeting
from photos.models import Photo
from subscriptions.models import EditionArticle, Subscriber
from subscriptions.sending import edition_send
from tests.browser.admin_widgets import pick_autocomplete
from tests.browser.keyboard import tab_to
from tests.browser.scenarios import eastbank_association, held_comment, news_desk
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    NewsletterFactory,
    image_bytes,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"  # UserFactory's


@pytest.fixture
def site_url(settings, live_server):
    # Links in emails are built from SITE_URL: point them at the live server.
    settings.SITE_URL = live_server.url
    return live_server.url


def log_in(page: Page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def run_admin_action(page: Page, row_text, action):
    """Tick the row's checkbox in an admin list, choose the action and run it."""
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def wait_for_mail(page: Page, count):
    # The live server sends after its transaction commits; the browser may get there first.
    for _ in range(50):
        if len(mail.outbox) >= count:
            return
        page.wait_for_timeout(100)
    pytest.fail(f"expected {count} emails, the outbox has {len(mail.outbox)}")


def link_in(message, path_part):
    return next(url for url in re.findall(r"https?://\S+", message.body) if path_part in url)


# --- The reader -------------------------------------------------------------------------


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(
    page: Page, live_server
):
    ArticleFactory(headline="Ferry schedule changes for the winter")
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text("Skip to main content")
    expect(skip_link).to_be_in_viewport()
    assert page.evaluate("() => document.activeElement.matches(':focus-visible')")

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # The next Tab goes on from the main content, past the masthead and section links.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('#main').contains(document.activeElement)")


def test_reader_comments_signs_up_by_keyboard_confirms_and_unsubscribes_in_one_click(
    page: Page, site_url
):
    digest = NewsletterFactory(name="The Riverside Ledger Weekly")
    article = ArticleFactory(
        headline="Council approves the river park",
        body="<p>The park opens next spring with a boat launch and a playground.</p>",
        priority=Article.Priority.LEAD,
    )

    # The home page, then the story, by clicking its headline.
    page.goto(f"{site_url}/")
    page.locator(".front-lead").get_by_role("link", name=article.headline).first.click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url())))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    expect(page.locator(".story-body")).to_contain_text("boat launch")

    # A comment, by keyboard only: Tab to each field, type, Enter on the button.
    tab_to(page, "#comment-form input[name=name]")
    page.keyboard.type("Ana Lima")
    tab_to(page, "#comment-form input[name=email]")
    page.keyboard.type("ana@example.org")
    tab_to(page, "#comment-form textarea[name=body]")
    page.keyboard.type("About time. My kids will love the playground.")
    tab_to(page, "#comment-form button[type=submit]")
    page.keyboard.press("Enter")

    # A newcomer is held (the site's default policy) and the page says so plainly.
    expect(page.locator(".message")).to_contain_text("Your comment is waiting for a moderator")
    expect(page.locator(".message")).to_contain_text("only you have seen it so far")
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.HELD
    assert comment.body == "About time. My kids will love the playground."
    expect(page.locator(".comment-list")).to_have_count(0)

    # The signup box under the story, by keyboard: the weekly digest is ticked already.
    signup_box = page.locator(".newsletter-signup")
    expect(signup_box.get_by_label("The Riverside Ledger Weekly")).to_be_checked()
    tab_to(page, ".newsletter-signup-form input[name=email]")
    page.keyboard.type("Ana@Example.org")
    tab_to(page, ".newsletter-signup-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox to confirm")
    reader = Subscriber.objects.get(email="ana@example.org")
    assert reader.status == Subscriber.Status.PENDING

    # The confirmation email: its link shows a button, and only the button confirms.
    wait_for_mail(page, 1)
    confirmation = mail.outbox[0]
    assert confirmation.to == ["ana@example.org"]
    page.goto(link_in(confirmation, "/newsletter/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    expect(page.locator("main")).to_contain_text("The Riverside Ledger Weekly")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING, "opening the link alone must not confirm"
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    expect(page.locator(".message")).to_contain_text("ana@example.org will receive")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE
    assert list(reader.newsletters.all()) == [digest]

    # The week's digest goes out; its footer's unsubscribe link takes one button press.
    edition = EditionFactory(newsletter=digest, subject="The week in Riverside")
    EditionArticle.objects.create(edition=edition, article=article, order=0)
    mail.outbox.clear()
    edition_send(edition=edition, by=None)
    wait_for_mail(page, 1)
    page.goto(link_in(mail.outbox[0], "/newsletter/unsubscribe/"))
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.ACTIVE, "opening the link alone must not unsubscribe"
    page.get_by_role("button", name="Unsubscribe from all").click()
    expect(page.locator(".message")).to_have_text(
        "You have left all our newsletters. We will send you no more of them."
    )
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


# --- The newsroom -----------------------------------------------------------------------


def test_reporter_submits_a_story_with_a_photo_and_an_editor_publishes_it_to_the_home_page(
    page: Page, new_page, live_server
):
    base = live_server.url
    reporter = news_desk()
    ArticleFactory(headline="Last week's lead story", priority=Article.Priority.LEAD)
    headline = "Night market returns to Mill Street"

    # A reader has the home page in the cache before any of this.
    reader = new_page()
    reader.goto(f"{base}/")
    expect(reader.locator(".front-lead")).to_contain_text("Last week's lead story")

    # The reporter uploads the photo and writes the story in the rich-text editor.
    log_in(page, base, "reporter")
    page.goto(f"{base}/admin/photos/photo/add/")
    page.set_input_files(
        "#id_image",
        {
            "name": "market.jpg",
            "mimeType": "image/jpeg",
            "buffer": image_bytes(1400, 900, quality=85),
        },
    )
    page.fill("#id_alt_text", "Stalls with lanterns lining Mill Street at dusk")
    page.fill("#id_caption", "Vendors set up on Mill Street for the first market of the summer.")
    page.fill("#id_credit", "Luis Ortega")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    photo = Photo.objects.get(credit="Luis Ortega")

    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially(headline)
    expect(page.locator("#id_slug")).to_have_value("night-market-returns-to-mill-street")
    editor_box = page.locator(".prose-editor [contenteditable=true]")
    editor_box.click()
    page.keyboard.type("## What to expect")
    page.keyboard.press("Enter")
    page.keyboard.type("Forty vendors and a brass band, every Friday through August.")
    expect(editor_box.locator("h2")).to_have_text("What to expect")
    pick_autocomplete(page, "id_section", "Community")
    pick_autocomplete(page, "id_bylines-0-author", "Maya Chen")
    pick_autocomplete(page, "id_lead_photo", "Vendors set up on Mill Street")
    page.select_option("#id_priority", str(Article.Priority.LEAD))
    # A reporter may send the story for review, not publish it.
    status_choices = page.locator("#id_status option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert Article.Status.PUBLISHED not in status_choices
    page.select_option("#id_status", Article.Status.REVIEW)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="night-market-returns-to-mill-street")
    assert article.status == Article.Status.REVIEW
    assert article.created_by == reporter
    assert article.lead_photo == photo
    reader.goto(f"{base}/")
    expect(reader.locator("main")).not_to_contain_text(headline)

    # The editor, in a browser of their own, finds it in the review queue and publishes it.
    editor = new_page()
    log_in(editor, base, "editor")
    editor.goto(f"{base}/admin/articles/article/")
    editor.locator(".reviewqueuelink").click()
    expect(editor.locator("#review-queue")).to_contain_text("Maya Chen")
    editor.locator("#review-queue").get_by_role("link", name=headline).click()
    expect(editor.locator(".prose-editor [contenteditable=true]")).to_contain_text("Forty vendors")
    editor.select_option("#id_status", Article.Status.PUBLISHED)
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.is_published
    steps = ArticleTransition.objects.filter(article=article).order_by("pk")
    assert [(step.to_status, step.by.username) for step in steps] == [
        (Article.Status.REVIEW, "reporter"),
        (Article.Status.PUBLISHED, "editor"),
    ]

    # The reader's next look at the home page: the story leads, with its photo.
    reader.goto(f"{base}/")
    lead = reader.locator(".front-lead")
    expect(lead).to_contain_text(headline)
    expect(lead.locator("img").first).to_have_attribute(
        "alt", "Stalls with lanterns lining Mill Street at dusk"
    )
    lead.get_by_role("link", name=headline).first.click()
    expect(reader.locator(".story-body h2")).to_have_text("What to expect")


def test_editor_approves_a_held_comment_from_the_moderation_queue_and_readers_see_it(
    page: Page, new_page, live_server
):
    base = live_server.url
    held = held_comment()
    article = held.article

    reader = new_page()
    reader.goto(f"{base}{article.get_absolute_url()}")
    expect(reader.locator("#comments")).not_to_contain_text("stroller")

    log_in(page, base, "editor")
    queue_link = page.get_by_role("link", name="Moderation queue (1)")
    expect(queue_link).to_be_visible()
    queue_link.click()
    expect(page.locator("#result_list")).to_contain_text("Priya Natarajan")
    run_admin_action(page, "stroller", "approve")
    expect(page.locator(".messagelist")).to_contain_text("1 comment is approved and on the site.")
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    page.goto(f"{base}/admin/")
    expect(page.get_by_role("link", name="Moderation queue (0)")).to_be_visible()

    reader.goto(f"{base}{article.get_absolute_url()}")
    comment = reader.locator(f"#comment-{held.pk}")
    expect(comment).to_contain_text("Priya Natarajan")
    expect(comment).to_contain_text("I cross there with a stroller every morning.")
    expect(reader.locator("#comments-heading")).to_have_text("1 response")


# --- The community ----------------------------------------------------------------------


def test_association_submits_a_meeting_staff_approve_it_and_it_reaches_the_calendar(
    page: Page, new_page, live_server
):
    base = live_server.url
    eastbank_association()
    day = timezone.localdate() + timedelta(days=4)
    title = "Eastbank spring cleanup planning"

    # The events page, cached before the meeting exists.
    page.goto(f"{base}/events/")
    expect(page.locator("main")).not_to_contain_text(title)

    # The association's secretary fills in the public form.
    page.goto(f"{base}/community/meeting/")
    page.get_by_label("Association").select_option(label="Eastbank Neighbors")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_label("Ends at").fill("20:30")
    page.get_by_label("Place").fill("Eastbank Library, community room")
    page.get_by_label("Description").fill("Bring gloves. We split up the riverbank by block.")
    page.get_by_label("Your name").fill("Grace Okafor")
    page.get_by_label("Your email").fill("grace@example.org")
    page.get_by_role("button", name="Send to the newsroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.locator(".message")).to_contain_text("after the newsroom approves it")
    meeting = Meeting.objects.get(title=title)
    assert meeting.approval == Approval.PENDING
    page.goto(f"{base}/events/")
    expect(page.locator("main")).not_to_contain_text(title)

    # Staff find it in the approval queue and approve it.
    staff = new_page()
    log_in(staff, base, "editor")
    staff.goto(f"{base}/admin/neighborhoods/meeting/")
    staff.locator(".approvalqueuelink").click()
    expect(staff.locator("#content-main")).to_contain_text("Grace Okafor")
    staff.get_by_role("link", name="Approve or reject the 1 waiting meeting").click()
    run_admin_action(staff, title, "approve")
    expect(staff.locator(".messagelist")).to_contain_text("1 submission is approved")
    meeting.refresh_from_db()
    assert meeting.approval == Approval.APPROVED

    # Readers see it on the events page and their calendar apps get it from the feed.
    page.goto(f"{base}/events/")
    item = page.locator(".meeting", has_text=title)
    expect(item).to_contain_text("Eastbank Neighbors")
    expect(item).to_contain_text("Eastbank Library, community room")
    response = page.request.get(f"{base}/events/calendar.ics")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = [event for event in calendar.walk("VEVENT") if event["SUMMARY"] == title]
    assert len(events) == 1, [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    starts_at = timezone.make_aware(datetime.combine(day, time(19, 0)))
    assert events[0].decoded("DTSTART") == starts_at
    assert events[0].decoded("DTEND") == starts_at + timedelta(minutes=90)
    assert "Eastbank Library" in str(events[0]["LOCATION"])
