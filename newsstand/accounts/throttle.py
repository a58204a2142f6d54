"""Growing waits after repeated failed sign-ins (per account and per client address) or mails.

The first `free` events in a window cost nothing; each one after makes the key wait 1 minute,
then 2, 4, … up to an hour. A day without events forgets them. Counts live in the database
(`Throttle`), so every web process on every host shares them.
"""

import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from newsstand.accounts.models import Throttle

FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
FORGET_AFTER = timedelta(days=1)


def throttle_key(scope: str, value: str) -> str:
    """The stored key: a keyed hash, so the table never holds an address in the clear."""
    return salted_hmac(
        "newsstand.accounts.throttle", f"{scope}:{value.strip().lower()}", algorithm="sha256"
    ).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the connection's, or with proxies in front (PROXY_COUNT) the
    one the outermost proxy saw, which a client cannot forge by sending its own header."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [part.strip() for part in forwarded if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            address = forwarded[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def get_wait(keys: list[tuple[str, str]], now: datetime) -> int:
    """Seconds to wait before the next attempt for any of `keys` ((scope, value) pairs); 0: go."""
    wanted = {(scope, throttle_key(scope, value)) for scope, value in keys if value}
    if not wanted:
        return 0
    rows = Throttle.objects.filter(blocked_until__gt=now, key__in=[key for _, key in wanted])
    waits = [
        (row.blocked_until - now).total_seconds() for row in rows if (row.scope, row.key) in wanted
    ]
    return math.ceil(max(waits, default=0))


def wait_for(count: int, free: int) -> timedelta | None:
    """The wait earned by the `count`-th event in a window where `free` cost nothing."""
    over = count - free
    if over <= 0:
        return None
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(over - 1, 16))


def do_count(scope: str, value: str, free: int, now: datetime) -> int:
    """Count one event for the key; return the seconds it must now wait (0: none)."""
    if not value:
        return 0
    key = throttle_key(scope, value)
    # Locked so that racing workers each add one; get_or_create absorbs a racing insert.
    with transaction.atomic():
        row, created = Throttle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"last_at": now}
        )
        if created:  # a new key now and then: drop the keys forgotten by now
            Throttle.objects.filter(last_at__lt=now - FORGET_AFTER).delete()
        if now - row.last_at > FORGET_AFTER:
            row.count = 0
            row.blocked_until = None
        row.count += 1
        row.last_at = now
        wait = wait_for(row.count, free)
        if wait is not None:
            row.blocked_until = now + wait
        row.save(update_fields=["count", "last_at", "blocked_until"])
    return int(wait.total_seconds()) if wait else 0


def do_forget(scope: str, value: str) -> None:
    """Drop the key's count: a correct password ends an account's back-off."""
    Throttle.objects.filter(scope=scope, key=throttle_key(scope, value)).delete()


def get_sign_in_wait(email: str, address: str, now: datetime) -> int:
    """Seconds before the account or the client address may try to sign in again."""
    return get_wait([(Throttle.Scope.ACCOUNT, email), (Throttle.Scope.CLIENT, address)], now)


def do_count_failed_sign_in(email: str, address: str, now: datetime) -> None:
    """Count a failed sign-in against the account asked for (existing or not) and the client."""
    do_count(Throttle.Scope.ACCOUNT, email, settings.SIGN_IN_ATTEMPTS, now)
    do_count(Throttle.Scope.CLIENT, address, settings.SIGN_IN_ATTEMPTS_PER_ADDRESS, now)


def describe_wait(seconds: int) -> str:
    """The message shown while waiting; the same whether or not the account exists."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"Too many attempts, try again in {minutes} minute{'s' if minutes != 1 else ''}."
