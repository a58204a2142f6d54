"""Full-text search: ranking, filters, sorting, pages and snippets, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from newsstand.articles import search
from newsstand.articles.search import SearchFilters, Sort, search_articles
from newsstand.editorial.models import HiddenArticle
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def titles(found) -> list[str]:
    return [hit.article.title for hit in found.hits]


def on(day: int) -> datetime:
    return datetime(2024, 11, day, 12, 0, tzinfo=UTC)


def test_finds_articles_by_title_standfirst_body_byline_and_publisher():
    make_article(title="Volcano erupts", body_text="Ash everywhere.")
    make_article(summary="A glacier retreats fast.", body_text="Ice.")
    make_article(body_text="The senate passed the budget.")
    make_article(byline="Fatima Hussein", body_text="Words.")
    make_article(make_publisher(name="The Independent"), body_text="Words.")
    make_article(title="Unrelated", body_text="Nothing to see.")

    assert search_articles("volcano").total == 1
    assert search_articles("glacier").total == 1
    assert search_articles("budget senate").total == 1
    assert search_articles("hussein").total == 1
    assert search_articles("independent").total == 1


def test_every_word_must_match_and_a_quoted_phrase_keeps_its_order():
    make_article(title="North Korea sanctions", body_text="Missiles.")
    make_article(title="Korea north of the border", body_text="Text.")
    make_article(title="Sanctions elsewhere", body_text="Text.")

    assert set(titles(search_articles("korea sanctions"))) == {"North Korea sanctions"}
    assert titles(search_articles('"north korea"')) == ["North Korea sanctions"]


def test_words_match_their_other_forms():
    make_article(title="Senators sanctioned", body_text="Text.")

    assert search_articles("sanction senator").total == 1


def test_a_title_match_ranks_above_a_body_match():
    make_article(title="Routine update", body_text="Also some talk of a heatwave today.")
    make_article(title="Heatwave grips the city", body_text="Temperatures soared.")

    assert titles(search_articles("heatwave")) == ["Heatwave grips the city", "Routine update"]


def test_sort_by_date_puts_newest_first_whatever_the_rank():
    make_article(title="Flood warning", body_text="Flood flood flood.", published_at=on(1))
    make_article(title="Update", body_text="A flood mentioned once.", published_at=on(5))

    assert titles(search_articles("flood", sort=Sort.DATE)) == ["Update", "Flood warning"]
    assert titles(search_articles("flood"))[0] == "Flood warning"


def test_filters_by_publisher_section_language_and_dates():
    guardian = make_publisher(name="Guardian")
    national = make_section(guardian, name="National")
    make_article(guardian, section=national, title="Storm A", language="en-GB", published_at=on(2))
    make_article(guardian, title="Storm B", language="fr", published_at=on(4))
    make_article(title="Storm C", language="en", published_at=on(6))

    def found(**filters) -> set[str]:
        return set(titles(search_articles("storm", SearchFilters(**filters))))

    assert found(publisher="guardian") == {"Storm A", "Storm B"}
    assert found(section="national") == {"Storm A"}
    assert found(language="en") == {"Storm A", "Storm C"}
    assert found(since=date(2024, 11, 4)) == {"Storm B", "Storm C"}
    assert found(until=date(2024, 11, 4)) == {"Storm A", "Storm B"}
    assert found(since=date(2024, 11, 3), until=date(2024, 11, 5)) == {"Storm B"}
    assert found(publisher="nobody") == set()


def test_pages_hold_per_page_hits_and_the_total_counts_all():
    for n in range(5):
        make_article(title=f"Election result {n}", published_at=on(n + 1))

    first = search_articles("election", sort=Sort.DATE, page=1, per_page=2)
    last = search_articles("election", sort=Sort.DATE, page=3, per_page=2)

    assert first.total == 5
    assert first.num_pages == 3
    assert titles(first) == ["Election result 4", "Election result 3"]
    assert titles(last) == ["Election result 0"]
    assert first.has_next
    assert not first.has_previous
    assert last.has_previous
    assert not last.has_next
    assert search_articles("election", page=9, per_page=2).hits == []


def test_snippets_mark_the_matches_and_escape_the_text():
    make_article(
        title="Budget <script>alert(1)</script> vote",
        summary="",
        body_text="Before the <b>budget</b> vote, members met & talked.",
    )

    hit = search_articles("budget").hits[0]

    assert hit.title_html == "<mark>Budget</mark> &lt;script&gt;alert(1)&lt;/script&gt; vote"
    assert "<mark>budget</mark>" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert "<b>" not in hit.snippet_html  # PostgreSQL drops tags from headlines, SQLite escapes


def test_the_snippet_comes_from_the_standfirst_when_only_it_matches():
    make_article(title="A", summary="The referendum is set for May.", body_text="Other words.")

    assert "<mark>referendum</mark>" in search_articles("referendum").hits[0].snippet_html


def test_a_query_without_words_is_an_empty_page_without_a_database_query(
    django_assert_num_queries,
):
    make_article(title="Anything")
    with django_assert_num_queries(0):
        found = search_articles('  "" * ^ ( ) ')
    assert (found.hits, found.total) == ([], 0)


def test_relevance_ranks_the_newest_matches_and_date_sort_reaches_them_all(monkeypatch):
    """A common word matches tens of thousands: relevance scores only the newest pool of them
    (by arrival), which keeps a query's cost bounded; newest first still lists every match."""
    monkeypatch.setattr(search, "RELEVANCE_POOL", 3)
    old = make_article(title="Budget budget budget", body_text="Budget.", published_at=on(1))
    for day in range(2, 6):
        make_article(title="Notes", body_text=f"The budget, day {day}.", published_at=on(day))

    best = search_articles("budget", per_page=2)
    newest = search_articles("budget", sort=Sort.DATE, per_page=2, page=3)

    assert best.total == 5
    assert best.ranked_newest_only
    assert best.num_pages == 2  # the pool of 3, two a page
    assert old.pk not in [hit.article.pk for hit in best.hits]
    assert search_articles("budget", per_page=2, page=3).hits == []
    assert [hit.article.pk for hit in newest.hits] == [old.pk]
    assert not newest.ranked_newest_only


def test_with_filters_the_count_stops_at_the_most_any_page_lists(monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    herald = make_publisher(name="Herald")
    for n in range(5):
        make_article(herald, title=f"Storm {n}")

    capped = search_articles("storm", SearchFilters(publisher="herald"))
    counted = search_articles("storm")

    assert (capped.total, capped.exact) == (3, False)
    assert (counted.total, counted.exact) == (5, True)


def test_a_date_sort_over_many_matches_walks_the_date_index_in_the_same_order(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the date index walk is SQLite's plan; PostgreSQL's planner picks its own")
    for day in (3, 1, 4, 1, 5, 9, 2, 6):
        make_article(title=f"Vote on the {day}th", published_at=on(day))
    hidden = make_article(title="Vote rumour", published_at=on(7))
    HiddenArticle.objects.create(article=hidden, hidden_at=timezone.now())
    sorted_all = titles(search_articles("vote", sort=Sort.DATE))

    monkeypatch.setattr(search._SQLite, "DATE_WALK_FROM", 0)
    walked = search_articles("vote", sort=Sort.DATE)

    assert titles(walked) == sorted_all
    assert walked.total == 8
    assert sorted_all[:2] == ["Vote on the 9th", "Vote on the 6th"]
