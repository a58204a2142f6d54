"""static/web/app.js, run under Node with a stand-in page: dates in the reader's zone and "ago"."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")

# Just enough of a page for app.js: <time> elements, no service worker, no storage.
HARNESS = """
const times = %(times)s.map(([dateTime, style]) =>
  ({dateTime, dataset: style ? {style} : {}, textContent: "", title: ""}));
globalThis.document = {
  querySelectorAll: (selector) => selector === "time[datetime]" ? times : [],
  querySelector: () => null,
  addEventListener: () => {},
};
globalThis.window = {addEventListener: () => {}};
globalThis.setInterval = () => 0;
Object.defineProperty(globalThis, "navigator", {value: {}});
Date.now = () => Date.parse("2024-11-01T15:00:00Z");
require(%(script)s);
console.log(JSON.stringify(times.map((t) => [t.textContent, t.title])));
"""


def run_app_script(times: list[tuple[str, str]], zone: str) -> list[list[str]]:
    script = Path(finders.find("web/app.js")).resolve()
    source = HARNESS % {"times": json.dumps(times), "script": json.dumps(str(script))}
    env = {**os.environ, "TZ": zone, "LANG": "en_US.UTF-8"}
    result = subprocess.run(
        [shutil.which("node"), "-e", source], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout)


def test_absolute_dates_show_in_the_readers_time_zone():
    [[text, _]] = run_app_script([("2024-11-01T12:00:00+00:00", "")], "America/New_York")

    assert "8:00" in text  # noon UTC is 8 a.m. in New York in November (EDT)
    assert "2024" in text


def test_relative_dates_read_ago_with_the_local_date_as_tooltip():
    [[text, title]] = run_app_script([("2024-11-01T12:00:00+00:00", "relative")], "Asia/Tokyo")

    assert text == "3 hours ago"
    assert "9:00" in title  # 21:00 in Tokyo, in the reader's own clock format


def test_dates_in_the_future_or_under_a_minute_read_just_now():
    future, fresh = "2024-11-01T16:00:00+00:00", "2024-11-01T14:59:30+00:00"

    results = run_app_script([(future, "relative"), (fresh, "relative")], "UTC")

    assert [text for text, _ in results] == ["just now", "just now"]


def test_a_date_without_a_time_is_left_as_written():
    [[text, _]] = run_app_script([("2024-11-01", "")], "UTC")

    assert text == ""
