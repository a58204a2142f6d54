"""Read queries for topic pages and the topics shown on an article page."""

from django.db.models import Count, QuerySet

from newsstand.articles.models import Article
from newsstand.articles.selectors import get_latest_articles
from newsstand.topics.models import ArticleTopic, Topic

ARTICLE_TOPICS = 12  # links under an article
RELATED_TOPICS = 8
# Related topics are counted over this many of the topic's newest articles, so a topic with
# thousands of articles costs the same as one with a few hundred.
RELATED_WINDOW = 200


def get_topic_articles(topic: Topic) -> QuerySet[Article]:
    """The topic's articles, newest first, ready to list."""
    return get_latest_articles().filter(article_topics__topic=topic)


def get_related_topics(topic: Topic, limit: int = RELATED_TOPICS) -> list[Topic]:
    """The topics most often found beside this one in its newest articles."""
    recent = (
        ArticleTopic.objects.filter(topic=topic)
        .order_by("-article__published_at", "-article_id")
        .values_list("article_id", flat=True)[:RELATED_WINDOW]
    )
    counts = (
        ArticleTopic.objects.filter(article_id__in=list(recent))
        .exclude(topic=topic)
        .values("topic")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "topic")[:limit]
    )
    ranked = [row["topic"] for row in counts]
    topics = Topic.objects.in_bulk(ranked)
    return [topics[pk] for pk in ranked]


def get_article_topics(article: Article, limit: int = ARTICLE_TOPICS) -> list[Topic]:
    """The article's topics, names before keyphrases, heaviest first."""
    rows = (
        ArticleTopic.objects.filter(article=article)
        .select_related("topic")
        .order_by("-weight", "topic__name")
    )
    topics = [row.topic for row in rows]
    names = [t for t in topics if t.kind != Topic.Kind.KEYPHRASE]
    return (names + [t for t in topics if t.kind == Topic.Kind.KEYPHRASE])[:limit]
