"""The installable app: manifest, icons, service worker at the root, offline page."""

import json
import struct

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_manifest_is_served_as_a_web_app_manifest_with_png_icons(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Newsstand"
    assert data["start_url"].startswith("/")
    assert data["display"] == "standalone"
    assert data["theme_color"]
    assert data["background_color"]
    sizes = {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])


@pytest.mark.parametrize("name", ["icon-192.png", "icon-512.png", "maskable-512.png"])
def test_each_png_icon_is_a_png_of_its_stated_size(name):
    path = finders.find(f"web/icons/{name}")
    data = open(path, "rb").read()  # noqa: SIM115 - a few kilobytes, read once

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == height == int(name.split("-")[1].split(".")[0])


def test_every_page_links_the_manifest_and_the_app_script(client):
    html = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'src="/static/web/app.js"' in html


def test_service_worker_is_served_from_the_root_as_javascript_never_cached(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # at the root, its scope is the site already


def test_service_worker_caches_the_shell_and_the_readers_saved_articles(client):
    body = client.get("/sw.js").content.decode()

    for url in ["/offline/", "/static/web/site.css", "/static/web/app.js", "/static/web/icons/"]:
        assert url in body
    assert '"/saved/urls.json"' in body
    assert "&quot;" not in body  # JSON, not HTML-escaped
    assert 'request.mode === "navigate"' in body  # pages: network first, cache as fallback


def test_service_worker_version_changes_when_a_shell_file_changes(client, settings):
    before = client.get("/sw.js").content
    settings.STATIC_URL = "/assets/"

    assert client.get("/sw.js").content != before


def test_offline_page_exists_and_says_what_works_offline(client):
    response = client.get("/offline/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are offline" in html
    assert "save" in html.lower()


def test_shell_files_are_all_served(client):
    body = client.get("/sw.js").content.decode()
    shell = json.loads(body.split("const SHELL_URLS = ", 1)[1].split(";", 1)[0])

    for url in shell:
        response = client.get(url)
        assert response.status_code == 200, url
