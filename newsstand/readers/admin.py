from django.contrib import admin

from newsstand.readers.models import Follow, Read, ReadingPreferences, SavedArticle


@admin.register(SavedArticle)
class SavedArticleAdmin(admin.ModelAdmin):
    list_display = ["reader", "article", "saved_at"]
    list_select_related = ["reader", "article"]
    search_fields = ["reader__email", "article__title"]
    raw_id_fields = ["reader", "article"]


@admin.register(Read)
class ReadAdmin(admin.ModelAdmin):
    list_display = ["reader", "article", "read_at"]
    list_select_related = ["reader", "article"]
    search_fields = ["reader__email", "article__title"]
    raw_id_fields = ["reader", "article"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["reader", "kind", "label", "mode", "created_at"]
    list_filter = ["kind", "mode"]
    list_select_related = ["reader"]
    search_fields = ["reader__email", "key", "label"]
    raw_id_fields = ["reader"]


@admin.register(ReadingPreferences)
class ReadingPreferencesAdmin(admin.ModelAdmin):
    list_display = ["reader", "theme", "text_size", "updated_at"]
    list_filter = ["theme", "text_size"]
    search_fields = ["reader__email"]
    raw_id_fields = ["reader"]
