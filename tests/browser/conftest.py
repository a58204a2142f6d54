"""Browser tests: Playwright for Python driving the system Chromium against a gunicorn server
holding the bundled sample (tests/browser/sample_site.py). Every fixture here lives as long as
the tests/browser package: Playwright's sync API keeps an event loop on this thread, which
Django's ORM refuses to run beside, so it must be gone before the rest of the suite runs."""

from pathlib import Path

import pytest

from tests.browser import sample_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = sample_site.ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="package")
def chromium():
    """The system Chromium under Playwright; skips where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def site(chromium, tmp_path_factory) -> str:
    """The base URL of a server holding the sample (no trailing slash)."""
    home = tmp_path_factory.mktemp("browser-site")
    sample_site.prepare(home)
    with sample_site.serve(home) as base_url:
        yield base_url


@pytest.fixture
def context(chromium, site):
    """A fresh browser profile (no cookies, no service worker) at desktop width."""
    context = chromium.new_context(base_url=site, viewport=DESKTOP)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def axe():
    """A function that runs axe-core's WCAG 2.2 A and AA rules (node_modules, `npm ci`) on a
    page and returns the serious and critical violations as `rule (impact): help: targets`."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (run `npm ci`)")
    source = AXE.read_text()

    def run(page) -> list[str]:
        page.add_script_tag(content=source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa"]},
                resultTypes: ["violations"],
            })).violations"""
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']}: "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]

    return run


def sign_in(page, email: str = sample_site.READER_EMAIL) -> None:
    """Sign in through the form, as a reader does."""
    page.goto("/account/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(sample_site.READER_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/sign-in/" not in url)


@pytest.fixture(scope="package")
def reader_state(chromium, site, tmp_path_factory) -> str:
    """A signed-in reader's cookies (the sample's reader), for contexts that need one."""
    path = tmp_path_factory.mktemp("reader") / "state.json"
    context = chromium.new_context(base_url=site)
    sign_in(context.new_page())
    context.storage_state(path=path)
    context.close()
    return str(path)


@pytest.fixture(scope="package")
def page_paths(site) -> dict[str, str]:
    """A path of every page type, found by following the sample's links from home."""
    return sample_site.page_paths(site)
