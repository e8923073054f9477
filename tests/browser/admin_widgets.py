"""Operating the admin's widgets with the mouse, as an editor does (keyboard.py: without)."""

from playwright.sync_api import Page, expect


def pick_autocomplete(page: Page, field_id, search):
    """Choose in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=search).first.click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered")).to_contain_text(
        search
    )
