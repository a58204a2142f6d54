"""The ninjs push API: authentication, idempotent versions, errors as JSON, concurrency."""

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsstand.articles.models import Article
from newsstand.articles.services import do_store_pushed_article
from newsstand.ingest import api as ingest_api
from newsstand.ingest.ninjs import parse_ninjs
from newsstand.ingest.normalize import build_article
from newsstand.publishers.models import PublisherToken
from newsstand.publishers.services import do_create_token, do_revoke_token
from tests.concurrency import run_at_once
from tests.factories import make_article, make_publisher

pytestmark = pytest.mark.django_db

PUSH = "/api/ingest/ninjs"


def document(version=1, uri="urn:newsml:paper.example:2024:talks", **fields):
    return {
        "uri": uri,
        "version": str(version),
        "headlines": [{"value": f"Talks resume (v{version})"}],
        "bodies": [{"contenttype": "text/html", "value": f"<p>Version {version} of the text.</p>"}],
        "by": "Jane Doe",
        "firstcreated": "2024-05-01T12:00:00Z",
        **fields,
    }


@pytest.fixture
def publisher():
    return make_publisher(name="The Example Paper")


@pytest.fixture
def token(publisher):
    return do_create_token(publisher, "CMS push")


def send(method, path, body, token=None, client=None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return getattr(client or Client(), method)(
        path, data=data, content_type="application/json", headers=headers
    )


def push(body, token, **kwargs):
    return send("post", PUSH, body, token, **kwargs)


def assert_json_error(response, status, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "field"}
    assert body["error"]
    if field is not None:
        assert body["field"] == field
    return body


def test_push_creates_the_article_and_answers_201_with_its_page(publisher, token):
    response = push(document(), token)
    assert response.status_code == 201
    result = response.json()
    article = Article.objects.get()
    assert result == {
        "id": article.pk,
        "uri": "urn:newsml:paper.example:2024:talks",
        "version": 1,
        "status": "created",
        "path": article.get_absolute_url(),
    }
    assert (article.publisher, article.feed, article.revision) == (publisher, None, 1)
    assert (article.title, article.byline, article.source_version) == (
        "Talks resume (v1)",
        "Jane Doe",
        1,
    )
    page = Client().get(result["path"])
    assert page.status_code == 200
    assert "Talks resume (v1)" in page.content.decode()


def test_a_new_document_is_queued_for_its_story_once_and_a_new_version_is_not(
    token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = push(document(1), token).json()
        push(document(2), token)
    queued = DBTaskResult.objects.filter(task_path__endswith=".assign_stories_task")
    assert [task.args_kwargs["args"] for task in queued] == [[[created["id"]]]]


def test_same_version_again_changes_nothing(token):
    first = push(document(), token).json()
    again = push(document(), token)
    assert again.status_code == 200
    assert again.json() == {**first, "status": "unchanged"}
    assert Article.objects.get().revision == 1


def test_higher_version_updates_and_bumps_the_revision(token):
    first = push(document(1), token).json()
    response = push(document(2), token)
    assert response.status_code == 200
    assert response.json()["status"] == "updated"
    article = Article.objects.get()
    assert (article.pk, article.revision, article.source_version) == (first["id"], 2, 2)
    assert article.title == "Talks resume (v2)"


def test_lower_version_is_ignored_and_answers_the_stored_state(token):
    push(document(5), token)
    response = push(document(3), token)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("unchanged", 5)
    assert Article.objects.get().title == "Talks resume (v5)"


def test_put_creates_then_updates_the_document_named_in_the_path(token):
    uri = "https://paper.example/2024/05/talks?id=1"
    path = f"{PUSH}/{quote(uri, safe='')}"
    assert send("put", path, document(1, uri=uri), token).status_code == 201
    updated = send("put", path, document(2, uri=uri), token)
    assert (updated.status_code, updated.json()["status"]) == (200, "updated")
    assert Article.objects.get().url == uri


def test_put_takes_the_uri_from_the_path_when_the_body_has_none(token):
    body = document()
    del body["uri"]
    response = send("put", f"{PUSH}/urn:x:from-path", body, token)
    assert (response.status_code, response.json()["uri"]) == (201, "urn:x:from-path")


def test_put_with_a_different_uri_in_the_body_is_refused(token):
    response = send("put", f"{PUSH}/urn:x:one", document(uri="urn:x:two"), token)
    assert_json_error(response, 400, "uri")
    assert not Article.objects.exists()


def test_delete_removes_the_publishers_article_then_answers_404(token):
    push(document(), token)
    path = f"{PUSH}/urn:newsml:paper.example:2024:talks"
    assert send("delete", path, b"", token).status_code == 204
    assert not Article.objects.exists()
    assert_json_error(send("delete", path, b"", token), 404, "uri")


def test_delete_cannot_touch_another_publishers_article(token):
    make_article(guid="urn:theirs")
    assert_json_error(send("delete", f"{PUSH}/urn:theirs", b"", token), 404)
    assert Article.objects.filter(guid="urn:theirs").exists()


def test_two_publishers_may_push_the_same_uri_independently(token):
    other = do_create_token(make_publisher(name="Other Paper"), "feed bridge")
    assert push(document(), token).status_code == 201
    assert push(document(), other).status_code == 201
    assert Article.objects.filter(guid=document()["uri"]).count() == 2


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer nst_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "nst_bare"],
)
def test_requests_without_a_valid_token_answer_401_json(authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    for response in (
        send("post", PUSH, document(), **headers),
        send("put", f"{PUSH}/urn:x", document(uri="urn:x"), **headers),
        send("delete", f"{PUSH}/urn:x", b"", **headers),
    ):
        assert_json_error(response, 401, "Authorization")
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Article.objects.exists()


def test_a_revoked_token_answers_401(publisher, token):
    do_revoke_token(PublisherToken.objects.get())
    assert_json_error(push(document(), token), 401)


def test_a_used_token_records_when(token):
    assert PublisherToken.objects.get().last_used_at is None
    push(document(), token)
    assert PublisherToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        pytest.param(b"{not json", 400, "body", id="malformed-json"),
        pytest.param(b"\xff\xfe", 400, "body", id="not-utf8"),
        pytest.param(b"", 400, "body", id="empty"),
        pytest.param(b"[1, 2]", 400, "body", id="array"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, 400, "body", id="deeply-nested"),
        pytest.param({"version": 1, "headline": "x"}, 422, "uri", id="missing-uri"),
        pytest.param(document(version="two"), 422, "version", id="bad-version"),
        pytest.param(document(version=0), 422, "version", id="zero-version"),
        pytest.param({"uri": "urn:x", "version": 1}, 422, "headlines", id="no-content"),
        pytest.param(document(bodies="text"), 422, "bodies", id="wrong-type"),
    ],
)
def test_bad_documents_answer_4xx_json_and_store_nothing(token, body, status, field):
    assert_json_error(push(body, token), status, field)
    assert not Article.objects.exists()


