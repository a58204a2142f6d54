"""Specification of sanitize_html (what survives in an article body) and html_to_text."""

import re
from pathlib import Path

import nh3
import pytest

from newsstand.ingest.parse import FeedParseError, parse_feed
from newsstand.ingest.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    REMOVED_WITH_CONTENT,
    URL_SCHEMES,
    collapse_spaces,
    html_to_text,
    sanitize_html,
    sanitized_html_to_text,
    sanitized_text_and_words,
    single_spaced,
    text_to_html,
)

BASE = "https://news.example/world/story.html"
FEED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "feed-benchmark-200"
EVENT_HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE)

HOSTILE = {
    "script tag": "<p>ok</p><script>alert(1)</script>",
    "script with odd case": "<p>ok</p><ScRiPt>alert(1)</sCrIpT>",
    "onerror handler": '<img src="x.png" onerror="alert(1)">',
    "onload handler": '<body onload="alert(1)"><p>ok</p></body>',
    "onmouseover on a link": '<a href="/x" onmouseover="alert(1)">x</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe><p>ok</p>',
    "svg with script": '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>',
    "style tag": "<style>body{background:url(javascript:alert(1))}</style><p>ok</p>",
    "style attribute": '<p style="background:url(javascript:alert(1))">ok</p>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "math": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "template": "<template><script>alert(1)</script></template>",
    "noscript": "<noscript><img src=x onerror=alert(1)></noscript>",
    "base href": '<base href="javascript:alert(1)//">',
}

JAVASCRIPT_SPELLINGS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#10;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;script:alert(1)",
    "javascript&colon;alert(1)",
    "\tjavascript:alert(1)",
]

FORBIDDEN_URLS = [
    *JAVASCRIPT_SPELLINGS,
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
]


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_leaves_no_script_handler_or_style(html):
    cleaned = sanitize_html(html, BASE).lower()
    assert "<script" not in cleaned
    assert "javascript:" not in cleaned
    assert not EVENT_HANDLER.search(cleaned)
    for tag in ("<iframe", "<svg", "<style", "<meta", "<form", "<input", "<object", "<embed"):
        assert tag not in cleaned
    assert "style=" not in cleaned
    assert "alert(1)" not in cleaned


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_javascript_url_is_removed_in_any_spelling(url):
    cleaned = sanitize_html(f'<a href="{url}">link</a><img src="{url}">', BASE)
    assert "href=" not in cleaned
    assert "src=" not in cleaned
    assert "link" in cleaned


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/world/1">x</a>', 'href="https://news.example/world/1"'),
        ('<a href="other.html">x</a>', 'href="https://news.example/world/other.html"'),
        ('<img src="../img/a.jpg">', 'src="https://news.example/img/a.jpg"'),
        ('<a href="//cdn.example/a">x</a>', 'href="https://cdn.example/a"'),
        ('<a href="https://elsewhere.example/">x</a>', 'href="https://elsewhere.example/"'),
        ('<a href="mailto:desk@news.example">x</a>', 'href="mailto:desk@news.example"'),
    ],
)
def test_relative_urls_are_made_absolute_against_the_article(html, expected):
    assert expected in sanitize_html(html, BASE)


def test_relative_urls_stay_relative_without_a_base():
    assert 'href="/world/1"' in sanitize_html('<a href="/world/1">x</a>')


def test_every_link_gets_noopener_nofollow_and_loses_its_own_rel_and_target():
    cleaned = sanitize_html('<a href="https://a.example/" rel="author" target="_blank">a</a>')
    assert cleaned == '<a href="https://a.example/" rel="noopener nofollow">a</a>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hello <em>you</em></p>", "<p>Hello <em>you</em></p>"),
        ("<h1>Top</h1>", "<h2>Top</h2>"),
        ('<H1 class="big">Top</H1>', "<h2>Top</h2>"),
        ('<p class="x" id="y" data-z="1">p</p>', "<p>p</p>"),
        ('<img src="https://i.example/a.jpg" alt="A" width="10" loading="lazy">',
         '<img src="https://i.example/a.jpg" alt="A" width="10">'),
        ('<table><tr><td colspan="2" bgcolor="red">c</td></tr></table>',
         '<table><tbody><tr><td colspan="2">c</td></tr></tbody></table>'),
        ('<time datetime="2024-01-01">Jan 1</time>', '<time datetime="2024-01-01">Jan 1</time>'),
        ('<abbr title="North Atlantic Treaty Organization">NATO</abbr>',
         '<abbr title="North Atlantic Treaty Organization">NATO</abbr>'),
        ("<figure><img src=\"https://i.example/a.jpg\"><figcaption>c</figcaption></figure>",
         '<figure><img src="https://i.example/a.jpg"><figcaption>c</figcaption></figure>'),
        ("<p>a<!-- tracking comment -->b</p>", "<p>ab</p>"),
        ("<center><font color=red>kept text</font></center>", "kept text"),
        ("", ""),
    ],
)  # fmt: skip
def test_allowlist_keeps_article_markup_and_drops_the_rest(html, expected):
    assert sanitize_html(html) == expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<h2>Head</h2>Loose text<div>Block</div>", "Head\n\nLoose text\n\nBlock"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("<p>line one<br>line two</p>", "line one\nline two"),
        ("<p>  lots   of\n\n spaces\t</p>", "lots of spaces"),
        ("<p>Fish &amp; chips &mdash; &#8364;5 &nbsp;now</p>", "Fish & chips — €5 now"),
        ("<p>a<script>var x = 1;</script>b<style>p{}</style></p>", "ab"),
        ("plain text", "plain text"),
        ("x < y and y > z", "x < y and y > z"),
        ("", ""),
    ],
)
def test_html_to_text_separates_blocks_by_blank_lines(html, text):
    assert html_to_text(html) == text


