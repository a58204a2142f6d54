"""The reader's signed-in sessions: recorded at sign-in, seen now and then, revoked on demand."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from newsstand.accounts.models import SignedInSession
from newsstand.accounts.throttle import client_address

# "Last seen" is refreshed at most this often per session, so browsing costs no writes.
SEEN_EVERY = timedelta(minutes=5)
SEEN_KEY = "_accounts_seen"
DB_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def _device(request: HttpRequest) -> dict:
    return {
        "user_agent": request.headers.get("User-Agent", "")[:300],
        "ip_address": client_address(request) or None,
    }


def do_record_session(request: HttpRequest, user) -> None:
    """Record the session a sign-in just started (its key was cycled by the sign-in)."""
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "signed_in_at": now, "last_seen_at": now, **_device(request)},
    )
    request.session[SEEN_KEY] = now.timestamp()


def do_note_seen(request: HttpRequest) -> None:
    """Refresh the session's "last seen" if it is older than SEEN_EVERY (else do nothing)."""
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - seen < SEEN_EVERY.total_seconds():
        return
    fields = {"last_seen_at": now, **_device(request)}
    updated = SignedInSession.objects.filter(session_key=key, user=request.user).update(**fields)
    if not updated:
        # A session from before this was recorded, or one whose key a password change cycled.
        SignedInSession.objects.update_or_create(
            session_key=key, defaults={"user": request.user, "signed_in_at": now, **fields}
        )
    request.session[SEEN_KEY] = now.timestamp()


def _session_store(key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def get_sessions(user) -> list[SignedInSession]:
    """The user's live sessions, most recently seen first; rows of ended sessions are dropped."""
    rows = list(SignedInSession.objects.filter(user=user))
    keys = [row.session_key for row in rows]
    if settings.SESSION_ENGINE in DB_ENGINES:
        live = set(
            Session.objects.filter(
                session_key__in=keys, expire_date__gt=timezone.now()
            ).values_list("session_key", flat=True)
        )
    else:
        live = {key for key in keys if _session_store(key).exists(key)}
    ended = [row.pk for row in rows if row.session_key not in live]
    if ended:
        SignedInSession.objects.filter(pk__in=ended).delete()
    return [row for row in rows if row.session_key in live]


def do_revoke_session(user, session_id: int) -> str | None:
    """End one of the user's sessions (signing that browser out); its key, None if not theirs."""
    row = SignedInSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return None
    _session_store(row.session_key).delete()
    row.delete()
    return row.session_key


def do_revoke_other_sessions(user, keep_key: str | None) -> int:
    """End every session of the user but `keep_key` (the one asking); how many ended."""
    rows = SignedInSession.objects.filter(user=user).exclude(session_key=keep_key or "")
    keys = list(rows.values_list("session_key", flat=True))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        Session.objects.filter(session_key__in=keys).delete()
    else:  # other engines keep sessions where only their store can reach them
        for key in keys:
            _session_store(key).delete()
    rows.delete()
    return len(keys)


def do_forget_session(request: HttpRequest) -> None:
    """Drop the row of the session a sign-out is ending."""
    key = getattr(request, "session", None) and request.session.session_key
    if key:
        SignedInSession.objects.filter(session_key=key).delete()


def do_move_session(old_key: str | None, request: HttpRequest) -> None:
    """Keep the row when the session's key is cycled (a password change)."""
    new_key = request.session.session_key
    if old_key and new_key and old_key != new_key:
        SignedInSession.objects.filter(session_key=old_key).update(session_key=new_key)
