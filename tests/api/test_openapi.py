"""The API's OpenAPI description: what a publisher's developer reads at /api/docs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BEARER = [{"PublisherBearer": []}]


def test_openapi_lists_the_push_operations_with_bearer_security():
    schema = Client().get("/api/openapi.json").json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("Newsstand API", "1")
    operations = {
        (method, path): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert sorted(operations) == [
        ("delete", "/api/ingest/ninjs/{uri}"),
        ("post", "/api/ingest/ninjs"),
        ("put", "/api/ingest/ninjs/{uri}"),
    ]
    assert all(operation["security"] == BEARER for operation in operations.values())
    assert schema["components"]["securitySchemes"]["PublisherBearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    post = operations[("post", "/api/ingest/ninjs")]
    assert set(post["responses"]) == {"200", "201", "400", "401", "413", "422"}
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["uri", "version"]
    assert set(operations[("delete", "/api/ingest/ninjs/{uri}")]["responses"]) == {
        "204",
        "401",
        "404",
    }


def test_docs_page_is_served():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
