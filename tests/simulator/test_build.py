"""sample/build.py reproduces the committed sample from ../shared/data."""

import importlib.util
import json

import pytest
from django.conf import settings

DATA = settings.REPO_DIR.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(
    not (DATA / "congress-press-releases").is_dir() or not (DATA / "meantime-wikinews").is_dir(),
    reason=f"third-party data not found at {DATA} (../shared is absent in this checkout)",
)


def load_build_module():
    spec = importlib.util.spec_from_file_location("sample_build", settings.SAMPLE_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_reproduces_the_committed_sample_exactly():
    publishers, articles = load_build_module().build(DATA)
    committed_publishers = json.loads((settings.SAMPLE_DIR / "publishers.json").read_text())
    committed_articles = [
        json.loads(line)
        for line in (settings.SAMPLE_DIR / "articles.jsonl").read_text().splitlines()
    ]
    assert publishers == committed_publishers
    assert articles == committed_articles


def test_sample_includes_the_joint_statements_of_the_data():
    _, articles = load_build_module().build(DATA)
    joint = {a["story_key"] for a in articles if a["story_key"].startswith("joint:")}
    # The data hold 18 titles shared by several members; two are no joint statement: "113th
    # Congress takes office" (unrelated texts under one scraped title) and one member's repost.
    assert len(joint) >= 16
