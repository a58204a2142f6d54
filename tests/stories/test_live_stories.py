"""Stories in the live app: assignment of stored articles, the shared copy index, the lock."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsstand.articles.models import Article
from newsstand.stories import services
from newsstand.stories.bandstore import DatabaseBandStore
from newsstand.stories.cluster import StoryClusterer
from newsstand.stories.dedupe import (
    ArticleText,
    BoilerplateFilter,
    CopyIndex,
    IndexedArticle,
    MemoryBandStore,
    detect_copies,
    detect_copy,
)
from newsstand.stories.models import (
    ClustererState,
    ClustererStory,
    CopyBand,
    CopySignature,
    Story,
)
from newsstand.stories.services import do_assign_stories
from tests.concurrency import run_at_once
from tests.factories import make_article, make_publisher, make_syndicated, news_text

pytestmark = pytest.mark.django_db

NOON = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)  # make_syndicated's hour 0


def test_a_copy_points_at_its_original_and_both_join_one_story_with_its_origin():
    wire, outlet = make_publisher(name="Wire Desk"), make_publisher(name="Harbour Times")
    text = news_text(1)
    original = make_syndicated(text, wire, 0, title="Ship sinks in harbour")
    copy = make_syndicated(text, outlet, 2, title="Harbour Times: ship lost", wire_credit="AP")
    other = make_syndicated(news_text(2), outlet, 1, title="Council votes on the budget")

    assert do_assign_stories([original.pk, copy.pk, other.pk]) == 3

    original.refresh_from_db(), copy.refresh_from_db(), other.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert original.duplicate_of_id is None
    assert other.duplicate_of_id is None
    assert copy.story_id == original.story_id != other.story_id
    story = original.story
    assert (story.article_count, story.publisher_count) == (2, 2)
    assert (story.origin_name, story.origin_kind) == ("AP", "wire")
    assert (story.first_seen, story.last_seen) == (original.published_at, copy.published_at)
    assert story.title in {original.title, copy.title}
    lone = other.story
    assert (lone.origin_name, lone.origin_kind) == (outlet.name, "publisher")


def test_a_copy_arriving_in_a_later_batch_finds_its_original_after_a_restart():
    text = news_text(3)
    original = make_syndicated(text, make_publisher(), 0)
    do_assign_stories([original.pk])
    # A new process: nothing in memory, only the database.
    signature = CopyIndex(DatabaseBandStore()).signature(
        ArticleText("probe", "someone", "", text, NOON)
    )
    found = CopyIndex(DatabaseBandStore()).query(signature)
    assert [indexed.id for indexed, _ in found] == [str(original.pk)]

    copy = make_syndicated(text, make_publisher(), 3)
    do_assign_stories([copy.pk])
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert copy.story_id == Article.objects.get(pk=original.pk).story_id
    assert Story.objects.get().article_count == 2


def test_a_report_stored_after_its_copies_becomes_their_original():
    text = news_text(8)
    report = make_syndicated(text, make_publisher(name="Wikinews"), 0)
    copies = [make_syndicated(text, make_publisher(), hours) for hours in (3, 5)]
    do_assign_stories([copies[0].pk])  # the outlets' feeds were read first
    do_assign_stories([copies[1].pk])
    do_assign_stories([report.pk])

    report.refresh_from_db()
    assert report.duplicate_of_id is None
    assert set(report.copies.values_list("pk", flat=True)) == {c.pk for c in copies}
    assert report.story.article_count == 3
    assert (report.story.origin_name, report.story.origin_kind) == ("Wikinews", "publisher")


def test_assigning_again_changes_nothing_and_deleted_ids_are_skipped():
    article = make_syndicated(news_text(4), make_publisher(), 0)
    gone = make_syndicated(news_text(5), make_publisher(), 0)
    gone_id = gone.pk
    gone.delete()
    assert do_assign_stories([article.pk, gone_id]) == 1
    state = bytes(ClustererState.objects.get().clusterer)
    assert do_assign_stories([article.pk]) == 0
    assert bytes(ClustererState.objects.get().clusterer) == state
    assert CopySignature.objects.count() == 1
    assert CopyBand.objects.count() == 32


def test_a_batch_costs_the_same_few_queries_whatever_its_size():
    publisher = make_publisher()
    do_assign_stories([make_syndicated(news_text(99), publisher).pk])  # the state row is there
    counts = []
    for first, size in ((100, 5), (200, 40)):
        articles = [make_syndicated(news_text(first + n), publisher, n + 1) for n in range(size)]
        with CaptureQueriesContext(connection) as queries:
            assert do_assign_stories([a.pk for a in articles]) == size
        counts.append(len(queries))
    # The copy index's buckets and candidates are read once for the whole batch.
    assert counts[0] == counts[1] <= 20


def test_a_batch_finds_the_copies_one_article_at_a_time_finds():
    # Copies of texts indexed in earlier batches and of texts earlier in the same batch; small
    # buckets, so the stored and the batch's entries of a bucket share its cap.
    texts = [news_text(300 + n % 4) for n in range(12)]
    drafts = [
        ArticleText(str(make_article().pk), f"outlet {n % 3}", "", text, NOON)
        for n, text in enumerate(texts)
    ]
    one_by_one = CopyIndex(MemoryBandStore(bucket_cap=2))
    expected = [detect_copy(draft, one_by_one) for draft in drafts]
    found, boilerplate = [], BoilerplateFilter()
    for batch in (drafts[:3], drafts[3:8], drafts[8:]):
        store = DatabaseBandStore(bucket_cap=2)
        found += detect_copies(batch, CopyIndex(store, boilerplate))
        store.flush()
    assert found == expected
    assert sum(match is not None for match in found) == 8


def test_a_full_bucket_takes_no_more_articles():
    store = DatabaseBandStore(bucket_cap=2)
    for _ in range(3):
        article = make_article()
        store.save(IndexedArticle(str(article.pk), "p", NOON, b"\0" * 1024))
        store.add([7], str(article.pk))
    store.flush()
    assert CopyBand.objects.filter(band_key=7).count() == 2
    assert len(DatabaseBandStore(bucket_cap=2).get([7])) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_assigning_copies_at_once_leave_one_consistent_story():
    # The state row exists already, so only the lock can keep the two batches apart.
    do_assign_stories([make_syndicated(news_text(7), make_publisher()).pk])
    text = news_text(6)
    copies = [make_syndicated(text, make_publisher(), n) for n in range(6)]
    others = [make_syndicated(news_text(200 + n), make_publisher(), n) for n in range(6)]
    batches = iter(
        [[a.pk for a in copies[::2] + others[::2]], [a.pk for a in copies[1::2] + others[1::2]]]
    )

    assigned = run_at_once(lambda: do_assign_stories(next(batches)), threads=2)

    assert sorted(assigned) == [6, 6]
    assert not Article.objects.filter(story__isnull=True).exists()
    assert len({a.story_id for a in Article.objects.filter(pk__in=[c.pk for c in copies])}) == 1
    assert (
        Article.objects.filter(pk__in=[c.pk for c in copies], duplicate_of__isnull=True).count()
        == 1
    )
    for story in Story.objects.all():
        members = Article.objects.filter(story=story)
        assert story.article_count == members.count()
        assert story.publisher_count == members.values("publisher").distinct().count()
    # Both batches are in the one saved state: a third batch sees every story.
    late_copy = make_syndicated(text, make_publisher(), 10)
    do_assign_stories([late_copy.pk])
    late_copy.refresh_from_db()
    assert late_copy.story_id == Article.objects.get(pk=copies[0].pk).story_id
    assert Story.objects.count() == 8


def test_a_copy_of_an_article_long_out_of_the_window_joins_its_story():
    text = news_text(9)
    original = make_syndicated(text, make_publisher(), 0)
    do_assign_stories([original.pk])
    # Days later other news closes the original's story: the saved state forgets it ...
    later = make_syndicated(news_text(10), make_publisher(), 24 * 10)
    do_assign_stories([later.pk])
    state = json.loads(bytes(ClustererState.objects.get().clusterer))
    assert str(original.pk) not in state["story_of"]
    assert state["closed"] == []

    copy = make_syndicated(text, make_publisher(), 24 * 10 + 1)
    do_assign_stories([copy.pk])

    copy.refresh_from_db(), original.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert copy.story_id == original.story_id  # ... and the stored story takes the copy
    assert original.story.article_count == 2


def _reads_snapshot(queries) -> bool:
    return any('"clusterer"' in q["sql"] and "SELECT" in q["sql"] for q in queries)


def test_a_worker_goes_on_from_its_own_saved_state_until_another_saves(
    django_capture_on_commit_callbacks,
):
    publisher = make_publisher()
    with django_capture_on_commit_callbacks(execute=True):
        do_assign_stories([make_syndicated(news_text(20), publisher, 0).pk])
    with (
        CaptureQueriesContext(connection) as mine,
        django_capture_on_commit_callbacks(execute=True),
    ):
        do_assign_stories([make_syndicated(news_text(21), publisher, 1).pk])
    # Another worker saves: this one's copy in memory is stale now.
    ClustererState.objects.update(version=uuid.uuid4())
    with CaptureQueriesContext(connection) as after_other:
        do_assign_stories([make_syndicated(news_text(22), publisher, 2).pk])

    assert not _reads_snapshot(mine.captured_queries)
    assert _reads_snapshot(after_other.captured_queries)
    assert Story.objects.count() == 3


def test_the_saved_state_keeps_one_row_per_open_story_and_restores_the_worker_exactly(
    django_capture_on_commit_callbacks,
):
    publisher = make_publisher()
    first = [make_syndicated(news_text(n), publisher, 0) for n in (30, 31)]
    with django_capture_on_commit_callbacks(execute=True):
        do_assign_stories([a.pk for a in first])
    assert set(ClustererStory.objects.values_list("key", flat=True)) == {str(a.pk) for a in first}
    # Ten days on, a new story opens and the window closes the first two: their rows go.
    later = make_syndicated(news_text(32), publisher, 24 * 10)
    with django_capture_on_commit_callbacks(execute=True):
        do_assign_stories([later.pk])

    assert list(ClustererStory.objects.values_list("key", flat=True)) == [str(later.pk)]
    header = bytes(ClustererState.objects.get().clusterer)
    rows = [bytes(data) for data in ClustererStory.objects.values_list("data", flat=True)]
    restarted = StoryClusterer.restore_parts(header, rows)
    assert services._last_saved is not None
    assert restarted.snapshot() == services._last_saved.clusterer.snapshot()
