"""axe-core finds no serious or critical WCAG 2.2 AA violation on any page type, on a phone and
on a desktop; signed out, and signed in where the page is the reader's own."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "home",
    "article",
    "story",
    "publisher",
    "publisher-section",
    "section",
    "topic",
    "author",
    "search",
    "saved",
    "sign-in",
    "sign-up",
    "plans",
    "offline",
]
# Signed in too (or only) where a reader sees more: the article's save and follow forms.
PROFILES = {"article": (False, True), "saved": (True,)}


@pytest.fixture(scope="module", params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def width_contexts(request, chromium, site, reader_state):
    """One signed-out and one signed-in profile at each width, shared by the module's pages."""
    contexts = {
        signed_in: chromium.new_context(
            base_url=site, viewport=request.param, storage_state=reader_state if signed_in else None
        )
        for signed_in in (False, True)
    }
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_has_no_serious_or_critical_axe_violation(width_contexts, page_paths, axe, page_type):
    for signed_in in PROFILES.get(page_type, (False,)):
        page = width_contexts[signed_in].new_page()
        try:
            response = page.goto(page_paths[page_type])
            assert response.ok, f"{page_paths[page_type]} answered {response.status}"
            assert axe(page) == [], f"{page_type}, signed {'in' if signed_in else 'out'}"
        finally:
            page.close()


def test_axe_reports_a_serious_violation_where_there_is_one(page, axe):
    page.set_content('<html lang="en"><body><main><img src="/x.png"></main></body></html>')
    assert any(line.startswith("image-alt (critical)") for line in axe(page))


@pytest.mark.parametrize("page_type", ["home", "article", "search", "saved"])
def test_dark_theme_has_no_serious_or_critical_axe_violation(
    chromium, site, reader_state, page_paths, axe, page_type
):
    """The system's dark scheme applies by default: its colours must contrast as well."""
    context = chromium.new_context(
        base_url=site, viewport=DESKTOP, color_scheme="dark", storage_state=reader_state
    )
    try:
        page = context.new_page()
        page.goto(page_paths[page_type])
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert axe(page) == []
    finally:
        context.close()
