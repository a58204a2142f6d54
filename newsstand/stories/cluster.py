"""Incremental story clustering: each arriving article joins the best recent story or starts one.

An article is compared with the centroids of the stories still open in the time window, never
with all articles: an inverted index over each open story's top terms and entities yields a
bounded candidate set, and stories leave the index when the window passes them by, so the cost
of an assignment does not grow with the corpus. Similarity is a weighted sum of two cosines under
a running IDF (terms of the title and lead; capitalised names and numbers), lowered a little by
the time between the article and the story.
"""

import base64
import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from newsstand.stories.entities import extract_entities
from newsstand.stories.vectors import (
    DocumentFrequencies,
    Vector,
    add_into,
    sublinear_unit,
    weighted_counts,
    words,
)

# Thresholds chosen once for every data set (see docs/architecture.md, Story clusters).
WINDOW = timedelta(days=3)  # a story stays open this long after its latest article
MAX_SPAN = timedelta(days=7)  # ... and no longer than this after its first: a story that
# runs on for weeks continues as a new one, so the open stories stay as few as the news is fast
TITLE_WEIGHT = 2.0  # a headline word counts as two lead words
LEAD_WORDS = 200  # the body's first words: the lead holds the event, the tail wanders
TEXT_WEIGHT = 0.5  # share of the term cosine in the similarity
ENTITY_WEIGHT = 0.5  # names and numbers tell look-alike events apart better than words
TIME_PENALTY = 0.2  # similarity lost at the far edge of the window, linearly
JOIN_THRESHOLD = 0.22  # below this the article starts a story of its own
QUERY_TERMS, QUERY_ENTITIES = 12, 8  # an article's top features looked up in the index
STORY_TERMS, STORY_ENTITIES = 20, 10  # a story's top features the index holds
MAX_CANDIDATES = 30  # stories scored in full per article, the most shared index keys first
CENTROID_TERMS = 400  # a centroid keeps its heaviest features only, so big stories stay cheap
SUMMARY_CHARS = 300
HEADLINE_WORDS = 5  # an identical headline this long is the same story (joint statements)
HEADLINE_FLOOR = 0.11  # ... if the texts are not strangers: half of JOIN_THRESHOLD
# Related articles: the best member of each other candidate story near enough to share a topic.
RELATED_FLOOR = 0.08
RELATED_PER_ARTICLE = 8
RELATED_MEMBERS = 10  # a story's latest members scored for its best one, so big stories stay cheap
MEMBER_TERMS = 40  # a member's heaviest terms kept: enough to rank members, small to snapshot
KEPT_MEMBERS = 30  # an open story's latest members a pruned state keeps (title, related)
# A sentence ends at . ! or ? before a capital, but not after an initial ("U.S.", "John F.") or a
# title ("Mr."): "WASHINGTON — U.S. senators said" must not make "WASHINGTON — U.S." a summary.
# Titles a name follows: "Sen. Mark Warner" does not end a sentence at "Sen.".
_TITLES = ("Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt",
           "Col", "Sgt", "Capt", "Cmdr", "Adm", "Prof", "Rev", "Hon", "Pres", "Atty")  # fmt: skip
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z]\.)"
    + "".join(rf"(?<!\b{title}\.)" for title in _TITLES)
    + r"(?<=[.!?])[\"'\u201d\u2019]?\s(?=[\"\u201c\u2018(]?[A-Z0-9])"
)


@dataclass(frozen=True)
class StoryArticle:
    """An article as the clusterer sees it; duplicate_of names the original of a known copy."""

    id: str
    title: str
    body: str
    published_at: datetime
    publisher: str
    url: str = ""
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Story:
    """One event's coverage: its most central headline and lead, articles, outlets and span."""

    id: str
    title: str
    summary: str
    article_ids: tuple[str, ...]
    publishers: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Placement:
    """Where an article went, and the articles of other stories most like it, best first."""

    story_id: str
    related: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class StateChanges:
    """A clusterer's state in parts (see StoryClusterer.changes()): the header, the open stories
    changed since the last changes() by id, and the ids of those no longer open."""

    header: bytes
    stories: dict[str, bytes]
    removed: list[str]


@dataclass
class _Member:
    """An article of an open story; vector is None for copies, which add no text of their own."""

    id: str
    publisher: str
    title: str
    summary: str
    vector: Vector | None


