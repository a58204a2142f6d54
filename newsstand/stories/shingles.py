"""Words, word shingles and MinHash signatures, hashed the same way in every process.

A signature is NUM_PERM unsigned 32-bit minima, one per hash function, stored as bytes
(little-endian), so it can sit in a database column and be compared by any worker. Hashes never
use Python's hash(), which is salted per process.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np
import numpy.typing as npt

NUM_PERM = 128
SHINGLE_SIZE = 3
SIGNATURE_BYTES = NUM_PERM * 4

_WORD = re.compile(r"\w+")
_SEED = 20250601  # fixed: changing it changes every stored signature

Hashes = npt.NDArray[np.uint64]


def normalise_text(text: str) -> list[str]:
    """The words of text, compatibility-folded and case-folded, punctuation dropped."""
    if not text.isascii():  # most news text is ASCII; folding is only needed for the rest
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str], k: int = SHINGLE_SIZE) -> list[str]:
    """The k-word shingles of tokens, as space-joined strings (one, when fewer than k words)."""
    if len(tokens) <= k:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]


@lru_cache(maxsize=1 << 17)
def token_hash(token: str) -> int:
    """A stable 64-bit hash of one word (cached: news vocabulary repeats heavily)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")


def stable_hash(text: str) -> int:
    """A stable 64-bit hash of a string, the same in every process and on every machine."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _mix(values: Hashes) -> Hashes:
    """SplitMix64's finaliser: spreads every input bit over the whole 64-bit word."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _constants(count: int, salt: int) -> Hashes:
    """count fixed pseudo-random odd 64-bit constants derived from the seed."""
    raw = [stable_hash(f"{_SEED}:{salt}:{index}") | 1 for index in range(count)]
    return np.array(raw, dtype=np.uint64)


_POSITION = _constants(8, salt=0)  # room for shingles of up to 8 words
_MULTIPLY = (_constants(NUM_PERM, salt=1) >> np.uint64(32)).astype(np.uint32) | np.uint32(1)
_ADD = (_constants(NUM_PERM, salt=2) >> np.uint64(32)).astype(np.uint32)


def shingle_hashes(tokens: list[str], k: int = SHINGLE_SIZE) -> Hashes:
    """64-bit hashes of the k-word shingles of tokens, computed from per-word hashes at once."""
    words = np.array(list(map(token_hash, tokens)), dtype=np.uint64)
    # Fewer than k words make one shorter shingle, as shingles() does.
    count = max(len(words) - k + 1, 1)
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        # A position-weighted sum, so "a b c" and "c b a" differ; wraps modulo 2**64 by design.
        for offset in range(min(k, len(words))):
            combined += words[offset : offset + count] * _POSITION[offset]
        return _mix(combined)


def sign(hashes: Hashes) -> bytes:
    """The MinHash signature of a set of shingle hashes: NUM_PERM 32-bit minima, as bytes."""
    # Each permutation is x → a·x + b modulo 2**32 (a odd: a bijection) over the top 32 bits of
    # well-mixed shingle hashes. 32-bit arithmetic halves the work of 64-bit; measured against
    # exact Jaccard its estimates are as unbiased and as tight as 64-bit universal hashing.
    values = (hashes >> np.uint64(32)).astype(np.uint32)
    with np.errstate(over="ignore"):
        permuted = values[:, None] * _MULTIPLY
        permuted += _ADD
    return permuted.min(axis=0).astype("<u4").tobytes()


def signature_array(signature: bytes) -> npt.NDArray[np.uint32]:
    """A stored signature as an array of NUM_PERM minima (no copy)."""
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError(f"a signature is {SIGNATURE_BYTES} bytes, not {len(signature)}")
    return np.frombuffer(signature, dtype="<u4")


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of agreeing minima."""
    return float(np.count_nonzero(signature_array(first) == signature_array(second))) / NUM_PERM


def exact_jaccard(first: list[str], second: list[str], k: int = SHINGLE_SIZE) -> float:
    """Exact Jaccard similarity of two token lists' shingle sets (for evaluation and tests)."""
    a, b = set(shingles(first, k)), set(shingles(second, k))
    return len(a & b) / len(a | b) if a or b else 0.0
