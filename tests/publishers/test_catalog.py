"""Publishers and feeds: OPML catalogs, adding feeds, and the bundled default catalog."""

from collections import Counter

import pytest

from newsstand.publishers.models import Feed, Publisher, Section
from newsstand.publishers.opml import OpmlError, OpmlFeed, parse_opml
from newsstand.publishers.services import (
    DEFAULT_CATALOG,
    InvalidFeedError,
    do_add_feed,
    do_import_feeds,
    do_load_catalog,
    get_opml_feeds,
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
    assert first.publishers >= 100
    assert first.feeds >= first.publishers
    assert Publisher.objects.filter(name="BBC News", country="GB").exists()
    again = do_load_catalog()
    assert (again.publishers, again.feeds) == (0, 0)
    assert Feed.objects.count() == first.feeds
    assert all(url.startswith("https://") for url in Feed.objects.values_list("url", flat=True))
    assert DEFAULT_CATALOG.exists()


def test_bundled_catalog_spans_the_world_in_many_languages_over_unique_https_feeds():
    feeds = parse_opml(DEFAULT_CATALOG.read_bytes())
    assert len({feed.language for feed in feeds}) >= 5
    assert len({feed.country for feed in feeds}) >= 30
    assert all(feed.url.startswith("https://") for feed in feeds)
    assert [url for url, n in Counter(feed.url for feed in feeds).items() if n > 1] == []
    assert all(feed.homepage_url.startswith("https://") for feed in feeds)
    assert all(len(feed.country) == 2 and feed.country.isupper() for feed in feeds)
    assert all(feed.language and feed.section for feed in feeds)


@pytest.mark.django_db
def test_publishers_named_in_another_script_get_ascii_slugs_from_their_site():
    do_load_catalog()
    slugs = Publisher.objects.values_list("slug", flat=True)
    assert all(slug.isascii() for slug in slugs)
    assert Publisher.objects.get(homepage_url="https://www.asahi.com/").slug == "asahi-com"


@pytest.mark.django_db
def test_importing_feeds_takes_the_same_few_queries_for_five_feeds_or_fifty(
    django_assert_max_num_queries,
):
    def listing(start, count):
        return [
            OpmlFeed(
                url=f"https://p{n % 7}.example/{n}.xml",
                publisher=f"Publisher {n % 7}",
                section=f"Section {n % 3}",
                homepage_url=f"https://p{n % 7}.example/",
            )
            for n in range(start, start + count)
        ]

    with django_assert_max_num_queries(12):
        small = do_import_feeds(listing(0, 5))
    with django_assert_max_num_queries(12):
        large = do_import_feeds(listing(0, 50) + listing(100, 50))
    assert (small.feeds, large.feeds) == (5, 95)
    assert (small.publishers, large.publishers) == (5, 2)
    assert Section.objects.count() == 7 * 3
    assert len(get_opml_feeds()) == 100


@pytest.mark.django_db
def test_sections_named_in_another_script_stay_apart():
    do_add_feed("https://a.example/1.xml", "朝日新聞", "政治")
    do_add_feed("https://a.example/2.xml", "朝日新聞", "経済")
    assert Section.objects.count() == 2


@pytest.mark.django_db
def test_importing_keeps_stored_feeds_and_drops_malformed_publisher_details():
    do_add_feed("https://a.example/1.xml", "A News", "World")
    counts = do_import_feeds(
        [
            OpmlFeed(url="https://a.example/1.xml", publisher="Someone Else"),
            OpmlFeed(
                url="https://b.example/1.xml", publisher="B", country="Germany", language="de"
            ),
        ]
    )
    assert (counts.publishers, counts.feeds) == (1, 1)
    assert Feed.objects.get(url="https://a.example/1.xml").publisher.name == "A News"
    b = Publisher.objects.get(name="B")
    assert (b.country, b.language) == ("", "de")


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
