"""Keeps each signed-in session's "last seen" roughly current, cheaply."""

from django.conf import settings

from newsstand.accounts.sessions import do_note_seen


class SessionActivityMiddleware:
    """After a signed-in request, refresh the session's last-seen time (at most every few
    minutes). Requests without a session cookie are left alone, so anonymous pages stay
    cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and hasattr(request, "user")
            and request.user.is_authenticated
        ):
            do_note_seen(request)
        return response
