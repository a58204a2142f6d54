"""Background tasks of topics, on Django's Tasks API (database backend)."""

from django.db import transaction
from django_tasks import task

from newsstand.articles.id_runs import compacted_batches, expand_ids
from newsstand.topics.services import do_tag_articles

TOPIC_BATCH = 200  # new articles per tagging task


@task()
def tag_articles_task(article_ids: list[int | list[int]]) -> int:
    """Find and store the topics of the given articles (ids as compact_ids writes them; those
    gone are skipped)."""
    return do_tag_articles(expand_ids(article_ids))


def enqueue_topic_tagging(article_ids: list[int]) -> None:
    """Queue new articles for tagging once they are committed, in batches."""
    for batch in compacted_batches(article_ids, TOPIC_BATCH):
        transaction.on_commit(lambda batch=batch: tag_articles_task.enqueue(batch))
