"""Test-wide setup: the suite keeps its data apart from a developer's ./var."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("NEWSSTAND_HOME", str(Path(__file__).parent / "var" / "test"))


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Pages render {% static %} from the apps' folders; production uses the collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages and lists live as long as the process,
    and two tests' databases can look alike (same ids, both empty)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _page_fingerprints_read_every_time(settings):
    """A test that edits content and asks for the page again sees the edit at once; the reuse of
    a fingerprint for a second is tested on its own (tests/web/test_page_cache.py)."""
    settings.PAGE_CHECK_SECONDS = 0
