import pytest


@pytest.fixture
def page_cache_off(settings):
    """For tests of how a page renders (its queries, its context) rather than of the cache."""
    settings.PAGE_CACHE_SECONDS = 0
