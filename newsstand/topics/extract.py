"""Topics of one article, with no database: keyphrases (YAKE) and named people,
organisations and places (rules over capitalised names, with gazetteers and cues).

The entity rules are for English; other languages get keyphrases only.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yake

from newsstand.topics import gazetteer

KEYPHRASE, PERSON, ORGANISATION, PLACE = "keyphrase", "person", "organisation", "place"
KINDS = (KEYPHRASE, PERSON, ORGANISATION, PLACE)
MAX_ENTITIES = 15
MAX_KEYPHRASES = 6
MAX_WORDS = 3000  # the top of a long article says what it is about; YAKE slows with length
MAX_NAME_WORDS = 6  # "Office of Foreign Assets Control"; longer runs are headline case
TITLE_BONUS = 2  # a name in the headline counts as two more mentions

# Sentence ends, but not after initials ("U.S.") or the usual titles ("Mr.").
_SENTENCE = re.compile(
    r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<=[.!?])[\"'\u201d\u2019]?\s+|\n+"
)
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w&][\w'\u2019&-]*|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# Lower-case words allowed inside a name when a capitalised word follows: "Bank of England".
_CONNECTORS = {"of", "for", "de", "du", "la", "von", "van", "der", "al", "bin", "&"}
_CREDIT_LINE = re.compile(r"copyright|\u00a9|all rights reserved", re.IGNORECASE)
_YAKE_DIR = Path(yake.__file__).parent / "core" / "StopwordsList"


@dataclass(frozen=True)
class Topic:
    """What an article is about: kind (KINDS), its display name, and weight in (0, 1]."""

    kind: str
    name: str
    weight: float


@dataclass
class _Mention:
    words: list[str]
    sentence_start: bool  # the run begins its sentence, where every word is capitalised
    before: str  # the lower-cased word before the run
    after: str  # the lower-cased word (or two) after the run
    in_title: bool


def extract_topics(title: str, body: str, language: str = "en") -> list[Topic]:
    """Keyphrases and, for English, people, organisations and places of one article,
    heaviest first within each kind."""
    body = " ".join(body.split(" ")[:MAX_WORDS])
    lang = (language or "en")[:2].lower()
    entities = _entities(title, body) if lang == "en" else []
    known = {word.lower() for topic in entities for word in topic.name.split()}
    return entities + _keyphrases(f"{title}.\n{body}", lang, known)


def _entities(title: str, body: str) -> list[Topic]:
    mentions = _mentions(body, in_title=False)
    if _is_sentence_case(title):
        mentions += _mentions(title, in_title=True)
    lower_words = set(re.findall(r"\b[a-z][\w'-]*", body))
    scores: dict[tuple[str, str], float] = defaultdict(float)
    names: dict[tuple[str, str], str] = {}
    in_body: set[tuple[str, str]] = set()
    surnames = _person_surnames(mentions, lower_words)
    for mention in mentions:
        found = _classify(mention, lower_words, surnames)
        if found is None:
            continue
        key = (found[0], found[1].lower())
        names.setdefault(key, found[1])
        scores[key] += TITLE_BONUS if mention.in_title else 1
        if not mention.in_title:
            in_body.add(key)
    # A title name the body never mentions is headline wording more often than a topic.
    scores = {key: score for key, score in scores.items() if key in in_body}
    ranked = sorted(scores, key=lambda key: (-scores[key], names[key]))[:MAX_ENTITIES]
    top = max(scores.values(), default=1)
    return [Topic(kind, names[(kind, key)], round(scores[(kind, key)] / top, 3))
            for kind, key in ranked]  # fmt: skip


def _mentions(text: str, in_title: bool) -> list[_Mention]:
    """Runs of capitalised words (with connectors inside) in each sentence of text."""
    found = []
    for sentence in _SENTENCE.split(text):
        if _CREDIT_LINE.search(sentence):
            continue  # "Copyright 2021 The Associated Press": the wire credit, not a topic
        tokens = _TOKEN.findall(sentence)
        index = 0
        while index < len(tokens):
            end = _run_end(tokens, index)
            if end == index:
                index += 1
                continue
            words = [_POSSESSIVE.sub("", word) for word in tokens[index:end]]
            after = " ".join(tokens[end : end + 2]).lower()
            before = _word_before(tokens, index)
            while len(words) > 1 and words[0].lower().rstrip(".") in gazetteer.NAME_TITLES:
                before = words.pop(0).lower().rstrip(".")  # "President Joe Biden": a cue
            if len(words) <= MAX_NAME_WORDS:
                found.append(_Mention(words, index == 0, before, after, in_title))
            index = end
    return found


def _word_before(tokens: list[str], index: int) -> str:
    """The lower-cased word before tokens[index], across one comma ("his wife, Choe Un Jong")
    or the full stop of an abbreviated title ("Dr. Okonkwo Adeyemi")."""
    if index >= 2 and tokens[index - 1] in {",", "."}:
        index -= 1
    return tokens[index - 1].lower() if index else ""


def _run_end(tokens: list[str], start: int) -> int:
    """The end of the name starting at tokens[start] (start itself when none starts there)."""
    end = start
    while end < len(tokens):
        token = tokens[end]
        if _is_capitalised(token):
            end += 1
            if _POSSESSIVE.search(token):
                break  # "Treasury's Office": the possessor is a name of its own
        elif (
            token in _CONNECTORS
            and end > start
            and end + 1 < len(tokens)
            and _is_capitalised(tokens[end + 1])
        ):
            end += 1
        else:
            break
    return end


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() and token.lower().rstrip(".") not in gazetteer.NOT_NAMES


def _is_sentence_case(title: str) -> bool:
    """Whether a headline capitalises only names (AP style), so its capitals mean something."""
    words = [word for word in re.findall(r"[A-Za-z][\w'-]*", title)[1:] if len(word) > 3]
    return bool(words) and sum(word[0].isupper() for word in words) / len(words) < 0.5


def _person_surnames(mentions: list[_Mention], lower_words: set[str]) -> dict[str, str]:
    """First and last word → full name of each name that has a person's cue or a known given
    name, so that later "Choe" or "Anwar" alone counts for the person."""
    surnames: dict[str, str] = {}
    given: dict[str, str] = {}
    for mention in mentions:
        words = mention.words
        capitalised = 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words)
        if capitalised and _looks_like_person(mention, lower_words):
            surnames[words[-1].lower()] = " ".join(words)
            given.setdefault(words[0].lower(), " ".join(words))
    return given | surnames  # a surname wins over someone's given name


def _looks_like_person(mention: _Mention, lower_words: set[str]) -> bool:
    words = mention.words
    if any(word.isupper() or word.lower() in gazetteer.ORGANISATION_TAILS for word in words):
        return False
    if " ".join(words).lower() in gazetteer.places():
        return False
    cue = mention.before in gazetteer.PERSON_TITLES or mention.after.split(" ")[0] in (
        gazetteer.PERSON_FOLLOWERS
    ) or mention.after in gazetteer.PERSON_FOLLOWERS  # fmt: skip
    return cue or (gazetteer.is_first_name(words[0]) and words[0].lower() not in lower_words)


def _classify(
    mention: _Mention, lower_words: set[str], surnames: dict[str, str]
) -> tuple[str, str] | None:
    """(kind, name) of a mention, or None when the rules cannot tell what it names."""
    words = mention.words
    if mention.sentence_start and words[0].lower() not in gazetteer.ORGANISATION_HEADS:
        if words[0].lower() in lower_words:
            words = words[1:]  # "Officials", "Police said": a common word capitalised to start
        elif len(words) > 2 and words[1] in _CONNECTORS:
            words = words[2:]  # "Shares of Acme Inc"
        if not words:
            return None
    name = " ".join(words)
    places = gazetteer.places()
    if name.lower() in places:
        return PLACE, places[name.lower()]
    if len(words) > 1 and name.endswith("n") and name[:-1].lower() in places:
        return PLACE, places[name[:-1].lower()]  # "North Korean" → North Korea
    if _is_organisation(words):
        return ORGANISATION, name
    if len(words) == 1 and words[0].lower() in surnames:
        return PERSON, surnames[words[0].lower()]  # "Choe said" after "Choe Chol Min"
    full_name = len(words) >= 2 and name in surnames.values()
    if full_name or (len(words) == 1 and mention.before in gazetteer.PERSON_TITLES):
        return PERSON, name
    return None


def _is_organisation(words: list[str]) -> bool:
    lowered = [word.lower().rstrip(".") for word in words]
    if lowered[-1] in gazetteer.ORGANISATION_TAILS:
        return True
    if len(words) > 2 and lowered[0] in gazetteer.ORGANISATION_HEADS and lowered[1] == "of":
        return True
    # An acronym: "NATO", "FBI", "OFAC" ("U.S." was caught as a place before).
    return len(words) == 1 and 2 <= len(words[0]) <= 5 and words[0].isupper() and words[0].isalpha()


def _keyphrases(text: str, lang: str, names: set[str]) -> list[Topic]:
    """YAKE's best phrases of common words; names are left to the entity rules."""
    found, stems = [], []
    for phrase, score in _yake(lang).extract_keywords(text):
        words = phrase.split()
        if any(word[:1].isupper() or word.lower() in names for word in words):
            continue
        if any(word.lower() in gazetteer.NOT_NAMES or word.isdigit() for word in words):
            continue
        stem = " ".join(word.lower().removesuffix("s") for word in words)
        if any(stem in seen for seen in stems):
            continue  # "missile" after "ballistic missiles", "couple" after "couple accused"
        stems.append(stem)
        found.append((phrase.lower(), float(score)))
        if len(found) == MAX_KEYPHRASES:
            break
    best = found[0][1] if found else 1.0
    return [Topic(KEYPHRASE, phrase, round(best / score, 3) if score else 1.0)
            for phrase, score in found]  # fmt: skip


@cache
def _yake(lang: str) -> yake.KeywordExtractor:
    """One extractor per language; YAKE's own stop-word list where it has one."""
    if not (_YAKE_DIR / f"stopwords_{lang}.txt").exists():
        lang = "noLang"
    return yake.KeywordExtractor(lan=lang, n=2, dedup_lim=0.7, top=40)
