import gzip
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsstand.ingest.extract import ExtractedPage, article_from_page, decode_html, extract_page
from newsstand.ingest.items import FeedItem
from newsstand.ingest.normalize import build_article

PARAGRAPHS = [
    "The harbour authority approved a plan on Monday to deepen the main shipping channel, "
    "a project that has been debated for more than a decade by the city and its neighbours.",
    "Engineers say the work will take three years and allow larger container ships to dock "
    "without waiting for the tide, which local businesses have long asked for.",
    "Opponents warned that dredging could disturb the seagrass beds at the mouth of the bay, "
    "and a coalition of fishing groups said it would ask the court to review the decision.",
    "The authority said an environmental monitoring programme would run alongside the works "
    "and that its results would be published every quarter on the project's website.",
]


def page(head: str = "", *, lang: str = "en", before: str = "", after: str = "") -> str:
    """An article page with navigation and footer around four paragraphs of body text."""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>Channel deepening approved | Harbour Times</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Channel deepening approved</h1>
<div class="article-body">{before}{body}{after}</div></article></main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> © Harbour Times</footer>
</body></html>"""


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_body_is_the_article_text_without_navigation_or_footer():
    extracted = extract_page(page(), "https://harbour.example/news/channel")
    assert extracted.body_text.split("\n\n") == PARAGRAPHS
    assert extracted.body_html.startswith("<p>The harbour authority")
    assert "Privacy" not in extracted.body_text
    assert "Sport" not in extracted.body_text


def test_body_html_is_sanitised_and_resolves_links_against_the_page():
    after = (
        '<p>Read the <a href="/docs/plan.pdf" onclick="steal()">full plan</a> here.</p>'
        "<script>alert(1)</script>"
    )
    extracted = extract_page(page(after=after), "https://harbour.example/news/channel")
    assert "<script" not in extracted.body_html
    assert "onclick" not in extracted.body_html
    assert "alert" not in extracted.body_text


def test_json_ld_article_gives_the_metadata():
    head = (
        json_ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Harbour channel to be deepened",
                "author": [
                    {"@type": "Person", "name": "Ana Ruiz"},
                    {"@type": "Person", "name": "Li Wei"},
                ],
                "datePublished": "2024-03-04T09:30:00+01:00",
                "articleSection": "Local",
                "inLanguage": "en-GB",
                "image": {"@type": "ImageObject", "url": "/img/channel.jpg"},
                "description": "Three years of works.",
            }
        )
        + '<meta property="og:title" content="Not this one">'
    )
    extracted = extract_page(page(head), "https://harbour.example/news/channel")
    assert extracted.title == "Harbour channel to be deepened"
    assert extracted.authors == ["Ana Ruiz", "Li Wei"]
    assert extracted.byline == "Ana Ruiz, Li Wei"
    assert extracted.published_at == datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
    assert extracted.section == "Local"
    assert extracted.language == "en"
    assert extracted.image_url == "https://harbour.example/img/channel.jpg"
    assert extracted.description == "Three years of works."


@pytest.mark.parametrize(
    "data",
    [
        {
            "@graph": [
                {"@type": "WebSite", "name": "Harbour Times"},
                {
                    "@type": "ReportageNewsArticle",
                    "headline": "From the graph",
                    "author": "By Ana Ruiz and Li Wei",
                },
            ]
        },
        [
            {"@type": "BreadcrumbList"},
            {
                "@type": ["Article", "CreativeWork"],
                "headline": "From the graph",
                "author": ["Ana Ruiz", {"name": "Li Wei"}],
            },
        ],
        {
            "@type": "WebPage",
            "mainEntity": {
                "@type": "NewsArticle",
                "headline": "From the graph",
                "author": {"@type": "Organization", "name": "Ana Ruiz, Li Wei"},
            },
        },
    ],
    ids=["graph", "list", "main-entity"],
)
def test_json_ld_article_is_found_in_graphs_lists_and_main_entities(data):
    extracted = extract_page(page(json_ld(data)))
    assert extracted.title == "From the graph"
    assert extracted.authors == ["Ana Ruiz", "Li Wei"]


def test_open_graph_and_article_meta_fill_in_without_json_ld():
    head = """
