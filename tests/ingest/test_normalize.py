"""Specification of build_article and its helpers: what an item becomes before it is stored."""

import hashlib
import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsstand.ingest.items import ArticleData, FeedItem
from newsstand.ingest.normalize import (
    build_article,
    clean_url,
    primary_language,
    split_authors,
    truncate_words,
)
from newsstand.ingest.sanitize import sanitize_html, sanitized_html_to_text

PARIS_SUMMER = timezone(timedelta(hours=2))
FETCHED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
FEED_URL = "https://news.example/feed.xml"
ITEM = FeedItem(
    guid="https://news.example/a/1",
    url="https://news.example/a/1",
    title="Council &amp; mayor <b>agree</b>  budget",
    content_html='<p>The council agreed.</p><p><a href="/b/2">More</a></p>',
    summary_html="<p>A short teaser.</p>",
    authors=["By Jane Doe and John Roe"],
    published_at=datetime(2024, 4, 30, 9, 0, tzinfo=UTC),
    language="en-GB",
    image_url="https://img.example/a.jpg",
)


def build(item: FeedItem = ITEM, **options) -> ArticleData:
    return build_article(item, feed_url=FEED_URL, fetched_at=FETCHED_AT, **options)


def test_body_comes_from_content_sanitised_against_the_item_url():
    article = build(replace(ITEM, content_html='<p onclick="x()">Hi <a href="/b/2">b</a></p>'))
    assert article.body_html == (
        '<p>Hi <a href="https://news.example/b/2" rel="noopener nofollow">b</a></p>'
    )
    assert article.body_text == "Hi b"


def test_body_falls_back_to_the_summary_when_there_is_no_content():
    article = build(replace(ITEM, content_html=""))
    assert article.body_html == "<p>A short teaser.</p>"


def test_title_is_plain_text_with_entities_decoded_and_spaces_collapsed():
    assert build().title == "Council & mayor agree budget"


@pytest.mark.parametrize(
    ("title", "content", "expected"),
    [
        ("", "<p>" + "word " * 30 + "</p>", " ".join(["word"] * 12) + "…"),
        ("", "<p>Short body</p>", "Short body"),
        ("  ", "", "Untitled"),
        ("x" * 1200, "", "x" * 999 + "…"),
    ],
)
def test_title_falls_back_to_the_body_then_untitled(title, content, expected):
    item = replace(ITEM, title=title, content_html=content, summary_html="")
    assert build(item).title == expected


def test_summary_is_the_feed_summary_when_it_differs_from_the_body():
    assert build().summary == "A short teaser."


def test_summary_is_the_body_opening_when_the_feed_gives_none():
    body = " ".join(f"w{n}" for n in range(80))
    article = build(replace(ITEM, summary_html="", content_html=f"<p>{body}</p>"))
    assert article.summary == " ".join(f"w{n}" for n in range(50)) + "…"


def test_a_plain_text_summary_reads_as_its_sanitised_text():
    # Plain summaries skip the sanitiser; they must come out as sanitising them would give.
    alphabet = (
        "ab Z.\t\n\r\x0b\x0c\x00\x01\x1f\x7f\x85\x9f\xa0\u2009\u2028\u3000\ufeff\uffff"
        "\ufffd\u200bé漢🙂\"'=/;"
    )
    rng = random.Random(7)  # noqa: S311 - test text, not secrets
    without_summary = build(replace(ITEM, summary_html="")).summary
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        sanitised = " ".join(sanitized_html_to_text(sanitize_html(text)).split())
        expected = truncate_words(sanitised, 50, 500) if sanitised else without_summary
        assert build(replace(ITEM, summary_html=text)).summary == expected, repr(text)


def test_summary_is_at_most_500_characters_cut_at_a_word():
    summary = build(replace(ITEM, summary_html="<p>" + "abcdefghijklmnopqrstu " * 40 + "</p>"))
    assert len(summary.summary) <= 500
    assert summary.summary.endswith("abcdefghijklmnopqrstu…")


@pytest.mark.parametrize(
    ("guid", "url", "expected"),
    [
        ("tag:news.example,2024:1", "https://news.example/a/1", "tag:news.example,2024:1"),
        ("", "https://news.example/a/1", "https://news.example/a/1"),
        ("x" * 1025, "", "sha256:" + hashlib.sha256(b"x" * 1025).hexdigest()),
    ],
)
def test_guid_is_the_feed_key_else_the_url_and_never_over_1024_chars(guid, url, expected):
    assert build(replace(ITEM, guid=guid, url=url)).guid == expected


