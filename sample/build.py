"""Build the bundled sample corpus from the third-party data in ../shared/data.

    .venv/bin/python sample/build.py --data ../shared/data

Writes sample/publishers.json and sample/articles.jsonl. Deterministic: the same data gives
byte-identical files, so a rebuild shows up in a diff only when the recipe changes.
Nothing at run time reads ../shared; only this script does.
"""

import argparse
import csv
import hashlib
import html
import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent
RELEASE_FILES = ("2013-01.jsonl", "2024-11.jsonl", "2026-04.jsonl")

# Every member office that posted a joint statement in the data, so each joint statement in
# the sample appears under every office that issued it (real syndication, at least two each).
OFFICES = {
    "A000371", "C000880", "C001075", "C001101", "D000216", "H001046", "H001047", "H001076",
    "J000294", "K000367", "K000384", "L000174", "L000557", "L000570", "M001153", "M001176",
    "R000584", "S001198", "S001203", "W000779", "W000800", "W000805", "W000817",
}  # fmt: skip
OTHER_RELEASES_PER_OFFICE = 18
MIN_WORDS = 60
MAX_OTHER_CHARS = 9000
PARTY_LETTERS = {"Democrat": "D", "Republican": "R", "Independent": "I"}
FEED_FORMATS = ("rss", "atom", "json")
RELEASE_LICENCE = "US government work, not subject to copyright (17 U.S.C. §105)"

WIKINEWS_SECTIONS = {"1MEANTIME": "Economy and business", "2MEANTIME": "Science and technology"}
WIKINEWS_LICENCE = "CC BY 2.5 (Wikinews); text via NewsReader MEANTIME, CC BY 4.0"
WIKINEWS_CREDIT_LINE = (
    "From Wikinews, the free news source, under the Creative Commons Attribution 2.5 licence. "
    "Text via the NewsReader MEANTIME corpus (CC BY 4.0)."
)
TRANSLATION_CREDIT_LINE = (
    "Translated from Wikinews (Creative Commons Attribution 2.5) by the NewsReader MEANTIME "
    "project (CC BY 4.0)."
)
COPY_CREDIT_LINE = (
    "Originally published by Wikinews, the free news source, under the Creative Commons "
    "Attribution 2.5 licence. Text via the NewsReader MEANTIME corpus (CC BY 4.0)."
)
ENGLISH_DATELINE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" (\d{1,2}), (\d{4})\b"
)
SHORT_DATELINE = re.compile(r"\b(\d{1,2})-([A-Z][a-z]{2})-(\d{2})\b")

