"""Everything works by keyboard: the skip link comes first and moves focus to the content, the
reader's actions are reachable and operable with Enter and Space, and focus is always visible."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

MAX_TABS = 300

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: (element.getAttribute("aria-label") || element.innerText || element.value || "")
            .trim(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        visible: box.width > 0 && box.height > 0 && style.visibility !== "hidden",
        inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    };
}"""


@pytest.fixture
def reader_page(chromium, site, reader_state):
    context = chromium.new_context(base_url=site, viewport=DESKTOP, storage_state=reader_state)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, **wanted: str) -> dict:
    """Press Tab until the focused element matches `wanted` (tag, id, name); fail if it never
    does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if all(now[key] == value for key, value in wanted.items()):
            return now
    raise AssertionError(f"nothing like {wanted} within {MAX_TABS} presses of Tab")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_first_tab_shows_the_skip_link_and_enter_moves_focus_to_the_content(
    page, page_paths, viewport
):
    page.set_viewport_size(viewport)
    page.goto(page_paths["article"])
    page.keyboard.press("Tab")
    link = focused(page)
    assert link["name"] == "Skip to content"
    assert link["inView"]
    assert link["outline"]

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


# The article's reader actions: each a form whose button swaps between two labels.
ACTION_FORMS = {
    "save": "main form[data-offline-save]",
    "mark read": "main form[data-field='read']",
    "follow the publisher": "main .reader-follow form[data-off-action='follow']",
}
# Follow and mute sit in a menu that opens first.
MENUS = {"follow the publisher": "Follow or mute"}


@pytest.mark.parametrize("action", ACTION_FORMS)
def test_article_actions_are_reached_by_tab_and_work_with_enter_and_space(
    reader_page, page_paths, action
):
    page = reader_page
    page.goto(page_paths["article"])
    form = page.locator(ACTION_FORMS[action]).first
    button = form.locator("button")
    first = button.text_content().strip()
    labels = [form.get_attribute("data-off-label"), form.get_attribute("data-on-label")]
    other = labels[1 - labels.index(first)]

    if action in MENUS:
        tab_to(page, tag="summary", name=MENUS[action])
        page.keyboard.press("Enter")
    now = tab_to(page, tag="button", name=first)
    assert now["outline"] or now["shadow"], f"focus is not visible on {first!r}"

    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.activeElement.innerText.trim() === {other!r}")
    page.keyboard.press(" ")
    page.wait_for_function(f"() => document.activeElement.innerText.trim() === {first!r}")
    page.reload()
    assert button.text_content().strip() == first  # the server kept each change


def test_share_menu_opens_by_keyboard(page, page_paths):
    page.goto(page_paths["article"])
    tab_to(page, tag="summary", name="Share")
    page.keyboard.press("Enter")
    assert page.locator("main details.share").get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "a"  # the first way to share


def test_search_works_by_keyboard(page):
    page.goto("/")
    tab_to(page, tag="input", id="site-search-q")  # the header's search box
    page.keyboard.type("senate")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=senate")
    assert page.locator("main a[href^='/articles/']").count() > 0


@pytest.mark.parametrize("page_type", ["home", "article", "story", "search", "sign-in", "plans"])
def test_focus_is_visible_on_everything_tab_reaches(page, page_paths, page_type):
    page.goto(page_paths[page_type])
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body":  # past the last element
            break
        seen += 1
        assert now["visible"], f"focus went to an invisible element: {now}"
        assert now["outline"] or now["shadow"], f"focus is not visible: {now}"
    assert seen > 3
