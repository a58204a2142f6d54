from datetime import timedelta

from django.utils import timezone

from newsstand.web.links import host, web_link
from newsstand.web.templatetags.reading import ago, reading_time


def test_ago_says_just_now_for_the_last_minute_and_the_future():
    assert ago(timezone.now() - timedelta(seconds=20)) == "just now"
    assert ago(timezone.now() + timedelta(hours=2)) == "just now"


def test_ago_names_the_largest_unit_only():
    assert ago(timezone.now() - timedelta(days=2, hours=5)) == "2\xa0days ago"


def test_reading_time_rounds_at_230_words_a_minute():
    assert reading_time(0) == "1 min read"
    assert reading_time(460) == "2 min read"


def test_host_drops_www():
    assert host("https://www.apnews.com/article/x") == "apnews.com"


def test_web_link_keeps_only_http_links():
    assert web_link("https://example.org/") == "https://example.org/"
    assert web_link("javascript:alert(1)") == ""
    assert web_link("") == ""
