"""Writes of curation: the only code that changes this app's models. Follows themselves are
the readers app's, written through its services."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.curation.edition import build_edition, edition_message, zone_named
from newsstand.curation.models import (
    CurationPreferences,
    Edition,
    ForgottenInterest,
    ReadingSignal,
)
from newsstand.readers import services as readers
from newsstand.readers.models import Follow

log = logging.getLogger(__name__)

MAX_SECONDS = 3 * 60 * 60  # a tab left open all day says no more than three hours of reading
EDITION_LATE_HOURS = 4  # a worker down at 07:00 still mails the morning's edition until 11:00
EDITION_REQUEUE = timedelta(minutes=15)  # an edition queued but not sent by then is queued again
EDITION_BATCH = 500  # editions queued per look
Onboarding = CurationPreferences.Onboarding


def do_finish_onboarding(
    reader, topics: Iterable[str], publishers: Iterable[str], edition_email: bool = False
) -> int:
    """Follows the picked topics and publishers (unknown ones are skipped), notes onboarding
    as done and stores the edition choice; returns how many follows were made."""
    made = 0
    with transaction.atomic():
        for kind, keys in ((Follow.Kind.TOPIC, topics), (Follow.Kind.PUBLISHER, publishers)):
            for key in keys:
                try:
                    key, label = readers.check_follow_target(kind, key)
                except ValidationError:
                    continue
                readers.do_set_follow(reader, kind, key, label, Follow.Mode.FOLLOW)
                made += 1
        _set_preferences(
            reader,
            onboarding=Onboarding.DONE,
            onboarded_at=timezone.now(),
            edition_email=edition_email,
        )
    return made


def do_skip_onboarding(reader) -> None:
    """Notes that the reader skipped onboarding, so it is not offered again."""
    _set_preferences(reader, onboarding=Onboarding.SKIPPED, onboarded_at=timezone.now())


def do_set_edition_email(reader, wanted: bool) -> None:
    """Starts or stops mailing the reader their daily edition."""
    _set_preferences(reader, edition_email=wanted)


def do_unsubscribe_reader(reader_id: int) -> bool:
    """Stops the edition mail for the reader with this id (from a signed link, no sign-in);
    False when there is no such reader. Asking twice changes nothing more."""
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(pk=reader_id).exists():
        return False
    updated = CurationPreferences.objects.filter(reader_id=reader_id).update(
        edition_email=False, updated_at=timezone.now()
    )
    if not updated:
        CurationPreferences.objects.get_or_create(reader_id=reader_id)
    return True


def do_reset_profile(reader) -> None:
    """Forgets everything learnt from the reader's reads and saves until now (follows and
    mutes stay: they are the reader's own word, changed on the Following page)."""
    with transaction.atomic():
        _set_preferences(reader, profile_reset_at=timezone.now())
        ForgottenInterest.objects.filter(reader=reader).delete()


def do_forget_interest(reader, kind: str, key: str) -> None:
    """Removes a learnt publisher or topic from the reader's profile: what they read before
    now no longer counts towards it. Raises ValidationError for an unknown kind."""
    if kind not in ForgottenInterest.Kind.values or not key or len(key) > 200:
        raise ValidationError("Only a publisher or a topic can be removed.")
    ForgottenInterest.objects.update_or_create(
        reader=reader, kind=kind, key=key, defaults={"forgotten_at": timezone.now()}
    )


def check_reading_signal(seconds: str, depth: str) -> tuple[int, float]:
    """Seconds spent and scroll depth from the beacon, validated; raises ValidationError."""
    try:
        whole_seconds = int(seconds)
        fraction = float(depth)
    except (TypeError, ValueError):
        raise ValidationError("seconds and depth must be numbers") from None
    if not (0 <= whole_seconds <= 86400 and 0.0 <= fraction <= 1.0):
        raise ValidationError("seconds must be 0 to 86400 and depth 0 to 1")
    return min(whole_seconds, MAX_SECONDS), fraction


def do_record_reading_signal(reader, article: Article, seconds: int, depth: float) -> None:
    """Keeps the longest time and deepest scroll the reader reported for the article (one
    UPDATE, or an INSERT on the first report). Like the reading history, a failed write is
    logged: the beacon has nothing to show an error to."""
    now = timezone.now()
    rows = ReadingSignal.objects.filter(reader=reader, article=article)
    try:
        if rows.update(
            seconds=Greatest("seconds", seconds), depth=Greatest("depth", depth), updated_at=now
        ):
            return
        try:
            with transaction.atomic():
                ReadingSignal.objects.create(
                    reader=reader, article=article, seconds=seconds, depth=depth, updated_at=now
                )
        except IntegrityError:  # the same page's second beacon won the race
            rows.update(
                seconds=Greatest("seconds", seconds), depth=Greatest("depth", depth), updated_at=now
            )
    except DatabaseError:
        log.warning("could not record reader %s's visit of article %s", reader.pk, article.pk)


def _set_preferences(reader, **fields) -> CurationPreferences:
    preferences, _ = CurationPreferences.objects.update_or_create(reader=reader, defaults=fields)
    return preferences


def do_plan_editions(now: datetime | None = None) -> list[int]:
    """Makes today's Edition row for every opted-in reader whose local morning has come
    (settings.EDITION_HOUR, for EDITION_LATE_HOURS), and returns the ids of the editions to
    send now: unsent ones not queued in the last EDITION_REQUEUE. The row is unique per reader
    and local day, so planning twice, or on two workers at once, makes one edition."""
    now = now or timezone.now()
    opted_in = CurationPreferences.objects.filter(edition_email=True, reader__is_active=True)
    zones = opted_in.values_list("reader__time_zone", flat=True).distinct()
    last_hour = min(24, settings.EDITION_HOUR + EDITION_LATE_HOURS)
    planned = []
    for zone_name in zones:
        local = now.astimezone(zone_named(zone_name))
        if not settings.EDITION_HOUR <= local.hour < last_hour:
            continue
        readers = (
            opted_in.filter(reader__time_zone=zone_name)
            .exclude(reader__editions__local_date=local.date())
            .values_list("reader_id", flat=True)
        )
        planned += [
            Edition(reader_id=pk, local_date=local.date(), created_at=now) for pk in readers
        ]
    if planned:
        Edition.objects.bulk_create(planned, ignore_conflicts=True)
    due = Edition.objects.filter(
        sent_at__isnull=True, created_at__gte=now - timedelta(hours=EDITION_LATE_HOURS)
    ).filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - EDITION_REQUEUE))
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:EDITION_BATCH])
    if ids:
        Edition.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def do_send_edition(edition_id: int, now: datetime | None = None) -> bool:
    """Fills and mails one planned edition, once: the row is re-read under its lock and marked
    sent in the same transaction, so a second run (or a second worker) finds it done. False
    when it is gone, already sent, or the reader has since unsubscribed."""
    now = now or timezone.now()
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update().select_related("reader").filter(pk=edition_id)
        ).first()
        if edition is None or edition.sent_at is not None:
            return False
        reader = edition.reader
        wanted = CurationPreferences.objects.filter(reader=reader, edition_email=True).exists()
        if not (wanted and reader.is_active):
            return False
        content = build_edition(reader, now)
        edition.items = content.as_items()
        edition.sent_at = now
        edition.save(update_fields=["items", "sent_at"])
        if content.is_empty():
            return False  # nothing to tell: marked done for the day, no empty mail
        # Sent inside the transaction: a mail server failure rolls the mark back for a retry.
        edition_message(reader, edition.local_date, content).send()
    return True
