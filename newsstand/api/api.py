"""The one NinjaAPI: each domain's router mounted under /api/, OpenAPI docs at /api/docs.

Every error answers JSON of one shape, {"error": "…", "field": "…"}, whatever raised it:
a router's ApiError, Ninja's own validation and authentication, or a bug (a logged 500).
"""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from newsstand.api.errors import ApiError
from newsstand.ingest.api import router as ingest_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Newsstand API",
    version="1",
    description="Publishers push articles (IPTC ninjs) with a bearer token from "
    '`newsstand tokens create`. Errors answer {"error": …, "field": …}.',
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/ingest/", ingest_router)


def error_response(request: HttpRequest, status: int, error: str, field: str = "") -> HttpResponse:
    """The JSON error body every failing request gets."""
    return api.create_response(request, {"error": error, "field": field}, status=status)


@api.exception_handler(ApiError)
def _refused(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status, exc.error, exc.field)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(
        request, 401, "a valid token is required: Authorization: Bearer <token>", "Authorization"
    )
    response["WWW-Authenticate"] = 'Bearer realm="newsstand"'
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = ".".join(str(part) for part in first.get("loc", ())[1:])
    return error_response(request, 422, str(first.get("msg", "invalid request")), field)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not found")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, exc.message)


@api.exception_handler(Exception)
def _bug(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A client must never get an HTML debug page or a traceback; the log keeps the details.
    logger.exception("API request %s %s failed", request.method, request.path)
    return error_response(request, 500, "internal error")