@dataclass
class _OpenStory:
    """A story still inside the window: its centroids and what the index holds for it."""

    id: str
    first_seen: datetime
    last_seen: datetime
    terms: Vector = field(default_factory=dict)
    entities: Vector = field(default_factory=dict)
    term_norm: float = 0.0
    entity_norm: float = 0.0
    keys: list[int] = field(default_factory=list)
    members: list[_Member] = field(default_factory=list)


@dataclass
class _Features:
    """An arriving article's unit vectors, IDF-weighted for scoring against centroids."""

    terms: Vector
    entities: Vector
    term_query: Vector  # tf·idf²/|tf·idf|: dotted with a raw centroid gives the IDF-weighted dot
    entity_query: Vector
    keys: list[int]


class StoryClusterer:
    """Assigns a stream of articles, ordered by published_at, to stories.

    story_lookup finds the story of an article the clusterer no longer holds (see
    forget_stored()), so a late copy of it still joins its original's story.
    """

    def __init__(self, story_lookup: Callable[[str], str | None] | None = None) -> None:
        self.story_lookup = story_lookup
        self._df = DocumentFrequencies()
        self._open: dict[str, _OpenStory] = {}
        self._closed: dict[str, Story] = {}
        self._index: dict[int, dict[str, None]] = {}  # dicts, not sets: a stable order
        self._expiry: list[tuple[float, str]] = []
        self._story_of: dict[str, str] = {}
        self._headlines: dict[str, str] = {}  # an open story's headlines → its id
        self._clock: datetime | None = None
        # For changes(): the open stories changed since it was last called, and those it saw.
        self._touched: set[str] = set()
        self._saved_open: set[str] = set()

    def assign(self, article: StoryArticle) -> str:
        """The id of the story the article joins (a new one's id is its first article's)."""
        return self.place(article).story_id

    def place(self, article: StoryArticle) -> Placement:
        """The article's story, and (unless it is a copy) its related articles."""
        self._advance(article.published_at)
        original = self._original_story(article.duplicate_of)
        if original is not None:
            self._add_copy(original, article)
            return Placement(original)
        features = self._features(article)
        scored = self._scored_candidates(article, features)
        story = self._same_headline(article, features) or _best(scored)
        if story is None:
            story = _OpenStory(article.id, article.published_at, article.published_at)
            self._open[story.id] = story
        self._add(story, article, features)
        return Placement(story.id, self._related(story, scored, features))

    def forget_stored(self) -> None:
        """Drops what the caller keeps elsewhere (the live site: Story rows, Article.story) so
        the state stays the size of the window: closed stories, and all but the latest
        KEPT_MEMBERS articles of a story that runs on; story_lookup answers for them after."""
        self._closed.clear()
        for story in self._open.values():
            if len(story.members) > KEPT_MEMBERS:
                self._drop_headlines(story, story.members[:-KEPT_MEMBERS])
                del story.members[:-KEPT_MEMBERS]
                self._touched.add(story.id)
        self._story_of = {m.id: s.id for s in self._open.values() for m in s.members}

    def candidates(self, article: StoryArticle) -> list[str]:
        """The open stories an article would be scored against (changes nothing)."""
        keys = self._query_keys(self._vectors(article))
        return self._candidates(keys)

    def stories(self) -> list[Story]:
        """Every story so far, open and closed, by first article."""
        current = [self._story(story) for story in self._open.values()]
        return sorted([*self._closed.values(), *current], key=lambda s: (s.first_seen, s.id))

    def story(self, story_id: str) -> Story | None:
        """One story, open or closed, as stories() lists it; None for an unknown id."""
        story = self._open.get(story_id)
        if story is not None:
            return self._story(story)
        return self._closed.get(story_id)

    def snapshot(self) -> bytes:
        """The whole state, for restore() in another process."""
        state = self._header()
        state["version"] = 2
        state["open"] = [_open_to_json(story) for story in self._open.values()]
        return json.dumps(state, separators=(",", ":")).encode()

    def changes(self) -> "StateChanges":
        """The state in parts, for restore_parts(): all but the open stories in one header, and
        only the open stories changed (or closed) since the last call. A window holds thousands
        of open stories and a batch changes a few hundred, so saving the parts writes a fraction
        of what a snapshot() does."""
        header = self._header()
        header["version"] = 3
        header["order"] = list(self._open)
        changed = {
            story_id: json.dumps(
                _open_to_json(self._open[story_id]), separators=(",", ":")
            ).encode()
            for story_id in self._open
            if story_id in self._touched
        }
        removed = sorted(self._saved_open - self._open.keys())
        self._touched, self._saved_open = set(), set(self._open)
        return StateChanges(json.dumps(header, separators=(",", ":")).encode(), changed, removed)

    @classmethod
    def restore(
        cls, data: bytes, story_lookup: Callable[[str], str | None] | None = None
    ) -> "StoryClusterer":
        """A clusterer that continues exactly where the snapshotted one stopped (its next
        changes() holds every open story)."""
        state = json.loads(data)
        clusterer = cls._from_header(state, story_lookup)
        clusterer._open_all(_open_from_json(item) for item in state["open"])
        clusterer._touched = set(clusterer._open)
        return clusterer

    @classmethod
    def restore_parts(
        cls,
        header: bytes,
        stories: Iterable[bytes],
        story_lookup: Callable[[str], str | None] | None = None,
    ) -> "StoryClusterer":
        """A clusterer that continues exactly where the one whose changes() were saved stopped:
        the last header, and the last saved form of each open story it names."""
        state = json.loads(header)
        if "open" in state:  # a whole snapshot(), saved before the state came in parts
            return cls.restore(header, story_lookup)
        clusterer = cls._from_header(state, story_lookup)
        saved = {story.id: story for story in (_open_from_json(json.loads(s)) for s in stories)}
        clusterer._open_all(saved[story_id] for story_id in state["order"])
        clusterer._saved_open = set(clusterer._open)
        return clusterer

    def _header(self) -> dict[str, Any]:
        """The state but the open stories, as JSON-ready data."""
        return {
            "clock": self._clock.isoformat() if self._clock else None,
            "documents": self._df.documents,
            "df": base64.b64encode(self._df.to_bytes()).decode(),
            "closed": [_story_to_json(story) for story in self._closed.values()],
            "story_of": self._story_of,
            "headlines": self._headlines,
        }

    @classmethod
    def _from_header(
        cls, state: dict[str, Any], story_lookup: Callable[[str], str | None] | None
    ) -> "StoryClusterer":
        """A clusterer with the header's state and no open stories yet."""
        clusterer = cls(story_lookup)
        clusterer._df = DocumentFrequencies.from_bytes(
            base64.b64decode(state["df"]), state["documents"]
        )
        clusterer._clock = datetime.fromisoformat(state["clock"]) if state["clock"] else None
        clusterer._closed = {s["id"]: _story_from_json(s) for s in state["closed"]}
        clusterer._story_of = state["story_of"]
        clusterer._headlines = state["headlines"]
        return clusterer

    def _open_all(self, stories: Iterable[_OpenStory]) -> None:
        """Holds these stories open, indexed and due to close, in this order."""
        for story in stories:
            self._open[story.id] = story
            self._index_story(story)
            heapq.heappush(self._expiry, (_closing(story), story.id))

    def _advance(self, now: datetime) -> None:
        """Moves the clock to now and closes the stories the window has left behind."""
        if self._clock is None or now > self._clock:
            self._clock = now
        horizon = (self._clock - WINDOW).timestamp()
        while self._expiry and self._expiry[0][0] < horizon:
            seen, story_id = heapq.heappop(self._expiry)
            story = self._open.get(story_id)
            if story is None or _closing(story) != seen:
                continue  # a stale entry: the story moved on or closed already
            self._unindex_story(story)
            self._drop_headlines(story, story.members)
            self._closed[story_id] = self._story(story)
            del self._open[story_id]

    def _vectors(self, article: StoryArticle) -> tuple[Vector, Vector]:
        """Unit term and entity vectors of the title and lead."""
        lead = " ".join(article.body.split()[:LEAD_WORDS])
        terms = weighted_counts([(words(article.title), TITLE_WEIGHT), (words(lead), 1.0)])
        names = [f"§{e}" for e in extract_entities(f"{article.title}\n{lead}")]
        return sublinear_unit(terms), sublinear_unit(weighted_counts([(names, 1.0)]))

    def _features(self, article: StoryArticle) -> _Features:
        """The article's vectors, counted into the document frequencies, with IDF queries."""
        terms, entities = self._vectors(article)
        self._df.add([*terms, *entities])
        term_query, entity_query = self._query(terms), self._query(entities)
        return _Features(
            terms, entities, term_query, entity_query, self._query_keys((terms, entities))
        )

    def _query(self, vector: Vector) -> Vector:
        """vector·idf², normalised by |vector·idf|, for dot products with raw centroids."""
        if not vector:
            return {}
        keys = list(vector)
        idf = self._df.idf(keys).tolist()
        weighted = [vector[k] * w for k, w in zip(keys, idf, strict=True)]
        norm = math.sqrt(sum(v * v for v in weighted))
        return {k: v * w / norm for k, v, w in zip(keys, weighted, idf, strict=True)}

    def _query_keys(self, vectors: tuple[Vector, Vector]) -> list[int]:
        """The article's most telling features (by tf·idf), looked up in the index."""
        terms, entities = vectors
        return self._top(terms, QUERY_TERMS) + self._top(entities, QUERY_ENTITIES)

    def _top(self, vector: Vector, n: int) -> list[int]:
        """The n keys of vector heaviest under the current IDF."""
        if not vector:
            return []
        keys = list(vector)
        idf = self._df.idf(keys).tolist()
        weights = {k: vector[k] * w for k, w in zip(keys, idf, strict=True)}
        return heapq.nlargest(n, keys, key=lambda k: (weights[k], k))

    def _candidates(self, keys: list[int]) -> list[str]:
        """Open stories sharing the most index keys with the article, at most MAX_CANDIDATES."""
        hits: Counter[str] = Counter()
        for key in keys:
            hits.update(self._index.get(key, {}).keys())
        return heapq.nlargest(MAX_CANDIDATES, hits, key=lambda s: (hits[s], s))

    def _original_story(self, duplicate_of: str | None) -> str | None:
        """The story of the article a copy duplicates, held here or, if forgotten, looked up."""
        if not duplicate_of:
            return None
        story_id = self._story_of.get(duplicate_of)
        if story_id is None and self.story_lookup is not None:
            story_id = self.story_lookup(duplicate_of)
        return story_id

    def _scored_candidates(
        self, article: StoryArticle, features: _Features
    ) -> list[tuple[_OpenStory, float]]:
        """The candidate stories with their time-weighted similarity to the article."""
        scored = []
        for story_id in self._candidates(features.keys):
            story = self._open[story_id]
            scored.append(
                (story, self._similarity(story, features) * self._time_factor(story, article))
            )
        return scored

    def _related(
        self, story: _OpenStory, scored: list[tuple[_OpenStory, float]], features: _Features
    ) -> tuple[tuple[str, float], ...]:
        """The most alike member of each other story near the article, by the story's score."""
        near = sorted(
            ((other, score) for other, score in scored if other is not story),
            key=lambda item: (-item[1], item[0].id),
        )
        related = []
        for other, score in near:
            if score < RELATED_FLOOR or len(related) == RELATED_PER_ARTICLE:
                break
            members = [m for m in other.members if m.vector is not None][-RELATED_MEMBERS:]
            if members:  # copies (no vector) are left out: their original stands for them
                best = max(members, key=lambda m: _dot(features.term_query, m.vector or {}))
                related.append((best.id, round(score, 4)))
        return tuple(related)

    def _same_headline(self, article: StoryArticle, features: _Features) -> _OpenStory | None:
        """The open story already carrying this headline word for word, if its text is near."""
        # Offices posting one joint statement share its headline; their bodies carry page clutter.
        story = self._open.get(self._headlines.get(_headline_key(article.title) or "", ""))
        if story is None or self._similarity(story, features) < HEADLINE_FLOOR:
            return None
        return story

    def _similarity(self, story: _OpenStory, features: _Features) -> float:
        """Weighted IDF cosines of the article's terms and entities with the story's."""
        text = _dot(features.term_query, story.terms) / story.term_norm if story.term_norm else 0.0
        names = (
            _dot(features.entity_query, story.entities) / story.entity_norm
            if story.entity_norm
            else 0.0
        )
        return TEXT_WEIGHT * text + ENTITY_WEIGHT * names

    def _time_factor(self, story: _OpenStory, article: StoryArticle) -> float:
        """1 inside the story's span, falling to 1 - TIME_PENALTY at the window's edge, then 0."""
        gap = max(
            article.published_at - story.last_seen,
            story.first_seen - article.published_at,
            timedelta(0),
        )
        return 0.0 if gap > WINDOW else 1.0 - TIME_PENALTY * (gap / WINDOW)

    def _add(self, story: _OpenStory, article: StoryArticle, features: _Features) -> None:
        """Adds an article to a story: centroids, norms, index keys, span and expiry."""
        add_into(story.terms, features.terms)
        add_into(story.entities, features.entities)
        story.terms = _heaviest(story.terms, CENTROID_TERMS)
        story.entities = _heaviest(story.entities, CENTROID_TERMS)
        story.term_norm = self._idf_norm(story.terms)
        story.entity_norm = self._idf_norm(story.entities)
        story.members.append(_member(article, features.terms))
        key = _headline_key(article.title)
        if key:
            self._headlines.setdefault(key, story.id)
        self._unindex_story(story)
        story.keys = self._top(story.terms, STORY_TERMS) + self._top(story.entities, STORY_ENTITIES)
        self._index_story(story)
        self._extend_span(story, article)

    def _add_copy(self, story_id: str, article: StoryArticle) -> None:
        """A known copy joins its original's story, open or closed, without moving its centroid."""
        story = self._open.get(story_id)
        if story is not None:
            story.members.append(_member(article, None))
            self._extend_span(story, article)
            return
        # Known until the next forget_stored(), so a later copy of this copy in the same batch
        # finds the story before the caller has stored either of them.
        self._story_of[article.id] = story_id
        closed = self._closed.get(story_id)
        if closed is None:  # forgotten: the caller keeps that story, and now this copy in it
            return
        self._closed[story_id] = replace(
            closed,
            article_ids=(*closed.article_ids, article.id),
            publishers=_unique((*closed.publishers, article.publisher)),
            last_seen=max(closed.last_seen, article.published_at),
        )

    def _extend_span(self, story: _OpenStory, article: StoryArticle) -> None:
        """Records the article's story and stretches the story's span to cover it."""
        self._story_of[article.id] = story.id
        self._touched.add(story.id)
        closing = _closing(story)
        story.first_seen = min(story.first_seen, article.published_at)
        story.last_seen = max(story.last_seen, article.published_at)
        if _closing(story) != closing or len(story.members) == 1:
            heapq.heappush(self._expiry, (_closing(story), story.id))

    def _drop_headlines(self, story: _OpenStory, members: list[_Member]) -> None:
        """Forgets these members' headlines as the story's."""
        for member in members:
            key = _headline_key(member.title) or ""
            if self._headlines.get(key) == story.id:
                del self._headlines[key]

    def _idf_norm(self, vector: Vector) -> float:
        """|vector·idf| under the current document frequencies."""
        if not vector:
            return 0.0
        keys = list(vector)
        idf = self._df.idf(keys).tolist()
        return math.sqrt(sum((vector[k] * w) ** 2 for k, w in zip(keys, idf, strict=True)))

    def _index_story(self, story: _OpenStory) -> None:
        """Lists the story under each of its index keys."""
        for key in story.keys:
            self._index.setdefault(key, {})[story.id] = None

    def _unindex_story(self, story: _OpenStory) -> None:
        """Takes the story out of the index."""
        for key in story.keys:
            postings = self._index.get(key)
            if postings is not None:
                postings.pop(story.id, None)
                if not postings:
                    del self._index[key]

    def _story(self, story: _OpenStory) -> Story:
        """The public view of an open story, titled by its most central article."""
        central = self._central(story)
        return Story(
            id=story.id,
            title=central.title,
            summary=central.summary,
            article_ids=tuple(m.id for m in story.members),
            publishers=_unique(m.publisher for m in story.members),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
        )

    def _central(self, story: _OpenStory) -> _Member:
        """The member whose terms are closest (IDF cosine) to the story's centroid."""
        scored = [m for m in story.members if m.vector is not None]
        if len(scored) <= 2:  # with two, both are equally central: the first one wins
            return scored[0] if scored else story.members[0]
        return max(
            scored,
            key=lambda m: _dot(self._query(m.vector or {}), story.terms),
        )


