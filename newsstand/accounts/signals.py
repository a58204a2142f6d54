"""Sign-in and sign-out keep the list of signed-in sessions."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from newsstand.accounts.sessions import do_forget_session, do_record_session


@receiver(user_logged_in, dispatch_uid="accounts_record_session")
def record_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        do_record_session(request, user)


@receiver(user_logged_out, dispatch_uid="accounts_forget_session")
def forget_session(sender, request, user, **kwargs):
    if request is not None:
        do_forget_session(request)
