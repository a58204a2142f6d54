"""Syndicated copies: near-duplicate detection as articles arrive, with MinHash and LSH.

An article's body, less its publisher's boilerplate lines, becomes word shingles and a MinHash
signature (stories/shingles.py). The signature is cut into BANDS bands of ROWS minima; articles
sharing a band are candidates, and a candidate is a copy when the signatures agree on at least
COPY_THRESHOLD of their minima (estimated Jaccard similarity of the shingle sets). Each new
article costs a fixed number of band look-ups plus at most BANDS * BUCKET_CAP candidate checks
(in practice a handful), however large the index grows.
"""

import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Protocol

import numpy as np

from newsstand.stories.shingles import (
    NUM_PERM,
    normalise_text,
    shingle_hashes,
    sign,
    similarity,
    stable_hash,
)

# 32 bands of 4 rows: a pair at Jaccard 0.5 shares a band with probability 0.87, at 0.7 with
# 0.9998, at 0.1 with 0.003, so candidates are few and true copies are rarely missed.
BANDS = 32
ROWS = NUM_PERM // BANDS
_BAND_SALT = np.array([stable_hash(f"band:{band}") for band in range(BANDS)], dtype=np.uint64)
# Chosen once for every data set (docs/benchmarks.md): copies with light edits and outlet
# boilerplate mostly measure 0.6 and up, and no two different sources about one event in
# wikinewssum reach 0.5; higher loses short copies, lower takes in heavier rewrites.
COPY_THRESHOLD = 0.5
# Below this many words (after boilerplate) a text is a brief, a caption or a stub: too little
# to tell a copy from two outlets' one-line items, so it is never declared a copy.
MIN_TOKENS = 25
# A bucket keeps only its first ids: the earliest articles are the ones a copy is matched to,
# and a capped bucket keeps the cost of a query flat when one text is copied thousands of times.
BUCKET_CAP = 64
# Opens BoilerplateFilter.snapshot()'s binary form (the JSON of earlier versions opens with "{").
_SNAPSHOT_MAGIC = b"boilerplate/2\n"


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An arriving article as copy detection sees it (the title is not compared: copies
    change headlines)."""

    id: str
    publisher: str
    title: str
    body: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """An article in the copy index: who published it, when, and its signature (bytes)."""

    id: str
    publisher: str
    published_at: datetime
    signature: bytes


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """An article found to copy an earlier one, with their estimated Jaccard similarity."""

    article_id: str
    duplicate_of: str
    similarity: float


class BandStore(Protocol):
    """Where the index keeps its LSH buckets and signatures (memory here; the database later)."""

    def get(self, band_keys: Sequence[int]) -> set[str]:
        """The ids of the articles in any of these buckets."""
        ...

    def add(self, band_keys: Sequence[int], article_id: str) -> None:
        """Put an article in these buckets (a full bucket takes no more ids)."""
        ...

    def load(self, article_ids: Iterable[str]) -> list[IndexedArticle]:
        """The indexed articles with these ids."""
        ...

    def save(self, article: IndexedArticle) -> None:
        """Store an article's signature and metadata."""
        ...

    def prefetch(self, band_keys: Iterable[int]) -> None:
        """Get ready to answer for these buckets (a store that reads them from elsewhere reads
        them all at once here, instead of at each get() and load())."""
        ...


