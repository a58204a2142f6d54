"""Full-text search over articles: one interface, a backend per database.

`search_articles` turns what a reader typed into a safe query (words and "quoted phrases",
every one required; nothing else of the text reaches the database as syntax), then runs it on
SQLite FTS5 or PostgreSQL full-text search (the index: search_schema.py). Either backend ranks
title matches above standfirst, byline and publisher, and those above the body, and marks the
matched words in the title and in a snippet of the text.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from django.apps import apps
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsstand.articles import search_schema
from newsstand.articles.models import Article

PER_PAGE = 20
# A query keeps its first words: beyond a few dozen, an AND of more terms only finds nothing.
MAX_TERMS = 24
# Longer "words" are pasted tokens or noise; no index keeps them (PostgreSQL drops them).
MAX_WORD_CHARS = 100
# Offsets past this page cost a scan of every earlier hit and serve no reader.
MAX_PAGE = 500
# Relevance ranks the newest this many matches (by arrival). A common word matches tens of
# thousands of articles; scoring them all costs a query 100+ ms, and a news reader wants the
# best of the recent ones. Sorting by date still reaches every match.
RELEVANCE_POOL = 2_000
# A count with filters stops here (the page says "more than"): no page lists further anyway.
MAX_COUNT = MAX_PAGE * PER_PAGE
# The backends put these around matched words; `marked_html` turns them into <mark>.
START, STOP = "\x02", "\x03"

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]+")


TEXT_FILTERS = ("publisher", "section", "language")


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class SearchFilters:
    publisher: str = ""  # a publisher's slug
    section: str = ""  # a section's slug, whichever publisher has it
    language: str = ""  # a language code: "en" also finds "en-GB"
    since: date | None = None  # from the start of this day (UTC)
    until: date | None = None  # to the end of this day (UTC)


@dataclass(frozen=True)
class SearchHit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString
    score: float | None  # higher is better, within one backend; None when sorted by date


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # every match; with filters, at most MAX_COUNT (then exact is False)
    number: int = 1
    per_page: int = PER_PAGE
    listed: int | None = None  # how many of them the pages reach, when fewer than total
    exact: bool = True  # False: there are more than `total` matches

    @property
    def ranked_newest_only(self) -> bool:
        """Relevance ranked only the newest RELEVANCE_POOL of more matches."""
        return self.listed is not None and self.total > self.listed

    @property
    def num_pages(self) -> int:
        listed = self.total if self.listed is None else min(self.total, self.listed)
        return max(1, min(MAX_PAGE, -(-listed // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def search_articles(
    query: str,
    filters: SearchFilters | None = None,
    sort: Sort = Sort.RELEVANCE,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchPage:
    """One page of the articles matching every word and phrase of `query`, best or newest
    first; an empty page when the query has no words. Never raises on what the user typed."""
    shown = clean_query_text(query)
    terms = query_terms(query)
    page = max(1, min(MAX_PAGE, page))
    if not terms:
        return SearchPage(shown, number=page, per_page=per_page)
    backend = _BACKENDS[connection.vendor]
    where, params = _filter_sql(filters or SearchFilters())
    total, exact = backend.count(terms, where, params)
    listed = RELEVANCE_POOL if sort is Sort.RELEVANCE else None
    offset = (page - 1) * per_page
    ranked = []
    if offset < min(total, listed or total):
        ranked = backend.ranked(terms, where, params, sort, per_page, offset, total)
    marks = backend.marks(terms, [article_id for article_id, _ in ranked])
    articles = (
        Article.objects.select_related("publisher", "section")
        .defer("body_html", "body_text")  # a hit shows its snippet, never the whole text
        .in_bulk(marks)
    )
    hits = [
        SearchHit(
            article=articles[article_id],
            title_html=marked_html(marks[article_id][0]),
            snippet_html=marked_html(_best_snippet(*marks[article_id][1:])),
            score=None if score is None else float(score),
        )
        for article_id, score in ranked
        if article_id in articles  # deleted since the page query: skip it
    ]
    return SearchPage(shown, hits, total, page, per_page, listed, exact)


def do_rebuild_index() -> int:
    """Recreate the search index's triggers and index every article again; returns the count."""
    with transaction.atomic():
        search_schema.relink(connection)
        search_schema.refill(connection)
    return Article.objects.count()


def clean_query_text(text: str) -> str:
    """The query as it may be shown back: control characters and lone surrogates removed."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())[:200]


def query_terms(text: str) -> list[str]:
    """The words and phrases of a query, each a run of letters and digits (phrases: several,
    space-separated); everything else, operators and punctuation included, is dropped."""
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(text):
        words = [w for w in _WORD.findall(phrase or word) if len(w) <= MAX_WORD_CHARS]
        terms.extend([" ".join(words)] if phrase and words else words)
        if len(terms) >= MAX_TERMS:
            return terms[:MAX_TERMS]
    return terms


def marked_html(text: str) -> SafeString:
    """Text with the backend's match markers as <mark> elements, everything else escaped;
    the marks always pair up, whatever stray marker characters the text itself held."""
    parts, open_mark = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif piece == STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        elif piece not in (START, STOP):
            parts.append(escape(_UNPRINTABLE.sub(" ", piece)))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text was escaped above


def _best_snippet(summary: str, body: str) -> str:
    """The body's snippet if a word matched there, else the standfirst's, else the body's."""
    if START in (body or "") or not summary:
        return body or ""
    return summary