def _closing(story: _OpenStory) -> float:
    """When the story's window starts, as a timestamp: it closes WINDOW after this."""
    return min(story.last_seen, story.first_seen + MAX_SPAN - WINDOW).timestamp()


def _best(scored: list[tuple[_OpenStory, float]]) -> _OpenStory | None:
    """The highest scoring story (the later on a tie), if it clears JOIN_THRESHOLD."""
    best, best_score = None, JOIN_THRESHOLD
    for story, score in scored:
        if score >= best_score:
            best, best_score = story, score
    return best


def _dot(query: Vector, centroid: Vector) -> float:
    """Sparse dot product, iterating the (short) query."""
    get = centroid.get
    return sum(value * get(key, 0.0) for key, value in query.items())


def _headline_key(title: str) -> str | None:
    """A headline's content words, when there are enough of them to name one event."""
    content = words(title)
    return " ".join(content) if len(content) >= HEADLINE_WORDS else None


def _heaviest(vector: Vector, n: int) -> Vector:
    """The vector's n largest entries (all of it when it is smaller)."""
    if len(vector) <= n:
        return vector
    return dict(heapq.nlargest(n, vector.items(), key=lambda item: (item[1], item[0])))


def _member(article: StoryArticle, vector: Vector | None) -> _Member:
    """A story member: its headline and lead kept for the story's title and summary."""
    kept = None if vector is None else _heaviest(vector, MEMBER_TERMS)
    return _Member(article.id, article.publisher, article.title, _summary(article.body), kept)


