"""The SQL that creates, removes and refills the full-text search index, per database vendor.

SQLite: an external-content FTS5 table over a view joining each article to its publisher's name,
so the text is stored once; triggers on articles and publishers feed it every insert, edit and
delete, in the writer's own transaction. PostgreSQL: a weighted tsvector column (not a Django
field) set by a trigger before each write, with a GIN index. Either way an article is searchable
as soon as its row is committed, whatever wrote it (ORM, bulk upsert, raw SQL).

One exception, for bulk ingestion on SQLite, where tokenising an article costs more than
storing it: inside `deferred_indexing()` (a transaction that marks itself in the one-row table
`articles_search_deferring`, unseen by any other connection and gone at its commit) a new
article's id is noted in `articles_search_pending` instead, and `index_pending` indexes what is
noted, in batches (ingest/indexer.py does it in a thread of its own beside the refresh, and
before the refresh returns). Edits, deletes and renames leave a noted article's (absent) index
entry alone: its current text is read when it is indexed.

On SQLite, Django changes a table by building a new one and renaming it into place; that drops
the old table's triggers, and SQLite refuses the rename while a view or trigger elsewhere names
the table. So `migrate` unlinks the view and triggers before it runs (`unlink_before_migrate`)
and links them again after (`link_after_migrate`), refilling the index when a migration of
articles or publishers ran, since those may have changed indexed text meanwhile.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Migrations of these apps may change indexed text while the SQLite triggers are unlinked.
REFILL_AFTER = {"articles", "publishers"}
# Articles indexed per transaction by index_pending: about 30 ms of tokenising on SQLite.
PENDING_BATCH = 500

SQLITE_INDEX = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5(
        title, summary, body_text, byline, publisher_name,
        content='articles_search_source', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
]

# The view the index reads its text from, and the triggers that feed it. The update trigger
# only reindexes when an indexed column changes.
SQLITE_LINKS = [
    """
    CREATE VIEW articles_search_source AS
    SELECT a.id AS id, a.title AS title, a.summary AS summary, a.body_text AS body_text,
           a.byline AS byline, p.name AS publisher_name
    FROM articles_article a LEFT JOIN publishers_publisher p ON p.id = a.publisher_id
    """,
    # Kept through unlink and relink: what it lists is still to be indexed.
    "CREATE TABLE IF NOT EXISTS articles_search_pending (id INTEGER PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS articles_search_deferring (id INTEGER PRIMARY KEY)",
    """
    CREATE TRIGGER articles_search_article_insert AFTER INSERT ON articles_article
    WHEN NOT EXISTS (SELECT 1 FROM articles_search_deferring)
    BEGIN
        INSERT INTO articles_search (rowid, title, summary, body_text, byline, publisher_name)
        VALUES (new.id, new.title, new.summary, new.body_text, new.byline,
                (SELECT name FROM publishers_publisher WHERE id = new.publisher_id));
    END
    """,
    """
    CREATE TRIGGER articles_search_article_insert_deferred AFTER INSERT ON articles_article
    WHEN EXISTS (SELECT 1 FROM articles_search_deferring)
    BEGIN
        INSERT OR IGNORE INTO articles_search_pending (id) VALUES (new.id);
    END
    """,
    """
    CREATE TRIGGER articles_search_article_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_search
            (articles_search, rowid, title, summary, body_text, byline, publisher_name)
        SELECT 'delete', old.id, old.title, old.summary, old.body_text, old.byline,
               (SELECT name FROM publishers_publisher WHERE id = old.publisher_id)
        WHERE NOT EXISTS (SELECT 1 FROM articles_search_pending WHERE id = old.id);
        DELETE FROM articles_search_pending WHERE id = old.id;
    END
    """,
    """
    CREATE TRIGGER articles_search_article_update
    AFTER UPDATE OF title, summary, body_text, byline, publisher_id ON articles_article
    WHEN (old.title IS NOT new.title OR old.summary IS NOT new.summary
      OR old.body_text IS NOT new.body_text OR old.byline IS NOT new.byline
      OR old.publisher_id IS NOT new.publisher_id)
      AND NOT EXISTS (SELECT 1 FROM articles_search_pending WHERE id = old.id)
    BEGIN
        INSERT INTO articles_search
            (articles_search, rowid, title, summary, body_text, byline, publisher_name)
        VALUES ('delete', old.id, old.title, old.summary, old.body_text, old.byline,
                (SELECT name FROM publishers_publisher WHERE id = old.publisher_id));
        INSERT INTO articles_search (rowid, title, summary, body_text, byline, publisher_name)
        VALUES (new.id, new.title, new.summary, new.body_text, new.byline,
                (SELECT name FROM publishers_publisher WHERE id = new.publisher_id));
    END
    """,
    # A publisher's name is indexed with each of its articles. An external-content index must
    # be told the exact old values when an entry is removed, so each change of the name (a
    # rename; and, when a bulk load or flush orders rows the other way, the publisher arriving
    # after or leaving before its articles, NULL standing for "no publisher row") moves its
    # articles' entries from the old name to the new.
    *(
        f"""
        CREATE TRIGGER articles_search_publisher_{event} AFTER {clause} ON publishers_publisher
        {when}
        BEGIN
            INSERT INTO articles_search
                (articles_search, rowid, title, summary, body_text, byline, publisher_name)
            SELECT 'delete', id, title, summary, body_text, byline, {old_name}
            FROM articles_article WHERE publisher_id = {row}.id
            AND id NOT IN (SELECT id FROM articles_search_pending);
            INSERT INTO articles_search (rowid, title, summary, body_text, byline, publisher_name)
            SELECT id, title, summary, body_text, byline, {new_name}
            FROM articles_article WHERE publisher_id = {row}.id
            AND id NOT IN (SELECT id FROM articles_search_pending);
        END
        """  # noqa: S608 - constant SQL, no user input
        for event, clause, when, row, old_name, new_name in [
            ("insert", "INSERT", "", "new", "NULL", "new.name"),
            (
                "rename",
                "UPDATE OF name",
                "WHEN old.name IS NOT new.name",
                "new",
                "old.name",
                "new.name",
            ),
            ("delete", "DELETE", "", "old", "old.name", "NULL"),
        ]
    ),
]

SQLITE_UNLINK = [
    *(
        f"DROP TRIGGER IF EXISTS articles_search_{name}"
        for name in [
            "article_insert",
            "article_insert_deferred",
            "article_delete",
            "article_update",
            "publisher_insert",
            "publisher_rename",
            "publisher_delete",
        ]
    ),
    "DROP VIEW IF EXISTS articles_search_source",
]

# Weights: title A, standfirst B, byline and publisher C, body D. Every statement may run again.
POSTGRESQL_LINKS = [
    """
    CREATE OR REPLACE FUNCTION articles_search_document(
        title text, summary text, body_text text, byline text, publisher_name text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
            || setweight(to_tsvector('english'::regconfig,
                   coalesce(byline, '') || ' ' || coalesce(publisher_name, '')), 'C')
            || setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'D')
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION articles_search_article_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := articles_search_document(
            NEW.title, NEW.summary, NEW.body_text, NEW.byline,
            (SELECT name FROM publishers_publisher WHERE id = NEW.publisher_id));
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE OR REPLACE TRIGGER articles_search_article_insert BEFORE INSERT ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_article_write()
    """,
    """
    CREATE OR REPLACE TRIGGER articles_search_article_update
    BEFORE UPDATE OF title, summary, body_text, byline, publisher_id ON articles_article
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary
        OR OLD.body_text IS DISTINCT FROM NEW.body_text OR OLD.byline IS DISTINCT FROM NEW.byline
        OR OLD.publisher_id IS DISTINCT FROM NEW.publisher_id
    ) EXECUTE FUNCTION articles_search_article_write()
    """,
    """
    CREATE OR REPLACE FUNCTION articles_search_publisher_rename() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_article SET search_document = articles_search_document(
            title, summary, body_text, byline, NEW.name)
        WHERE publisher_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE TRIGGER articles_search_publisher_rename
    AFTER UPDATE OF name ON publishers_publisher
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_search_publisher_rename()
    """,
]

POSTGRESQL_UNINSTALL = [
    "DROP TRIGGER IF EXISTS articles_search_publisher_rename ON publishers_publisher",
    "DROP FUNCTION IF EXISTS articles_search_publisher_rename()",
    "DROP TRIGGER IF EXISTS articles_search_article_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_article_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_search_article_write()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
    "DROP FUNCTION IF EXISTS articles_search_document(text, text, text, text, text)",
]

STATEMENTS = {
    "sqlite": {
        "install": [*SQLITE_UNLINK, *SQLITE_INDEX, *SQLITE_LINKS],
        "relink": [*SQLITE_UNLINK, *SQLITE_INDEX, *SQLITE_LINKS],
        "uninstall": [
            *SQLITE_UNLINK,
            "DROP TABLE IF EXISTS articles_search",
            "DROP TABLE IF EXISTS articles_search_pending",
            "DROP TABLE IF EXISTS articles_search_deferring",
        ],
        "refill": [
            "INSERT INTO articles_search (articles_search) VALUES ('rebuild')",
            "DELETE FROM articles_search_pending",
        ],
    },
    "postgresql": {
        "install": [
            "ALTER TABLE articles_article ADD COLUMN search_document tsvector",
            *POSTGRESQL_LINKS,
            """
            CREATE INDEX articles_article_search_document_idx ON articles_article
            USING gin (search_document)
            """,
        ],
        "relink": POSTGRESQL_LINKS,
        "uninstall": POSTGRESQL_UNINSTALL,
        "refill": [
            """
            UPDATE articles_article a SET search_document = articles_search_document(
                a.title, a.summary, a.body_text, a.byline, p.name)
            FROM publishers_publisher p WHERE p.id = a.publisher_id
            """
        ],
    },
}


def _statements(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    if connection.vendor not in STATEMENTS:
        raise RuntimeError(
            f"full-text search supports SQLite and PostgreSQL, not {connection.vendor}"
        )
    return STATEMENTS[connection.vendor]


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index and the triggers that keep it current (empty until `refill`)."""
    with connection.cursor() as cursor:
        for statement in _statements(connection)["install"]:
            cursor.execute(statement)


