"""The search page, /search?q=…: results with marked words, filters, sort, pages, and an answer
(never an error) for whatever arrives in the URL; the search box in every page's header."""

import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.utils.html import escape

from tests.articles.test_search_queries import HOSTILE_QUERIES
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def on(day: int) -> datetime:
    return datetime(2024, 11, day, 12, 0, tzinfo=UTC)


def search(client, **params):
    response = client.get("/search", params)
    assert response.status_code == 200
    return response


def hit_titles(response) -> list[str]:
    return [hit.article.title for hit in response.context["found"].hits]


def html_of(response) -> str:
    return response.content.decode()


def test_results_show_count_publisher_marked_title_and_snippet(client):
    publisher = make_publisher(name="The Independent")
    article = make_article(
        publisher,
        section=make_section(publisher, name="National"),
        title="US sanctions North Korean couple",
        body_text="The couple is accused of helping to procure equipment for missiles.",
        byline="Fatima Hussein",
    )
    make_article(title="Unrelated", body_text="Nothing here.")

    html = html_of(search(client, q="sanctions missiles"))

    assert "<strong>1</strong> result for “sanctions missiles”" in html
    assert f'<a href="{article.get_absolute_url()}">US <mark>sanctions</mark> North' in html
    assert "procure equipment for <mark>missiles</mark>" in html
    assert 'href="/publishers/the-independent/">The Independent</a>' in html
    assert "National" in html
    assert "Fatima Hussein" in html
    assert "Unrelated" not in html


def test_marked_words_never_let_article_text_through_as_html(client):
    make_article(
        title='Budget <img src=x onerror="alert(1)"> vote',
        summary="",
        body_text="The budget </mark><script>alert(2)</script> passed & was signed.",
    )

    html = html_of(search(client, q="budget"))
    results = html[html.index('class="story-list search-results"') :]

    assert "<script>alert(2)" not in results
    assert "<img src=x" not in results
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in results
    assert "<mark>Budget</mark>" in results
    # The page's only marks are the two matches, each closed; the text's own tag is not one.
    assert results.count("<mark>") == results.count("</mark>") == 2
    assert "</mark><script>" not in results


def test_filters_narrow_by_publisher_section_language_and_dates(client):
    guardian = make_publisher(name="Guardian")
    national = make_section(guardian, name="National")
    make_article(guardian, section=national, title="Storm A", language="en-GB", published_at=on(2))
    make_article(guardian, title="Storm B", language="fr", published_at=on(4))
    make_article(title="Storm C", language="en", published_at=on(6))

    def found(**filters) -> set[str]:
        return set(hit_titles(search(client, q="storm", **filters)))

    assert found() == {"Storm A", "Storm B", "Storm C"}
    assert found(publisher="guardian") == {"Storm A", "Storm B"}
    assert found(section="national") == {"Storm A"}
    assert found(language="en") == {"Storm A", "Storm C"}
    assert found(**{"from": "2024-11-04"}) == {"Storm B", "Storm C"}
    assert found(to="2024-11-04") == {"Storm A", "Storm B"}
    assert found(**{"from": "2024-11-05", "to": "2024-11-03"}) == {"Storm B"}  # swapped


def test_the_form_shows_the_filters_in_force_and_offers_to_clear_them(client):
    guardian = make_publisher(name="Guardian")
    make_article(guardian, title="Storm A", language="fr")

    html = html_of(search(client, q="storm", publisher="guardian", language="fr", sort="date"))

    assert '<details class="search-filters" open>' in html
    assert '<option value="guardian" selected>Guardian</option>' in html
    assert '<option value="fr" selected>French</option>' in html
    assert '<option value="date" selected>Newest first</option>' in html
    assert '<a href="?q=storm">Clear filters</a>' in html


def test_a_filter_value_that_matches_nothing_stays_selected_and_finds_nothing(client):
    make_article(title="Storm A")

    response = search(client, q="storm", publisher="no-such-paper")

    assert hit_titles(response) == []
    html = html_of(response)
    assert '<option value="no-such-paper" selected>no-such-paper</option>' in html
    assert "No articles match “storm” with these filters." in html
    assert '<a href="?q=storm">Search without filters</a>' in html


