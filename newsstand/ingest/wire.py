"""Find which news agency (wire service) an article credits, from where credits are written.

A wire story republished by many outlets keeps its agency's credit in a few fixed places: the
rights line, the byline, a dateline such as "PARIS (AFP) —", or a first or last line such as
"Copyright 2021 The Associated Press". Only those places are read, so a story that merely cites
"a Reuters report" is not taken for a Reuters story.
"""

import re
from collections.abc import Iterable

from newsstand.ingest.sanitize import contains_any

# canonical name → how it is written; acronyms are matched case-sensitively (so "ap" and "pa"
# in prose never count), full names in any case. Longer names come first where one contains
# another ("Australian Associated Press" before "Associated Press").
WIRE_SERVICES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Australian Associated Press", ("Australian Associated Press",), ("AAP",)),
    ("Associated Press", ("Associated Press",), ("AP",)),
    ("Reuters", ("Thomson Reuters", "Reuters"), ()),
    ("AFP", ("Agence France-Presse", "Agence France Presse"), ("AFP",)),
    ("PA Media", ("PA Media", "Press Association"), ("PA",)),
    ("dpa", ("Deutsche Presse-Agentur",), ("dpa", "DPA")),
    ("Bloomberg", ("Bloomberg News", "Bloomberg"), ()),
    ("UPI", ("United Press International",), ("UPI",)),
    ("ANSA", ("Agenzia Nazionale Stampa Associata",), ("ANSA",)),
    ("EFE", ("Agencia EFE",), ("EFE",)),
    ("Kyodo", ("Kyodo News",), ("Kyodo",)),
    ("Xinhua", ("Xinhua News Agency", "Xinhua"), ()),
    ("Press Trust of India", ("Press Trust of India",), ("PTI",)),
    ("Yonhap", ("Yonhap News Agency", "Yonhap"), ()),
    ("The Canadian Press", ("The Canadian Press", "Canadian Press"), ("CP",)),
    ("ANP", ("Algemeen Nederlands Persbureau",), ("ANP",)),
    ("Wikinews", ("Wikinews",), ()),
)


def _alternation(names: Iterable[str], *, ignore_case: bool) -> str:
    """A regex alternation of names, each matched as whole words."""
    flag = "(?i:{})" if ignore_case else "{}"
    return "|".join(flag.format(r"\b" + re.escape(name) + r"\b") for name in names)


def _named_pattern(full: tuple[str, ...], short: tuple[str, ...]) -> str:
    """One agency's full names (any case) and acronyms (exact case) as one alternation."""
    parts = [_alternation(full, ignore_case=True)] if full else []
    if short:
        parts.append(_alternation(short, ignore_case=False))
    return "|".join(parts)


_AGENCY = re.compile(
    "|".join(
        f"(?P<w{index}>{_named_pattern(full, short)})"
        for index, (_, full, short) in enumerate(WIRE_SERVICES)
    )
)


def _without_longer(names: set[str]) -> tuple[str, ...]:
    """names less those that contain another of them (finding the shorter finds both)."""
    return tuple(sorted(name for name in names if not any(o != name and o in name for o in names)))


# A text that holds none of these holds no agency: a few substring tests say so many times
# sooner than _AGENCY, and most texts name none. "press" stands in for the eight names that hold
# it: eleven tests instead of eighteen, for a few more texts ("press conference") read in full.
_NAME_KEYS = _without_longer(
    {"press"} | {name.lower() for _, full, _ in WIRE_SERVICES for name in full}
)
# The acronyms, tested the same way in the text as it is (they are matched case-sensitively).
_ACRONYM_KEYS = _without_longer({a for _, _, short in WIRE_SERVICES for a in short})
# The only characters beyond ASCII that a case-insensitive pattern takes for ASCII letters.
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

# "WASHINGTON (AP) —", "BERLIN, June 3 (Reuters) -", "(AFP) -": a dateline opens the story.
_DATELINE = re.compile(r"^[^()\n]{0,80}?\((?P<agency>[^()\n]{2,40})\)\s*[-—\u2013:]")
DATELINE_REACH = 80 + 1 + 40 + 1  # where a dateline's ")" is at the latest
MAX_CREDIT_LINE = 300  # a longer line is prose, not a credit line