def _summary(body: str) -> str:
    """The body's first sentences, up to SUMMARY_CHARS, cut at a sentence end when possible."""
    text = " ".join(body.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, SUMMARY_CHARS + 1)]
    return text[: ends[-1]].rstrip() if ends else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(items))


def _story_to_json(story: Story) -> dict[str, Any]:
    """A closed story as JSON-ready data."""
    return {
        "id": story.id,
        "title": story.title,
        "summary": story.summary,
        "article_ids": list(story.article_ids),
        "publishers": list(story.publishers),
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
    }


def _story_from_json(data: dict[str, Any]) -> Story:
    """A closed story read back from _story_to_json()."""
    return Story(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        article_ids=tuple(data["article_ids"]),
        publishers=tuple(data["publishers"]),
        first_seen=datetime.fromisoformat(data["first_seen"]),
        last_seen=datetime.fromisoformat(data["last_seen"]),
    )


def _vector_to_json(vector: Vector | None) -> str | None:
    """A sparse vector as base64 of its int32 keys then float64 weights: a third of the size of
    JSON pairs and many times faster to write and read."""
    if vector is None:
        return None
    keys = np.fromiter(vector.keys(), dtype="<i4", count=len(vector))
    weights = np.fromiter(vector.values(), dtype="<f8", count=len(vector))
    return base64.b64encode(keys.tobytes() + weights.tobytes()).decode()