# --- The fast paths give what the careful ones gave --------------------------------------------

BODIES = [
    *HOSTILE.values(),
    *(f'<a href="{url}">link</a><img src="{url}">' for url in FORBIDDEN_URLS),
    "<p>One</p><p>Two</p><ul><li>a</li><li>b<br>c</li></ul>",
    "<p>a</br>b<br/>c<BR>d</p><hr><blockquote>q</blockquote>",
    "<p>Fish &amp; chips &mdash; &#8364;5 &nbsp;now &lt;b&gt; x &gt; y &amp c</p>",
    "<p>&#1;x&#0;y\x00z\x01w</p>",
    '<p title="a > b" class="x">t</p><img alt="1 < 2" src="https://i.example/a.jpg">',
    "<table><tr><td>1</td><td>2</td></tr></table><pre>  keep\n  it </pre>",
    'plain <b>href="looks/relative"</b> text',
    '<a href="/world/1">x</a> <a href="other.html">y</a> <img src="../img/a.jpg">',
    '<a href="//cdn.example/a">x</a> <a href="?page=2">y</a> <a href="#more">z</a>',
    '<a href="HTTP://Upper.example/">x</a> <a href="http:no-slashes">y</a>',
    '<a href=" https://spaced.example/">x</a> <a href="mailto:desk@news.example">y</a>',
    '<a href="https://a.example/">a</a> <img src="https://i.example/b.png">',
    '<img alt="photo" width="3" src="https://i.example/b.png"><img alt="x" src="/rel.jpg">',
    "<p>single spaced words</p>\n<p> lead and trail </p><p>two  spaces\u00a0and\u2009thin</p>",
    "<p>tab\there</p><p>x\x0by\x1cz\u2028w</p><p>\u00e9t\u00e9 \u2019quoted\u2019 \u2014 text</p>",
]


def _careful_sanitize(html: str, base_url: str) -> str:
    """sanitize_html as it was: an ammonia configured afresh per call, with the base."""
    return nh3.clean(
        re.sub(r"<(/?)h1\b", r"<\1h2", html, flags=re.IGNORECASE),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative=("rewrite_with_base", base_url) if base_url else None,
        strip_comments=True,
    ).strip()


def _corpus_bodies() -> list[tuple[str, str]]:
    """(HTML, the item's URL) of every item of the real feeds, where the data is present."""
    bodies = []
    for path in sorted(FEED_CORPUS.iterdir()) if FEED_CORPUS.is_dir() else []:
        try:
            parsed = parse_feed(path.read_bytes(), "https://feed.example/feed.xml")
        except FeedParseError:
            continue
        for item in parsed.items:
            base = item.url or "https://feed.example/feed.xml"
            bodies += [(item.content_html, base), (item.summary_html, ""), (item.title, base)]
    return bodies


@pytest.mark.parametrize("base", [BASE, ""])
@pytest.mark.parametrize("html", BODIES)
def test_the_shared_cleaner_gives_what_a_fresh_one_with_the_base_gives(html, base):
    assert sanitize_html(html, base) == _careful_sanitize(html, base)


@pytest.mark.parametrize("html", BODIES)
def test_text_of_sanitized_html_is_what_the_html_parser_reads(html):
    cleaned = sanitize_html(html, BASE)
    assert sanitized_html_to_text(cleaned) == html_to_text(cleaned)
    text, words = sanitized_text_and_words(cleaned)
    assert (text, words) == (sanitized_html_to_text(cleaned), len(text.split()))


@pytest.mark.skipif(not FEED_CORPUS.is_dir(), reason="feed corpus absent (../shared/data)")
def test_fast_paths_agree_with_the_careful_ones_on_every_real_feed_item():
    bodies = _corpus_bodies()
    assert len(bodies) > 3000
    for html, base in bodies:
        cleaned = sanitize_html(html, base)
        assert cleaned == _careful_sanitize(html, base), html[:200]
        text, words = sanitized_text_and_words(cleaned)
        assert text == html_to_text(cleaned), cleaned[:200]
        assert words == len(text.split()), cleaned[:200]


@pytest.mark.parametrize(
    ("text", "single"),
    [
        ("", True),
        ("one two three", True),
        (" lead and trail ", True),
        ("caf\u00e9 \u2014 \u2019quoted\u2019", True),
        ("two  spaces", False),
        ("tab\there", False),
        ("line\nbreak", False),
        ("no\u00a0break", False),
        ("thin\u2009space", False),
        ("ideographic\u3000space", False),
        ("next\x85line", False),
        ("unit\x1fseparator", False),
    ],
)
def test_collapse_spaces_is_join_of_split_with_or_without_splitting(text, single):
    assert single_spaced(text) is single
    assert collapse_spaces(text) == " ".join(text.split())


def test_spaces_of_every_kind_collapse_and_words_count_as_split_counts_them():
    html = (
        "<p>single spaced words</p>\n<p> lead  and\ttrail </p>"
        "<p>no\u00a0break\u2009thin\u2028line</p><p>caf\u00e9 \u2014 ok</p><p> </p>"
    )
    assert sanitized_text_and_words(html) == (
        "single spaced words\n\nlead and trail\n\nno break thin line\n\ncaf\u00e9 \u2014 ok",
        13,
    )


def test_plain_text_becomes_escaped_paragraphs_with_line_breaks():
    text = "  Tom & Jerry <3\nsecond line\n\n \n\nNext paragraph  \n"
    assert text_to_html(text) == (
        "<p>Tom &amp; Jerry &lt;3<br>second line</p><p>Next paragraph</p>"
    )
    assert text_to_html(" \n\n ") == ""
    assert html_to_text(text_to_html(text)) == "Tom & Jerry <3\nsecond line\n\nNext paragraph"
