"""Fixtures for the simulator tests: one simulator per module and a plain HTTP client."""

import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from newsstand.simulator.corpus import SampleCorpus, load_corpus
from newsstand.simulator.server import run_in_thread


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(url: str, **headers: str) -> Reply:
    """GET `url` with the given headers; any status comes back as a Reply, never an exception."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback test server
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return Reply(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read())


@pytest.fixture(scope="module")
def simulator() -> str:
    """The base URL of a publisher simulator serving the bundled sample."""
    with run_in_thread() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def corpus() -> SampleCorpus:
    return load_corpus()
