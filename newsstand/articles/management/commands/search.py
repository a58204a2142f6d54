import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from newsstand.articles.search import SearchFilters, Sort, do_rebuild_index, search_articles


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-11-01, got {text!r}") from None


def positive(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 500, got {text!r}")
    return int(text)


class Command(BaseCommand):
    help = (
        "Search stored articles: `search QUERY [--publisher SLUG] [--section SLUG] "
        "[--language CODE] [--since DATE] [--until DATE] [--sort relevance|date] [--limit N] "
        "[--json]`; `search --rebuild` rebuilds the index."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.called_from_command_line:
            # A user's mistake is one line, not the usage block argparse prints first.
            parser.error = lambda message: parser.exit(2, f"newsstand search: {message}\n")
        return parser

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help='words and "phrases" to find')
        parser.add_argument("--publisher", default="", help="only this publisher (its slug)")
        parser.add_argument("--section", default="", help="only sections with this slug")
        parser.add_argument("--language", default="", help="only this language code, e.g. en")
        parser.add_argument("--since", type=day, help="published on or after this day")
        parser.add_argument("--until", type=day, help="published on or before this day")
        parser.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.RELEVANCE)
        parser.add_argument("--limit", type=positive, default=20, help="hits to show (1-500)")
        parser.add_argument("--json", action="store_true", help="one JSON document")
        parser.add_argument("--rebuild", action="store_true", help="rebuild the search index")

    def handle(self, *args, **options):
        if options["rebuild"]:
            count = do_rebuild_index()
            self.stdout.write(f"Search index rebuilt: {count} articles.")
            return
        if not options["query"].strip():
            raise CommandError("give a QUERY to search for (or --rebuild)")
        filters = SearchFilters(
            publisher=options["publisher"],
            section=options["section"],
            language=options["language"],
            since=options["since"],
            until=options["until"],
        )
        found = search_articles(
            options["query"], filters, Sort(options["sort"]), per_page=options["limit"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(as_json(found), ensure_ascii=False))
            return
        more = "" if found.exact else "more than "
        self.stdout.write(f"{more}{found.total} found for {found.query!r}")
        for hit in found.hits:
            article = hit.article
            self.stdout.write(
                f"{article.published_at:%Y-%m-%d}  {article.publisher.name}  {article.title}"
                f"  ({article.get_absolute_url()})"
            )


def as_json(found) -> dict:
    return {
        "query": found.query,
        "total": found.total,
        "total_is_exact": found.exact,
        "hits": [
            {
                "id": hit.article.pk,
                "title": hit.article.title,
                "publisher": hit.article.publisher.slug,
                "section": hit.article.section.slug if hit.article.section else None,
                "language": hit.article.language,
                "published_at": hit.article.published_at.isoformat(),
                "url": hit.article.get_absolute_url(),
                "score": hit.score,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
            }
            for hit in found.hits
        ],
    }