def relink(connection: BaseDatabaseWrapper) -> None:
    """Create again the triggers (and on SQLite the view) that keep the index current."""
    with connection.cursor() as cursor:
        for statement in _statements(connection)["relink"]:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the index and its triggers; safe when they are already gone."""
    with connection.cursor() as cursor:
        for statement in _statements(connection)["uninstall"]:
            cursor.execute(statement)


def refill(connection: BaseDatabaseWrapper) -> None:
    """Index every stored article again from its current text."""
    with connection.cursor() as cursor:
        for statement in _statements(connection)["refill"]:
            cursor.execute(statement)


def can_defer(connection: BaseDatabaseWrapper) -> bool:
    """Whether deferred_indexing defers here: on SQLite, with the index installed."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_search_pending'"
        )
        return cursor.fetchone() is not None


@contextmanager
def deferred_indexing(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within the caller's transaction, note the articles inserted in the block for
    index_pending instead of indexing each as it is inserted (where can_defer)."""
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_indexing needs a transaction: its mark must not commit")
    with connection.cursor() as cursor:
        cursor.execute("INSERT OR IGNORE INTO articles_search_deferring (id) VALUES (1)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search_deferring")


def index_pending(connection: BaseDatabaseWrapper, limit: int = PENDING_BATCH) -> int:
    """SQLite: index up to `limit` of the articles waiting for it (the oldest first), in one
    transaction; returns how many. 0 on PostgreSQL (indexed as written) and where no index is."""
    if connection.vendor != "sqlite" or not _has_pending(connection):
        return 0
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(id), count(*) FROM"
            " (SELECT id FROM articles_search_pending ORDER BY id LIMIT %s)",
            [limit],
        )
        last, count = cursor.fetchone()
        if count:
            cursor.execute(
                "INSERT INTO articles_search"
                " (rowid, title, summary, body_text, byline, publisher_name)"
                " SELECT id, title, summary, body_text, byline, publisher_name"
                " FROM articles_search_source"
                " WHERE id IN (SELECT id FROM articles_search_pending WHERE id <= %s)",
                [last],
            )
            cursor.execute("DELETE FROM articles_search_pending WHERE id <= %s", [last])
    return count


def index_all_pending(connection: BaseDatabaseWrapper) -> int:
    """index_pending until nothing waits, a transaction per batch; returns how many."""
    total = 0
    while indexed := index_pending(connection):
        total += indexed
    return total


def _has_pending(connection: BaseDatabaseWrapper) -> bool:
    """Whether any article waits to be indexed (False where the index was uninstalled)."""
    if not can_defer(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM articles_search_pending)")
        return bool(cursor.fetchone()[0])


def unlink_before_migrate(using: str, **kwargs) -> None:
    """pre_migrate: on SQLite, drop the view and triggers so migrations can rebuild tables."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in SQLITE_UNLINK:
                cursor.execute(statement)


def link_after_migrate(using: str, plan=None, **kwargs) -> None:
    """post_migrate: on SQLite, where the index exists, link it again, refilled if a migration
    of articles or publishers ran."""
    connection = connections[using]
    if connection.vendor != "sqlite" or "articles_search" not in _sqlite_tables(connection):
        return
    with connection.cursor() as cursor:
        for statement in [*SQLITE_UNLINK, *SQLITE_LINKS]:
            cursor.execute(statement)
    if any(migration.app_label in REFILL_AFTER for migration, _ in plan or []):
        refill(connection)


def _sqlite_tables(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in cursor.fetchall()}