<meta property="og:title" content="Channel to be deepened">
<meta property="article:published_time" content="2024-03-04T09:30:00Z">
<meta property="article:section" content="Local">
<meta property="article:author" content="https://social.example/ana">
<meta property="article:author" content="Ana Ruiz">
<meta property="og:image" content="https://cdn.example/channel.jpg">
<meta property="og:locale" content="fr_FR">
<link rel="canonical" href="/news/channel?utm_source=rss#top">"""
    extracted = extract_page(page(head), "https://harbour.example/news/channel?page=1")
    assert extracted.title == "Channel to be deepened"
    assert extracted.published_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert extracted.section == "Local"
    assert extracted.authors == ["Ana Ruiz"]
    assert extracted.image_url == "https://cdn.example/channel.jpg"
    assert extracted.language == "fr"
    assert extracted.canonical_url == "https://harbour.example/news/channel"


def test_page_without_metadata_falls_back_to_its_title_and_html_lang():
    extracted = extract_page(page(lang="en-US"))
    assert extracted.title
    assert extracted.language == "en"
    assert not extracted.language_detected
    assert extracted.published_at is None
    assert extracted.canonical_url == ""


def test_language_is_detected_from_the_body_when_the_page_states_none():
    extracted = extract_page(page().replace(' lang="en"', ""))
    assert extracted.language == "en"
    assert extracted.language_detected


@pytest.mark.parametrize(
    ("extra", "credit"),
    [
        (
            {"before": "<p>WASHINGTON (AP) — Officials said on Monday the plan was approved.</p>"},
            "Associated Press",
        ),
        (
            {"after": "<p>Copyright 2024 The Associated Press. All rights reserved.</p>"},
            "Associated Press",
        ),
        ({"head": '<meta name="copyright" content="© 2024 Reuters">'}, "Reuters"),
        (
            {
                "head": json_ld(
                    {
                        "@type": "NewsArticle",
                        "headline": "x",
                        "sourceOrganization": {"name": "Agence France-Presse"},
                    }
                )
            },
            "AFP",
        ),
        (
            {
                "head": json_ld(
                    {
                        "@type": "NewsArticle",
                        "headline": "x",
                        "isBasedOn": "https://en.wikinews.org/wiki/Channel",
                    }
                )
            },
            "Wikinews",
        ),
        ({}, ""),
    ],
    ids=["dateline", "credit-line", "meta-copyright", "source-organization", "is-based-on", "none"],
)
def test_wire_credit_is_read_from_body_and_credit_metadata(extra, credit):
    assert extract_page(page(**extra)).wire_credit == credit


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ('<meta charset="windows-1252"><p>caf\xe9</p>'.encode("cp1252"), "café"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">\x93q\x94',
            "“q”",
        ),
        ('<meta charset="shift_jis"><p>ニュース</p>'.encode("shift_jis"), "ニュース"),
        ("<p>café</p>".encode(), "café"),
        (b"<p>caf\xe9 without a declared charset</p>", "café"),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "café"),
    ],
    ids=[
        "meta-charset",
        "http-equiv-latin1-as-cp1252",
        "shift-jis",
        "utf8",
        "cp1252-fallback",
        "bom",
    ],
)
def test_bytes_are_decoded_by_the_declared_charset_then_utf8_then_cp1252(data, text):
    assert text in decode_html(data)


def test_bytes_page_gives_the_same_article_as_its_text():
    html = page('<meta property="og:title" content="Café reopens">')
    assert extract_page(html.encode("utf-8")) == extract_page(html)


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        b"",
        "not html at all",
        b"\x00\x01\x02\xff\xfe binary \x89PNG\r\n\x1a\n" * 100,
        "<div>" * 50_000 + "deep" + "</div>" * 50_000,
        "<html><body>" + "<p>unclosed <b>tags <i>everywhere" * 5000,
        '<html><head><script type="application/ld+json">{"@type": [[[[[['
        + "[" * 10_000
        + "</script></head></html>",
        "<html><head>"
        + json_ld({"@type": "NewsArticle", "author": 7, "headline": {"x": 1}, "image": [None, 3]})
        + json_ld({"@type": "Article", "datePublished": "yesterday", "inLanguage": ["?"]})
        + "</head><body><p>x</p></body></html>",
        "<html><head><meta property='og:title'><link rel=canonical href='http://[::1'></head></html>",
    ],
    ids=[
        "empty",
        "empty-bytes",
        "text",
        "binary",
        "deep-nesting",
        "unclosed",
        "json-bomb",
        "wrong-types",
        "bad-urls",
    ],
)
def test_hostile_pages_give_a_page_not_a_crash(hostile):
    assert isinstance(extract_page(hostile, "https://example.com/a"), ExtractedPage)


def feed_article(**fields):
    item = FeedItem(
        guid="guid-1",
        url="https://harbour.example/news/channel?utm_source=rss",
        title="Channel",
        **fields,
    )
    return build_article(
        item, feed_url="https://harbour.example/feed", fetched_at=datetime(2024, 3, 5, tzinfo=UTC)
    )


def test_article_from_page_takes_the_fuller_body_and_fills_the_gaps():
    base = feed_article(summary_html="<p>The harbour authority approved a plan.</p>")
    head = json_ld(
        {
            "@type": "NewsArticle",
            "headline": "Harbour channel to be deepened",
            "author": "Ana Ruiz",
            "datePublished": "2024-03-04T09:30:00Z",
        }
    )
    merged = article_from_page(extract_page(page(head), base.url), base)
    assert merged.guid == base.guid
    assert merged.url == base.url
    assert merged.title == "Channel"  # the feed's own title stays
    assert merged.body_text.split("\n\n") == PARAGRAPHS
    assert merged.word_count == sum(len(p.split()) for p in PARAGRAPHS)
    assert merged.byline == "Ana Ruiz"
    assert merged.published_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert not merged.date_estimated
    assert merged.language == "en"
    assert merged.content_hash != base.content_hash


def test_article_from_page_keeps_a_longer_feed_body_and_the_feeds_facts():
    base = feed_article(
        content_html="".join(f"<p>{p} {p}</p>" for p in PARAGRAPHS),
        authors=["Li Wei"],
        published_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    head = json_ld(
        {"@type": "NewsArticle", "author": "Ana Ruiz", "datePublished": "2024-03-04T09:30:00Z"}
    )
    merged = article_from_page(extract_page(page(head)), base)
    assert merged.body_html == base.body_html
    assert merged.byline == "Li Wei"
    assert merged.published_at == datetime(2024, 3, 1, tzinfo=UTC)


def test_article_from_an_empty_page_is_the_feeds_article():
    base = feed_article(summary_html="<p>Short.</p>")
    assert article_from_page(extract_page(""), base) == base


def test_wire_credit_of_the_page_reaches_the_article():
    base = feed_article(summary_html="<p>Short.</p>")
    after = "<p>Copyright 2024 The Associated Press. All rights reserved.</p>"
    assert (
        article_from_page(extract_page(page(after=after)), base).wire_credit == "Associated Press"
    )


# --- the `newsstand extract` command -----------------------------------------------------------


def test_command_prints_one_json_line_per_file(tmp_path, capsys):
    head = json_ld(
        {"@type": "NewsArticle", "headline": "Channel", "datePublished": "2024-03-04T09:30:00Z"}
    )
    plain = tmp_path / "a.html"
    plain.write_text(page(head), encoding="utf-8")
    packed = tmp_path / "b.html.gz"
    packed.write_bytes(gzip.compress(page().encode()))
    call_command("extract", str(plain), str(packed), "--json")
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in records] == [str(plain), str(packed)]
    assert records[0]["published_at"] == "2024-03-04T09:30:00Z"
    assert records[1]["published_at"] is None
    assert set(records[0]) == {
        "input", "title", "byline", "authors", "published_at", "section", "language",
        "image_url", "wire_credit", "body_text", "body_html",
    }  # fmt: skip
    assert all(r["body_text"].split("\n\n") == PARAGRAPHS for r in records)


def test_command_resolves_relative_links_against_url(tmp_path, capsys):
    saved = tmp_path / "a.html"
    saved.write_text(page('<meta property="og:image" content="/i.jpg">'), encoding="utf-8")
    call_command("extract", str(saved), "--url", "https://harbour.example/news/a", "--json")
    assert json.loads(capsys.readouterr().out)["image_url"] == "https://harbour.example/i.jpg"


def test_command_prints_a_summary_without_json(tmp_path, capsys):
    saved = tmp_path / "a.html"
    saved.write_text(page(), encoding="utf-8")
    call_command("extract", str(saved))
    out = capsys.readouterr().out
    assert "Channel deepening approved" in out
    assert "words: The harbour authority" in out


def test_command_reports_each_failed_input_and_exits_non_zero(tmp_path, capsys):
    good = tmp_path / "good.html"
    good.write_text(page(), encoding="utf-8")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(CommandError, match="3 of 4 inputs failed"):
        call_command(
            "extract",
            str(tmp_path / "missing.html"),
            str(good),
            str(binary),
            "http://127.0.0.1:9/page",
            "--json",
        )
    captured = capsys.readouterr()
    assert [json.loads(line)["input"] for line in captured.out.splitlines()] == [str(good)]
    errors = captured.err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"{tmp_path / 'missing.html'}: ")
    assert "not an HTML page" in errors[1]
    assert errors[2].startswith("http://127.0.0.1:9/page: ")  # refused by the SSRF guard
