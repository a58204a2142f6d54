"""The idempotent upsert: one row per item, however often and through however many feeds."""

from datetime import UTC, datetime

import pytest

from newsstand.articles.models import Article
from newsstand.articles.services import do_upsert_articles
from newsstand.ingest.items import ArticleData
from tests.concurrency import run_at_once
from tests.factories import make_feed, make_publisher, make_section

pytestmark = pytest.mark.django_db


def item(n: int = 1, **fields) -> ArticleData:
    data = {
        "guid": f"https://example.com/{n}",
        "url": f"https://example.com/{n}",
        "canonical_url": f"https://example.com/{n}",
        "title": f"Story {n}",
        "published_at": datetime(2024, 6, 1, 12, n, tzinfo=UTC),
        "body_text": f"Body {n}",
        "body_html": f"<p>Body {n}</p>",
        "content_hash": f"hash-{n}",
        **fields,
    }
    return ArticleData(**data)


def test_new_items_are_created_with_feed_and_section():
    section = make_section(name="National")
    feed = make_feed(section.publisher, section=section)
    counts = do_upsert_articles(feed, [item(1), item(2)])
    assert (counts.created, counts.updated, counts.unchanged) == (2, 0, 0)
    article = Article.objects.get(guid="https://example.com/1")
    assert article.feed == feed
    assert article.section == section
    assert article.publisher == feed.publisher


def test_fetching_the_same_feed_again_makes_no_second_row():
    feed = make_feed()
    do_upsert_articles(feed, [item(1), item(2)])
    counts = do_upsert_articles(feed, [item(1), item(2)])
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 2)
    assert Article.objects.count() == 2


def test_same_item_through_two_feeds_of_one_publisher_makes_one_row():
    publisher = make_publisher()
    first, second = make_feed(publisher), make_feed(publisher)
    do_upsert_articles(first, [item(1)])
    counts = do_upsert_articles(second, [item(1)])
    assert counts.created == 0
    assert Article.objects.count() == 1
    assert Article.objects.get().feed == first


def test_same_link_under_another_guid_is_the_same_article():
    publisher = make_publisher()
    first, second = make_feed(publisher), make_feed(publisher)
    do_upsert_articles(first, [item(1, guid="tag:cms,2024:1")])
    do_upsert_articles(second, [item(1, guid="tag:cms,2024:1?feed=world")])
    assert Article.objects.count() == 1


def test_same_guid_at_two_publishers_is_two_articles():
    do_upsert_articles(make_feed(), [item(1)])
    do_upsert_articles(make_feed(), [item(1)])
    assert Article.objects.count() == 2


def test_duplicate_items_within_one_feed_make_one_row():
    counts = do_upsert_articles(make_feed(), [item(1), item(1, title="Again")])
    assert counts.created == 1
    assert Article.objects.get().title == "Story 1"


def test_edited_item_updates_its_article_and_keeps_created_at():
    feed = make_feed()
    do_upsert_articles(feed, [item(1)])
    before = Article.objects.get()
    counts = do_upsert_articles(
        feed, [item(1, title="Story 1, corrected", body_html="<p>New</p>", content_hash="h2")]
    )
    assert (counts.created, counts.updated) == (0, 1)
    after = Article.objects.get()
    assert after.pk == before.pk
    assert after.title == "Story 1, corrected"
    assert (before.revision, after.revision) == (1, 2)
    assert after.created_at == before.created_at
    assert after.updated_at >= before.updated_at


def test_every_field_is_stored_as_given():
    feed = make_feed()
    given = item(
        1,
        byline="Ana Ruiz, Li Wei",
        authors=["Ana Ruiz", "Li Wei"],
        summary="A summary.",
        language="es",
        image_url="https://example.com/1.jpg",
        wire_credit="EFE",
        word_count=2,
        date_estimated=True,
        published_at=datetime(2024, 6, 1, 12, 30, 15, 250, tzinfo=UTC),
    )
    do_upsert_articles(feed, [given])
    stored = Article.objects.get()
    for name, value in vars(given).items():
        assert getattr(stored, name) == value, name
    assert (stored.revision, stored.story, stored.duplicate_of) == (1, None, None)
    assert stored.created_at == stored.updated_at


def test_created_ids_are_the_ids_of_the_new_rows_only():
    feed = make_feed()
    do_upsert_articles(feed, [item(1)])
    counts = do_upsert_articles(feed, [item(n, content_hash="edited") for n in (3, 1, 2)])
    assert (counts.created, counts.updated) == (2, 1)
    new = Article.objects.filter(guid__in=["https://example.com/2", "https://example.com/3"])
    assert sorted(counts.created_ids) == sorted(new.values_list("pk", flat=True))


def test_upsert_uses_a_fixed_number_of_queries(django_assert_max_num_queries):
    feed = make_feed()
    do_upsert_articles(feed, [item(n) for n in range(3)])
    # 5 on SQLite, where Django sends at most 999 parameters a statement: 40 rows of an
    # article's columns take two INSERTs there (one on PostgreSQL).
    with django_assert_max_num_queries(5):
        do_upsert_articles(feed, [item(n, content_hash="new") for n in range(40)])
    assert Article.objects.count() == 40


@pytest.mark.django_db(transaction=True)
def test_two_workers_storing_the_same_items_at_once_leave_one_row_each():
    feed = make_feed()
    items = [item(n) for n in range(20)]
    run_at_once(lambda: do_upsert_articles(feed, [ArticleData(**vars(i)) for i in items]), 4)
    assert Article.objects.count() == 20
