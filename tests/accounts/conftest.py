"""Fixtures of the account tests: a real SMTP server on 127.0.0.1 that the site's mail goes
through, and a browser-like client that enforces CSRF."""

import email
import email.policy
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from newsstand.accounts.models import User

STRONG = "correct horse battery staple 42"


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str

    def links(self) -> list[str]:
        """The paths of the site's links in the mail, in order."""
        return [urlsplit(url).path for url in re.findall(r"https?://testserver/\S+", self.body)]

    def link(self) -> str:
        (path,) = self.links()
        return path


class Inbox:
    """What the SMTP server received, as aiosmtpd's handler."""

    def __init__(self):
        self.mails: list[Mail] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        self.mails.append(Mail(list(envelope.rcpt_tos), str(message["Subject"]), body))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.mails if address in mail.to]

    def last_to(self, address: str) -> Mail:
        mails = self.to(address)
        assert mails, f"no mail to {address}; got mail to {[m.to for m in self.mails]}"
        return mails[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    """Send the site's mail over SMTP to a server on 127.0.0.1 and collect what arrives."""
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=_free_port())
    controller.start()
    # The worker's job, done at once: account mail is queued as a task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield received
    finally:
        controller.stop()


class Browser(Client):
    """A test client that, like a browser, sends the CSRF token its pages carry."""

    def __init__(self, **defaults):
        defaults.setdefault("HTTP_USER_AGENT", "Mozilla/5.0 (X11; Linux) Firefox/140.0")
        super().__init__(enforce_csrf_checks=True, **defaults)

    def submit(self, path: str, data: dict | None = None, page: str | None = None, **extra):
        """Open `page` (default: `path`) for its CSRF cookie, then post `data` to `path`."""
        if "csrftoken" not in self.cookies:
            self.get(page or path)
        token = self.cookies["csrftoken"].value
        return self.post(path, {**(data or {}), "csrfmiddlewaretoken": token}, **extra)


@pytest.fixture
def browser():
    return Browser()


@pytest.fixture
def make_browser():
    return Browser


@pytest.fixture
def reader(db):
    """A reader with a confirmed address."""
    from django.utils import timezone

    user = User.objects.create_user("ann@example.com", STRONG)
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user


def sign_in(browser: Browser, address: str = "ann@example.com", password: str = STRONG):
    return browser.submit("/account/sign-in/", {"username": address, "password": password})
