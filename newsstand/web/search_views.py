"""The search page: /search?q=… with filters, sort by relevance or date, and pages of hits.

Everything in the URL is read leniently, so no address gives an error: an unknown sort is
relevance, a page that is not a number is the first, a date that is not a date is left out
(and the page says so); the query itself goes to `articles.search`, which never raises on what
a reader typed and builds the highlighted snippets from escaped text.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.conf.locale import LANG_INFO
from django.core.cache import cache
from django.db.models import Exists, Min, OuterRef
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsstand.articles.models import Article
from newsstand.articles.search import (
    SearchFilters,
    SearchPage,
    Sort,
    clean_query_text,
    query_terms,
    search_articles,
)
from newsstand.articles.selectors import get_publishers_with_articles
from newsstand.publishers.models import Section

# The filters' choices change when a publisher or language first appears: a few minutes late
# is fine, and the language list scans every article.
OPTIONS_CACHE_KEY = "web:search:options"
OPTIONS_SECONDS = 300
# Slugs and language codes are short; a longer value finds nothing anyway.
MAX_FILTER_CHARS = 100
# The last day whose end (midnight after) a datetime can still hold.
LAST_DAY = date(9999, 12, 30)


@dataclass(frozen=True)
class SearchRequest:
    """What a reader asked for, read from the URL."""

    query: str = ""  # as typed, control characters and all: the search module cleans it
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    problems: tuple[str, ...] = ()  # what was left out, in words for the reader


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Choice:
    """One of the form's drop-down filters, with the value asked for."""

    name: str
    label: str
    anything: str  # the label of "no filter"
    options: list[Option]
    value: str


def read_search_request(params: QueryDict) -> SearchRequest:
    """The query, filters, sort and page in `params`; what cannot be read is left out."""
    problems = []
    days = {}
    for name, label in (("from", "From"), ("to", "To")):
        text = _filter_value(params, name)
        days[name] = _day(text)
        if text and days[name] is None:
            problems.append(
                f"The “{label}” date was left out: “{text[:40]}” is not a date like 2024-11-01."
            )
    since, until = days["from"], days["to"]
    if since and until and since > until:
        since, until = until, since
    filters = SearchFilters(
        publisher=_filter_value(params, "publisher"),
        section=_filter_value(params, "section"),
        language=_filter_value(params, "language"),
        since=since,
        until=until,
    )
    sort = Sort.DATE if params.get("sort") == Sort.DATE else Sort.RELEVANCE
    return SearchRequest(params.get("q", ""), filters, sort, _page(params), tuple(problems))


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    asked = read_search_request(request.GET)
    typed = bool(clean_query_text(asked.query))
    found = search_articles(asked.query, asked.filters, asked.sort, asked.page)
    link_query = query_for_links(asked.query)
    params = _link_params(link_query, asked)
    context = {
        "asked": asked,
        "found": found,
        "typed": typed,
        "has_words": bool(query_terms(asked.query)),
        "link_query": link_query,
        "filters_active": asked.filters != SearchFilters(),
        "first_number": (found.number - 1) * found.per_page + 1,
        "page_links": _page_links(found, params),
        "sort_links": {
            Sort.RELEVANCE.value: _url({k: v for k, v in params.items() if k != "sort"}),
            Sort.DATE.value: _url({**params, "sort": Sort.DATE.value}),
        },
        "without_filters_url": _url({"q": link_query}),
        "choices": _choices(asked.filters),
    }
    response = render(request, "web/search.html", context)
    if typed:
        # Result pages change with every article stored: not for search engines' indexes.
        response["X-Robots-Tag"] = "noindex"
    return response


def query_for_links(text: str) -> str:
    """The query as the form and the page links carry it: as typed (control characters
    removed, at most 200 characters) when that finds the same articles, else its words and
    "phrases" alone, which do."""
    cleaned = clean_query_text(text)
    terms = query_terms(text)
    if query_terms(cleaned) == terms:
        return cleaned
    return " ".join(f'"{term}"' if " " in term else term for term in terms)


def search_options() -> dict[str, list[Option]]:
    """The choices of the publisher, section and language filters (cached a few minutes)."""
    options = cache.get(OPTIONS_CACHE_KEY)
    if options is None:
        options = {
            "publisher_options": [Option(p.slug, p.name) for p in get_publishers_with_articles()],
            "section_options": _section_options(),
            "language_options": _language_options(),
        }
        cache.set(OPTIONS_CACHE_KEY, options, OPTIONS_SECONDS)
    return options


def _choices(filters: SearchFilters) -> list[Choice]:
    """The drop-downs; a value from the URL that is not among the options (a publisher with
    no articles yet, a typo) is kept as an option, so the form shows the filter in force."""
    options = search_options()
    choices = []
    for name, label, anything in (
        ("publisher", "Publisher", "Any publisher"),
        ("section", "Section", "Any section"),
        ("language", "Language", "Any language"),
    ):
        value = getattr(filters, name)
        known = options[f"{name}_options"]
        if value and value not in {option.value for option in known}:
            known = [*known, Option(value, value)]
        choices.append(Choice(name, label, anything, known, value))
    return choices


def _section_options() -> list[Option]:
    """Sections by slug across publishers (the filter matches every publisher's section of
    that slug), only those holding articles, by name."""
    has_articles = Exists(Article.objects.filter(section=OuterRef("pk")))
    rows = (
        Section.objects.filter(has_articles)
        .values("slug")
        .annotate(name=Min("name"))
        .order_by("name", "slug")
    )
    return [Option(row["slug"], row["name"]) for row in rows]


def _language_options() -> list[Option]:
    """The languages articles are written in, by base code ("en" for "en-GB" too)."""
    codes = Article.objects.exclude(language="").values_list("language", flat=True).distinct()
    bases = sorted({code.split("-")[0].lower() for code in codes} - {""})
    options = [Option(code, LANG_INFO.get(code, {}).get("name", code)) for code in bases]
    return sorted(options, key=lambda option: option.label)


def _filter_value(params: QueryDict, name: str) -> str:
    return clean_query_text(params.get(name, ""))[:MAX_FILTER_CHARS]


def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day <= LAST_DAY else None


def _page(params: QueryDict) -> int:
    text = params.get("page", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else 1


def _link_params(link_query: str, asked: SearchRequest) -> dict[str, str]:
    """The URL parameters that ask for this search again: only those that are set."""
    filters = asked.filters
    params = {
        "q": link_query,
        "publisher": filters.publisher,
        "section": filters.section,
        "language": filters.language,
        "from": filters.since.isoformat() if filters.since else "",
        "to": filters.until.isoformat() if filters.until else "",
        "sort": asked.sort.value if asked.sort != Sort.RELEVANCE else "",
    }
    return {name: value for name, value in params.items() if value}


def _page_links(found: SearchPage, params: dict[str, str]) -> dict[str, str]:
    """Newer and older pages; from a page past the last hit, a link back to the first."""
    if not found.hits:
        return {"first": _url(params)} if found.total else {}
    links = {}
    if found.has_previous:
        links["previous"] = _url({**params, "page": str(found.number - 1)})
    if found.has_next:
        links["next"] = _url({**params, "page": str(found.number + 1)})
    return links


def _url(params: dict[str, str]) -> str:
    return "?" + urlencode({name: value for name, value in params.items() if value})
