import contextlib
import json

from django.core.management.base import BaseCommand, CommandError

from newsstand.articles.export import export_records


class Command(BaseCommand):
    help = "Work with stored articles: `articles export --format jsonl [--output FILE]`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export}")
        export = actions.add_parser("export", help="write every article, one JSON object a line")
        export.add_argument("--format", default="jsonl", help="only jsonl for now")
        export.add_argument("--output", default="-", help="file to write (default: stdout)")

    def handle(self, *args, **options):
        if options["format"] != "jsonl":
            raise CommandError(f"unknown format {options['format']!r}: the one format is jsonl")
        path = options["output"]
        try:
            out = contextlib.nullcontext(self.stdout) if path == "-" else open(path, "w")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        with out as stream:
            for record in export_records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
