from django.contrib import admin

from newsstand.articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "section", "byline", "wire_credit", "published_at"]
    list_filter = ["publisher", "language"]
    list_select_related = ["publisher", "section"]
    search_fields = ["title", "byline", "guid", "url"]
    date_hierarchy = "published_at"
    raw_id_fields = ["feed", "section"]
    readonly_fields = ["guid", "content_hash", "created_at", "updated_at"]
