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