def test_sort_by_date_puts_the_newest_first_and_the_other_sort_is_a_link(client):
    make_article(title="Flood warning", body_text="Flood flood flood.", published_at=on(1))
    make_article(title="Update", body_text="A flood mentioned once.", published_at=on(5))

    by_relevance = search(client, q="flood")
    by_date = search(client, q="flood", sort="date")

    assert hit_titles(by_relevance) == ["Flood warning", "Update"]
    assert hit_titles(by_date) == ["Update", "Flood warning"]
    assert '<a href="?q=flood&amp;sort=date">newest first</a>' in html_of(by_relevance)
    assert '<a href="?q=flood">best match</a>' in html_of(by_date)


def test_pages_of_twenty_link_onwards_keeping_the_query_filters_and_sort(client):
    publisher = make_publisher(name="Herald")
    for n in range(25):
        make_article(publisher, title=f"Election result {n:02}", published_at=on(1 + n % 28))

    first = search(client, q="election", publisher="herald", sort="date")
    second = search(client, q="election", publisher="herald", sort="date", page="2")

    assert len(first.context["found"].hits) == 20
    assert len(second.context["found"].hits) == 5
    assert 'rel="next" href="?q=election&amp;publisher=herald&amp;sort=date&amp;page=2"' in (
        html_of(first)
    )
    assert 'rel="prev" href="?q=election&amp;publisher=herald&amp;sort=date&amp;page=1"' in (
        html_of(second)
    )
    assert "Page 2 of 2" in html_of(second)
    assert '<ol class="story-list search-results" role="list" start="21">' in html_of(second)
    assert set(hit_titles(first)).isdisjoint(hit_titles(second))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e3", "٣", "99999999999999999999"])
def test_a_page_number_that_is_not_one_shows_the_first_page(client, page):
    make_article(title="Election result")

    assert hit_titles(search(client, q="election", page=page)) == ["Election result"]


def test_a_page_past_the_last_says_so_and_links_back(client):
    make_article(title="Election result")

    html = html_of(search(client, q="election", page="7"))

    assert "No more results for “election”." in html
    assert '<a href="?q=election">Back to the first page</a>' in html


def test_an_empty_query_gives_a_clear_page_with_no_results_and_no_noindex(client):
    make_article(title="Election result")

    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "\x00\x01"}, {"publisher": "x"}):
        response = search(client, **params)
        html = html_of(response)
        assert '<h1 class="page-heading">Search</h1>' in html
        assert "Search every article" in html
        assert "result" not in html.split("Search every article")[1].split("</section>")[0]
        assert 'name="robots"' not in html
        assert "X-Robots-Tag" not in response


def test_a_query_without_words_says_there_is_nothing_to_search_for(client):
    html = html_of(search(client, q="!!! ***"))

    assert "Nothing to search for in “!!! ***”." in html


def test_no_match_gives_an_empty_state_with_advice(client):
    make_article(title="Election result")

    html = html_of(search(client, q="zebra"))

    assert "No articles match “zebra”." in html
    assert "Check the spelling" in html
    assert 'class="story-list' not in html


def test_result_pages_are_kept_out_of_search_engines(client):
    make_article(title="Election result")

    response = search(client, q="election")

    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html_of(response)


def test_the_search_form_is_a_labelled_get_form_without_a_csrf_token(client):
    make_article(title="Election result", language="en")

    html = html_of(search(client, q="election"))
    [form] = re.findall(r'<form class="search-form".*?</form>', html, re.S)

    assert 'role="search"' in form
    assert 'method="get" action="/search"' in form
    assert "csrfmiddlewaretoken" not in form
    assert 'value="election"' in form
    field_ids = re.findall(r'<(?:input|select) [^>]*id="([^"]+)"', form)
    assert set(field_ids) == {
        "search-q",
        "search-publisher",
        "search-section",
        "search-language",
        "search-from",
        "search-to",
        "search-sort",
    }
    for field_id in field_ids:
        assert f'<label for="{field_id}"' in form or f'for="{field_id}">' in form
    # The header's own box gives way to the page's form: one search landmark on the page.
    assert html.count('role="search"') == 1


