"""Streaming TF-IDF: hashed sparse vectors and a running document-frequency table."""

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

HASH_BITS = 20  # 1M buckets: collisions are rare at news vocabulary sizes, the table is 4 MB
_MASK = (1 << HASH_BITS) - 1
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")

Vector = dict[int, float]  # hashed feature → weight


def hash_feature(feature: str) -> int:
    """A bucket for a feature that is the same in every process (unlike the salted hash())."""
    return zlib.crc32(feature.encode()) & _MASK


def words(text: str) -> list[str]:
    """Lower-cased content words of text, stop words dropped, plurals folded."""
    folded = text.lower().replace("\u2019", "'")  # typographic and plain apostrophes alike
    return [_singular(w) for w in _WORD.findall(folded) if w not in ENGLISH_STOP_WORDS]


def _singular(word: str) -> str:
    """Crude plural folding, so "earthquakes" meets "earthquake" without a stemmer."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def weighted_counts(parts: Iterable[tuple[Iterable[str], float]]) -> Counter[int]:
    """Hashed feature counts over several (features, weight) parts, e.g. title and lead."""
    counts: Counter[int] = Counter()
    for features, weight in parts:
        for feature in features:
            counts[hash_feature(feature)] += weight
    return counts


def sublinear_unit(counts: Counter[int]) -> Vector:
    """1 + log(tf) weights scaled to unit length, so long articles weigh no more than short."""
    vector = {key: 1.0 + math.log(count) for key, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {key: v / norm for key, v in vector.items()} if norm else {}


def add_into(total: Vector, vector: Vector) -> None:
    """Adds vector into total in place (a story centroid is a sum of its articles)."""
    for key, value in vector.items():
        total[key] = total.get(key, 0.0) + value


class DocumentFrequencies:
    """How many articles seen so far hold each hashed feature; IDF for a stream."""

    def __init__(self) -> None:
        self.counts = np.zeros(1 << HASH_BITS, dtype=np.int32)
        self.documents = 0

    def add(self, keys: Iterable[int]) -> None:
        """Counts one article holding these features."""
        self.counts[np.fromiter(keys, dtype=np.int64)] += 1
        self.documents += 1

    def idf(self, keys: list[int]) -> np.ndarray:
        """Smoothed IDF, log((1 + n) / (1 + df)) + 1, as sklearn's TfidfTransformer computes it."""
        df = self.counts[np.asarray(keys, dtype=np.int64)]
        return np.log((1.0 + self.documents) / (1.0 + df)) + 1.0

    def to_bytes(self) -> bytes:
        """The table, compressed (mostly zeros)."""
        return zlib.compress(self.counts.tobytes(), 1)

    @classmethod
    def from_bytes(cls, data: bytes, documents: int) -> "DocumentFrequencies":
        """A table read back from to_bytes()."""
        table = cls()
        table.counts = np.frombuffer(zlib.decompress(data), dtype=np.int32).copy()
        table.documents = documents
        return table
