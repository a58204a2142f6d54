"""`newsstand simulate-publishers`: starts, says where, stops cleanly, refuses a taken port."""

import os
import re
import signal
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from newsstand.simulator.management.commands.simulate_publishers import Command
from tests.simulator.conftest import get

pytestmark = pytest.mark.network


def test_taken_port_is_a_one_line_command_error():
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(CommandError, match=rf"cannot listen on 127\.0\.0\.1:{port}"):
            call_command("simulate_publishers", port=port)


def start_simulator(home) -> tuple[subprocess.Popen, str]:
    """Run the command as a user would, on a free port; returns it and the URL it logged."""
    env = {**os.environ, "NEWSSTAND_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsstand", "simulate-publishers", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    assert match, line
    return process, match.group(0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_command_serves_the_sample_and_stops_on_a_signal_without_traceback(tmp_path, signum):
    process, base_url = start_simulator(tmp_path)
    try:
        assert get(base_url + "/wikinews/feed.rss").status == 200
        process.send_signal(signum)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Traceback" not in output
    assert "stopped" in output


def test_command_defaults_to_the_configured_simulator_port():
    parser = Command().create_parser("newsstand", "simulate_publishers")
    options = parser.parse_args([])
    assert options.port == settings.SIMULATOR_PORT
    assert options.host == "127.0.0.1"
