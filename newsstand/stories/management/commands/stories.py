import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsstand.stories.cluster import StoryArticle
from newsstand.stories.pipeline import assign_stream

REQUIRED = ("id", "title", "body", "published_at", "publisher")


class Command(BaseCommand):
    help = (
        "Stories offline: `stories cluster --input articles.jsonl --output assignments.jsonl` "
        "groups articles into stories and finds copies, with no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{cluster}")
        cluster = actions.add_parser("cluster", help="assign each article a story and a copy")
        cluster.add_argument("--input", required=True, type=Path, help="JSON lines: id, title, "
                             "body, published_at, publisher, url (other keys ignored)")  # fmt: skip
        cluster.add_argument("--output", required=True, type=Path, help="JSON lines written: "
                             "id, story_id, duplicate_of")  # fmt: skip

    def handle(self, *args, **options):
        articles = read_articles(options["input"])
        assignments = {a.id: a for a in assign_stream(articles)}
        try:
            with options["output"].open("w") as out:
                for article in articles:  # in the input's order
                    found = assignments[article.id]
                    record = {"id": found.id, "story_id": found.story_id,
                              "duplicate_of": found.duplicate_of}  # fmt: skip
                    out.write(json.dumps(record) + "\n")
        except OSError as exc:
            raise CommandError(f"cannot write {options['output']}: {exc.strerror}") from exc
        stories = len({a.story_id for a in assignments.values()})
        copies = sum(a.duplicate_of is not None for a in assignments.values())
        self.stderr.write(f"{len(articles)} articles: {stories} stories, {copies} copies")


def read_articles(path: Path) -> list[StoryArticle]:
    """The input's articles; a line that is not a usable article stops with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    articles, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            missing = [key for key in REQUIRED if key not in record]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            article = StoryArticle(
                id=str(record["id"]),
                title=str(record["title"] or ""),
                body=str(record["body"] or ""),
                published_at=_utc(str(record["published_at"])),
                publisher=str(record["publisher"] or ""),
                url=str(record.get("url") or ""),
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise CommandError(f"{path}, line {number}: {exc}") from exc
        if article.id in seen:
            raise CommandError(f"{path}, line {number}: id {article.id!r} appears twice")
        seen.add(article.id)
        articles.append(article)
    return articles


def _utc(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