class MemoryBandStore:
    """A BandStore in this process's memory, for tests, benchmarks and the offline command."""

    def __init__(self, bucket_cap: int = BUCKET_CAP) -> None:
        self.bucket_cap = bucket_cap
        # Most buckets hold one article: such a bucket is that article's ordinal alone, not a
        # list, and ordinals stand for ids, which keeps 100,000 articles' 3.2 million bucket
        # entries to a third of the memory lists of id strings take.
        self._buckets: dict[int, int | list[int]] = {}
        self._articles: list[IndexedArticle] = []
        self._ordinals: dict[str, int] = {}

    def get(self, band_keys: Sequence[int]) -> set[str]:
        """The ids of the articles in any of these buckets."""
        found: set[int] = set()
        for key in band_keys:
            bucket = self._buckets.get(key)
            if isinstance(bucket, int):
                found.add(bucket)
            elif bucket is not None:
                found.update(bucket)
        return {self._articles[ordinal].id for ordinal in found}

    def add(self, band_keys: Sequence[int], article_id: str) -> None:
        """Put an article in these buckets (a full bucket takes no more ids)."""
        ordinal = self._ordinals[article_id]
        for key in band_keys:
            bucket = self._buckets.setdefault(key, ordinal)
            if isinstance(bucket, int):
                if bucket != ordinal:
                    self._buckets[key] = [bucket, ordinal]
            elif len(bucket) < self.bucket_cap and ordinal not in bucket:
                bucket.append(ordinal)

    def load(self, article_ids: Iterable[str]) -> list[IndexedArticle]:
        """The indexed articles with these ids."""
        ordinals = (self._ordinals.get(article_id) for article_id in article_ids)
        return [self._articles[ordinal] for ordinal in ordinals if ordinal is not None]

    def save(self, article: IndexedArticle) -> None:
        """Store an article's signature and metadata (again: replace them)."""
        ordinal = self._ordinals.setdefault(article.id, len(self._articles))
        if ordinal == len(self._articles):
            self._articles.append(article)
        else:
            self._articles[ordinal] = article

    def prefetch(self, band_keys: Iterable[int]) -> None:
        """Nothing to read ahead: the buckets are here."""

    def __len__(self) -> int:
        return len(self._articles)


class BoilerplateFilter:
    """Learns each publisher's boilerplate lines (intros, outros, credits) and strips them.

    A line is boilerplate once it appears in min_articles of the publisher's recent articles.
    Each publisher keeps at most capacity line counts, least recently seen dropped first: a
    boilerplate line recurs in every article and stays, a story's own lines age out.
    """

    def __init__(self, min_articles: int = 3, capacity: int = 1024, max_line_words: int = 80):
        self.min_articles = min_articles
        self.capacity = capacity
        # Longer lines are reporting, not boilerplate: stripping them would empty an outlet's
        # updated versions of one story instead of its furniture.
        self.max_line_words = max_line_words
        self._counts: dict[str, OrderedDict[int, int]] = {}

    def strip(self, publisher: str, lines: list[list[str]]) -> list[list[str]]:
        """Count these lines (tokenised) for publisher and return those not its boilerplate."""
        counts = self._counts.setdefault(publisher, OrderedDict())
        kept: list[list[str]] = []
        seen: set[int] = set()
        for words in lines:
            if len(words) > self.max_line_words:
                kept.append(words)
                continue
            key = stable_hash(" ".join(words))
            if key not in seen:  # a line repeated inside one article counts once
                seen.add(key)
                counts[key] = counts.get(key, 0) + 1
                counts.move_to_end(key)
            if counts[key] < self.min_articles:
                kept.append(words)
        while len(counts) > self.capacity:
            counts.popitem(last=False)
        return kept

    def snapshot(self) -> bytes:
        """The learnt line counts, for restore() in another process.

        Binary: the live site saves it after every batch, and with hundreds of publishers of
        `capacity` lines each, JSON cost more than the batch's own copy detection. A JSON
        header names the publishers and their line counts' lengths; then every line's key
        (uint64) and its count (uint32), publisher after publisher, oldest line first.
        """
        header = json.dumps([[publisher, len(c)] for publisher, c in self._counts.items()])
        total = sum(len(c) for c in self._counts.values())
        keys = np.fromiter(chain.from_iterable(self._counts.values()), np.uint64, total)
        counts = np.fromiter(
            chain.from_iterable(c.values() for c in self._counts.values()), np.uint32, total
        )
        return b"".join([_SNAPSHOT_MAGIC, header.encode(), b"\n", keys.tobytes(), counts.tobytes()])

    @classmethod
    def restore(cls, data: bytes, **options: int) -> "BoilerplateFilter":
        """A filter that knows every publisher's boilerplate the snapshotted one knew (read
        from snapshot()'s binary form, or the JSON object of earlier versions)."""
        restored = cls(**options)
        if not data.startswith(_SNAPSHOT_MAGIC):
            for publisher, pairs in json.loads(data).items():
                restored._counts[publisher] = OrderedDict((key, count) for key, count in pairs)
            return restored
        header, _, arrays = data[len(_SNAPSHOT_MAGIC) :].partition(b"\n")
        publishers = json.loads(header)
        total = sum(length for _, length in publishers)
        keys = np.frombuffer(arrays, np.uint64, total).tolist()
        counts = np.frombuffer(arrays, np.uint32, total, offset=8 * total).tolist()
        start = 0
        for publisher, length in publishers:
            end = start + length
            restored._counts[publisher] = OrderedDict(
                zip(keys[start:end], counts[start:end], strict=True)
            )
            start = end
        return restored


