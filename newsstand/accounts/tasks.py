"""Account mail, sent by the worker rather than while the reader waits."""

from django.http import HttpRequest
from django_tasks import task

from newsstand.accounts.mail import MAILS


# A reader is waiting for this mail: it goes before feed batches and other upkeep.
@task(priority=50)
def send_account_mail_task(kind: str, arguments: dict) -> bool:
    """Send one account mail (`mail.MAILS[kind]`); False when there was nothing to send."""
    return MAILS[kind](**arguments)


def site_url(request: HttpRequest) -> str:
    """The scheme and host the reader reached us at: the links in the mail lead back there."""
    return request.build_absolute_uri("/").rstrip("/")


def queue_mail(request: HttpRequest, kind: str, **arguments) -> None:
    """Queue mail `kind` with JSON `arguments` (ids and addresses, never tokens).

    No on_commit: with the database task backend the task row is written in the caller's
    transaction, so a worker sees it only after the commit, and never if it rolls back.
    """
    if kind not in MAILS:
        raise ValueError(f"no account mail called {kind!r}")
    send_account_mail_task.enqueue(kind, {"site": site_url(request), **arguments})
