"""The bundled sample corpus (sample/publishers.json, sample/articles.jsonl) as plain data.

Loaded once per process and folder; nothing here touches the database, so the simulator and
`newsstand up` can read it before Django's models are set up.
"""

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings

FEED_FORMATS = ("rss", "atom", "json")


@dataclass(frozen=True)
class SamplePublisher:
    """One publisher of the sample, with the feed format it offers first."""

    slug: str
    name: str
    homepage_url: str  # "" for the simulated outlets: their home is the simulator
    description: str
    language: str
    country: str
    feed_format: str  # "rss", "atom" or "json"
    section: str
    kind: str  # "press-office", "wikinews" or "simulated"

    @property
    def is_free(self) -> bool:
        """Public-domain press releases and Wikinews stay free to read; the simulated outlets
        sit behind the membership paywall, so the sample shows both."""
        return self.kind != "simulated"


@dataclass(frozen=True)
class SampleArticle:
    """One article as its publisher would serve it."""

    publisher: str
    slug: str
    guid: str
    original_url: str  # "" where the simulator's own page is the original
    source_url: str  # the story a copy was republished from, "" otherwise
    title: str
    byline: str
    authors: tuple[str, ...]
    published_at: datetime  # aware, UTC
    section: str
    summary: str
    paragraphs: tuple[str, ...]
    language: str
    credit: str  # the origin a copy credits ("Wikinews"), "" for originals
    credit_line: str  # the attribution sentence ending the article, "" if none
    licence: str
    story_key: str  # the same for every copy of one story ("wikinews:<id>", "joint:<title>")


@dataclass(frozen=True)
class SampleCorpus:
    """All publishers (by slug) and each publisher's articles, newest first."""

    publishers: dict[str, SamplePublisher]
    articles: dict[str, tuple[SampleArticle, ...]]

    def article(self, publisher: str, slug: str) -> SampleArticle | None:
        """The publisher's article with that URL slug, or None."""
        return next((a for a in self.articles.get(publisher, ()) if a.slug == slug), None)

    def all_articles(self) -> list[SampleArticle]:
        return [article for articles in self.articles.values() for article in articles]


@dataclass(frozen=True)
class SampleFeed:
    """One feed of the sample on a running simulator, as `newsstand up` registers it."""

    publisher_name: str
    publisher_slug: str
    homepage_url: str
    description: str
    language: str
    country: str
    section_name: str
    url: str
    format: str
    is_free: bool = False


def load_corpus(sample_dir: Path | str | None = None) -> SampleCorpus:
    """The sample in `sample_dir` (default settings.SAMPLE_DIR), read once per process."""
    return _load(Path(sample_dir or settings.SAMPLE_DIR).resolve())


@functools.cache
def _load(folder: Path) -> SampleCorpus:
    publishers = {
        record["slug"]: SamplePublisher(**record)
        for record in json.loads((folder / "publishers.json").read_text(encoding="utf-8"))
    }
    by_publisher: dict[str, list[SampleArticle]] = {slug: [] for slug in publishers}
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            by_publisher[record["publisher"]].append(
                SampleArticle(
                    **{
                        **record,
                        "authors": tuple(record["authors"]),
                        "paragraphs": tuple(record["paragraphs"]),
                        "published_at": datetime.fromisoformat(record["published_at"]),
                    }
                )
            )
    articles = {
        slug: tuple(sorted(items, key=lambda a: (a.published_at, a.guid), reverse=True))
        for slug, items in by_publisher.items()
    }
    return SampleCorpus(publishers=publishers, articles=articles)


def feed_path(publisher_slug: str, feed_format: str) -> str:
    """The path of one publisher's feed in one format on the simulator."""
    if feed_format not in FEED_FORMATS:
        raise ValueError(f"unknown feed format {feed_format!r}")
    return f"/{publisher_slug}/feed.{feed_format}"


def homepage_url(publisher: SamplePublisher, base_url: str) -> str:
    """The publisher's real home page, or its page on the simulator for a simulated outlet."""
    return publisher.homepage_url or f"{base_url.rstrip('/')}/{publisher.slug}/"


def sample_feeds(base_url: str, sample_dir: Path | str | None = None) -> list[SampleFeed]:
    """Each sample publisher's feed in its primary format on the simulator at `base_url`."""
    return corpus_feeds(load_corpus(sample_dir), base_url)


def corpus_feeds(corpus: SampleCorpus, base_url: str) -> list[SampleFeed]:
    """Each of the corpus's publishers' feed in its primary format at `base_url`."""
    base_url = base_url.rstrip("/")
    return [
        SampleFeed(
            publisher_name=publisher.name,
            publisher_slug=publisher.slug,
            homepage_url=homepage_url(publisher, base_url),
            description=publisher.description,
            language=publisher.language,
            country=publisher.country,
            section_name=publisher.section,
            url=base_url + feed_path(publisher.slug, publisher.feed_format),
            format=publisher.feed_format,
            is_free=publisher.is_free,
        )
        for publisher in corpus.publishers.values()
    ]
