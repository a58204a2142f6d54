"""The push API: licensed publishers send IPTC ninjs documents instead of waiting to be polled.

POST /api/ingest/ninjs and PUT /api/ingest/ninjs/{uri} store a document, DELETE removes it;
each is authenticated by a publisher's bearer token. A document is keyed by the publisher and
its uri, and stored only when its version is higher than the one already held, so a sender
may retry any request safely.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from newsstand.api.errors import ApiError
from newsstand.articles.services import do_delete_article_by_guid, do_store_pushed_article
from newsstand.ingest.ninjs import NinjsError, parse_ninjs
from newsstand.ingest.normalize import build_article
from newsstand.publishers.models import Publisher, PublisherToken
from newsstand.publishers.services import check_token, do_record_token_use
from newsstand.stories.tasks import enqueue_story_assignment
from newsstand.topics.tasks import enqueue_topic_tagging

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


class PublisherBearer(HttpBearer):
    """Authorization: Bearer <token>, for a publisher's live PublisherToken."""

    def authenticate(self, request: HttpRequest, token: str) -> PublisherToken | None:
        found = check_token(token)
        if found is not None:
            do_record_token_use(found)
        return found


router = Router(auth=PublisherBearer(), tags=["ingest"])


class PushResult(Schema):
    id: int
    uri: str
    version: int
    status: str  # "created", "updated" or "unchanged"
    path: str  # the article's page on this site


class Error(Schema):
    error: str
    field: str = ""


_ERRORS = {400: Error, 401: Error, 413: Error, 422: Error}
_NINJS_BODY = {
    "requestBody": {
        "required": True,
        "description": "One IPTC ninjs 2.x document (1.x field names are read too); "
        f"at most {MAX_DOCUMENT_BYTES} bytes.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["uri", "version"],
                    "properties": {
                        "uri": {"type": "string", "maxLength": 1024},
                        "version": {
                            "description": "A positive integer, higher for each new version",
                            "anyOf": [
                                {"type": "integer", "minimum": 1},
                                {"type": "string", "pattern": "^[0-9]+$"},
                            ],
                        },
                        "headlines": {"type": "array", "items": {"type": "object"}},
                        "bodies": {"type": "array", "items": {"type": "object"}},
                        "descriptions": {"type": "array", "items": {"type": "object"}},
                        "by": {"type": "string"},
                        "firstcreated": {"type": "string", "format": "date-time"},
                        "versioncreated": {"type": "string", "format": "date-time"},
                        "language": {"type": "string"},
                    },
                    "additionalProperties": True,
                },
            },
        },
    },
    "externalDocs": {"url": "https://www.iptc.org/std/ninjs/userguide/"},
}


@router.post(
    "/ninjs",
    response={200: PushResult, 201: PushResult, **_ERRORS},
    openapi_extra=_NINJS_BODY,
    summary="Create or update an article from a ninjs document",
)
def push_ninjs(request: HttpRequest):
    """201 when the uri is new; 200 "updated" for a higher version, else 200 "unchanged"."""
    return _store(request.auth.publisher, _read_document(request))


@router.put(
    "/ninjs/{path:uri}",
    response={200: PushResult, 201: PushResult, **_ERRORS},
    openapi_extra=_NINJS_BODY,
    summary="Create or update the article with this uri",
)
def put_ninjs(request: HttpRequest, uri: str):
    """As POST, for a body whose uri is the one in the path (400 otherwise)."""
    document = _read_document(request)
    stated = document.get("uri")
    if stated is not None and (not isinstance(stated, str) or stated.strip() != uri.strip()):
        raise ApiError(400, "the uri in the path differs from the document's uri", "uri")
    return _store(request.auth.publisher, {**document, "uri": uri})


@router.delete(
    "/ninjs/{path:uri}",
    response={204: None, 401: Error, 404: Error},
    summary="Delete the article with this uri",
)
def delete_ninjs(request: HttpRequest, uri: str):
    """204 once the publisher's article with this uri is gone; 404 when it had none."""
    if not do_delete_article_by_guid(request.auth.publisher, uri.strip()):
        raise ApiError(404, "no article with this uri", "uri")
    return Status(204, None)


def _read_document(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object, refusing an oversized or unreadable body before parsing."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_DOCUMENT_BYTES or len(request.body) > MAX_DOCUMENT_BYTES:
        raise ApiError(413, f"the document is larger than {MAX_DOCUMENT_BYTES} bytes", "body")
    try:
        document = json.loads(request.body)
    except (ValueError, RecursionError) as error:
        raise ApiError(400, f"the body is not valid JSON: {error}"[:300], "body") from error
    if not isinstance(document, dict):
        raise ApiError(400, "the body must be one ninjs document, a JSON object", "body")
    return document


def _store(publisher: Publisher, document: dict[str, Any]) -> Status[PushResult]:
    """Parse, normalise and store a document; the status code and the stored state."""
    try:
        pushed = parse_ninjs(document)
    except NinjsError as error:
        raise ApiError(422, error.message, error.field) from error
    data = build_article(
        pushed.item,
        feed_url=publisher.homepage_url,
        fetched_at=timezone.now(),
        feed_language=publisher.language,
    )
    data.source_version = pushed.version
    article, status = do_store_pushed_article(publisher, data)
    if status == "created":
        enqueue_story_assignment([article.pk])
        enqueue_topic_tagging([article.pk])
    result = PushResult(
        id=article.pk,
        uri=article.guid,
        version=article.source_version or 0,
        status=status,
        path=article.get_absolute_url(),
    )
    return Status(201 if status == "created" else 200, result)
