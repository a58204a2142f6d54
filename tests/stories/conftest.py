import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page, related list, read guard or debounce."""
    cache.clear()
