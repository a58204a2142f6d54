import re

import pytest
from django.template.loader import get_template

pytestmark = pytest.mark.django_db


def test_base_page_starts_with_a_skip_link_and_has_landmarks(client):
    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    first_link = re.search(r"<a [^>]*>", html).group(0)
    assert 'href="#main"' in first_link
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "Newsstand</a>" in html
    assert "CC BY 2.5" in html


def test_pages_load_only_the_apps_own_assets(client):
    html = client.get("/").content.decode()

    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|svg|woff2?))"', html)
    assert assets
    assert all(url.startswith("/static/") for url in assets)


def test_stylesheet_is_served(client):
    response = client.get("/static/web/site.css")

    assert response.status_code == 200
    assert b"prefers-color-scheme: dark" in b"".join(response.streaming_content)


def test_server_error_page_renders_without_any_context():
    html = get_template("500.html").render()

    assert "Something went wrong" in html
    assert '<html lang="en">' in html
