"""`newsstand search QUERY`: one line per hit (or JSON), the page's filters, an empty result,
any query; and an article a feed refresh stores is found by the next search."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from aiohttp import web
from django.core.management import CommandError, call_command

from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.services import refresh_feeds
from newsstand.publishers.models import Feed
from tests.articles.test_search_queries import HOSTILE_QUERIES
from tests.factories import make_article, make_feed, make_publisher, make_section
from tests.local_server import serve
from tests.test_cli import assert_one_line_error, newsstand

pytestmark = pytest.mark.django_db


def on(day: int) -> datetime:
    return datetime(2024, 11, day, 12, 0, tzinfo=UTC)


def run_search(*args) -> list[str]:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue().splitlines()


def found_titles(*args) -> list[str]:
    return [hit["title"] for hit in json.loads(run_search(*args, "--json")[0])["hits"]]


def test_prints_the_count_then_a_line_per_hit_with_date_publisher_title_and_path():
    publisher = make_publisher(name="The Independent")
    article = make_article(publisher, title="US sanctions North Korean couple", published_at=on(3))
    make_article(title="Unrelated")

    lines = run_search("sanctions")

    assert lines == [
        "1 found for 'sanctions'",
        f"2024-11-03  The Independent  US sanctions North Korean couple"
        f"  ({article.get_absolute_url()})",
    ]


def test_json_gives_every_hit_with_its_fields_and_marked_html():
    guardian = make_publisher(name="Guardian")
    national = make_section(guardian, name="National")
    article = make_article(
        guardian,
        section=national,
        title="Storm <b>warning</b>",
        body_text="A storm is coming.",
        language="en",
        published_at=on(2),
    )

    [line] = run_search("storm", "--json")
    document = json.loads(line)

    assert document["query"] == "storm"
    assert document["total"] == 1
    [hit] = document["hits"]
    assert hit["id"] == article.pk
    assert hit["publisher"] == "guardian"
    assert hit["section"] == "national"
    assert hit["language"] == "en"
    assert hit["published_at"] == "2024-11-02T12:00:00+00:00"
    assert hit["url"] == article.get_absolute_url()
    assert hit["title_html"] == "<mark>Storm</mark> &lt;b&gt;warning&lt;/b&gt;"
    assert "<mark>storm</mark>" in hit["snippet_html"]
    assert isinstance(hit["score"], float)


def test_filters_sort_and_limit_narrow_the_hits():
    guardian = make_publisher(name="Guardian")
    national = make_section(guardian, name="National")
    make_article(guardian, section=national, title="Storm A", language="en-GB", published_at=on(2))
    make_article(guardian, title="Storm B", language="fr", published_at=on(4))
    make_article(title="Storm C", language="en", published_at=on(6))

    assert set(found_titles("storm", "--publisher", "guardian")) == {"Storm A", "Storm B"}
    assert found_titles("storm", "--section", "national") == ["Storm A"]
    assert set(found_titles("storm", "--language", "en")) == {"Storm A", "Storm C"}
    assert set(found_titles("storm", "--since", "2024-11-04")) == {"Storm B", "Storm C"}
    assert set(found_titles("storm", "--until", "2024-11-04")) == {"Storm A", "Storm B"}
    assert found_titles("storm", "--sort", "date") == ["Storm C", "Storm B", "Storm A"]
    assert found_titles("storm", "--sort", "date", "--limit", "1") == ["Storm C"]
    assert run_search("storm", "--limit", "1")[0] == "3 found for 'storm'"  # all counted


def test_nothing_found_prints_a_zero_count_and_no_hits():
    make_article(title="Storm A")

    assert run_search("zebra") == ["0 found for 'zebra'"]
    assert run_search("storm", "--publisher", "nobody") == ["0 found for 'storm'"]


def test_an_empty_query_asks_for_one():
    with pytest.raises(CommandError, match="give a QUERY"):
        call_command("search", "   ")


@pytest.mark.parametrize("query", HOSTILE_QUERIES[2:], ids=range(2, len(HOSTILE_QUERIES)))
def test_any_query_prints_a_count_never_an_error(query):
    make_article(title="War and peace", body_text="A long novel about war and peace.")

    lines = run_search("--", query)  # "--": a query may start with a dash, like "-war"

    assert " found for " in lines[0]
    assert len(lines) <= 2
    assert "\x00" not in "".join(lines)


def test_rebuild_reindexes_every_article():
    make_article(title="Storm A")
    make_article(title="Calm B")

    assert run_search("--rebuild") == ["Search index rebuilt: 2 articles."]
    assert found_titles("storm") == ["Storm A"]


def test_a_date_that_is_not_a_date_is_one_line_on_the_command_line(tmp_path):
    result = newsstand(tmp_path, "search", "storm", "--since", "yesterday")

    assert_one_line_error(result, "expected a date like 2024-11-01, got 'yesterday'")
    assert result.returncode == 2


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Example Times</title>
<link>https://times.example/</link>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://times.example/{n}</link>
<guid>https://times.example/{n}</guid><pubDate>Fri, 16 Apr 2021 18:0{n}:00 GMT</pubDate>
<description>{body}</description></item>"""


@pytest.fixture
def times():
    """A publisher on 127.0.0.1 whose feed items the test sets."""
    items = {}

    async def feed(request):
        body = "".join(ITEM.format(n=n, title=t, body=b) for n, (t, b) in items.items())
        return web.Response(text=RSS.format(items=body), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    with serve(app) as base_url:
        yield items, f"{base_url}/feed.xml"


def test_an_article_a_feed_refresh_stores_is_found_by_the_next_search(times):
    items, url = times
    policy = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))
    items[1] = ("Harbour reopens after storm", "Ferries are running again.")
    refresh_feeds([make_feed(make_publisher(name="Example Times"), url=url)], policy)

    assert found_titles("harbour ferries") == ["Harbour reopens after storm"]

    items[1] = ("Harbour shut again", "The swell closed it.")
    items[2] = ("Bridge closes", "Traffic is diverted.")
    refresh_feeds([Feed.objects.get()], policy)

    assert found_titles("harbour") == ["Harbour shut again"]
    assert found_titles("ferries") == []
    assert found_titles("bridge traffic") == ["Bridge closes"]
    assert run_search("swell")[0] == "1 found for 'swell'"
