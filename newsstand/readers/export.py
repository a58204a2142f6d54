"""A reader's own things as plain data, for the account export ("download my data")."""

from newsstand.readers.models import Follow, Read, ReadingPreferences, SavedArticle


def export_reader_data(reader) -> dict:
    """Saved articles, reading history, follows and mutes, and appearance, JSON-ready."""
    saved = (
        SavedArticle.objects.filter(reader=reader).select_related("article").order_by("saved_at")
    )
    reads = Read.objects.filter(reader=reader).select_related("article").order_by("read_at")
    preferences = ReadingPreferences.objects.filter(reader=reader).first()
    return {
        "saved": [
            {
                "article": entry.article.title,
                "path": entry.article.get_absolute_url(),
                "url": entry.article.url,
                "saved_at": entry.saved_at.isoformat(),
            }
            for entry in saved
        ],
        "history": [
            {
                "article": entry.article.title,
                "path": entry.article.get_absolute_url(),
                "url": entry.article.url,
                "read_at": entry.read_at.isoformat(),
            }
            for entry in reads
        ],
        "follows": [
            {
                "kind": follow.kind,
                "key": follow.key,
                "name": follow.label,
                "mode": follow.mode,
                "since": follow.created_at.isoformat(),
            }
            for follow in Follow.objects.filter(reader=reader).order_by("created_at", "id")
        ],
        "appearance": (
            {"theme": preferences.theme, "text_size": preferences.text_size}
            if preferences is not None
            else None
        ),
    }