def band_keys(signature: bytes) -> list[int]:
    """The LSH bucket keys of a signature: one signed 64-bit integer per band."""
    # A band's ROWS minima are already uniformly random, so folding them with one odd multiplier
    # per step is hash enough; the band's own salt keeps equal minima in two bands apart.
    pairs = np.frombuffer(signature, dtype="<u8").reshape(BANDS, ROWS // 2)
    keys = _BAND_SALT
    with np.errstate(over="ignore"):
        for column in range(ROWS // 2):
            keys = (keys ^ pairs[:, column]) * np.uint64(0x9E3779B97F4A7C15)
    # Signed, so a key fits a database BIGINT column as it is.
    return keys.view(np.int64).tolist()


class CopyIndex:
    """The index of articles' signatures that new articles are checked against."""

    def __init__(
        self, store: BandStore | None = None, boilerplate: BoilerplateFilter | None = None
    ) -> None:
        self.store: BandStore = store if store is not None else MemoryBandStore()
        self.boilerplate = boilerplate if boilerplate is not None else BoilerplateFilter()

    def signature(self, article: ArticleText) -> bytes | None:
        """The article's signature, its publisher's boilerplate left out; None for short texts.

        Learns the publisher's boilerplate from this article, so call it once per article.
        """
        lines = [words for line in article.body.splitlines() if (words := normalise_text(line))]
        tokens = [
            word for line in self.boilerplate.strip(article.publisher, lines) for word in line
        ]
        if len(tokens) < MIN_TOKENS:
            return None
        return sign(shingle_hashes(tokens))

    def add(
        self, article_id: str, publisher: str, published_at: datetime, signature: bytes
    ) -> None:
        """Index an article so later copies of it are found."""
        self.store.save(IndexedArticle(article_id, publisher, published_at, signature))
        self.store.add(band_keys(signature), article_id)

    def query(self, signature: bytes) -> list[tuple[IndexedArticle, float]]:
        """Indexed articles whose similarity to signature reaches COPY_THRESHOLD, with it."""
        candidates = self.store.load(sorted(self.store.get(band_keys(signature))))
        scored = (
            (candidate, similarity(signature, candidate.signature)) for candidate in candidates
        )
        return [(candidate, score) for candidate, score in scored if score >= COPY_THRESHOLD]


def detect_copy(article: ArticleText, index: CopyIndex) -> CopyMatch | None:
    """The earliest indexed article this one copies, or None; then index it for later copies."""
    return _match(article, index.signature(article), index)


def detect_copies(articles: Sequence[ArticleText], index: CopyIndex) -> list[CopyMatch | None]:
    """detect_copy() for each article in turn, the same answers, with the store's buckets
    read for the whole batch at once (a database store then costs a few queries a batch)."""
    signatures = [index.signature(article) for article in articles]  # in order: boilerplate
    index.store.prefetch(key for s in signatures if s is not None for key in band_keys(s))
    return [
        _match(article, signature, index)
        for article, signature in zip(articles, signatures, strict=True)
    ]


def _match(article: ArticleText, signature: bytes | None, index: CopyIndex) -> CopyMatch | None:
    if signature is None:
        return None
    matches = [(found, score) for found, score in index.query(signature) if found.id != article.id]
    index.add(article.id, article.publisher, article.published_at, signature)
    if not matches:
        return None
    earliest, score = min(matches, key=lambda match: (match[0].published_at, match[0].id))
    return CopyMatch(article.id, earliest.id, score)
