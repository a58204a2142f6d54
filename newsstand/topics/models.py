"""Topics in the database: one row per named thing or keyphrase, and which articles have it."""

from django.db import models
from django.urls import reverse

from newsstand.articles.models import Article


class Topic(models.Model):
    """A person, organisation, place or keyphrase that articles are about.

    `key` (the lower-cased name) keeps one row per kind and name; `slug` names the topic
    in its URL and in readers' follows, unique across kinds ("georgia" and "georgia-person").
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"
        KEYPHRASE = "keyphrase", "Keyphrase"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False)
    slug = models.SlugField(max_length=220, unique=True)
    article_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="topic_unique_kind_key"),
        ]
        indexes = [models.Index(fields=["-article_count"], name="topic_popular_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topics:topic", args=[self.slug])


class ArticleTopic(models.Model):
    """That an article is about a topic, and how much (its weight among the article's topics)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_topics")
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="article_topic_unique"),
        ]
        # The topic page lists a topic's articles; the unique index serves the article page.
        indexes = [models.Index(fields=["topic", "article"], name="article_topic_by_topic_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.topic_id}"