_CREDIT_LINE = re.compile(
    r"(?i:copyright|©|\(c\)|originally\s+published\s+(?:by|on|at|in)|"
    r"(?:first\s+)?published\s+(?:by|on)|source\s*:|credit\s*:|distributed\s+by|"
    r"this\s+(?:article|story)\s+(?:was|is)\s+(?:originally\s+)?(?:published|written|produced|"
    r"provided|reported)\s+by)"
)
# "The Associated Press contributed to this report": the outlet's own story, with wire input.
_CONTRIBUTED = re.compile(r"(?i:contributed|contributing|additional\s+reporting)")
_CREDIT_FILLER = re.compile(r"^[\s\d,:©()\u2013—-]*(?i:the\s+)?")
_DECORATION = " \t-—\u2013|·:.,;()[]"
_BYLINE_PREFIX = re.compile(r"^(?i:by)\s+")
_BYLINE_SEPARATORS = re.compile(r"(?i:[,;|/()&]|\s(?:and|for|with)\s|\s[-—\u2013]\s)")
_BYLINE_ROLE = re.compile(
    r"(?i:\s+(?:staff(?:\s+writers?)?|writers?|correspondents?|reporters?|journalists?))$"
)


def detect_wire_credit(text: str, byline: str = "", rights: str = "") -> str:
    """Return the canonical name of the wire service the article credits, or "" when none."""
    lines = [stripped for line in text.splitlines() if (stripped := line.strip())]
    first = lines[:1]
    last = lines[-2:] if len(lines) > 1 else []
    # What the checks below can read an agency from: a line too long for a credit line holds
    # one only in an opening dateline, which ends within DATELINE_REACH characters.
    places = [
        *(line if len(line) <= MAX_CREDIT_LINE else line[:DATELINE_REACH] for line in first),
        *(line for line in last if len(line) <= MAX_CREDIT_LINE),
    ]
    if not _may_name_an_agency("\n".join([rights, byline, *places])):
        return ""
    return (
        _agency_in(rights)
        or _agency_in_byline(byline)
        or (_agency_in_dateline(first[0]) if first else "")
        or next(filter(None, (_agency_in_credit_line(line) for line in first + last)), "")
    )


def _may_name_an_agency(text: str) -> bool:
    """False when text cannot hold any agency's name or acronym; True when it may."""
    if contains_any(text, _ACRONYM_KEYS):
        return True
    folded = (text if text.isascii() else text.translate(_ASCII_LOOKALIKES)).lower()
    return contains_any(folded, _NAME_KEYS)


def _agency_in(text: str) -> str:
    """The first agency named anywhere in text (used for fields that are credits throughout)."""
    match = _AGENCY.search(text)
    return _canonical(match) if match and not _CONTRIBUTED.search(text) else ""


def _agency_in_byline(byline: str) -> str:
    """The agency a byline names: "By Jane Doe, Associated Press", "Reuters", "AP Staff"."""
    # Whole parts only, so that "By Michael Bloomberg" stays a person.
    parts = _BYLINE_SEPARATORS.split(_BYLINE_PREFIX.sub("", byline.strip()))
    return next(filter(None, (_whole_agency(_BYLINE_ROLE.sub("", part)) for part in parts)), "")


def _agency_in_dateline(line: str) -> str:
    """The agency in the parentheses of a dateline that opens the story."""
    match = _DATELINE.match(line)
    return _whole_agency(match.group("agency")) if match else ""


def _agency_in_credit_line(line: str) -> str:
    """The agency of a credit line ("Copyright 2021 The Associated Press") or a bare sign-off."""
    if len(line) > MAX_CREDIT_LINE or _CONTRIBUTED.search(line):
        return ""
    for credit in _CREDIT_LINE.finditer(line):
        # The agency must follow its credit word closely: "© 2024 AFP", not "© Example; AFP".
        named = _AGENCY.match(_CREDIT_FILLER.sub("", line[credit.end() :], count=1))
        if named and named.lastgroup:
            return _canonical(named)
    return _whole_agency(line)


def _whole_agency(fragment: str) -> str:
    """The agency when fragment is nothing but its name (give or take "The" and punctuation)."""
    name = fragment.strip(_DECORATION)
    if name.lower().startswith("the "):
        name = name[4:]
    match = _AGENCY.fullmatch(name)
    return _canonical(match) if match else ""


def _canonical(match: re.Match[str]) -> str:
    """The canonical name of the agency whose named group matched."""
    return WIRE_SERVICES[int(match.lastgroup[1:])][0] if match.lastgroup else ""
