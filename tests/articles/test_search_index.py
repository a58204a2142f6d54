"""The search index follows every write to articles and publishers, in the same transaction."""

import contextlib

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from newsstand.articles import search_schema
from newsstand.articles.models import Article
from newsstand.articles.search import do_rebuild_index, search_articles
from newsstand.articles.services import do_upsert_articles
from tests.articles.test_upsert import item
from tests.factories import make_article, make_feed, make_publisher

pytestmark = pytest.mark.django_db


def deferred(connection):
    """search_schema.deferred_indexing where the database defers (SQLite), else nothing."""
    if search_schema.can_defer(connection):
        return search_schema.deferred_indexing(connection)
    return contextlib.nullcontext()


def found(query: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query).hits]


def assert_index_matches_articles():
    """The index holds exactly the stored text: FTS5's own check against its content on SQLite,
    each stored tsvector against a fresh one on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO articles_search (articles_search, rank) VALUES ('integrity-check', 1)"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM articles_article a JOIN publishers_publisher p"
                " ON p.id = a.publisher_id WHERE a.search_document IS DISTINCT FROM"
                " articles_search_document(a.title, a.summary, a.body_text, a.byline, p.name)"
            )
            assert cursor.fetchone()[0] == 0


def test_a_new_article_is_searchable_at_once():
    make_article(title="Comet sighted", body_text="Astronomers cheer.")

    assert found("comet") == ["Comet sighted"]
    assert_index_matches_articles()


def test_an_edit_replaces_the_old_text_in_the_index():
    article = make_article(title="Comet sighted", body_text="Astronomers cheer.")

    article.title = "Meteor shower"
    article.body_text = "Skywatchers gather."
    article.save()

    assert found("comet") == []
    assert found("astronomers") == []
    assert found("meteor skywatchers") == ["Meteor shower"]
    assert_index_matches_articles()


def test_a_deleted_article_leaves_the_index():
    article = make_article(title="Comet sighted")
    make_article(title="Comet returns")

    article.delete()

    assert found("comet") == ["Comet returns"]
    assert_index_matches_articles()


def test_bulk_upserts_index_new_and_edited_items():
    feed = make_feed()
    do_upsert_articles(feed, [item(1, title="Harbour reopens"), item(2, title="Bridge closes")])
    do_upsert_articles(feed, [item(1, title="Harbour stays shut", content_hash="edited")])

    assert found("harbour") == ["Harbour stays shut"]
    assert found("reopens") == []
    assert found("bridge") == ["Bridge closes"]
    assert_index_matches_articles()


def test_renaming_a_publisher_reindexes_its_articles():
    publisher = make_publisher(name="Morning Herald")
    make_article(publisher, title="Tram strike")

    publisher.name = "Evening Courier"
    publisher.save()

    assert found("courier tram") == ["Tram strike"]
    assert found("herald") == []
    assert_index_matches_articles()


def test_deleting_a_publisher_removes_its_articles_from_the_index():
    publisher = make_publisher(name="Morning Herald")
    make_article(publisher, title="Tram strike")

    publisher.delete()

    assert found("tram") == []
    assert_index_matches_articles()


def test_edits_and_deletes_before_deferred_indexing_leave_the_index_whole():
    """Bulk ingestion on SQLite notes new articles to index them in a batch later: an edit, a
    delete or a publisher's rename meanwhile must neither touch their (absent) entries nor be
    lost, and articles written outside the deferring transaction are indexed as usual."""
    publisher = make_publisher(name="Morning Herald")
    with transaction.atomic(), deferred(connection):
        edited = make_article(publisher, title="Comet sighted")
        deleted = make_article(publisher, title="Comet returns")
    make_article(publisher, title="Comet tail")  # indexed at once

    edited.title = "Meteor shower"
    edited.save()
    deleted.delete()
    publisher.name = "Evening Courier"
    publisher.save()
    if search_schema.can_defer(connection):  # SQLite; PostgreSQL indexed them at once
        assert found("meteor") == []
        assert search_schema.index_all_pending(connection) == 1

    assert found("meteor courier") == ["Meteor shower"]
    assert found("comet") == ["Comet tail"]
    assert found("herald") == []
    assert_index_matches_articles()


def test_untouched_text_is_not_reindexed_when_other_fields_change():
    article = make_article(title="Tram strike")
    Article.objects.filter(pk=article.pk).update(word_count=999, title="Tram strike")

    assert found("tram") == ["Tram strike"]
    assert_index_matches_articles()


def test_rebuild_restores_an_emptied_index():
    make_article(title="Tram strike")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO articles_search (articles_search) VALUES ('delete-all')")
        else:
            cursor.execute("UPDATE articles_article SET search_document = NULL")
    assert found("tram") == []

    assert do_rebuild_index() == 1

    assert found("tram") == ["Tram strike"]
    assert_index_matches_articles()


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_existing_articles_and_reverses_cleanly():
    make_article(title="Tram strike")
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0004_article_story")])
    executor.loader.build_graph()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "articles_search" not in tables

    executor.migrate(executor.loader.graph.leaf_nodes())

    assert found("tram") == ["Tram strike"]
    assert_index_matches_articles()


@pytest.mark.django_db(transaction=True)
def test_migrate_keeps_the_index_linked_and_filled():
    make_article(title="Tram strike")

    call_command("migrate", verbosity=0)
    make_article(title="Tram derails")

    assert sorted(found("tram")) == ["Tram derails", "Tram strike"]
    assert_index_matches_articles()
