"""`newsstand feeds`: add a site, import and export OPML, and the status table."""

import io
from datetime import UTC, datetime

import pytest
from aiohttp import web
from django.core.management import CommandError, call_command

from newsstand.publishers.models import Feed, Publisher
from newsstand.publishers.opml import parse_opml
from tests.factories import make_feed, make_publisher
from tests.local_server import serve

pytestmark = pytest.mark.django_db

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Le Monde" htmlUrl="https://www.lemonde.fr/" language="fr" country="FR">
    <outline type="rss" text="Le Monde · À la une" category="À la une"
             xmlUrl="https://www.lemonde.fr/rss/une.xml"/>
  </outline>
  <outline text="The Example Times" htmlUrl="https://times.example/" language="en" country="GB">
    <outline type="rss" text="Times · Sport" category="Sport" xmlUrl="https://times.example/sport"/>
    <outline type="rss" text="Times · World" category="World" xmlUrl="https://times.example/world"/>
  </outline>
</body></opml>"""


def feeds_command(*args) -> str:
    out = io.StringIO()
    call_command("feeds", *args, stdout=out)
    return out.getvalue()


def test_import_opml_reports_what_it_added_and_nothing_the_second_time(tmp_path):
    path = tmp_path / "mine.opml"
    path.write_text(OPML, encoding="utf-8")
    assert "3 new feeds, 2 new publishers" in feeds_command("import-opml", str(path))
    assert "0 new feeds, 0 new publishers" in feeds_command("import-opml", str(path))
    times = Publisher.objects.get(name="The Example Times")
    assert (times.homepage_url, times.language, times.country) == (
        "https://times.example/",
        "en",
        "GB",
    )


def test_export_opml_gives_back_what_import_opml_took_in(tmp_path):
    path = tmp_path / "mine.opml"
    path.write_text(OPML, encoding="utf-8")
    feeds_command("import-opml", str(path))
    exported = feeds_command("export-opml").encode()
    assert sorted(parse_opml(exported), key=str) == sorted(parse_opml(path.read_bytes()), key=str)


def test_export_opml_to_a_file_then_import_into_an_empty_database(tmp_path):
    source, copy = tmp_path / "mine.opml", tmp_path / "copy.opml"
    source.write_text(OPML, encoding="utf-8")
    feeds_command("import-opml", str(source))
    assert feeds_command("export-opml", "--output", str(copy)) == f"exported 3 feeds to {copy}\n"
    Publisher.objects.all().delete()
    feeds_command("import-opml", str(copy))
    assert sorted(Feed.objects.values_list("url", "publisher__name", "section__name")) == [
        ("https://times.example/sport", "The Example Times", "Sport"),
        ("https://times.example/world", "The Example Times", "World"),
        ("https://www.lemonde.fr/rss/une.xml", "Le Monde", "À la une"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>not a list</body></html>", "not an OPML document"),
        (b"<opml><body><outline", "malformed OPML"),
        (
            b'<opml><body><outline text="X" xmlUrl="ftp://x.example/feed"/></body></opml>',
            r"feed 1: not an http\(s\) URL: 'ftp://x\.example/feed'",
        ),
    ],
    ids=["not-opml", "malformed", "bad-url"],
)
def test_a_bad_opml_file_is_refused_in_one_line_and_nothing_is_stored(tmp_path, content, message):
    path = tmp_path / "bad.opml"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as error:
        feeds_command("import-opml", str(path))
    assert "\n" not in str(error.value)
    assert not Feed.objects.exists()


def test_a_missing_opml_file_is_refused_in_one_line(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*missing\.opml: No such file"):
        feeds_command("import-opml", str(tmp_path / "missing.opml"))


def test_status_lists_failing_feeds_first_with_their_first_error_line():
    fetched = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    healthy = make_feed(make_publisher(name="Alpha"), last_fetched_at=fetched)
    failing = make_feed(
        make_publisher(name="Zulu"),
        last_fetched_at=fetched,
        next_fetch_at=datetime(2025, 1, 2, 4, 0, tzinfo=UTC),
        error_count=3,
        last_error="HTTP 503 Service Unavailable\nretry later",
    )
    flaky = make_feed(make_publisher(name="Mike"), last_fetched_at=fetched, error_count=1,
                      last_error="timed out after 20 s")  # fmt: skip
    never = make_feed(make_publisher(name="Bravo"))
    lines = feeds_command("status").splitlines()
    assert lines[0].split() == [
        "PUBLISHER", "FEED", "LAST", "FETCH", "RESULT", "NEXT", "DUE", "ERRORS", "LAST", "ERROR",
    ]  # fmt: skip
    assert [line.split()[1] for line in lines[1:]] == [
        failing.url,
        flaky.url,
        healthy.url,
        never.url,
    ]
    assert lines[1].split()[2:] == [
        "2025-01-02T03:04:05+00:00", "error", "2025-01-02T04:00:00+00:00", "3",
        "HTTP", "503", "Service", "Unavailable",
    ]  # fmt: skip
    assert lines[3].split()[2:] == ["2025-01-02T03:04:05+00:00", "ok", "-", "0"]
    assert lines[4].split()[2:] == ["-", "never", "fetched", "-", "0"]


def test_feeds_add_with_a_home_page_prints_one_line_per_discovered_feed(settings):
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    html = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/a.xml">'
        '<link rel="alternate" type="application/atom+xml" href="/b.atom"></head></html>'
    )

    async def home(request):
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", home)
    with serve(app) as base_url:
        out = feeds_command("add", f"{base_url}/", "--publisher", "Gazette")
    assert out.splitlines() == [
        f"subscribed to {base_url}/a.xml for Gazette (found on {base_url}/)",
        f"subscribed to {base_url}/b.atom for Gazette (found on {base_url}/)",
    ]


def test_feeds_add_with_an_unreachable_url_is_refused_in_one_line(settings):
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    with pytest.raises(CommandError, match=r"cannot fetch http://127\.0\.0\.1:9/: cannot connect"):
        feeds_command("add", "http://127.0.0.1:9/", "--publisher", "Gazette")
    assert not Publisher.objects.exists()


def test_status_and_list_say_why_a_feed_was_disabled():
    make_feed(
        make_publisher(name="Gone Gazette"),
        is_active=False,
        error_count=1,
        last_error="HTTP 410 Gone",
        disabled_reason="the publisher removed this feed (HTTP 410 Gone)",
    )
    status = feeds_command("status").splitlines()[1]
    assert "disabled" in status
    assert status.endswith("the publisher removed this feed (HTTP 410 Gone)")
    listed = feeds_command("list")
    assert "disabled: the publisher removed this feed (HTTP 410 Gone)" in listed