def _vector_from_json(data: str | list[list[float]] | None) -> Vector | None:
    """A sparse vector read back from _vector_to_json() (or, from a version 1 snapshot, pairs)."""
    if data is None:
        return None
    if isinstance(data, list):
        return {int(k): float(v) for k, v in data}
    raw = base64.b64decode(data)
    n = len(raw) // 12
    keys = np.frombuffer(raw, dtype="<i4", count=n).tolist()
    weights = np.frombuffer(raw, dtype="<f8", count=n, offset=4 * n).tolist()
    return dict(zip(keys, weights, strict=True))


def _open_to_json(story: _OpenStory) -> dict[str, Any]:
    """An open story's full state as JSON-ready data."""
    return {
        "id": story.id,
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
        "terms": _vector_to_json(story.terms),
        "entities": _vector_to_json(story.entities),
        "term_norm": story.term_norm,
        "entity_norm": story.entity_norm,
        "keys": story.keys,
        "members": [
            [m.id, m.publisher, m.title, m.summary, _vector_to_json(m.vector)]
            for m in story.members
        ],
    }


def _open_from_json(data: dict[str, Any]) -> _OpenStory:
    """An open story read back from _open_to_json()."""
    return _OpenStory(
        id=data["id"],
        first_seen=datetime.fromisoformat(data["first_seen"]),
        last_seen=datetime.fromisoformat(data["last_seen"]),
        terms=_vector_from_json(data["terms"]) or {},
        entities=_vector_from_json(data["entities"]) or {},
        term_norm=data["term_norm"],
        entity_norm=data["entity_norm"],
        keys=data["keys"],
        members=[_Member(m[0], m[1], m[2], m[3], _vector_from_json(m[4])) for m in data["members"]],
    )
