from django.contrib import admin

from newsstand.publishers.models import Feed, Publisher, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage_url", "language", "country", "created_at"]
    search_fields = ["name", "homepage_url"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "publisher",
        "section",
        "is_active",
        "last_fetched_at",
        "next_fetch_at",
        "error_count",
    ]
    list_filter = ["is_active", "publisher"]
    list_select_related = ["publisher", "section"]
    search_fields = ["url", "publisher__name"]
    readonly_fields = ["etag", "last_modified", "last_fetched_at", "error_count", "last_error"]
    autocomplete_fields = ["publisher"]
