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
