"""A reader's way through the app, in a real browser: home → article → related story → story
page → search → sign in → save → the saved article opens with the network cut off."""

import re

import pytest

from tests.browser import sample_site
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SAVED_CACHE = "newsstand-saved"
RECENT_CACHE = "newsstand-recent"


def wait_for_service_worker(page) -> None:
    """Until the service worker controls the page (it claims its clients when it activates)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_until_kept_offline(page, path: str, seconds: float = 30) -> None:
    """Until the service worker has `path` in its saved cache (it fetches it in the background)."""
    kept = page.evaluate(
        """async ([name, path, seconds]) => {
            const deadline = Date.now() + seconds * 1000;
            while (Date.now() < deadline) {
                if (await (await caches.open(name)).match(path)) return true;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return false;
        }""",
        [SAVED_CACHE, path, seconds],
    )
    assert kept, f"{path} is not in the service worker's {SAVED_CACHE} cache"


def open_offline(page, context, path: str) -> None:
    """Cut the network, forget the pages merely visited, and open `path`."""
    page.evaluate("name => caches.delete(name)", RECENT_CACHE)
    context.set_offline(True)
    page.goto(path)


def test_reader_goes_from_home_to_a_story_searches_saves_and_reads_offline(
    page, context, page_paths
):
    page.goto("/")
    headline = page.locator(f'a[href="{page_paths["article"]}"]').first
    title = headline.inner_text()
    headline.click()
    assert page.get_by_role("heading", level=1).inner_text() == title

    related = page.locator(f'.related-list a[href="{page_paths["related"]}"]')
    related_title = related.inner_text()
    related.click()
    assert page.get_by_role("heading", level=1).inner_text() == related_title

    page.locator(".story-coverage a").click()
    page.wait_for_url(re.compile(r"/stories/\d+/$"))
    covering = page.locator(".story-list .story-title a").first
    title, article_path = covering.inner_text(), covering.get_attribute("href")

    search = page.get_by_role("search", name="Site").get_by_role("searchbox")
    search.fill(" ".join(re.findall(r"[A-Za-z]{4,}", title)[:4]))
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    page.locator(f'main a[href="{article_path}"]').first.click()
    page.wait_for_url(re.compile(re.escape(article_path) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == title

    page.get_by_role("link", name="Save for later").click()  # signed out: to the sign-in page
    page.wait_for_url(re.compile(r"/account/sign-in/"))
    page.get_by_label("Email").fill(sample_site.NEW_READER_EMAIL)
    page.get_by_label("Password").fill(sample_site.READER_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(article_path) + "$"))
    wait_for_service_worker(page)

    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    wait_until_kept_offline(page, article_path)

    page.goto("/")
    open_offline(page, context, article_path)
    assert page.get_by_role("heading", level=1).inner_text() == title
    context.set_offline(False)


def test_articles_saved_elsewhere_are_kept_for_offline_once_the_reader_signs_in(
    page, context, chromium, site
):
    page.goto("/")  # the worker installs while the reader is signed out
    wait_for_service_worker(page)
    sign_in(page)
    page.goto("/saved/")
    saved = page.locator("main a[href^='/articles/']").first
    path, title = saved.get_attribute("href"), saved.inner_text()
    wait_until_kept_offline(page, path)

    open_offline(page, context, path)
    assert page.get_by_role("heading", level=1).inner_text() == title
    context.set_offline(False)


def test_offline_page_answers_for_a_page_never_visited(page, context):
    page.goto("/")
    wait_for_service_worker(page)
    context.set_offline(True)
    page.goto("/publishers/never-visited/")
    assert "offline" in page.get_by_role("heading", level=1).inner_text().lower()
    context.set_offline(False)


def test_signing_out_leaves_nothing_of_the_reader_on_the_device(page):
    page.goto("/")
    wait_for_service_worker(page)
    sign_in(page)
    page.goto("/saved/")
    path = page.locator("main a[href^='/articles/']").first.get_attribute("href")
    wait_until_kept_offline(page, path)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/saved/" not in url)
    kept = page.evaluate(
        """async ([saved, recent]) => {
            const deadline = Date.now() + 30000;
            for (;;) {
                const kept = [];
                for (const name of [saved, recent]) {
                    for (const request of await (await caches.open(name)).keys()) {
                        kept.push(new URL(request.url).pathname);
                    }
                }
                const mine = kept.filter((p) => p.startsWith("/articles/") || p === "/saved/");
                if (!mine.length || Date.now() > deadline) return mine;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        }""",
        [SAVED_CACHE, RECENT_CACHE],
    )
    assert kept == []
