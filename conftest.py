"""Test-wide setup: the suite keeps its data apart from a developer's ./var."""

import os
from pathlib import Path

os.environ.setdefault("NEWSSTAND_HOME", str(Path(__file__).parent / "var" / "test"))
