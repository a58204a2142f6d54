"""Cheap entity cues for story clustering: capitalised names and numbers, no model."""

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_TOKEN = re.compile(r"[A-Za-z][\w'\u2019\-]*|\d+(?:[.,]\d+)*")
# Words that start capitalised sentences and headlines but name nothing.
_NOT_NAMES = ENGLISH_STOP_WORDS | {"said", "says", "according", "update", "breaking", "news"}
MAX_NAME_WORDS = 4  # longer capitalised runs are headline case, not names


def extract_entities(text: str) -> list[str]:
    """Lower-cased names (single and multi-word) and numbers found in text, in order."""
    found: list[str] = []
    for sentence in _SENTENCE.split(text):
        found.extend(_sentence_entities(_TOKEN.findall(sentence)))
    return found


def _sentence_entities(tokens: list[str]) -> list[str]:
    """Entities of one sentence's tokens: runs of capitalised words, and numbers."""
    found: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token[:1].isdigit():
            # Two-digit and longer numbers (years, tolls, magnitudes) tell events apart.
            if len(token) > 1:
                found.append(token.replace(",", ""))
        elif token[:1].isupper() and token.lower() not in _NOT_NAMES:
            run.append(_POSSESSIVE.sub("", token.lower()))
            continue
        found.extend(_names(run))
        run = []
    return found


def _names(run: list[str]) -> list[str]:
    """Each word of a capitalised run, plus the run itself when it is short enough to be a name."""
    names = list(run)
    if 1 < len(run) <= MAX_NAME_WORDS:
        names.append(" ".join(run))
    return names
