"""Every publisher's feed in every format parses and carries all of its items.

feedparser 6.0 reads RSS and Atom but not JSON Feed, so JSON feeds are read with fastfeedparser
(the project's primary parser, which returns the same feedparser-style entries).
"""

import json
import re
from html import unescape

import fastfeedparser
import feedparser
import pytest

from newsstand.simulator.corpus import FEED_FORMATS
from tests.simulator.conftest import get

pytestmark = pytest.mark.network


def parse(url: str):
    """The feed at `url` parsed the way the reference parser for its format reads it."""
    reply = get(url)
    assert reply.status == 200
    if url.endswith(".json"):
        return fastfeedparser.parse(reply.body)
    parsed = feedparser.parse(reply.body)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


@pytest.mark.parametrize("feed_format", FEED_FORMATS)
def test_every_feed_parses_with_feedparser_and_yields_all_its_items(simulator, corpus, feed_format):
    for slug, articles in corpus.articles.items():
        parsed = parse(f"{simulator}/{slug}/feed.{feed_format}")
        assert [e.id for e in parsed.entries] == [a.guid for a in articles]
        assert parsed.feed.title == corpus.publishers[slug].name


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_fastfeedparser_reads_rss_and_atom_like_feedparser(simulator, feed_format):
    body = get(f"{simulator}/wikinews/feed.{feed_format}").body
    reference = [(e.id, e.title, e.link) for e in feedparser.parse(body).entries]
    fast = [(e.id, e.title, e.link) for e in fastfeedparser.parse(body).entries]
    assert fast == reference


@pytest.mark.parametrize("feed_format", FEED_FORMATS)
def test_feed_items_are_newest_first_and_link_to_pages_on_this_host(simulator, feed_format):
    parsed = fastfeedparser.parse(get(f"{simulator}/wikinews/feed.{feed_format}").body)
    dates = [e.published for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(e.link.startswith(f"{simulator}/wikinews/") for e in parsed.entries)


@pytest.mark.parametrize("feed_format", FEED_FORMATS)
def test_feed_items_carry_author_section_and_html_content(simulator, feed_format):
    entry = parse(f"{simulator}/harbour-times/feed.{feed_format}").entries[0]
    assert entry["author"] == "Harbour Times business desk"
    assert entry["tags"][0]["term"] == "Business"
    assert "<p>From the Harbour Times business desk.</p>" in entry["content"][0]["value"]


@pytest.mark.parametrize("feed_format", FEED_FORMATS)
def test_a_copy_ends_with_the_wikinews_credit(simulator, feed_format):
    entry = parse(f"{simulator}/prairie-ledger/feed.{feed_format}").entries[0]
    last_paragraph = entry["content"][0]["value"].rsplit("<p", 1)[1]
    assert "Originally published by Wikinews" in last_paragraph


def test_a_press_release_ends_with_its_source_url(simulator, corpus):
    release = corpus.articles["tim-kaine"][0]
    entry = feedparser.parse(get(f"{simulator}/tim-kaine/feed.rss").body).entries[0]
    last_paragraph = entry["content"][0]["value"].rsplit("<p", 1)[1]
    assert unescape(re.sub(r"<[^>]*>|^[^>]*>", "", last_paragraph)) == (
        f"Source: {release.original_url}"
    )


def test_rss_marks_guids_that_are_not_urls_as_no_permalink(simulator):
    outlet = get(f"{simulator}/harbour-times/feed.rss").text
    assert '<guid isPermaLink="false">urn:newsstand-sample:harbour-times:' in outlet
    office = get(f"{simulator}/tim-kaine/feed.rss").text
    assert "<guid>https://www.kaine.senate.gov/" in office


def test_rss_names_the_source_of_a_republished_item(simulator):
    entry = feedparser.parse(get(f"{simulator}/harbour-times/feed.rss").body).entries[0]
    assert entry.source.title == "Wikinews"


def test_json_feed_is_version_1_1_with_language_and_authors(simulator):
    feed = json.loads(get(f"{simulator}/southern-cross-wire/feed.json").body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    item = feed["items"][0]
    assert item["language"] == "en"
    assert item["authors"] == [{"name": "Southern Cross Wire"}]
    assert item["tags"] == ["World business"]
    assert item["content_html"].startswith("<p>")
    assert item["date_published"].endswith("Z")


def test_titles_with_markup_characters_are_escaped(simulator, corpus):
    # Titles with "&" exist in the sample (e.g. "Q&A", "AT&T"): each format must round-trip them.
    slug, article = next(
        (slug, a) for slug, items in corpus.articles.items() for a in items if "&" in a.title
    )
    for feed_format in FEED_FORMATS:
        parsed = parse(f"{simulator}/{slug}/feed.{feed_format}")
        titles = {e.title for e in parsed.entries}
        assert article.title in titles, feed_format
