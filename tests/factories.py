"""Factories for tests: real rows with sensible defaults, every field overridable."""

import hashlib
import itertools
import random
import string
from datetime import UTC, datetime, timedelta

from django.utils.text import slugify

from newsstand.articles.models import Article
from newsstand.publishers.models import Feed, Publisher, Section

_sequence = itertools.count(1)


def make_publisher(**fields) -> Publisher:
    n = next(_sequence)
    name = fields.pop("name", f"Publisher {n}")
    fields.setdefault("slug", slugify(name))
    fields.setdefault("homepage_url", f"https://{fields['slug']}.example/")
    return Publisher.objects.create(name=name, **fields)


def make_section(publisher: Publisher | None = None, **fields) -> Section:
    name = fields.pop("name", f"Section {next(_sequence)}")
    fields.setdefault("slug", slugify(name))
    return Section.objects.create(publisher=publisher or make_publisher(), name=name, **fields)


def make_feed(publisher: Publisher | None = None, **fields) -> Feed:
    publisher = publisher or make_publisher()
    fields.setdefault("url", f"https://{publisher.slug}.example/feed-{next(_sequence)}.xml")
    return Feed.objects.create(publisher=publisher, **fields)


def make_article(publisher: Publisher | None = None, **fields) -> Article:
    publisher = publisher or make_publisher()
    n = next(_sequence)
    fields.setdefault("guid", f"urn:test:{n}")
    fields.setdefault("url", f"https://{publisher.slug}.example/articles/{n}")
    fields.setdefault("canonical_url", fields["url"])
    fields.setdefault("title", f"Article number {n}")
    fields.setdefault("published_at", datetime(2024, 11, 1, 12, 0, tzinfo=UTC))
    fields.setdefault("body_text", f"Body of article {n}.")
    fields.setdefault("body_html", f"<p>Body of article {n}.</p>")
    fields.setdefault("word_count", len(fields["body_text"].split()))
    fields.setdefault("content_hash", hashlib.sha256(fields["body_text"].encode()).hexdigest())
    return Article.objects.create(publisher=publisher, **fields)


def news_text(seed: int, words: int = 120) -> str:
    """A text of its own: random words of its own, in lines, so no two seeds look alike."""
    rng = random.Random(seed)  # noqa: S311 - test text, not secrets
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(500)]
    picked = rng.choices(vocabulary, k=words)
    return "\n".join(" ".join(picked[i : i + 20]) + "." for i in range(0, words, 20))


def make_syndicated(text: str, publisher: Publisher, hours: int = 0, **fields) -> Article:
    """An outlet's run of a text, hours after noon on 1 November 2024: by default headed by
    its first words, with a line of the outlet's own furniture at the end."""
    fields.setdefault("title", " ".join(text.split()[:6]))
    fields.setdefault(
        "published_at", datetime(2024, 11, 1, 12, 0, tzinfo=UTC) + timedelta(hours=hours)
    )
    body = f"{text}\nread more from {publisher.slug} every morning."
    return make_article(publisher, body_text=body, **fields)
