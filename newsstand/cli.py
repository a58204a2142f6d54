"""The `newsstand` command: Django's management commands plus the project's own.

`newsstand simulate-publishers` and `newsstand simulate_publishers` are the same command: the
dashed spelling is the documented one, Django's module names need the underscore.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsstand.settings")
    from django.core.management import execute_from_command_line

    argv = ["newsstand", *(sys.argv[1:] if argv is None else argv)]
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    try:
        execute_from_command_line(argv)
    except DatabaseError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        sys.stderr.write(
            f"newsstand: database error: {first_line} (has `newsstand migrate` been run?)\n"
        )
        sys.exit(1)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"newsstand: configuration error: {exc}\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
