from django.db import models
from django.urls import reverse


class Publisher(models.Model):
    """A title readers know by name: a newspaper, a broadcaster, an agency, an office."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage_url = models.URLField(max_length=2048, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    always_extract = models.BooleanField(
        default=False,
        help_text="Fetch every article page for its full text, even when the feed has it.",
    )
    is_free = models.BooleanField(
        "free to read",
        default=False,
        help_text="Free to read: its articles are never behind the membership paywall.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:publisher", args=[self.slug])


class Section(models.Model):
    """A publisher's own department (National, Business, Senate…), as its feeds name it."""

    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)

    class Meta:
        ordering = ["publisher__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "slug"], name="section_unique_per_publisher"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher} · {self.name}"


class Feed(models.Model):
    """One feed URL of a publisher, with what the fetcher remembers between two fetches."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS, Atom or JSON Feed"
        SITEMAP = "sitemap", "Sitemap or news sitemap"

    url = models.URLField(max_length=2048, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="feeds")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="feeds"
    )
    title = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.TextField(blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_fetch_at = models.DateTimeField(null=True, blank=True)
    interval = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Seconds between fetches, learnt from how often it publishes.",
    )
    leased_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is fetching this feed until then."
    )
    websub_hub = models.URLField(
        max_length=2048, blank=True, help_text="The WebSub hub the feed names, if any."
    )
    websub_topic = models.URLField(max_length=2048, blank=True)
    websub_secret = models.CharField(max_length=64, blank=True)
    websub_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Until when the hub pushes new items to us."
    )
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publisher__name", "url"]
        indexes = [
            # The scheduler's query: active feeds whose next fetch is due.
            models.Index(fields=["is_active", "next_fetch_at"], name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.url


class PublisherToken(models.Model):
    """A secret a publisher's system presents to push articles (only its hash is stored)."""

    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CMS push'.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["publisher__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.publisher} · {self.name}"
