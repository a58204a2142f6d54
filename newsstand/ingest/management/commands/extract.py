import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsstand.ingest.extract import ExtractedPage, extract_page
from newsstand.ingest.fetch import FetchPolicy, FetchRequest, FetchResult, fetch_many
from newsstand.ingest.sanitize import is_web_url

HTML_TYPES = ("text/html", "application/xhtml+xml")


class PageError(Exception):
    """One input could not be read as an HTML page; the others still are."""


class Command(BaseCommand):
    help = "Extract the article (text and metadata) from saved pages or URLs."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL", help="file (.gz ok) or URL")
        parser.add_argument("--url", default="", help="the page URL of local files")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        fetched = _fetch_all([i for i in options["inputs"] if is_web_url(i)])  # the rest: paths
        failed = 0
        for source in options["inputs"]:
            try:
                data, page_url = (
                    _fetched(fetched[source])
                    if source in fetched
                    else _read(source, options["url"])
                )
                page = extract_page(data, page_url)
                if not (page.title or page.body_text):
                    raise PageError("no article found: not an HTML page?")
            except PageError as error:
                failed += 1
                self.stderr.write(f"{source}: {error}")
                continue
            self.stdout.write(
                json.dumps(page_record(source, page), ensure_ascii=False)
                if options["json"]
                else summary(source, page)
            )
        if failed:
            raise CommandError(f"{failed} of {len(options['inputs'])} inputs failed")


def page_record(source: str, page: ExtractedPage) -> dict[str, object]:
    """The JSON record of one extracted page."""
    return {
        "input": source,
        "title": page.title,
        "byline": page.byline,
        "authors": page.authors,
        "published_at": page.published_at.isoformat().replace("+00:00", "Z")
        if page.published_at
        else None,
        "section": page.section,
        "language": page.language,
        "image_url": page.image_url,
        "wire_credit": page.wire_credit,
        "body_text": page.body_text,
        "body_html": page.body_html,
    }


def summary(source: str, page: ExtractedPage) -> str:
    """A few lines a person reads: where from, title, byline and date, credit, size, opening."""
    facts = " · ".join(
        filter(
            None,
            [
                page.section,
                page.byline,
                f"{page.published_at:%Y-%m-%d %H:%M} UTC" if page.published_at else "",
                page.language,
            ],
        )
    )
    credit = f"\n  wire credit: {page.wire_credit}" if page.wire_credit else ""
    opening = " ".join(page.body_text.split()[:40])
    title = page.title or "(no title)"
    return f"{source}\n  {title}\n  {facts}{credit}\n  {page.word_count} words: {opening}…\n"


def _fetch_all(urls: list[str]) -> dict[str, FetchResult]:
    """Each URL's fetch result, all fetched at once through the SSRF guard like every fetch."""
    if not urls:
        return {}
    results = fetch_many([FetchRequest(url) for url in urls], FetchPolicy.from_settings())
    return dict(zip(urls, results, strict=True))


def _read(path: str, page_url: str) -> tuple[bytes, str]:
    """A saved page's bytes (decompressed when it ends in .gz) and its page URL."""
    try:
        data = Path(path).read_bytes()
        return (gzip.decompress(data) if path.endswith(".gz") else data), page_url
    except OSError as error:  # gzip.BadGzipFile is one too
        raise PageError(error.strerror or str(error)) from error
    except EOFError as error:
        raise PageError("truncated gzip file") from error


def _fetched(result: FetchResult) -> tuple[bytes, str]:
    """A fetched page's bytes and final URL, or PageError for a failed or non-HTML fetch."""
    if not result.ok:
        raise PageError(result.error or f"HTTP {result.status}")
    content_type = result.content_type.split(";")[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        raise PageError(f"not an HTML page ({content_type})")
    return result.body, result.final_url or result.url