def test_item_without_guid_or_url_is_keyed_by_a_hash_of_its_text():
    item = replace(ITEM, guid="", url="")
    first, second = build(item), build(item)
    assert first.guid.startswith("sha256:")
    assert first.guid == second.guid
    assert build(replace(item, title="Another")).guid != first.guid


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example/a?utm_source=rss&utm_medium=feed", "https://news.example/a"),
        ("HTTPS://news.example/a?id=7&fbclid=abc&gclid=x#comments", "https://news.example/a?id=7"),
        ("https://news.example/a?b=1&mc_cid=2&mc_eid=3&_ga=4&igshid=5&yclid=6&c=%20",
         "https://news.example/a?b=1&c=%20"),
        ("https://news.example/a?dclid=1&msclkid=2&ref_src=twsrc&UTM_Campaign=x",
         "https://news.example/a"),
        ("https://news.example/Path/Case?Q=Keep", "https://news.example/Path/Case?Q=Keep"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example", "https://news.example/"),
        ("https://news.example/a/b-1.html;x=y%20z", "https://news.example/a/b-1.html;x=y%20z"),
        ("https://news.example/a?", "https://news.example/a"),
        ("https://news.example/a#", "https://news.example/a"),
        ("https://news.example/a\tb\n", "https://news.example/ab"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("https://news.example:80/a", "https://news.example:80/a"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("https://user@news.example/a", "https://user@news.example/a"),
        ("", ""),
        ("mailto:desk@news.example", "mailto:desk@news.example"),
    ],
)  # fmt: skip
def test_canonical_url_drops_tracking_parameters_and_fragment(url, expected):
    assert clean_url(url) == expected


def test_canonical_url_of_the_article_is_the_cleaned_url():
    item = replace(ITEM, url="https://News.example/a/1?utm_source=rss#top")
    assert build(item).canonical_url == "https://news.example/a/1"


@pytest.mark.parametrize(
    ("published", "updated", "expected"),
    [
        (datetime(2024, 4, 30, 9, tzinfo=UTC), None, datetime(2024, 4, 30, 9, tzinfo=UTC)),
        (None, datetime(2024, 4, 29, tzinfo=UTC), datetime(2024, 4, 29, tzinfo=UTC)),
        (None, None, FETCHED_AT),
        (FETCHED_AT + timedelta(hours=23), None, FETCHED_AT + timedelta(hours=23)),
        (FETCHED_AT + timedelta(days=2), None, FETCHED_AT),
        (datetime(1970, 1, 1, tzinfo=UTC), None, FETCHED_AT),
        (datetime(2024, 4, 30, 13, tzinfo=PARIS_SUMMER), None,
         datetime(2024, 4, 30, 11, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_published_at_is_the_stated_date_unless_missing_or_implausible(
    published, updated, expected
):
    article = build(replace(ITEM, published_at=published, updated_at=updated))
    assert article.published_at == expected
    assert article.published_at.tzinfo == UTC
    # A replaced date is flagged as an estimate (a date that happens to equal it is not).
    assert article.date_estimated is (expected == FETCHED_AT and published != FETCHED_AT)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Ann Lee, Bo Chan & Cy Dee"], ["Ann Lee", "Bo Chan", "Cy Dee"]),
        (["by  Jane   Doe"], ["Jane Doe"]),
        (["jane@news.example (Jane Doe)"], ["Jane Doe"]),
        (["jane@news.example"], []),
        (["Jane Doe", "Jane Doe", "John Roe"], ["Jane Doe", "John Roe"]),
        ([], []),
    ],
)
def test_authors_are_split_from_bylines(names, expected):
    assert split_authors(names) == expected


def _authors_split_in_full(names: list[str]) -> list[str]:
    """split_authors by its definition, every field stripped, unwrapped and split."""
    authors = []
    for raw in names:
        named = re.match(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$", raw.strip())
        text = re.sub(r"^\s*by\s+", "", named.group("name") if named else raw, flags=re.I)
        parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", text, flags=re.I)
        authors += [p for p in parts if p and not re.match(r"^\S+@\S+\.\S+$", p)]
    return list(dict.fromkeys(" ".join(author.split()) for author in authors))


def test_split_authors_agrees_with_splitting_every_field_in_full():
    rng = random.Random(5)  # noqa: S311 - test text, not secrets
    pieces = ["Ann", "Lee", "Andy", "Bandy", "by", "By", "and", "AND", "@", "a@b.org", ".", ",",
              ";", "&", "(", ")", " ", "  ", "\t", "\u00a0"]  # fmt: skip
    for _ in range(20_000):
        fields = rng.randint(0, 3)
        names = ["".join(rng.choices(pieces, k=rng.randint(0, 8))) for _ in range(fields)]
        assert split_authors(names) == _authors_split_in_full(names), names


def test_byline_joins_the_authors():
    article = build()
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.byline == "Jane Doe, John Roe"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en-US", "en"), ("EN", "en"), ("pt_BR", "pt"), ("fil", "fil"), ("", ""), ("english", "")],
)
def test_language_is_the_primary_subtag(tag, expected):
    assert primary_language(tag) == expected


def test_language_falls_back_to_the_feed():
    assert build(replace(ITEM, language="")).language == ""
    assert build(replace(ITEM, language=""), feed_language="de-AT").language == "de"


@pytest.mark.parametrize(
    ("image_url", "expected"),
    [
        ("https://img.example/a.jpg", "https://img.example/a.jpg"),
        ("javascript:alert(1)", ""),
        ("data:image/png;base64,AAAA", ""),
        ("/relative.jpg", ""),
    ],
)
def test_image_url_is_kept_only_when_http(image_url, expected):
    assert build(replace(ITEM, image_url=image_url)).image_url == expected


def test_wire_credit_is_read_from_the_body_byline_and_rights():
    wire_body = "<p>WASHINGTON (AP) — The Senate voted.</p><p>More.</p>"
    assert build(replace(ITEM, content_html=wire_body)).wire_credit == "Associated Press"
    assert build(replace(ITEM, rights="© 2024 AFP")).wire_credit == "AFP"
    assert build(feed_rights="Copyright Reuters").wire_credit == "Reuters"
    assert build(replace(ITEM, authors=["Reuters"])).wire_credit == "Reuters"
    assert build().wire_credit == ""


def test_word_count_counts_body_words():
    assert build(replace(ITEM, content_html="<p>one two</p><p>three</p>")).word_count == 3
    lines = "<p>one<br>two\xa0three<br/> <br></p><ul><li>four</li></ul>five\u2003six"
    assert build(replace(ITEM, content_html=lines)).word_count == 6


def test_content_hash_changes_with_an_edit_not_with_a_refetch():
    first = build()
    refetched = build_article(ITEM, feed_url=FEED_URL, fetched_at=FETCHED_AT + timedelta(hours=1))
    edited = build(replace(ITEM, content_html=ITEM.content_html + "<p>Correction.</p>"))
    retitled = build(replace(ITEM, title="New headline"))
    assert first.content_hash == refetched.content_hash
    assert len({first.content_hash, edited.content_hash, retitled.content_hash}) == 3


@pytest.mark.parametrize(
    ("text", "words", "chars", "expected"),
    [
        ("one two three", 5, 100, "one two three"),
        ("one two three", 2, 100, "one two…"),
        (" one\ttwo  three\n", 3, 100, "one two three"),
        (" one\ttwo  three four ", 3, 100, "one two three…"),
        ("one two three", 5, 9, "one two…"),
        ("abcdefghij", 5, 5, "abcd…"),
        ("", 5, 5, ""),
    ],
)
def test_truncate_words_cuts_at_a_word_boundary(text, words, chars, expected):
    assert truncate_words(text, words, chars) == expected


def _truncated_word_by_word(text: str, max_words: int, max_chars: int) -> str:
    """truncate_words by its definition: the words taken one by one while they fit."""
    words = text.split()
    if len(words) <= max_words and len(" ".join(words)) <= max_chars:
        return " ".join(words)
    kept: list[str] = []
    for word in words[:max_words]:
        if len(" ".join([*kept, word])) + 1 > max_chars:  # + 1: the ellipsis
            break
        kept.append(word)
    return " ".join(kept) + "…" if kept else words[0][: max_chars - 1] + "…"


def test_truncate_words_agrees_with_taking_the_words_one_by_one():
    rng = random.Random(11)  # noqa: S311 - test text, not secrets
    pieces = ["a", "bb", "cccc", "dddddddddd", "é", " ", "  ", "\t", "\n", "\u00a0", "\u2003"]
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 30)))
        words, chars = rng.randint(1, 10), rng.randint(1, 30)
        assert truncate_words(text, words, chars) == _truncated_word_by_word(text, words, chars)


def test_language_is_detected_from_the_text_when_neither_item_nor_feed_states_it():
    text = (
        "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les "
        "agriculteurs touchés par la sécheresse, après plusieurs semaines de manifestations "
        "dans les campagnes et de négociations avec les syndicats."
    )
    item = replace(ITEM, language="", content_html=f"<p>{text}</p>")
    assert build(item, feed_language="").language == "fr"
    assert build(item, feed_language="de").language == "de"  # a stated language wins
