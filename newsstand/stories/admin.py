from django.contrib import admin

from newsstand.stories.models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Editors see the stories by rank and push one up (or down) with its boost."""

    list_display = ["title", "publisher_count", "article_count", "last_seen", "score", "boost"]
    list_editable = ["boost"]
    list_filter = ["origin_kind"]
    search_fields = ["title", "origin_name"]
    ordering = ["-score", "-id"]
    fields = ["title", "summary", "boost", "score", "scored_at", "origin_name", "origin_kind",
              "article_count", "publisher_count", "first_seen", "last_seen"]  # fmt: skip
    readonly_fields = ["title", "summary", "score", "scored_at", "origin_name", "origin_kind",
                       "article_count", "publisher_count", "first_seen", "last_seen"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False  # stories come from the clusterer, never by hand
