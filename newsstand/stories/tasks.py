"""Background tasks of stories, on Django's Tasks API (database backend)."""

from django.db import transaction
from django_tasks import task

from newsstand.stories.services import do_assign_stories

STORY_BATCH = 200  # new articles per story-assignment task: one lock hold stays short


@task()
def assign_stories_task(article_ids: list[int]) -> int:
    """Put the given articles into stories; those gone or assigned already are skipped."""
    return do_assign_stories(article_ids)


def enqueue_story_assignment(article_ids: list[int]) -> None:
    """Queue new articles for their stories once they are committed, in batches."""
    for start in range(0, len(article_ids), STORY_BATCH):
        batch = article_ids[start : start + STORY_BATCH]
        transaction.on_commit(lambda batch=batch: assign_stories_task.enqueue(batch))
