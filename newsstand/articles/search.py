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
    score: float  # higher is better; comparable within one backend only


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    number: int = 1
    per_page: int = PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.per_page)))

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
    total = backend.count(terms, where, params)
    rows = backend.page(terms, where, params, sort, per_page, (page - 1) * per_page)
    articles = Article.objects.select_related("publisher", "section").in_bulk(
        [row[0] for row in rows]
    )
    hits = [
        SearchHit(
            article=articles[article_id],
            title_html=marked_html(title),
            snippet_html=marked_html(_best_snippet(summary, body)),
            score=float(score),
        )
        for article_id, score, title, summary, body in rows
        if article_id in articles  # deleted since the page query: skip it
    ]
    return SearchPage(shown, hits, total, page, per_page)


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
    if apps.is_installed("newsstand.editorial"):
        # Articles an editor took off the lists are off search results too; their links still work.
        hidden = apps.get_model("editorial", "HiddenArticle")._meta.db_table
        where.append(f"NOT EXISTS (SELECT 1 FROM {hidden} h WHERE h.article_id = a.id)")  # noqa: S608 - a table name from the model
    return "".join(f" AND {condition}" for condition in where), params


def _utc_midnight(day: date):
    return connection.ops.adapt_datetimefield_value(datetime.combine(day, time(), tzinfo=UTC))


class _SQLite:
    """FTS5: bm25 with column weights; highlight() and snippet() mark the matches."""

    # Column order: title, summary, body_text, byline, publisher_name.
    # bm25 is lower for better matches; negated, a higher score is better on both backends.
    RANK = "-bm25(articles_search, 10.0, 4.0, 1.0, 2.0, 2.0)"
    ORDER = {Sort.RELEVANCE: "score DESC, a.published_at DESC", Sort.DATE: "a.published_at DESC"}

    @staticmethod
    def match(terms: list[str]) -> str:
        # Each term a quoted FTS5 string: no operator, column filter or prefix can get in.
        return " ".join(f'"{term}"' for term in terms)

    # The SQL below is built from constants only: user text always arrives as a parameter.
    def count(self, terms, where, params) -> int:
        sql = f"""
            SELECT count(*) FROM articles_search
            JOIN articles_article a ON a.id = articles_search.rowid
            WHERE articles_search MATCH %s {where}
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *params])
            return cursor.fetchone()[0]

    def page(self, terms, where, params, sort, limit, offset) -> list[tuple]:
        sql = f"""
            SELECT a.id, {self.RANK} AS score,
                highlight(articles_search, 0, char(2), char(3)),
                snippet(articles_search, 1, char(2), char(3), '…', 32),
                snippet(articles_search, 2, char(2), char(3), '…', 32)
            FROM articles_search JOIN articles_article a ON a.id = articles_search.rowid
            WHERE articles_search MATCH %s {where}
            ORDER BY {self.ORDER[sort]}, a.id DESC LIMIT %s OFFSET %s
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *params, limit, offset])
            return cursor.fetchall()


class _PostgreSQL:
    """tsvector weighted A to D: ts_rank_cd (cover density) ranks, ts_headline marks matches."""

    QUERY = "websearch_to_tsquery('english', %s)"
    RANK = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_document, q, 1)"
    ORDER = {Sort.RELEVANCE: "score DESC, a.published_at DESC", Sort.DATE: "a.published_at DESC"}
    HEADLINE = f'StartSel="{START}", StopSel="{STOP}", FragmentDelimiter=" … "'

    @staticmethod
    def match(terms: list[str]) -> str:
        # Quoted, so websearch_to_tsquery reads no "or" or "-" as an operator.
        return " ".join(f'"{term}"' for term in terms)

    # The SQL below is built from constants only: user text always arrives as a parameter.
    def count(self, terms, where, params) -> int:
        sql = f"""
            SELECT count(*) FROM articles_article a
            WHERE a.search_document @@ {self.QUERY} {where}
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(terms), *params])
            return cursor.fetchone()[0]

    def page(self, terms, where, params, sort, limit, offset) -> list[tuple]:
        # Headlines parse whole texts: worked out for the page's rows only, after the LIMIT.
        sql = f"""
            SELECT a.id, hit.score,
                ts_headline('english', a.title, q, %s),
                ts_headline('english', a.summary, q, %s),
                ts_headline('english', a.body_text, q, %s)
            FROM (
                SELECT a.id, {self.RANK} AS score, a.published_at
                FROM articles_article a, {self.QUERY} q
                WHERE a.search_document @@ q {where}
                ORDER BY {self.ORDER[sort]}, a.id DESC LIMIT %s OFFSET %s
            ) hit
            JOIN articles_article a ON a.id = hit.id, {self.QUERY} q
            ORDER BY {self.ORDER[sort].replace("a.published_at", "hit.published_at")}, hit.id DESC
        """  # noqa: S608
        match = self.match(terms)
        headline_all = self.HEADLINE + ", HighlightAll=true"
        snippet = self.HEADLINE + ", MaxWords=40, MinWords=20, MaxFragments=2"
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [headline_all, snippet, snippet, match, *params, limit, offset, match],
            )
            return cursor.fetchall()


_BACKENDS = {"sqlite": _SQLite(), "postgresql": _PostgreSQL()}
