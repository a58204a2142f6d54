"""The `newsstand` command: project commands work, user mistakes give one clear line."""

import json
import os
import subprocess
import sys

import pytest
from aiohttp import web
from django.core.management import call_command

from newsstand.publishers.models import Feed
from tests.factories import make_article, make_feed, make_section
from tests.local_server import serve

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'


@pytest.fixture
def feed_url():
    """A feed served on 127.0.0.1; `feeds add` fetches what it subscribes to."""

    async def feed(request):
        return web.Response(body=RSS, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/rss.xml", feed)
    with serve(app) as base_url:
        yield f"{base_url}/rss.xml"


def newsstand(home, *args) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh SQLite data folder, as a user would."""
    env = {**os.environ, "NEWSSTAND_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "newsstand", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result, text):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert text in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr


def test_feeds_add_with_an_invalid_url_says_so_in_one_line(tmp_path):
    result = newsstand(tmp_path, "feeds", "add", "not-a-url", "--publisher", "X")
    assert_one_line_error(result, "not an http(s) URL")


def test_a_command_before_migrate_says_what_to_do(tmp_path):
    result = newsstand(tmp_path, "feeds", "list")
    assert_one_line_error(result, "newsstand migrate")


def test_export_in_an_unknown_format_is_refused(tmp_path):
    result = newsstand(tmp_path, "articles", "export", "--format", "xml")
    assert_one_line_error(result, "unknown format 'xml'")


def test_unknown_command_is_refused_without_traceback(tmp_path):
    result = newsstand(tmp_path, "no-such-command")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Unknown command" in result.stderr


def test_feeds_add_then_list_in_a_fresh_data_folder(tmp_path, monkeypatch, feed_url):
    monkeypatch.setenv("NEWSSTAND_FETCH_ALLOW_NETWORKS", "127.0.0.0/8")
    assert newsstand(tmp_path, "migrate", "--verbosity=0").returncode == 0
    added = newsstand(
        tmp_path, "feeds", "add", feed_url, "--publisher", "The Example Times", "--section", "World"
    )
    assert added.returncode == 0, added.stderr
    assert f"added {feed_url} for The Example Times" in added.stdout
    again = newsstand(tmp_path, "feeds", "add", feed_url, "--publisher", "Other")
    assert "already subscribed" in again.stdout
    listed = newsstand(tmp_path, "feeds", "list")
    assert f"{feed_url}\tThe Example Times · World\tactive" in listed.stdout


@pytest.mark.django_db
def test_articles_export_writes_one_json_object_per_article_with_every_field(capsys):
    section = make_section(name="National")
    feed = make_feed(section.publisher, section=section)
    article = make_article(
        section.publisher,
        section=section,
        feed=feed,
        byline="Fatima Hussein",
        authors=["Fatima Hussein"],
        wire_credit="Associated Press",
    )
    make_article()
    call_command("articles", "export", "--format", "jsonl")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    record = next(r for r in map(json.loads, lines) if r["id"] == article.pk)
    assert set(record) == {
        "id", "path", "url", "canonical_url", "guid", "feed_url", "publisher", "section",
        "title", "byline", "authors", "published_at", "summary", "body_text", "body_html",
        "language", "image_url", "wire_credit", "word_count",
    }  # fmt: skip
    assert record["path"] == article.get_absolute_url()
    assert record["feed_url"] == feed.url
    assert record["publisher"] == section.publisher.name
    assert record["section"] == "National"
    assert record["authors"] == ["Fatima Hussein"]
    assert record["wire_credit"] == "Associated Press"
    assert record["published_at"] == "2024-11-01T12:00:00Z"


@pytest.mark.django_db
def test_feeds_add_in_process_creates_publisher_and_section(settings, feed_url):
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    call_command("feeds", "add", feed_url, "--publisher", "Example News")
    feed = Feed.objects.select_related("publisher").get()
    assert feed.publisher.name == "Example News"
    assert feed.section is None


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PORT", "eighty", "PORT must be a number, not 'eighty'"),
        ("NEWSSTAND_FETCH_TIMEOUT", "-1", "must not be negative"),
        ("NEWSSTAND_FETCH_ALLOW_NETWORKS", "localhost", "not a CIDR"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(tmp_path, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    result = newsstand(tmp_path, "check")
    assert_one_line_error(result, message)
