"""Guess the language of an article's text when neither the page nor the feed states one.

py3langid ships its model inside the package, so nothing is downloaded at run time.
"""

import py3langid

MIN_WORDS = 20  # below this a guess is mostly noise: a headline reads as many languages
MAX_CHARS = 5000  # the opening of a long article decides its language as well as all of it


def detect_language(text: str) -> str:
    """The ISO 639-1 code of text's language, or "" when the text is too short to judge."""
    if len(text.split()) < MIN_WORDS:
        return ""
    language, _score = py3langid.classify(text[:MAX_CHARS])
    return language
