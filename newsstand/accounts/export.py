"""Everything held about a reader, as one JSON-ready dict ("download my data").

Each app that keeps things for a reader offers `<app>/export.py: export_reader_data(reader)`;
this module gathers them under the app's label, so a new app's data joins the export by
adding that function. The membership is exported here from its own models and selectors.
"""

from importlib import import_module

from django.apps import apps

from newsstand.accounts.models import User
from newsstand.accounts.sessions import get_sessions


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "email_verified_at": _when(user.email_verified_at),
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "sessions": [
            {
                "device": session.user_agent,
                "address": session.ip_address,
                "signed_in_at": _when(session.signed_in_at),
                "last_seen_at": _when(session.last_seen_at),
            }
            for session in get_sessions(user)
        ],
    }


def export_membership(user: User) -> dict | None:
    """The membership, every change of its state and its ledger; None if there never was one."""
    from newsstand.membership.selectors import get_membership

    membership = get_membership(user)
    if membership is None:
        return None
    return {
        "state": membership.state,
        "plan": membership.plan,
        "provider": membership.provider,
        "trial_ends_at": _when(membership.trial_ends_at),
        "paid_until": _when(membership.paid_until),
        "grace_ends_at": _when(membership.grace_ends_at),
        "canceled_at": _when(membership.canceled_at),
        "created_at": _when(membership.created_at),
        "events": [
            {
                "at": _when(event.at),
                "from": event.from_state,
                "to": event.to_state,
                "cause": event.cause,
            }
            for event in membership.events.order_by("at", "pk")
        ],
        "ledger": [
            {
                "kind": entry.kind,
                "amount": entry.amount,
                "currency": entry.currency,
                "period_start": _when(entry.period_start),
                "period_end": _when(entry.period_end),
                "reference": entry.reference,
                "recorded_at": _when(entry.recorded_at),
            }
            for entry in membership.ledger.order_by("recorded_at", "pk")
        ],
        "free_reads": [
            {"article": read.article.title, "month": read.month.isoformat()}
            for read in user.free_reads.select_related("article").order_by("read_at")
        ],
    }


def _app_exports(user: User) -> dict:
    """What each other app's `export.export_reader_data(reader)` returns, by app label."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("newsstand.") or config.label == "accounts":
            continue
        try:
            module = import_module(f"{config.name}.export")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.export":
                raise
            continue
        export = getattr(module, "export_reader_data", None)
        if export is not None:
            found[config.label] = export(user)
    return found


def export_reader(user: User) -> dict:
    """Everything held about `user`: the account, its sessions, and each app's data."""
    data = {"format": "newsstand-reader-export/1", "account": export_account(user)}
    data.update(_app_exports(user))
    if "membership" not in data and apps.is_installed("newsstand.membership"):
        data["membership"] = export_membership(user)
    return data
