"""What curation keeps about a reader as plain data, for the account export."""

from newsstand.curation.models import (
    CurationPreferences,
    Edition,
    ForgottenInterest,
    ReadingSignal,
)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_reader_data(reader) -> dict:
    """Curation choices, time and depth read per article, removed interests and editions."""
    preferences = CurationPreferences.objects.filter(reader=reader).first()
    signals = (
        ReadingSignal.objects.filter(reader=reader)
        .select_related("article")
        .only("seconds", "depth", "updated_at", "article__title")
        .order_by("updated_at", "id")
    )
    return {
        "preferences": (
            {
                "onboarding": preferences.onboarding,
                "edition_email": preferences.edition_email,
                "profile_reset_at": _when(preferences.profile_reset_at),
            }
            if preferences is not None
            else None
        ),
        "reading": [
            {
                "article": signal.article.title,
                "path": signal.article.get_absolute_url(),
                "seconds": signal.seconds,
                "depth": signal.depth,
                "at": _when(signal.updated_at),
            }
            for signal in signals
        ],
        "removed_interests": [
            {"kind": kind, "key": key, "at": _when(at)}
            for kind, key, at in ForgottenInterest.objects.filter(reader=reader)
            .order_by("forgotten_at", "id")
            .values_list("kind", "key", "forgotten_at")
        ],
        "editions": [
            {"day": day.isoformat(), "sent_at": _when(sent_at)}
            for day, sent_at in Edition.objects.filter(reader=reader)
            .order_by("local_date")
            .values_list("local_date", "sent_at")
        ],
    }