# The three simulated outlets: each republishes a share of the Wikinews stories with its own
# headline style, light text edits and boilerplate, as real syndication partners do.
OUTLETS = (
    {
        "slug": "harbour-times",
        "name": "Harbour Times (simulated outlet)",
        "country": "GB",
        "section": "Business",
        "feed_format": "rss",
        "share": 55,
        "lag_hours": 3,
        "byline": "Harbour Times business desk",
        "intro": "From the Harbour Times business desk.",
        "outro": "Subscribe to the Harbour Times newsletter for the day's business news, "
        "every morning at seven.",
    },
    {
        "slug": "prairie-ledger",
        "name": "Prairie Ledger (simulated outlet)",
        "country": "US",
        "section": "Markets and technology",
        "feed_format": "atom",
        "share": 50,
        "lag_hours": 6,
        "byline": "Prairie Ledger staff",
        "intro": "Prairie Ledger: independent coverage of markets and technology.",
        "outro": "Have a tip for the Prairie Ledger? Write to the newsroom; we read every message.",
    },
    {
        "slug": "southern-cross-wire",
        "name": "Southern Cross Wire (simulated outlet)",
        "country": "AU",
        "section": "World business",
        "feed_format": "json",
        "share": 45,
        "lag_hours": 10,
        "byline": "Southern Cross Wire",
        "intro": "Southern Cross Wire · World business",
        "outro": "Follow Southern Cross Wire for more world business news.",
    },
)
BRITISH_SPELLINGS = {
    "program": "programme",
    "defense": "defence",
    "Defense": "Defence",
    "airplane": "aeroplane",
    "airplanes": "aeroplanes",
    "center": "centre",
    "percent": "per cent",
    "organization": "organisation",
}
WIRE_WORDS = {
    "United States": "US",
    "announces": "unveils",
    "agreement": "deal",
    "company": "firm",
    "and": "&",
    "percent": "%",
    "Chief Executive Officer": "CEO",
    "chief executive": "CEO",
    "releases": "launches",
    "reports": "posts",
    "receives": "gets",
}
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
NAV_PARAGRAPHS = {
    "next article",
    "previous article",
    "next article previous article",
    "tweet",
    "print",
    "email",
    "share",
    "related files",
    "press releases",
    "get directions",
}
END_MARKER = re.compile(r"^(#\s*){3}$|^-30-$")
BARE_DATE = re.compile(r"^([A-Z][a-z]+, )?([A-Z][a-z]+ \d{1,2}, \d{4}|\d{2}\.\d{2}\.\d{2})$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SAMPLE_DIR.parent.parent / "shared" / "data")
    args = parser.parse_args()
    publishers, articles = build(args.data)
    (SAMPLE_DIR / "publishers.json").write_text(
        json.dumps(publishers, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with (SAMPLE_DIR / "articles.jsonl").open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(articles)} articles from {len(publishers)} publishers written to {SAMPLE_DIR}")


def build(data: Path) -> tuple[list[dict], list[dict]]:
    """All publishers and articles of the sample, sorted for a stable diff."""
    offices, releases = press_releases(data / "congress-press-releases" / "data")
    wikinews, originals = wikinews_articles(data / "meantime-wikinews")
    outlets, copies = outlet_copies(originals)
    publishers = sorted([*offices, wikinews, *outlets], key=lambda p: p["slug"])
    articles = releases + originals + copies
    assign_slugs(articles)
    articles.sort(key=lambda a: (a["publisher"], a["published_at"], a["guid"]))
    return publishers, articles


# --- Press releases ------------------------------------------------------------------------


def press_releases(folder: Path) -> tuple[list[dict], list[dict]]:
    """The chosen member offices as publishers, and their joint plus a spread of other releases."""
    by_member: dict[str, dict[str, dict]] = defaultdict(dict)
    for name in RELEASE_FILES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            member = record.get("member") or {}
            if member.get("bioguide_id") not in OFFICES or not record.get("date"):
                continue
            # The archive.org copies are whole pages (contacts, office addresses), not releases.
            if not record.get("text") or record["domain"] == "web.archive.org":
                continue
            paragraphs = release_paragraphs(record["text"], record["title"])
            if sum(len(p.split()) for p in paragraphs) >= MIN_WORDS:
                by_member[member["bioguide_id"]][record["url"]] = {
                    **record,
                    "paragraphs": paragraphs,
                }

    members_by_title: dict[str, set[str]] = defaultdict(set)
    for bioguide_id, records in by_member.items():
        for record in records.values():
            members_by_title[normalise_title(record["title"])].add(bioguide_id)
    joint_titles = {title for title, members in members_by_title.items() if len(members) > 1}

    publishers, articles = [], []
    for index, bioguide_id in enumerate(sorted(by_member)):
        records = sorted(by_member[bioguide_id].values(), key=lambda r: (r["date"], r["url"]))
        publisher = office_publisher(records[-1], FEED_FORMATS[index % len(FEED_FORMATS)])
        publishers.append(publisher)
        joint = [r for r in records if normalise_title(r["title"]) in joint_titles]
        others = [
            r
            for r in records
            if r not in joint and len("\n".join(r["paragraphs"])) <= MAX_OTHER_CHARS
        ]
        chosen = joint + spread(others, OTHER_RELEASES_PER_OFFICE)
        byline = records[-1]["member"]["name"]  # one name per office, however records spell it
        articles.extend(release_article(r, publisher, byline, joint_titles, chosen) for r in chosen)
    check_joint_statements(articles)
    return publishers, articles


def release_paragraphs(text: str, title: str) -> list[str]:
    """The release's own paragraphs: markup entities decoded, wrapped lines and nav removed."""
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        for line in (" ".join(raw.split()) for raw in block.split("\n")):
            if not line:
                continue
            # Legacy texts wrap lines mid-sentence: a line starting in lower case continues.
            if paragraphs and line[0].islower():
                paragraphs[-1] += " " + line
            else:
                paragraphs.append(line)
    kept: list[str] = []
    for paragraph in paragraphs:
        if END_MARKER.match(paragraph):
            break  # everything after "###" is the site's footer
        if paragraph.lower() in NAV_PARAGRAPHS or len(paragraph) <= 2:
            continue
        if BARE_DATE.match(paragraph) or normalise_title(paragraph) == normalise_title(title):
            continue
        kept.append(paragraph)
    return kept


def normalise_title(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", html.unescape(title or "").lower()).split())


def office_publisher(latest: dict, feed_format: str) -> dict:
    """A member's office as a publisher, named for the office the member held last."""
    member = latest["member"]
    chamber = chamber_of(latest)
    title = "Sen." if chamber == "Senate" else "Rep."
    party = PARTY_LETTERS.get(member["party"], member["party"][:1])
    office = "Senator" if chamber == "Senate" else "Representative"
    return {
        "slug": slugify(member["name"]),
        "name": f"{title} {member['name']} ({party}-{member['state']})",
        "homepage_url": f"https://{latest['domain']}/",
        "description": (
            f"Press releases from the office of U.S. {office} {member['name']} "
            f"({member['party']}, {member['state']}), as collected by the dwillis/congress-press "
            "project. US government work."
        ),
        "language": "en",
        "country": "US",
        "feed_format": feed_format,
        "section": chamber,
        "kind": "press-office",
    }


def chamber_of(record: dict) -> str:
    # The legacy 2013 records call every member "House"; the site's domain does not lie.
    return "Senate" if record["domain"].endswith("senate.gov") else "House"


def spread(records: list[dict], count: int) -> list[dict]:
    """Up to `count` records evenly spaced through the list, so every period is represented."""
    if len(records) <= count:
        return records
    step = len(records) / count
    return [records[int(i * step)] for i in range(count)]


def release_article(
    record: dict, publisher: dict, byline: str, joint_titles: set, chosen: list
) -> dict:
    same_day = sorted(r["url"] for r in chosen if r["date"] == record["date"])
    # The data give a day only: 14:00 UTC, then a few minutes apart, keeps the order stable.
    published = datetime.fromisoformat(record["date"]).replace(hour=14, tzinfo=UTC) + timedelta(
        minutes=9 * same_day.index(record["url"])
    )
    title = " ".join(html.unescape(record["title"]).split())
    normalised = normalise_title(title)
    return {
        "publisher": publisher["slug"],
        "guid": record["url"],
        "original_url": record["url"],
        "source_url": "",
        "title": title,
        "byline": byline,
        "authors": [byline],
        "published_at": iso(published),
        "section": chamber_of(record),
        "summary": summarise(record["paragraphs"]),
        "paragraphs": record["paragraphs"],
        "language": "en",
        "credit": "",
        "credit_line": "",
        "licence": RELEASE_LICENCE,
        "story_key": f"joint:{slugify(normalised)[:80]}" if normalised in joint_titles else "",
    }


def check_joint_statements(articles: list[dict]) -> None:
    publishers_by_story: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article["story_key"]:
            publishers_by_story[article["story_key"]].add(article["publisher"])
    lonely = [key for key, publishers in publishers_by_story.items() if len(publishers) < 2]
    if lonely:
        raise SystemExit(f"joint statements under one publisher only: {lonely}")


# --- Wikinews --------------------------------------------------------------------------------


def wikinews_articles(folder: Path) -> tuple[dict, list[dict]]:
    """Wikinews as a publisher, and every MEANTIME document with text (English or translated)."""
    publisher = {
        "slug": "wikinews",
        "name": "Wikinews",
        "homepage_url": "https://en.wikinews.org/",
        "description": (
            "Wikinews, the free news source: reports on Airbus, Boeing and Apple (2005-2011) "
            "as annotated by the NewsReader MEANTIME corpus. CC BY 2.5."
        ),
        "language": "en",
        "country": "",
        "feed_format": "atom",
        "section": "",
        "kind": "wikinews",
    }
    articles = []
    with (folder / "index.csv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index):
            text = json.loads((folder / row["path"]).read_text(encoding="utf-8"))["text"]
            if text.strip():
                articles.append(wikinews_article(row, text))
    return publisher, articles


def wikinews_article(row: dict, text: str) -> dict:
    headline, published, body = split_dateline(clean_tokens(text), row["date_from_text"])
    original_url = f"https://en.wikinews.org/w/index.php?curid={row['wikinews_id']}"
    is_translation = row["lang"] != "en"
    paragraphs = paragraphs_of(body)
    return {
        "publisher": "wikinews",
        "guid": original_url + (f"#{row['lang']}" if is_translation else ""),
        "original_url": original_url,
        "source_url": "",
        "title": headline or row["title"].rstrip("."),
        "byline": "Wikinews contributors",
        "authors": ["Wikinews contributors"],
        "published_at": iso(published),
        "section": WIKINEWS_SECTIONS.get(row["subcorpus"], "Economy and business"),
        "summary": summarise(paragraphs),
        "paragraphs": paragraphs,
        "language": row["lang"],
        "credit": "Wikinews" if is_translation else "",
        "credit_line": TRANSLATION_CREDIT_LINE if is_translation else WIKINEWS_CREDIT_LINE,
        "licence": WIKINEWS_LICENCE,
        "story_key": f"wikinews:{row['wikinews_id']}",
    }


def clean_tokens(text: str) -> str:
    """Undo MEANTIME's tokenisation where unambiguous: "$ 40", "# 13" (£), "3 %", ``quotes''."""
    text = re.sub(r"``\s*|\s*''", '"', text)
    text = re.sub(r"\$ (?=\d)", "$", text)
    text = re.sub(r"# (?=\d)", "£", text)
    text = re.sub(r"(?<=\d) %", "%", text)
    return re.sub(r" ([,;])", r"\1", text)


def split_dateline(text: str, indexed_date: str) -> tuple[str, datetime, str]:
    """Headline, date and body of a text that reads "<headline> <dateline> <body>".

    The date is index.csv's (parsed from the English dateline) where present, else the
    document's own dateline in either form ("March 01, 2008" or "14-Feb-07"), at 12:00 UTC.
    """
    match = ENGLISH_DATELINE.search(text) or SHORT_DATELINE.search(text)
    if match is None:
        raise SystemExit(f"no dateline in {text[:80]!r}")
    if indexed_date:
        day = datetime.fromisoformat(indexed_date)
    elif match.re is ENGLISH_DATELINE:
        day = datetime.strptime(match.group(0), "%B %d, %Y")  # noqa: DTZ007 - a day, set UTC below
    else:
        day = datetime.strptime(match.group(0), "%d-%b-%y")  # noqa: DTZ007 - a day, set UTC below
    published = day.replace(hour=12, tzinfo=UTC)
    return text[: match.start()].strip(), published, text[match.end() :].strip()


def paragraphs_of(body: str, sentences_per_paragraph: int = 3) -> list[str]:
    """MEANTIME keeps no paragraph breaks: group the sentences in threes."""
    sentences: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", body):
        # "U.S. Air Force", "Inc. said": an abbreviation is no sentence end.
        if sentences and re.search(
            r"(\b[A-Z]\.|\b(?:Mr|Mrs|Dr|Inc|Corp|Ltd|Co|St|No)\.)$", sentences[-1]
        ):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [
        " ".join(sentences[i : i + sentences_per_paragraph])
        for i in range(0, len(sentences), sentences_per_paragraph)
    ]


# --- Simulated outlets -----------------------------------------------------------------------


def outlet_copies(originals: list[dict]) -> tuple[list[dict], list[dict]]:
    """The simulated outlets and their republished copies of English Wikinews stories."""
    stories = [a for a in originals if a["language"] == "en"]
    publishers, copies = [], []
    for outlet in OUTLETS:
        publishers.append(
            {
                "slug": outlet["slug"],
                "name": outlet["name"],
                "homepage_url": "",
                "description": (
                    "A simulated outlet made up for Newsstand's sample corpus: it republishes "
                    "Wikinews stories with its own headlines and boilerplate. Not a real "
                    "publication."
                ),
                "language": "en",
                "country": outlet["country"],
                "feed_format": outlet["feed_format"],
                "section": outlet["section"],
                "kind": "simulated",
            }
        )
        chosen = [
            s for s in stories if stable_number(outlet["slug"], s["story_key"]) < outlet["share"]
        ]
        if not 20 <= len(chosen) <= 40:
            raise SystemExit(f"{outlet['slug']} would carry {len(chosen)} stories, not 20-40")
        copies.extend(outlet_copy(outlet, story) for story in chosen)
    return publishers, copies


def outlet_copy(outlet: dict, story: dict) -> dict:
    wikinews_id = story["story_key"].split(":", 1)[1]
    published = datetime.fromisoformat(story["published_at"]) + timedelta(
        hours=outlet["lag_hours"], minutes=stable_number(outlet["slug"], wikinews_id) // 2
    )
    body = edit_body(outlet["slug"], story["paragraphs"])
    return {
        "publisher": outlet["slug"],
        "guid": f"urn:newsstand-sample:{outlet['slug']}:{wikinews_id}",
        "original_url": "",
        "source_url": story["original_url"],
        "title": edit_headline(outlet["slug"], story["title"], story["section"]),
        "byline": outlet["byline"],
        "authors": [outlet["byline"]],
        "published_at": iso(published),
        "section": outlet["section"],
        "summary": summarise(body),
        "paragraphs": [outlet["intro"], *body, outlet["outro"]],
        "language": "en",
        "credit": "Wikinews",
        "credit_line": COPY_CREDIT_LINE,
        "licence": "CC BY 2.5 (Wikinews); text via NewsReader MEANTIME, CC BY 4.0; edited",
        "story_key": story["story_key"],
    }


def edit_headline(outlet: str, headline: str, section: str) -> str:
    """Each outlet's house style for a headline: title case, a kicker, or wire abbreviations."""
    if outlet == "harbour-times":
        words = headline.split()
        return " ".join(
            w if (i and w.lower() in SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
            for i, w in enumerate(words)
        )
    if outlet == "prairie-ledger":
        return f"{'Tech' if 'technology' in section else 'Aviation'}: {headline}"
    return wire_style(re.sub(r"^The ", "", headline))


def edit_body(outlet: str, paragraphs: list[str]) -> list[str]:
    """Light copy-desk edits: British spelling, a trimmed last paragraph, or wire abbreviations."""
    if outlet == "harbour-times":
        pattern = re.compile(r"\b(" + "|".join(BRITISH_SPELLINGS) + r")\b")
        return [pattern.sub(lambda m: BRITISH_SPELLINGS[m.group(1)], p) for p in paragraphs]
    if outlet == "prairie-ledger":
        return paragraphs[:-1] if len(paragraphs) > 2 else paragraphs
    return [re.sub(r"(\d) (b|m)illion\b", r"\1\2n", p).replace("mn", "m") for p in paragraphs]


def wire_style(headline: str) -> str:
    """Wire-desk headline shorthand: "bn", "US", "&", shorter verbs."""
    for long, short in WIRE_WORDS.items():
        headline = re.sub(rf"\b{long}\b", short, headline)
    return re.sub(r"(\d) (b|m)illion\b", r"\1\2n", headline).replace("mn", "m")


def stable_number(*parts: str) -> int:
    """A number in 0..99 fixed by its inputs: a deterministic stand-in for random choices."""
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest(), 16) % 100


# --- Shared ----------------------------------------------------------------------------------


def assign_slugs(articles: list[dict]) -> None:
    """A URL slug per article from its title, unique within its publisher."""
    taken: set[tuple[str, str]] = set()
    for article in sorted(articles, key=lambda a: (a["publisher"], a["published_at"], a["guid"])):
        base = slugify(article["title"])[:80].strip("-") or "article"
        slug, n = base, 1
        while (article["publisher"], slug) in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add((article["publisher"], slug))
        article["slug"] = slug


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def summarise(paragraphs: list[str], limit: int = 300) -> str:
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    main()
