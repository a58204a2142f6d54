from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from newsstand.publishers.models import Feed, Publisher, Section


class Article(models.Model):
    """One item of one publisher, however many of its feeds carry it.

    `guid` is the item's own id (or, without one, its link): (publisher, guid) is unique, so
    a refetch or a second feed of the same publisher updates the row instead of adding one.
    """

    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="articles")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    guid = models.CharField(max_length=1024)
    url = models.URLField(max_length=2048)
    canonical_url = models.URLField(max_length=2048, blank=True)
    title = models.CharField(max_length=1000)
    byline = models.CharField(max_length=500, blank=True)
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField()
    date_estimated = models.BooleanField(
        default=False, help_text="The source gave no usable date: published_at is the fetch time."
    )
    summary = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    image_url = models.URLField(max_length=2048, blank=True)
    wire_credit = models.CharField(max_length=200, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(default=1, help_text="1, then +1 per edit seen.")
    source_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version a pushing publisher gave (ninjs)."
    )
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The earlier article this one is a syndicated copy of.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publisher", "guid"], name="article_unique_guid"),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_latest_idx"),
            models.Index(
                fields=["publisher", "-published_at"], name="article_publisher_latest_idx"
            ),
            models.Index(fields=["section", "-published_at"], name="article_section_latest_idx"),
            # The upsert also matches an item by its link within the publisher.
            models.Index(fields=["publisher", "url"], name="article_publisher_url_idx"),
            models.Index(fields=["canonical_url"], name="article_canonical_url_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article", args=[self.pk, self.slug])

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "article"
