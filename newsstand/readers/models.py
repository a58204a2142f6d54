"""What a signed-in reader keeps: saved articles, what they read, whom they follow or mute,
and how pages should look for them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsstand.articles.models import Article


class SavedArticle(models.Model):
    """An article a reader saved for later; one row per reader and article."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_articles"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "article"], name="saved_article_unique"),
        ]
        indexes = [models.Index(fields=["reader", "-saved_at"], name="saved_article_latest_idx")]

    def __str__(self) -> str:
        return f"{self.reader} saved {self.article_id}"


class Read(models.Model):
    """A reader has read an article (their history); reading it again moves it to the top."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reads"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "article"], name="read_unique"),
        ]
        indexes = [models.Index(fields=["reader", "-read_at"], name="read_latest_idx")]

    def __str__(self) -> str:
        return f"{self.reader} read {self.article_id}"


class Follow(models.Model):
    """A reader follows, or mutes, a publisher, a topic or an author.

    Targets are kept by key, not by foreign key, so topics (another app) and authors (names on
    articles, no table of their own) are followed the same way: a publisher by its slug, a topic
    by its slug, an author by the normalised name. One row per target: muting a followed
    publisher turns the follow into a mute.
    """

    class Kind(models.TextChoices):
        PUBLISHER = "publisher"
        TOPIC = "topic"
        AUTHOR = "author"

    class Mode(models.TextChoices):
        FOLLOW = "follow"
        MUTE = "mute"

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=200, help_text="The name as the reader saw it.")
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.FOLLOW)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "kind", "key"], name="follow_unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.reader} {self.mode}s {self.kind} {self.label}"

    @property
    def is_followed(self) -> bool:
        return self.mode == self.Mode.FOLLOW

    @property
    def is_muted(self) -> bool:
        return self.mode == self.Mode.MUTE


class ReadingPreferences(models.Model):
    """How pages look for a signed-in reader; everyone else keeps them in a cookie."""

    class Theme(models.TextChoices):
        SYSTEM = "system", "Same as my device"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    class TextSize(models.TextChoices):
        SMALL = "small", "Small"
        NORMAL = "normal", "Normal"
        LARGE = "large", "Large"
        X_LARGE = "x-large", "Extra large"

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reading_preferences",
    )
    theme = models.CharField(max_length=8, choices=Theme.choices, default=Theme.SYSTEM)
    text_size = models.CharField(max_length=8, choices=TextSize.choices, default=TextSize.NORMAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reading preferences"

    def __str__(self) -> str:
        return f"{self.reader}: {self.theme}, {self.text_size}"