def test_a_date_that_is_not_a_date_is_left_out_and_the_page_says_so(client):
    make_article(title="Storm A", published_at=on(2))

    response = search(client, q="storm", **{"from": "yesterday", "to": "9999-12-31"})

    assert hit_titles(response) == ["Storm A"]
    assert "The “From” date was left out: “yesterday” is not a date" in html_of(response)


def test_search_is_read_only(client):
    assert client.post("/search", {"q": "storm"}).status_code == 405


def test_a_results_page_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(30):
        publisher = make_publisher()
        make_article(publisher, section=make_section(publisher), title=f"Election {n}")

    # The filters' choices (3, cached after), the count, the page's ids, their marked title and
    # snippets, their articles.
    with django_assert_max_num_queries(7):
        first = search(client, q="election")
    with django_assert_max_num_queries(4):
        search(client, q="election", page="2")

    assert len(first.context["found"].hits) == 20


HOSTILE_URLS = [
    "q=%00",
    "q=war%00peace",
    "q=%ED%A0%80",  # a lone surrogate, as UTF-8 would spell it: not UTF-8 at all
    "q=%FF%FE%FD",
    "q=%C0%AF",
    "q=war&q=peace",
    "q=" + "a" * 10_240,
    "q=" + quote('"') * 5_000,
    "q=war&publisher=%00&section=%FF&language=%27%3B--",
    "q=war&from=%00&to=0000-00-00",
    "q=war&from=0001-01-01&to=9999-12-31",
    "q=war&from=9999-12-30",
    "q=war&sort=%3Cscript%3E&page=%00",
    "q=war&page=" + "9" * 500,
    "q=war&publisher=" + "p" * 10_000,
    "q[]=war&q[]=peace",
    "%00=%00",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_any_query_gives_results_or_an_empty_page(client, query):
    make_article(title="War and peace", body_text="A long novel about war and peace.")

    response = client.get("/search?q=" + quote(query.encode("utf-8", "surrogatepass")))

    assert response.status_code == 200
    found = response.context["found"]
    assert found.total >= len(found.hits)
    html = html_of(response)
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=range(len(HOSTILE_URLS)))
def test_any_address_gives_a_page_not_an_error(client, url):
    make_article(title="War and peace", body_text="A long novel about war and peace.")

    response = client.get("/search?" + url)

    assert response.status_code == 200
    html = html_of(response)
    assert "\x00" not in html
    assert "<script>" not in html.split("<main")[1]


def test_the_query_is_shown_back_escaped(client):
    html = html_of(search(client, q='<b>war</b> "peace'))

    assert escape('<b>war</b> "peace') in html
    assert "<b>war</b>" not in html


def test_every_page_has_a_search_box_in_its_header_that_works_without_script(client):
    make_article(title="War and peace")

    html = html_of(client.get("/"))
    [form] = re.findall(r'<form class="site-search".*?</form>', html, re.S)

    assert 'role="search"' in form
    assert 'method="get" action="/search"' in form
    assert '<label class="visually-hidden" for="site-search-q">Search articles</label>' in form
    assert 'id="site-search-q" type="search" name="q"' in form
    assert '<button class="site-search-button" type="submit">Search</button>' in form
    # What it sends, a plain GET, is a working search.
    assert hit_titles(search(client, q="peace")) == ["War and peace"]


def test_the_header_search_box_keeps_the_home_page_cacheable(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_article(title="War and peace")

    client.get("/")

    assert client.get("/")["X-Page-Cache"] == "hit"


def test_links_keep_every_filter_whatever_its_value(client):
    publisher = make_publisher(name="Herald")
    make_article(publisher, section=make_section(publisher, name="Relevance"), title="Storm")

    html = html_of(search(client, q="storm", section="relevance"))

    assert '<a href="?q=storm&amp;section=relevance&amp;sort=date">newest first</a>' in html
