"""Keyboard helpers for the browser tests: reach and operate controls as a keyboard user does."""

import pytest
from playwright.sync_api import Page

# More than any page here needs to reach its next control; a runaway loop fails instead.
MAX_TABS = 120


def tab_to(page: Page, selector, max_presses=MAX_TABS, *, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`.

    Fails if it is never reached (it is out of the focus order), naming what got focus on
    the way, or if, once there, the browser shows no focus indicator for it (it does not
    match :focus-visible).
    """
    key = "Shift+Tab" if backwards else "Tab"
    visited = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert page.evaluate("() => document.activeElement.matches(':focus-visible')"), (
                f"{selector} has focus but no visible focus indicator"
            )
            return
        visited.append(page.evaluate(_DESCRIBE_FOCUS))
    pytest.fail(
        f"{max_presses} presses of {key} never reached {selector}; focus went to:\n  "
        + "\n  ".join(visited)
    )


def choose_option(page: Page, label, max_presses=40):
    """With a closed <select> focused, press ArrowDown until the option `label` is chosen.

    Arrow keys on a closed select change its value directly (Windows and Linux behaviour),
    so this is how a keyboard user picks without opening the list.
    """
    assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
    for _ in range(max_presses):
        chosen = page.evaluate(
            "() => document.activeElement.selectedOptions[0]?.textContent.trim()"
        )
        if chosen == label:
            return
        page.keyboard.press("ArrowDown")
    options = page.evaluate(
        "() => [...document.activeElement.options].map(o => o.textContent.trim())"
    )
    pytest.fail(f"ArrowDown never chose {label!r} in {options}")


_DESCRIBE_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '<body>';
    const bits = [e.tagName.toLowerCase()];
    if (e.id) bits.push('#' + e.id);
    if (e.name) bits.push('[name=' + e.name + ']');
    if (typeof e.className === 'string' && e.className.trim())
        bits.push('.' + e.className.trim().split(/\\s+/).join('.'));
    const text = (e.innerText || e.value || '').trim().slice(0, 40);
    return bits.join('') + (text ? ' "' + text + '"' : '');
}"""
