"""Stories in the database: story rows, the shared copy index, and the clusterer's saved state."""

from django.db import models
from django.urls import reverse

from newsstand.articles.models import Article


class Story(models.Model):
    """One event's coverage: articles of many outlets, copies and distinct reporting alike.

    `key` is the clusterer's id for the story (its first article's id), so a story found again
    in a later batch updates this row instead of adding one.
    """

    class OriginKind(models.TextChoices):
        WIRE = "wire", "Wire service"
        PUBLISHER = "publisher", "Publisher"

    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=1000)
    summary = models.TextField(blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    article_count = models.PositiveIntegerField(default=0)
    publisher_count = models.PositiveIntegerField(default=0)
    origin_name = models.CharField(max_length=200, blank=True)
    origin_kind = models.CharField(max_length=16, choices=OriginKind.choices, blank=True)
    boost = models.FloatField(
        default=0.0,
        help_text="An editor's push up (or, below zero, down) the top stories; "
        "about 1 is worth a story read widely in the last hours.",
    )
    pinned_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="An editor keeps it at the top of the top stories until then.",
    )
    hidden_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="An editor took it off the top stories and picks (its page still works).",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_stories",
        help_text="An editor merged it into this story: its articles and page moved there.",
    )
    score = models.FloatField(default=0.0, editable=False, help_text="Top-stories rank.")
    scored_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_seen", "-id"]
        indexes = [
            models.Index(fields=["-last_seen", "-id"], name="story_latest_idx"),
            models.Index(fields=["-first_seen", "-id"], name="story_newest_idx"),
            models.Index(fields=["-score", "-id"], name="story_top_idx"),
            models.Index(fields=["pinned_until"], name="story_pinned_idx"),
            models.Index(fields=["hidden_at"], name="story_hidden_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:story", args=[self.pk])


class CopySignature(models.Model):
    """An article's MinHash signature in the copy index, with what copy detection compares."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="copy_signature"
    )
    signature = models.BinaryField()
    publisher = models.CharField(max_length=200)
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"signature of article {self.article_id}"


class CopyBand(models.Model):
    """One LSH bucket entry: the article whose signature has this band key."""

    band_key = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="copy_bands")

    class Meta:
        # The unique index, band key first, serves the look-ups by band key too: a second index
        # on band_key alone only doubled the cost of each batch's thousands of inserts.
        constraints = [
            models.UniqueConstraint(fields=["band_key", "article"], name="copy_band_unique"),
        ]

    def __str__(self) -> str:
        return f"band {self.band_key} of article {self.article_id}"


class ClustererState(models.Model):
    """The single row holding the story clusterer's and the boilerplate filter's snapshots.

    Assigning a batch locks this row for its whole transaction (stories/services.py).
    """

    SINGLETON = 1

    clusterer = models.BinaryField(default=b"")
    boilerplate = models.BinaryField(default=b"")
    # A new value with every save: a worker whose last saved state is still this one goes on
    # from its copy in memory instead of reading the snapshot back.
    version = models.UUIDField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="clusterer_state_singleton"),
        ]

    def __str__(self) -> str:
        return "story clusterer state"


class ClustererStory(models.Model):
    """One story the clusterer holds open, as it last saved it (StoryClusterer.changes()).

    ClustererState.clusterer holds the rest of the state and the order of these rows; a batch
    rewrites only the rows of the stories it changed, under the state row's lock.
    """

    key = models.CharField(max_length=64, primary_key=True)
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"open story {self.key}"


class StoryReads(models.Model):
    """How many times a story's articles were read in one hour (one row per story and hour)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reads")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "story reads"
        constraints = [
            models.UniqueConstraint(fields=["story", "hour"], name="story_reads_unique"),
        ]
        indexes = [models.Index(fields=["hour"], name="story_reads_hour_idx")]

    def __str__(self) -> str:
        return f"{self.count} reads of story {self.story_id} at {self.hour:%Y-%m-%d %H:00}"


class RelatedArticle(models.Model):
    """An earlier article of another story that is like this one, found on assignment.

    Pairs are stored once, from the later article; a page reads both directions.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_out")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_in")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_article_unique"),
        ]
        indexes = [models.Index(fields=["related", "-score"], name="related_article_in_idx")]

    def __str__(self) -> str:
        return f"article {self.related_id} is like {self.article_id}"
