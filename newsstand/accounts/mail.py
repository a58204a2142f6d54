"""Mail to readers about their account, and the signed links it carries.

Pages queue a mail (`tasks.queue_mail`) with ids and addresses only; the worker decides here
what, if anything, to send, and makes the links' tokens. So a page takes as long whether or
not an address has an account, and no live link sits in the task table.
"""

import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from newsstand.accounts import throttle
from newsstand.accounts.models import Throttle, User, normalize_email_address

logger = logging.getLogger(__name__)

VERIFY_SALT = "newsstand.accounts.verify-email"
CHANGE_SALT = "newsstand.accounts.change-email"
# Mails to one address before further ones wait (1 minute, doubling): stops mail bombing
# through sign-up, resend and reset forms without telling anyone that the wait applies.
MAILS_PER_ADDRESS = 5


def make_verify_token(user: User, next_url: str = "") -> str:
    """A link token confirming `user`'s current address; spent once the address is confirmed."""
    return signing.dumps({"u": user.pk, "e": user.email, "n": next_url}, salt=VERIFY_SALT)


def make_change_token(user: User, new_email: str) -> str:
    """A link token moving `user` from their current address to `new_email`."""
    return signing.dumps({"u": user.pk, "e": user.email, "to": new_email}, salt=CHANGE_SALT)


def read_token(token: str, salt: str) -> dict | None:
    """The token's data, or None when it is forged, mangled or older than the link lifetime."""
    try:
        data = signing.loads(token, salt=salt, max_age=settings.EMAIL_LINK_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return data if isinstance(data, dict) else None


def send_account_mail(to: str, template: str, context: dict) -> bool:
    """Mail `accounts/email/<template>.txt` (first line: subject) to `to`.

    Skipped when the address has had too many mails lately; an SMTP failure is logged.
    """
    now = timezone.now()
    if throttle.get_wait([(Throttle.Scope.MAIL, to)], now) or throttle.do_count(
        Throttle.Scope.MAIL, to, MAILS_PER_ADDRESS, now
    ):
        logger.warning("mail to an address held back: too many lately (%s)", template)
        return False
    text = render_to_string(
        f"accounts/email/{template}.txt",
        {"link_hours": settings.EMAIL_LINK_SECONDS // 3600, **context},
    )
    subject, _, body = text.partition("\n")
    try:
        send_mail(subject.strip(), body.lstrip("\n"), None, [to])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not send the %s mail", template)
        return False
    return True


def _active(user_id) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def _by_address(email: str) -> User | None:
    return User.objects.filter(email=normalize_email_address(email), is_active=True).first()


def _verify(user: User | None, site: str, next_url: str = "") -> bool:
    if user is None or user.email_verified:
        return False
    path = reverse("accounts:verify_email", args=[make_verify_token(user, next_url)])
    return send_account_mail(user.email, "verify_email", {"user": user, "link": site + path})


def mail_confirm_address(site: str, user_id: int, next_url: str = "") -> bool:
    """The link that confirms a new account's address (and signs its reader in)."""
    return _verify(_active(user_id), site, next_url)


def mail_sign_up_again(site: str, email: str) -> bool:
    """Sign-up found the address taken: tell its owner, with ways back in."""
    owner = _by_address(email)
    if owner is None:
        return False
    links = {
        "sign_in_link": site + reverse("accounts:sign_in"),
        "reset_link": site + reverse("accounts:password_reset"),
    }
    return send_account_mail(owner.email, "sign_up_again", {"user": owner, **links})


def mail_confirm_address_by_email(site: str, email: str) -> bool:
    """A fresh confirmation link, if an account at the address still needs one."""
    return _verify(_by_address(email), site)


def mail_password_reset(site: str, email: str) -> bool:
    """A link to choose a new password (Django's token), if the address has an account."""
    user = _by_address(email)
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = site + reverse("accounts:password_reset_confirm", args=[uid, token])
    return send_account_mail(user.email, "password_reset", {"user": user, "link": link})


def mail_email_change(site: str, user_id: int, new_email: str) -> bool:
    """A link that moves the account to `new_email`; or, if another account holds that
    address, a notice to it (the reader asking saw the same page either way)."""
    user = _active(user_id)
    new_email = normalize_email_address(new_email)
    if user is None or new_email == user.email:
        return False
    if User.objects.filter(email=new_email).exists():
        return send_account_mail(new_email, "email_change_taken", {})
    path = reverse("accounts:confirm_email_change", args=[make_change_token(user, new_email)])
    return send_account_mail(new_email, "email_change", {"user": user, "link": site + path})


def mail_email_changed(site: str, old_email: str, new_email: str) -> bool:
    """Tell the old address that the account moved."""
    return send_account_mail(old_email, "email_changed", {"new_email": new_email})


def mail_account_deleted(site: str, email: str) -> bool:
    return send_account_mail(email, "account_deleted", {})


MAILS: dict[str, Callable[..., bool]] = {
    "confirm_address": mail_confirm_address,
    "confirm_address_by_email": mail_confirm_address_by_email,
    "sign_up_again": mail_sign_up_again,
    "password_reset": mail_password_reset,
    "email_change": mail_email_change,
    "email_changed": mail_email_changed,
    "account_deleted": mail_account_deleted,
}