def _filter_sql(filters: SearchFilters) -> tuple[str, list]:
    """SQL conditions on the article (alias a) for the filters, with their parameters."""
    where, params = [], []
    filters = replace(
        filters,
        **{name: _UNPRINTABLE.sub("", getattr(filters, name)) for name in TEXT_FILTERS},
    )
    if filters.publisher:
        where.append("a.publisher_id IN (SELECT id FROM publishers_publisher WHERE slug = %s)")
        params.append(filters.publisher)
    if filters.section:
        where.append("a.section_id IN (SELECT id FROM publishers_section WHERE slug = %s)")
        params.append(filters.section)
    if filters.language:
        where.append("(a.language = %s OR a.language LIKE %s)")
        params += [filters.language, filters.language + "-%"]
    if filters.since:
        where.append("a.published_at >= %s")
        params.append(_utc_midnight(filters.since))
    if filters.until:
        where.append("a.published_at < %s")
        params.append(_utc_midnight(filters.until + timedelta(days=1)))
    return "".join(f" AND {condition}" for condition in where), params


def _hidden_table() -> str | None:
    """The table of articles an editor took off the lists: off search results too (their links
    still work)."""
    if not apps.is_installed("newsstand.editorial"):
        return None
    return apps.get_model("editorial", "HiddenArticle")._meta.db_table


def _not_hidden() -> str:
    """SQL condition on the article (alias a): not taken off the lists."""
    hidden = _hidden_table()
    if hidden is None:
        return ""
    return f" AND NOT EXISTS (SELECT 1 FROM {hidden} h WHERE h.article_id = a.id)"  # noqa: S608 - a table name from the model


def _utc_midnight(day: date):
    return connection.ops.adapt_datetimefield_value(datetime.combine(day, time(), tzinfo=UTC))


