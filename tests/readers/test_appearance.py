import re

import pytest

from newsstand.readers.appearance import TEXT_SIZE_COOKIE, THEME_COOKIE
from newsstand.readers.models import ReadingPreferences

pytestmark = pytest.mark.django_db


def test_by_default_pages_follow_the_system_theme_at_normal_size(client):
    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "readers/readers.css" in html


def test_stylesheet_overrides_the_system_theme_both_ways_and_scales_text(client):
    css = b"".join(client.get("/static/readers/readers.css").streaming_content).decode()

    assert 'html[data-theme="dark"]' in css
    assert 'html[data-theme="light"]' in css
    for size in ("small", "large", "x-large"):
        assert f'html[data-text-size="{size}"]' in css


def test_anyone_can_choose_a_theme_kept_in_cookies_and_applied_on_html(client):
    response = client.post("/appearance/", {"theme": "dark", "text_size": "x-large"})

    assert response.status_code == 302
    assert response.cookies[THEME_COOKIE].value == "dark"
    assert response.cookies[TEXT_SIZE_COOKIE].value == "x-large"
    assert response.cookies[THEME_COOKIE]["samesite"] == "Lax"
    html = client.get("/").content.decode()
    assert '<html lang="en" data-theme="dark" data-text-size="x-large">' in html
    assert not ReadingPreferences.objects.exists()


def test_a_signed_in_readers_choice_is_stored_and_follows_them(reader_client, reader, client):
    reader_client.post("/appearance/", {"theme": "light", "text_size": "large"})

    stored = ReadingPreferences.objects.get(reader=reader)
    assert (stored.theme, stored.text_size) == ("light", "large")
    reader_client.cookies.clear()  # another device: no cookies, just the session
    reader_client.force_login(reader)
    html = reader_client.get("/").content.decode()
    assert '<html lang="en" data-theme="light" data-text-size="large">' in html


def test_a_forged_cookie_changes_nothing(client):
    client.cookies[THEME_COOKIE] = '"><script>alert(1)</script>'
    client.cookies[TEXT_SIZE_COOKIE] = "huge"

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "<script>alert(1)" not in html


def test_an_invalid_choice_shows_the_form_again(client):
    response = client.post("/appearance/", {"theme": "purple", "text_size": "normal"})

    assert response.status_code == 200
    assert THEME_COOKIE not in response.cookies


def test_settings_page_shows_the_current_choice_with_labelled_radios(client):
    client.cookies[THEME_COOKIE] = "dark"

    html = client.get("/appearance/").content.decode()

    assert "<legend>Theme</legend>" in html
    assert "<legend>Text size</legend>" in html
    assert re.search(r'<input type="radio" name="theme" value="dark"[^>]*checked', html)
    assert "Same as my device" in html
    assert "csrfmiddlewaretoken" in html