def test_a_body_over_the_limit_answers_413(token, monkeypatch):
    monkeypatch.setattr(ingest_api, "MAX_DOCUMENT_BYTES", 1000)
    body = document(bodies=[{"contenttype": "text/plain", "value": "x" * 2000}])
    assert_json_error(push(body, token), 413, "body")
    assert not Article.objects.exists()


def test_the_default_limit_is_2_mb(token):
    body = document(bodies=[{"contenttype": "text/plain", "value": "x" * (2 * 1024 * 1024)}])
    assert_json_error(push(body, token), 413, "body")


def test_hostile_html_in_the_body_is_sanitised(token):
    hostile = (
        '<p onclick="steal()">Hello<script>alert(1)</script>'
        '<img src="x" onerror="steal()"><a href="javascript:steal()">link</a></p>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    push(document(bodies=[{"contenttype": "text/html", "value": hostile}]), token)
    body_html = Article.objects.get().body_html
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "alert(1)"):
        assert bad not in body_html
    assert "Hello" in body_html


def test_a_racing_insert_of_the_same_document_is_read_back_as_unchanged(publisher, monkeypatch):
    item = build_article(
        parse_ninjs(document()).item,
        feed_url="",
        fetched_at=parse_ninjs(document()).item.published_at,
    )
    item.source_version = 1
    first, status = do_store_pushed_article(publisher, item)
    assert status == "created"
    # The other writer's check ran before this one's insert: it, too, saw no row.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    again, status = do_store_pushed_article(publisher, item)
    assert (again.pk, status) == (first.pk, "unchanged")
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_pushes_at_once_leave_one_row(token):
    responses = run_at_once(lambda: push(document(), token, client=Client()), threads=2)
    assert sorted(r.status_code for r in responses) == [200, 201]
    assert sorted(r.json()["status"] for r in responses) == ["created", "unchanged"]
    assert Article.objects.count() == 1
    assert Article.objects.get().revision == 1


def test_a_token_from_the_tokens_command_pushes_until_revoked_by_it(publisher):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "tokens", "create", "--publisher", publisher.name, "--name", "CMS", stdout=out, stderr=err
    )
    plain = out.getvalue().strip()
    assert plain.startswith("nst_")
    assert "not be shown again" in err.getvalue()
    assert push(document(), plain).status_code == 201

    listing = io.StringIO()
    call_command("tokens", "list", stdout=listing)
    token = PublisherToken.objects.get()
    assert f"{token.pk}\tThe Example Paper\tCMS\tlive" in listing.getvalue()
    assert plain not in listing.getvalue()
    assert token.token_hash not in listing.getvalue()

    call_command("tokens", "revoke", str(token.pk), stdout=io.StringIO())
    assert_json_error(push(document(2), plain), 401)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "--publisher", "Nobody", "--name", "x"], "no publisher named 'Nobody'"),
        (["create", "--publisher", "The Example Paper", "--name", " "], "needs a name"),
        (["revoke", "999999"], "no token with id 999999"),
    ],
)
def test_tokens_command_errors_name_the_problem(publisher, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("tokens", *args)


def test_revoking_in_the_admin_stops_pushes_and_never_shows_the_hash(token, admin_client):
    stored = PublisherToken.objects.get()
    changelist = admin_client.get("/admin/publishers/publishertoken/")
    assert changelist.status_code == 200
    assert "CMS push" in changelist.content.decode()
    change = admin_client.get(f"/admin/publishers/publishertoken/{stored.pk}/change/")
    assert stored.token_hash not in change.content.decode()
    assert admin_client.get("/admin/publishers/publishertoken/add/").status_code == 403
    admin_client.post(
        "/admin/publishers/publishertoken/",
        {"action": "revoke", "_selected_action": [stored.pk]},
    )
    assert PublisherToken.objects.get().revoked_at is not None
    assert_json_error(push(document(), token), 401)


def test_csrf_does_not_apply_to_token_authenticated_pushes(token):
    response = push(document(), token, client=Client(enforce_csrf_checks=True))
    assert response.status_code == 201
