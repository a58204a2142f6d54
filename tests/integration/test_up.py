"""`newsstand up` from an empty data folder, offline: the sample is served, ingested and shown."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.network


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def article_counts(database) -> tuple[int, int]:
    try:
        with sqlite3.connect(database) as connection:
            row = connection.execute(
                "SELECT count(*), count(DISTINCT publisher_id) FROM articles_article"
            ).fetchone()
            return row[0], row[1]
    except sqlite3.OperationalError:  # not migrated yet
        return 0, 0


def test_up_offline_serves_300_sample_articles_from_10_publishers_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "NEWSSTAND_HOME": str(tmp_path),
        "PORT": str(port),
        "NEWSSTAND_SIMULATOR_PORT": str(free_port()),
        "NEWSSTAND_OFFLINE": "true",
        "NEWSSTAND_WEB_WORKERS": "1",
    }
    env.pop("DATABASE_URL", None)
    log = tmp_path / "up.log"
    up = subprocess.Popen(
        [sys.executable, "-m", "newsstand", "up"],
        env=env,
        stdout=log.open("w"),  # a file, not a pipe: a full pipe would stall the children
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that the test can send Ctrl-C to the whole tree
    )
    try:
        deadline = time.monotonic() + 120
        counts = (0, 0)
        while time.monotonic() < deadline and (counts[0] < 300 or counts[1] < 10):
            assert up.poll() is None, log.read_text()
            time.sleep(1)
            counts = article_counts(tmp_path / "newsstand.sqlite3")
        assert counts[0] >= 300
        assert counts[1] >= 10
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            home = response.read().decode()
        assert response.status == 200
        assert home.count('href="/articles/') >= 20
    finally:
        os.killpg(up.pid, signal.SIGINT)
        try:
            up.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
            up.wait()
    output = log.read_text()
    assert "No internet: ingesting the bundled sample" in output
    assert f"Newsstand is running at http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output, output
    assert up.returncode == 0, output
