"""Publishers and feeds: OPML catalogs, adding feeds, and the bundled default catalog."""

import pytest

from newsstand.publishers.models import Feed, Publisher
from newsstand.publishers.opml import OpmlError, parse_opml
from newsstand.publishers.services import (
    DEFAULT_CATALOG,
    InvalidFeedError,
    do_add_feed,
    do_load_catalog,
)

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="The Example Times" htmlUrl="https://times.example/" language="en" country="GB">
    <outline type="rss" text="Times World" category="World" xmlUrl="https://times.example/world.xml"/>
    <outline type="rss" text="Times Sport" category="/Sport" xmlUrl="https://times.example/sport.xml"/>
  </outline>
  <outline type="rss" text="Lone Blog" xmlUrl="https://blog.example/feed" htmlUrl="https://blog.example/"/>
</body></opml>"""


def test_feeds_in_a_folder_belong_to_the_publisher_it_names():
    feeds = parse_opml(OPML)
    assert [(f.publisher, f.section, f.url) for f in feeds] == [
        ("The Example Times", "World", "https://times.example/world.xml"),
        ("The Example Times", "Sport", "https://times.example/sport.xml"),
        ("Lone Blog", "", "https://blog.example/feed"),
    ]
    assert feeds[0].homepage_url == "https://times.example/"
    assert feeds[0].country == "GB"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<html><body>hi</body></html>", "not an OPML document"),
        (b"<opml><body><outline", "malformed OPML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
            "DTD or entities",
        ),
    ],
)
def test_bad_opml_is_refused_with_a_clear_error(document, message):
    with pytest.raises(OpmlError, match=message):
        parse_opml(document)


@pytest.mark.django_db
def test_bundled_catalog_loads_real_publishers_and_is_idempotent():
    first = do_load_catalog()
    assert first.publishers >= 25
    assert first.feeds >= 30
    assert Publisher.objects.filter(name="BBC News", country="GB").exists()
    again = do_load_catalog()
    assert (again.publishers, again.feeds) == (0, 0)
    assert Feed.objects.count() == first.feeds
    assert all(url.startswith("https://") for url in Feed.objects.values_list("url", flat=True))
    assert DEFAULT_CATALOG.exists()


@pytest.mark.django_db
def test_adding_a_feed_reuses_the_publisher_and_creates_the_section():
    first, created = do_add_feed("https://a.example/1.xml", "A News", "World")
    second, _ = do_add_feed("https://a.example/2.xml", "  A   News ", "Sport")
    assert created
    assert first.publisher == second.publisher
    assert (first.section.name, second.section.name) == ("World", "Sport")
    assert Publisher.objects.count() == 1


@pytest.mark.django_db
def test_publishers_whose_names_slugify_alike_get_distinct_slugs():
    one, _ = do_add_feed("https://a.example/1.xml", "Le Monde")
    two, _ = do_add_feed("https://b.example/1.xml", "Le-Monde")
    assert one.publisher.slug == "le-monde"
    assert two.publisher.slug == "le-monde-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "publisher", "message"),
    [
        ("ftp://a.example/feed", "A", "not an http"),
        ("https://", "A", "not an http"),
        ("https://a.example/" + "x" * 3000, "A", "longer than 2048"),
        ("https://a.example/feed", "   ", "needs a name"),
    ],
)
def test_invalid_feeds_are_refused_and_nothing_is_stored(url, publisher, message):
    with pytest.raises(InvalidFeedError, match=message):
        do_add_feed(url, publisher)
    assert not Feed.objects.exists()
    assert not Publisher.objects.exists()
