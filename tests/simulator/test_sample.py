"""The bundled sample corpus: big enough, attributed, and holding real and simulated syndication.

These read sample/ only; test_build.py checks it against ../shared/data.
"""

import re
from collections import defaultdict
from datetime import UTC

from django.conf import settings

from newsstand.simulator.corpus import sample_feeds

BASE = "http://127.0.0.1:8001"


def publishers_by_story(corpus, prefix: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for article in corpus.all_articles():
        if article.story_key.startswith(prefix):
            groups[article.story_key].add(article.publisher)
    return groups


def test_sample_has_at_least_300_articles_from_at_least_10_publishers(corpus):
    assert len(corpus.all_articles()) >= 300
    assert sum(1 for slug in corpus.publishers if corpus.articles[slug]) >= 10


def test_sample_stays_small_enough_to_bundle():
    size = sum(p.stat().st_size for p in settings.SAMPLE_DIR.rglob("*") if p.is_file())
    assert size < 3_000_000


def test_every_joint_statement_appears_under_at_least_two_publishers(corpus):
    groups = publishers_by_story(corpus, "joint:")
    assert len(groups) >= 10
    assert all(len(publishers) >= 2 for publishers in groups.values())


def test_joint_statement_copies_share_their_normalised_title(corpus):
    titles = defaultdict(set)
    for article in corpus.all_articles():
        if article.story_key.startswith("joint:"):
            titles[article.story_key].add(" ".join(re.findall(r"[a-z0-9]+", article.title.lower())))
    assert all(len(variants) == 1 for variants in titles.values())


def test_some_wikinews_stories_appear_at_four_publishers(corpus):
    groups = publishers_by_story(corpus, "wikinews:")
    assert sum(1 for publishers in groups.values() if len(publishers) >= 3) >= 10
    assert any(len(publishers) == 4 for publishers in groups.values())


def test_wikinews_copies_at_simulated_outlets_carry_the_credit(corpus):
    outlets = [p for p in corpus.publishers.values() if p.kind == "simulated"]
    assert len(outlets) == 3
    for outlet in outlets:
        copies = corpus.articles[outlet.slug]
        assert 20 <= len(copies) <= 40
        for copy in copies:
            assert copy.credit == "Wikinews"
            assert copy.credit_line.startswith("Originally published by Wikinews")
            assert "Creative Commons Attribution 2.5" in copy.credit_line
            assert copy.source_url.startswith("https://en.wikinews.org/")


def test_each_outlet_frames_every_copy_with_its_own_boilerplate(corpus):
    for outlet in (p for p in corpus.publishers.values() if p.kind == "simulated"):
        copies = corpus.articles[outlet.slug]
        assert len({c.paragraphs[0] for c in copies}) == 1
        assert len({c.paragraphs[-1] for c in copies}) == 1


def test_outlets_rewrite_headlines_of_the_stories_they_copy(corpus):
    originals = {a.story_key: a.title for a in corpus.articles["wikinews"]}
    copies = [c for c in corpus.all_articles() if c.publisher != "wikinews" and c.credit]
    changed = [c for c in copies if c.title != originals[c.story_key]]
    assert len(changed) >= len(copies) // 2
    assert {c.publisher for c in changed} == {c.publisher for c in copies}


def test_simulated_outlets_say_so_in_name_and_description(corpus):
    for publisher in corpus.publishers.values():
        if publisher.kind == "simulated":
            assert "(simulated outlet)" in publisher.name
            assert "Not a real publication" in publisher.description


def test_press_releases_keep_member_and_original_url(corpus):
    offices = [p for p in corpus.publishers.values() if p.kind == "press-office"]
    assert len(offices) >= 10
    for office in offices:
        assert office.section in {"Senate", "House"}
        assert re.fullmatch(r"(Sen|Rep)\. .+ \([DRI]-[A-Z]{2}\)", office.name)
        for release in corpus.articles[office.slug]:
            assert release.byline in office.name
            assert release.original_url.startswith("http")
            assert release.guid == release.original_url


def test_guids_are_unique_per_publisher_and_never_name_a_host_or_port(corpus):
    for slug, articles in corpus.articles.items():
        assert len({a.guid for a in articles}) == len(articles), slug
        assert len({a.slug for a in articles}) == len(articles), slug
        for article in articles:
            assert "127.0.0.1" not in article.guid
            assert "localhost" not in article.guid
            assert not re.search(r":\d{2,5}/", article.guid)


def test_every_article_has_an_aware_utc_date_a_body_and_a_licence(corpus):
    for article in corpus.all_articles():
        assert article.published_at.tzinfo == UTC
        assert all((article.title, article.paragraphs, article.summary, article.licence))


def test_a_wikinews_translation_is_included_as_a_language_edition(corpus):
    languages = {a.language for a in corpus.articles["wikinews"]}
    assert {"en", "nl"} <= languages


def test_sample_feeds_give_one_primary_feed_per_publisher_on_the_base_url(corpus):
    feeds = sample_feeds(BASE + "/")
    assert len(feeds) == len(corpus.publishers)
    assert {f.format for f in feeds} == {"rss", "atom", "json"}
    for feed in feeds:
        assert feed.url == f"{BASE}/{feed.publisher_slug}/feed.{feed.format}"
        assert feed.homepage_url.startswith("http")
    outlet = next(f for f in feeds if f.publisher_slug == "harbour-times")
    assert outlet.homepage_url == f"{BASE}/harbour-times/"
    assert outlet.section_name == "Business"


def test_licence_texts_and_attribution_ship_with_the_sample():
    folder = settings.SAMPLE_DIR
    attribution = (folder / "ATTRIBUTION.md").read_text()
    for needle in ("Wikinews", "CC BY 2.5", "MEANTIME", "CC BY 4.0", "17 U.S.C. §105", "MIT"):
        assert needle in attribution
    assert (folder / "licenses" / "MEANTIME-CC-BY-4.0.txt").is_file()
    assert (folder / "licenses" / "congress-press-MIT.txt").is_file()
