"""Writing OPML: one folder per publisher, read back by parse_opml exactly as written."""

from xml.etree import ElementTree

from newsstand.publishers.opml import OpmlFeed, parse_opml, write_opml
from newsstand.publishers.services import DEFAULT_CATALOG

FEEDS = [
    OpmlFeed(
        url="https://times.example/world.xml",
        publisher="The Example Times",
        title="Times · World",
        section="World",
        homepage_url="https://times.example/",
        language="en",
        country="GB",
    ),
    OpmlFeed(url="https://times.example/all.xml", publisher="The Example Times",
             homepage_url="https://times.example/", language="en", country="GB"),
    OpmlFeed(url="https://blog.example/feed?a=1&b=2", publisher="Café <Blog> & \"Co\"",
             title="Ünïcode « quotes » 日本", section="Société"),
    OpmlFeed(url="https://times.example/sport.xml", publisher="The Example Times",
             section="Sport", homepage_url="https://times.example/", language="en", country="GB"),
]  # fmt: skip


def test_written_opml_reads_back_as_the_same_feeds_in_the_same_order():
    assert parse_opml(write_opml(FEEDS)) == FEEDS


def test_the_bundled_catalog_survives_a_round_trip():
    feeds = parse_opml(DEFAULT_CATALOG.read_bytes())
    assert parse_opml(write_opml(feeds)) == feeds


def test_each_publisher_is_a_folder_with_its_details_and_its_feeds_inside():
    root = ElementTree.fromstring(write_opml(FEEDS[:2], title="My feeds"))  # noqa: S314
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "My feeds"
    [folder] = root.findall("body/outline")
    assert folder.attrib == {
        "text": "The Example Times",
        "htmlUrl": "https://times.example/",
        "language": "en",
        "country": "GB",
    }
    assert [dict(outline.attrib) for outline in folder] == [
        {
            "type": "rss",
            "text": "Times · World",
            "category": "World",
            "xmlUrl": "https://times.example/world.xml",
        },
        {"type": "rss", "text": "", "xmlUrl": "https://times.example/all.xml"},
    ]


def test_an_empty_list_is_a_valid_empty_document():
    assert parse_opml(write_opml([])) == []
