"""The WebSub callback: hubs verify our subscriptions here (GET) and push new items (POST)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsstand.ingest.services import do_accept_websub_push, do_confirm_websub, do_forget_websub


@csrf_exempt  # called by hubs, not browsers: a push is authenticated by its HMAC signature
@require_http_methods(["GET", "POST"])
def websub_callback(request: HttpRequest, feed_id: int) -> HttpResponse:
    if request.method == "GET":
        return _verify(request, feed_id)
    if int(request.headers.get("Content-Length") or 0) > settings.FETCH_MAX_BYTES:
        return HttpResponse(status=413)
    signature = request.headers.get("X-Hub-Signature", "")
    refresh = do_accept_websub_push(feed_id, request.body, signature)
    # WebSub asks for a 2xx even for a push we refuse, so that a hub cannot probe our secrets.
    return HttpResponse(status=202 if refresh is not None else 200)


def _verify(request: HttpRequest, feed_id: int) -> HttpResponse:
    mode = request.GET.get("hub.mode", "")
    if mode == "denied":
        do_forget_websub(feed_id, request.GET.get("hub.reason", "no reason given"))
        return HttpResponse(status=200)
    confirmed = do_confirm_websub(
        feed_id, mode, request.GET.get("hub.topic", ""), request.GET.get("hub.lease_seconds", "")
    )
    if not confirmed:
        return HttpResponseNotFound("no such subscription")
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
