"""What curation keeps per reader: onboarding and edition choices, how they read articles
(time and scroll depth from the article page's beacon), interests they asked to forget, and
the daily editions made for them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsstand.articles.models import Article


class CurationPreferences(models.Model):
    """A reader's choices about curation; a reader without a row has made none yet."""

    class Onboarding(models.TextChoices):
        PENDING = "pending", "Not yet"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="curation_preferences",
    )
    onboarding = models.CharField(
        max_length=8, choices=Onboarding.choices, default=Onboarding.PENDING
    )
    onboarded_at = models.DateTimeField(null=True, blank=True)
    edition_email = models.BooleanField(
        default=False, help_text="Send the daily edition by email every morning."
    )
    profile_reset_at = models.DateTimeField(
        null=True, blank=True, help_text="What the reader did before this is not learnt from."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "curation preferences"

    def __str__(self) -> str:
        return f"{self.reader}: onboarding {self.onboarding}, edition email {self.edition_email}"


class ReadingSignal(models.Model):
    """How long a reader spent on an article and how far they scrolled (the longest and
    deepest of their visits), as the article page's beacon reported it."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_signals"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    depth = models.FloatField(default=0.0, help_text="0: top of the article; 1: its end.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "article"], name="reading_signal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reader} read {self.article_id} for {self.seconds}s to {self.depth:.0%}"


class ForgottenInterest(models.Model):
    """A learnt interest the reader removed: what they did before `forgotten_at` no longer
    counts towards it (later reading may teach it again)."""

    class Kind(models.TextChoices):
        PUBLISHER = "publisher"
        TOPIC = "topic"

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forgotten_interests"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=200)
    forgotten_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "kind", "key"], name="forgotten_interest_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader} forgot {self.kind} {self.key}"


class Edition(models.Model):
    """One reader's daily edition for one day of their own calendar: made once, mailed once.

    `items` keeps what it held (story and article ids, each For-you item with its reason), so
    the web page shows what the mail showed.
    """

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editions"
    )
    local_date = models.DateField(help_text="The day in the reader's time zone.")
    items = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "local_date"], name="edition_one_per_day"),
        ]
        indexes = [models.Index(fields=["sent_at", "local_date"], name="edition_unsent_idx")]

    def __str__(self) -> str:
        return f"{self.reader}'s edition of {self.local_date}"
