"""Where an arriving article goes: is it a copy of an earlier article, and which story is it in.

One class serves the live pipeline and `newsstand stories cluster`, so the offline interface
behaves exactly as the site does. Pure: no database.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from newsstand.stories.cluster import StoryArticle, StoryClusterer
from newsstand.stories.dedupe import ArticleText, CopyIndex, CopyMatch, detect_copies, detect_copy


@dataclass(frozen=True)
class Assignment:
    id: str
    story_id: str
    duplicate_of: str | None  # the earlier article this one copies
    related: tuple[tuple[str, float], ...] = ()  # articles of other stories like it, best first


class StoryPipeline:
    """Copy detection, then story clustering, one article at a time in arrival order."""

    def __init__(
        self, copies: CopyIndex | None = None, clusterer: StoryClusterer | None = None
    ) -> None:
        self.copies = copies or CopyIndex()
        self.clusterer = clusterer or StoryClusterer()

    def assign(self, article: StoryArticle) -> Assignment:
        """The article's story, and the earlier article it copies (a copy joins its story)."""
        return self._place(article, detect_copy(_text(article), self.copies))

    def assign_all(self, articles: Sequence[StoryArticle]) -> list[Assignment]:
        """assign() each article in turn, the same answers, copy detection done for all first
        (it needs nothing of the clusterer's), so a database index reads its buckets once."""
        matches = detect_copies([_text(article) for article in articles], self.copies)
        return [
            self._place(article, match) for article, match in zip(articles, matches, strict=True)
        ]

    def _place(self, article: StoryArticle, match: CopyMatch | None) -> Assignment:
        duplicate_of = match.duplicate_of if match else None
        placed = self.clusterer.place(replace(article, duplicate_of=duplicate_of))
        return Assignment(article.id, placed.story_id, duplicate_of, placed.related)


def _text(article: StoryArticle) -> ArticleText:
    return ArticleText(
        article.id, article.publisher, article.title, article.body, article.published_at
    )


def assign_stream(articles: Iterable[StoryArticle]) -> Iterator[Assignment]:
    """Assignments for a batch, fed to one pipeline oldest first (ties by id), as they arrive."""
    pipeline = StoryPipeline()
    for article in sorted(articles, key=lambda a: (a.published_at, a.id)):
        yield pipeline.assign(article)