class _SQLite:
    """FTS5: bm25 with column weights; highlight() and snippet() mark the matches."""

    # Column order: title, summary, body_text, byline, publisher_name.
    # bm25 is lower for better matches; negated, a higher score is better on both backends.
    RANK = "-bm25(articles_search, 10.0, 4.0, 1.0, 2.0, 2.0)"
    # Past this many matches a date sort walks the articles' date index, keeping the matches
    # (a few ms), rather than sorting every match (over 100 ms for 60,000).
    DATE_WALK_FROM = 1_000

    @staticmethod
    def match(terms: list[str]) -> str:
        # Each term a quoted FTS5 string: no operator, column filter or prefix can get in.
        return " ".join(f'"{term}"' for term in terms)

    # The SQL below is built from constants only: user text always arrives as a parameter.
    def count(self, terms, where, params) -> tuple[int, bool]:
        match = self.match(terms)
        with connection.cursor() as cursor:
            if where:  # filters need each match's article: stop counting past MAX_COUNT
                cursor.execute(
                    f"""SELECT count(*) FROM (
                        SELECT 1 FROM articles_search
                        JOIN articles_article a ON a.id = articles_search.rowid
                        WHERE articles_search MATCH %s {where}{_not_hidden()} LIMIT %s)""",  # noqa: S608
                    [match, *params, MAX_COUNT + 1],
                )
                found = cursor.fetchone()[0]
                return min(found, MAX_COUNT), found <= MAX_COUNT
            # The index alone counts 60,000 matches in 2 ms; joined to the articles, in 80.
            sql = "SELECT (SELECT count(*) FROM articles_search WHERE articles_search MATCH %s)"
            if hidden := _hidden_table():  # less those an editor took off the lists
                sql += f""" - (SELECT count(*) FROM {hidden} h
                    JOIN articles_search ON articles_search.rowid = h.article_id
                    WHERE articles_search MATCH %s)"""  # noqa: S608
            cursor.execute(sql, [match] * sql.count("%s"))
            found = cursor.fetchone()[0]
            return found, True

    def ranked(self, terms, where, params, sort, limit, offset, total) -> list[tuple]:
        """(article id, score) of one page of matches; the score None when sorted by date."""
        if sort is Sort.RELEVANCE:
            sql = f"""
                SELECT id, score FROM (
                    SELECT a.id AS id, {self.RANK} AS score, a.published_at AS published_at
                    FROM articles_search JOIN articles_article a ON a.id = articles_search.rowid
                    WHERE articles_search MATCH %s {where}{_not_hidden()}
                    ORDER BY articles_search.rowid DESC LIMIT {RELEVANCE_POOL}
                ) ORDER BY score DESC, published_at DESC, id DESC LIMIT %s OFFSET %s
            """  # noqa: S608
        elif total > self.DATE_WALK_FROM:
            sql = f"""
                SELECT a.id, NULL FROM articles_article a INDEXED BY article_latest_idx
                WHERE a.id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH %s)
                    {where}{_not_hidden()}
                ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s
            """  # noqa: S608
        else:
            sql = f"""
                SELECT a.id, NULL FROM articles_search
                JOIN articles_article a ON a.id = articles_search.rowid
                WHERE articles_search MATCH %s {where}{_not_hidden()}
                ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s
            """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *params, limit, offset])
            return cursor.fetchall()

    def marks(self, terms, ids) -> dict[int, tuple]:
        """Marked title and snippets of standfirst and body, of the page's articles only (no
        bm25 here: with a rowid lookup it counts every match again, 50 ms for a common word)."""
        if not ids:
            return {}
        sql = f"""
            SELECT rowid,
                highlight(articles_search, 0, char(2), char(3)),
                snippet(articles_search, 1, char(2), char(3), '…', 32),
                snippet(articles_search, 2, char(2), char(3), '…', 32)
            FROM articles_search
            WHERE articles_search MATCH %s AND rowid IN ({", ".join(["%s"] * len(ids))})
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *ids])
            return {row[0]: row[1:] for row in cursor.fetchall()}


class _PostgreSQL:
    """tsvector weighted A to D: ts_rank_cd (cover density) ranks, ts_headline marks matches."""

    QUERY = "websearch_to_tsquery('english', %s)"
    RANK = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_document, q, 1)"
    HEADLINE = f'StartSel="{START}", StopSel="{STOP}", FragmentDelimiter=" … "'

    @staticmethod
    def match(terms: list[str]) -> str:
        # Quoted, so websearch_to_tsquery reads no "or" or "-" as an operator.
        return " ".join(f'"{term}"' for term in terms)

    # The SQL below is built from constants only: user text always arrives as a parameter.
    def count(self, terms, where, params) -> tuple[int, bool]:
        with connection.cursor() as cursor:
            if where:  # as on SQLite: with filters, stop counting past MAX_COUNT
                cursor.execute(
                    f"""SELECT count(*) FROM (
                        SELECT 1 FROM articles_article a
                        WHERE a.search_document @@ {self.QUERY} {where}{_not_hidden()} LIMIT %s
                    ) hit""",  # noqa: S608
                    [self.match(terms), *params, MAX_COUNT + 1],
                )
                found = cursor.fetchone()[0]
                return min(found, MAX_COUNT), found <= MAX_COUNT
            cursor.execute(
                f"""SELECT count(*) FROM articles_article a
                    WHERE a.search_document @@ {self.QUERY} {_not_hidden()}""",  # noqa: S608
                [self.match(terms)],
            )
            return cursor.fetchone()[0], True

    def ranked(self, terms, where, params, sort, limit, offset, total) -> list[tuple]:
        if sort is Sort.RELEVANCE:
            sql = f"""
                SELECT a.id, {self.RANK} AS score FROM (
                    SELECT a.id, a.published_at, a.search_document FROM articles_article a
                    WHERE a.search_document @@ {self.QUERY} {where}{_not_hidden()}
                    ORDER BY a.id DESC LIMIT {RELEVANCE_POOL}
                ) a, {self.QUERY} q
                ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT %s OFFSET %s
            """  # noqa: S608
            args = [self.match(terms), *params, self.match(terms), limit, offset]
        else:
            sql = f"""
                SELECT a.id, NULL FROM articles_article a
                WHERE a.search_document @@ {self.QUERY} {where}{_not_hidden()}
                ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s
            """  # noqa: S608
            args = [self.match(terms), *params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()

    def marks(self, terms, ids) -> dict[int, tuple]:
        """Marked title and snippets of standfirst and body, of the page's articles only:
        headlines parse whole texts."""
        if not ids:
            return {}
        sql = f"""
            SELECT a.id,
                ts_headline('english', a.title, q, %s),
                ts_headline('english', a.summary, q, %s),
                ts_headline('english', a.body_text, q, %s)
            FROM articles_article a, {self.QUERY} q
            WHERE a.id = ANY(%s)
        """  # noqa: S608
        headline_all = self.HEADLINE + ", HighlightAll=true"
        snippet = self.HEADLINE + ", MaxWords=40, MinWords=20, MaxFragments=2"
        with connection.cursor() as cursor:
            cursor.execute(sql, [headline_all, snippet, snippet, self.match(terms), list(ids)])
            return {row[0]: row[1:] for row in cursor.fetchall()}


_BACKENDS = {"sqlite": _SQLite(), "postgresql": _PostgreSQL()}
