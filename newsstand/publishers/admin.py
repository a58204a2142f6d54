from django.contrib import admin, messages

from newsstand.publishers.models import Feed, Publisher, PublisherToken, Section
from newsstand.publishers.services import do_revoke_tokens


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage_url", "language", "country", "is_free", "created_at"]
    list_filter = ["is_free"]
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
        "disabled_reason",
    ]
    list_filter = ["is_active", "kind", "publisher"]
    list_select_related = ["publisher", "section"]
    search_fields = ["url", "publisher__name"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_fetched_at",
        "error_count",
        "last_error",
        "interval",
        "leased_until",
        "websub_hub",
        "websub_topic",
        "websub_expires_at",
    ]
    exclude = ["websub_secret"]  # a shared secret with the hub: never shown
    autocomplete_fields = ["publisher"]


@admin.register(PublisherToken)
class PublisherTokenAdmin(admin.ModelAdmin):
    """Push tokens: who holds one, when it was last used, revoking it. Only a hash is stored, so
    there is no secret to show; new tokens come from `newsstand tokens create`, which prints
    the token once."""

    list_display = ["name", "publisher", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "publisher"]
    list_select_related = ["publisher"]
    search_fields = ["name", "publisher__name"]
    fields = ["publisher", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["publisher", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = do_revoke_tokens(queryset)
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)
