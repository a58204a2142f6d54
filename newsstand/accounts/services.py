"""Every change to an account: sign-up, confirming and changing the address, deletion.

What a page says after each of these never depends on whether some other account holds an
address: the differences go into the mail, which only the address's owner reads.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from newsstand.accounts import mail, sessions
from newsstand.accounts.models import User, normalize_email_address
from newsstand.accounts.tasks import queue_mail

logger = logging.getLogger(__name__)


class AccountError(Exception):
    """A request the account cannot honour; the message is fit to show the reader."""


def do_sign_up(request: HttpRequest, email: str, password: str, next_url: str = "") -> None:
    """Create the account and mail a link confirming the address; if the address already has
    an account, mail its owner instead. Either way the caller shows "check your inbox"."""
    try:
        with transaction.atomic():
            # create_user hashes the password before the insert fails, so a taken address
            # answers as slowly as a new one.
            user = User.objects.create_user(email, password)
    except IntegrityError:
        queue_mail(request, "sign_up_again", email=email)
    else:
        queue_mail(request, "confirm_address", user_id=user.pk, next_url=next_url)


@dataclass(frozen=True)
class Confirmation:
    user: User | None  # None: the link is forged, expired or spent
    first_time: bool = False  # True: this link confirmed the address just now
    next_url: str = ""


def do_verify_email(token: str) -> Confirmation:
    """Confirm the address a verification link was sent to (once; the link is then spent)."""
    data = mail.read_token(token, mail.VERIFY_SALT)
    if data is None:
        return Confirmation(None)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
        if user is None or user.email != data.get("e"):
            return Confirmation(None)
        if user.email_verified_at is not None:
            return Confirmation(user, first_time=False)
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return Confirmation(user, first_time=True, next_url=str(data.get("n") or ""))


def do_request_email_change(request: HttpRequest, user: User, new_email: str) -> None:
    """Mail the new address a link that moves the account to it (if another account holds
    that address, the mail tells its owner instead; the reader asking sees the same page)."""
    queue_mail(request, "email_change", user_id=user.pk, new_email=new_email)


def do_change_email(request: HttpRequest, token: str) -> User:
    """Move the account to the address a change link was sent to, tell the old address, and
    mark the new one confirmed. Raises AccountError for a bad, spent or colliding link."""
    data = mail.read_token(token, mail.CHANGE_SALT)
    if data is None:
        raise AccountError("This link has expired or is not valid. Ask for a new one.")
    new_email = normalize_email_address(str(data.get("to", "")))
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(pk=data.get("u")).first()
            if user is None or user.email != data.get("e") or not new_email:
                raise AccountError("This link has expired or is not valid. Ask for a new one.")
            old_email = user.email
            user.email = new_email
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        raise AccountError(
            "That address is now used by another account, so your address was not changed."
        ) from None
    queue_mail(request, "email_changed", old_email=old_email, new_email=new_email)
    return user


def do_delete_account(request: HttpRequest, user: User) -> None:
    """Cancel the reader's membership, end every session and delete the account with all it
    owns (rows keyed to it cascade). Raises AccountError, deleting nothing, when the payment
    provider cannot be told to stop charging."""
    from newsstand.membership.providers import ProviderError
    from newsstand.membership.services import MembershipError, do_request_cancel

    email = user.email
    try:
        do_request_cancel(user)
    except MembershipError:
        pass  # nothing running to cancel
    except ProviderError:
        logger.exception("could not cancel the subscription of an account being deleted")
        raise AccountError(
            "We could not cancel your subscription with the payment provider just now, so "
            "nothing was deleted. Try again in a few minutes."
        ) from None
    sessions.do_revoke_other_sessions(user, keep_key=None)
    user.delete()
    queue_mail(request, "account_deleted", email=email)
