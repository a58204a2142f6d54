from django.contrib import admin

from newsstand.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug", "article_count")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    readonly_fields = ("key", "article_count", "created_at")
