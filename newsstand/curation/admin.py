from django.contrib import admin

from newsstand.curation.models import (
    CurationPreferences,
    Edition,
    ForgottenInterest,
    ReadingSignal,
)


@admin.register(CurationPreferences)
class CurationPreferencesAdmin(admin.ModelAdmin):
    list_display = ["reader", "onboarding", "edition_email", "profile_reset_at", "updated_at"]
    list_filter = ["onboarding", "edition_email"]
    search_fields = ["reader__email"]
    raw_id_fields = ["reader"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions are made and mailed by the worker; the admin only shows them."""

    list_display = ["reader", "local_date", "created_at", "queued_at", "sent_at"]
    list_select_related = ["reader"]
    date_hierarchy = "local_date"
    search_fields = ["reader__email"]
    readonly_fields = ["reader", "local_date", "items", "created_at", "queued_at", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReadingSignal)
class ReadingSignalAdmin(admin.ModelAdmin):
    list_display = ["reader", "article", "seconds", "depth", "updated_at"]
    list_select_related = ["reader", "article"]
    search_fields = ["reader__email", "article__title"]
    raw_id_fields = ["reader", "article"]


@admin.register(ForgottenInterest)
class ForgottenInterestAdmin(admin.ModelAdmin):
    list_display = ["reader", "kind", "key", "forgotten_at"]
    list_filter = ["kind"]
    search_fields = ["reader__email", "key"]
    raw_id_fields = ["reader"]
