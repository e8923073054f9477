"""A staff member's first story, and a reader on a phone, in a real browser.

Few and slow on purpose: what only a browser proves (the rich-text editor's JavaScript, the
admin's autocomplete widgets, the layout at a phone's width). Everything else is tested
through Django's test client.
"""

import re

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import Page, expect

from articles.models import Article
from photos.models import Photo
from photos.renditions import generate_renditions
from tests.browser.admin_widgets import pick_autocomplete
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PhotoFactory,
    SectionFactory,
    StaffFactory,
    image_bytes,
)

# The live server needs committed data, so these tests flush the database afterwards;
# serialized_rollback puts back what migrations created (the role groups) for later tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Night market returns to Mill Street"
PASSWORD = "correct horse battery"  # StaffFactory's
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def test_staff_member_writes_and_publishes_a_story_with_a_photo(page: Page, live_server):
    StaffFactory(username="editor")
    section = SectionFactory(name="Community", slug="community")
    AuthorFactory(name="Maya Chen", slug="maya-chen", title="Managing Editor")
    ArticleFactory(headline="Last week's lead story", priority=Article.Priority.LEAD)

    # Log in through the real form.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Upload a photo to the library.
    page.goto(f"{live_server.url}/admin/photos/photo/add/")
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
    assert photo.renditions.get("jpeg"), "renditions are made once the upload is committed"

    # Write the article in the rich-text editor.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    # Typed key by key: the admin fills the slug from the headline as it is typed.
    page.locator("#id_headline").press_sequentially(HEADLINE)
    expect(page.locator("#id_slug")).to_have_value("night-market-returns-to-mill-street")
    page.fill("#id_dek", "Forty vendors and a brass band, every Friday through August.")
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    # Markdown-style shortcuts and keyboard commands, as an editor would type them.
    page.keyboard.type("## What to expect")
    page.keyboard.press("Enter")
    page.keyboard.type("The market opens at ")
    page.keyboard.press("Control+b")
    page.keyboard.type("six o'clock")
    page.keyboard.press("Control+b")
    page.keyboard.type(" on Friday evenings.")
    expect(editor.locator("h2")).to_have_text("What to expect")
    expect(editor.locator("strong")).to_have_text("six o'clock")

    pick_autocomplete(page, "id_section", "Community")
    pick_autocomplete(page, "id_bylines-0-author", "Maya Chen")
    pick_autocomplete(page, "id_lead_photo", "Vendors set up on Mill Street")
    page.select_option("#id_priority", str(Article.Priority.LEAD))
    page.select_option("#id_status", Article.Status.PUBLISHED)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="night-market-returns-to-mill-street")
    assert article.is_published
    assert article.section == section
    assert "<h2>What to expect</h2>" in article.body
    assert "<strong>six o'clock</strong>" in article.body

    # The home page leads with it, photo and all.
    page.goto(f"{live_server.url}/")
    lead = page.locator(".front-lead")
    expect(lead).to_contain_text(HEADLINE)
    lead_image = lead.locator("img").first
    expect(lead_image).to_have_attribute("alt", "Stalls with lanterns lining Mill Street at dusk")
    expect(lead_image).to_have_attribute("src", re.compile(r"/media/renditions/"))
    lead_image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=lead_image.element_handle()
    )
    assert photo.image.url not in page.content()


def test_reader_on_a_phone_reads_a_story_without_scrolling_sideways(browser, live_server):
    photo_article = ArticleFactory(
        headline="A remarkably long headline about the neighborhood association's "
        "extraordinarily comprehensive redevelopment recommendations",
        body="<p>" + "Residents spoke for three hours about parking and trees. " * 30 + "</p>"
        "<blockquote><p>https://example.org/a-very-long-address-that-must-wrap-somehow-on-a-phone"
        "/with/many/segments/and-no-spaces-at-all</p></blockquote>",
    )
    photo = PhotoFactory()
    generate_renditions(photo)
    photo_article.lead_photo = photo
    photo_article.save()
    assert default_storage.exists(photo.renditions["jpeg"][0]["name"])

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{live_server.url}{photo_article.get_absolute_url()}")

        expect(page.locator("h1")).to_contain_text("redevelopment recommendations")
        expect(page.locator(".story-body")).to_contain_text("parking and trees")
        image = page.locator(".lead-photo img")
        expect(image).to_be_visible()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        widths = page.evaluate(
            "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,"
            " image: document.querySelector('.lead-photo img').getBoundingClientRect().width})"
        )
        assert widths["view"] == PHONE["width"]
        assert widths["page"] <= widths["view"], widths
        assert widths["image"] <= widths["view"], widths
    finally:
        context.close()
