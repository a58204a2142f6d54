"""Background tasks of stories, on Django's Tasks API (database backend)."""

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from newsstand.articles.id_runs import compacted_batches, expand_ids
from newsstand.stories.reads import do_score_stories
from newsstand.stories.services import do_assign_stories

STORY_BATCH = 200  # new articles per story-assignment task: one lock hold stays short
SCORING_DEBOUNCE = 60  # seconds: reads and new articles queue one scoring per this, at most


@task()
def assign_stories_task(article_ids: list[int | list[int]]) -> int:
    """Put the given articles (ids as compact_ids writes them) into stories; those gone or
    assigned already are skipped."""
    assigned = do_assign_stories(expand_ids(article_ids))
    if assigned:
        queue_story_scoring()
    return assigned


@task()
def score_stories_task() -> int:
    """Recompute the top-stories scores."""
    return do_score_stories()


def enqueue_story_assignment(article_ids: list[int]) -> None:
    """Queue new articles for their stories once they are committed, in batches."""
    for batch in compacted_batches(article_ids, STORY_BATCH):
        transaction.on_commit(lambda batch=batch: assign_stories_task.enqueue(batch))


def queue_story_scoring() -> bool:
    """Queue a scoring unless this process queued one in the last SCORING_DEBOUNCE seconds
    (a busy page would otherwise queue one per read); True if queued."""
    if not cache.add("stories:scoring-queued", True, SCORING_DEBOUNCE):
        return False
    transaction.on_commit(score_stories_task.enqueue)
    return True
