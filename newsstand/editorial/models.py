"""Editors' picks, hidden articles, and the log of every editorial action."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from newsstand.articles.models import Article
from newsstand.publishers.models import Section
from newsstand.stories.models import Story


class PickList(models.Model):
    """An ordered list of picks for the front page (no section) or one publisher's section.

    Several lists of one place may be scheduled; while more than one runs, the one that started
    last is shown (a list for election night takes over from the standing list, then hands back).
    """

    name = models.CharField(max_length=200, help_text="For editors, e.g. 'Standing list'.")
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pick_lists",
        help_text="Empty: the front page.",
    )
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Empty: from now.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until removed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pick list"
        ordering = ["section_id", "-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="pick_list_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.section or 'front page'})"


class PickItem(models.Model):
    """One pick: a story or an article, at a position in its list, for a time if given."""

    pick_list = models.ForeignKey(PickList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0, help_text="Lower comes first.")
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, null=True, blank=True, related_name="picks"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="picks"
    )
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Empty: with its list.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: with its list.")

    class Meta:
        verbose_name = "pick"
        ordering = ["pick_list", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(story__isnull=False, article__isnull=True)
                | Q(story__isnull=True, article__isnull=False),
                name="pick_item_story_or_article",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="pick_item_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.story or self.article)

    @property
    def target(self) -> Story | Article:
        """What the reader sees: the story or the article."""
        return self.story or self.article


class HiddenArticle(models.Model):
    """An article an editor took off home, lists and picks; its own page still works."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="editorial_hide"
    )
    hidden_at = models.DateTimeField()
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "hidden article"

    def __str__(self) -> str:
        return f"article {self.article_id} hidden"


class ArticleAttribution(Article):
    """The article's credits as editors correct them: a view of Article with its own
    permission, so editors change attribution and nothing else of an article."""

    class Meta:
        proxy = True
        verbose_name = "article attribution"


class EditorialAction(models.Model):
    """Who did what to which story, article or pick, when and why: never changed afterwards.

    The editorial permissions (pin, hide, merge) are declared here, as no other model owns them.
    """

    class Verb(models.TextChoices):
        PIN = "pin", "Pinned"
        UNPIN = "unpin", "Unpinned"
        HIDE = "hide", "Hidden"
        UNHIDE = "unhide", "Shown again"
        MERGE = "merge", "Merged"
        BOOST = "boost", "Boost changed"
        ATTRIBUTION = "attribution", "Attribution corrected"
        PICKS_ADD = "picks_add", "Pick list added"
        PICKS_CHANGE = "picks_change", "Pick list changed"
        PICKS_DELETE = "picks_delete", "Pick list deleted"
        EDITOR_ADD = "editor_add", "Made an editor"
        EDITOR_REMOVE = "editor_remove", "No longer an editor"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editorial_actions",
        help_text="Empty: a command run by an operator.",
    )
    actor_email = models.CharField(max_length=254, blank=True, help_text="Kept if they go.")
    at = models.DateTimeField()
    verb = models.CharField(max_length=20, choices=Verb.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=1000)
    changes = models.JSONField(default=dict, blank=True, help_text="Before and after.")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="editorial_target_idx"),
            models.Index(fields=["-at"], name="editorial_at_idx"),
        ]
        permissions = [
            ("pin_story", "Can pin and unpin stories"),
            ("hide_story", "Can hide and show stories"),
            ("merge_story", "Can merge stories"),
            ("hide_article", "Can hide and show articles"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.target_repr}"
