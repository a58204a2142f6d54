"""`newsstand fetch --all --once` over the bundled sample, served by the publisher simulator."""

import json

import pytest
from django.core.management import call_command

from newsstand.articles.models import Article
from newsstand.publishers.models import Feed
from newsstand.publishers.services import do_add_feed
from newsstand.simulator.corpus import sample_feeds
from newsstand.simulator.server import run_in_thread

pytestmark = [pytest.mark.django_db, pytest.mark.network]


@pytest.fixture
def sample_feeds_subscribed(settings):
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    with run_in_thread() as base_url:
        for feed in sample_feeds(base_url):
            do_add_feed(
                feed.url, feed.publisher_name, feed.section_name, homepage_url=feed.homepage_url
            )
        yield


def test_fetch_all_once_ingests_the_whole_sample_then_refetch_is_all_not_modified(
    sample_feeds_subscribed, capsys
):
    call_command("fetch", "--all", "--once")
    first = capsys.readouterr().out
    assert Article.objects.count() >= 300
    assert Article.objects.values("publisher").distinct().count() >= 10
    assert Feed.objects.filter(error_count__gt=0).count() == 0
    assert "feeds failed" in first

    call_command("fetch", "--all", "--once")
    second = capsys.readouterr().out
    feeds = Feed.objects.count()
    assert second.count(": not modified") == feeds
    assert f"{feeds} feeds fetched: 0 new articles, 0 feeds failed" in second


def test_every_sample_item_is_one_article_and_joint_statements_span_offices(
    sample_feeds_subscribed, settings
):
    call_command("fetch", "--all", "--once")
    records = (settings.SAMPLE_DIR / "articles.jsonl").read_text().splitlines()
    assert Article.objects.count() == len(records)
    offices_by_title = {}
    for publisher_id, title in Article.objects.values_list("publisher_id", "title"):
        offices_by_title.setdefault(title.casefold(), set()).add(publisher_id)
    assert sum(len(offices) >= 2 for offices in offices_by_title.values()) >= 10


def test_wikinews_copies_at_simulated_outlets_credit_wikinews(sample_feeds_subscribed):
    call_command("fetch", "--all", "--once")
    copies = Article.objects.filter(publisher__name__contains="(simulated outlet)")
    assert copies.count() >= 60
    assert set(copies.values_list("wire_credit", flat=True)) == {"Wikinews"}


def test_fetch_all_on_a_terminal_shows_a_progress_bar(sample_feeds_subscribed, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    call_command("fetch", "--all", "--once")
    out = capsys.readouterr().out
    feeds = Feed.objects.count()
    assert f"\r[{'#' * 30}] {feeds}/{feeds} feeds\n" in out


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
def test_each_wikinews_report_and_its_copies_become_one_story_credited_to_wikinews(
    sample_feeds_subscribed, settings
):
    call_command("fetch", "--all", "--once")
    call_command("worker", "--batch", verbosity=0)

    assert not Article.objects.filter(story__isnull=True).exists()
    records = [json.loads(line) for line in (settings.SAMPLE_DIR / "articles.jsonl").open()]
    groups: dict[str, list[str]] = {}
    for record in records:
        if record["story_key"].startswith("wikinews:"):
            groups.setdefault(record["story_key"], []).append(record["guid"])
    articles = {
        a.guid: a for a in Article.objects.select_related("story", "publisher", "duplicate_of")
    }
    copied = 0
    for guids in groups.values():
        group = [articles[guid] for guid in guids]
        if len(group) < 2:
            continue
        copied += 1
        [original] = [a for a in group if a.publisher.name == "Wikinews"]
        assert {a.story_id for a in group} == {original.story_id}
        assert original.duplicate_of_id is None
        assert all(a.duplicate_of_id == original.pk for a in group if a != original)
        assert (original.story.origin_name, original.story.origin_kind) == ("Wikinews", "wire")
    assert copied >= 50
