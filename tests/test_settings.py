"""Settings: declared once, documented, safe by default."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newsstand.settings import SETTINGS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented_in_configuration_md():
    documented = DOCS.read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in documented]
    assert missing == []


def test_every_setting_has_help():
    assert all(s.help.strip() for s in SETTINGS)


def test_sqlite_database_runs_in_wal_mode_checkpointing_every_10000_pages(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("WAL is SQLite's; this run is on " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 10000


def test_secret_key_is_generated_once_into_newsstand_home(tmp_path):
    env = {**os.environ, "NEWSSTAND_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("SECRET_KEY", None)
    code = "import newsstand.settings as s; print(s.SECRET_KEY)"
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert first == second
    assert len(first.strip()) >= 50
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
