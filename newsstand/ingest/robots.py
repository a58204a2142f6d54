"""robots.txt for article pages: fetched once per host and kept a while, obeyed before a page
is fetched for its full text. Feeds are fetched regardless, as every feed reader does: a
publisher that offers a feed asks for it to be read.
"""

import threading
import time
from collections.abc import Sequence
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsstand.ingest.fetch import FetchPolicy, FetchRequest, fetch_many

ROBOTS_TTL = 6 * 3600  # seconds a host's rules are kept before they are fetched again
ROBOTS_MAX_HOSTS = 10_000

_rules: dict[str, tuple[float, RobotFileParser]] = {}
_lock = threading.Lock()


def allowed_urls(urls: Sequence[str], policy: FetchPolicy) -> set[str]:
    """The URLs robots.txt lets our user agent fetch; rules of hosts not seen lately are
    fetched first, all at once."""
    now = time.monotonic()
    origins = {_origin(url) for url in urls}
    with _lock:
        missing = [o for o in origins if o not in _rules or _rules[o][0] < now]
    if missing:
        results = fetch_many([FetchRequest(f"{origin}/robots.txt") for origin in missing], policy)
        with _lock:
            if len(_rules) > ROBOTS_MAX_HOSTS:
                _rules.clear()
            for origin, result in zip(missing, results, strict=True):
                _rules[origin] = (now + ROBOTS_TTL, rules_from_response(result.status, result.body))
    agent = policy.user_agent.split("/")[0]
    with _lock:
        return {url for url in urls if _rules[_origin(url)][1].can_fetch(agent, url)}


def rules_from_response(status: int, body: bytes) -> RobotFileParser:
    """The rules a robots.txt answer sets, read as the robots exclusion standard (RFC 9309)
    says: a 4xx (no file) allows everything; no answer or a 5xx disallows everything, for now."""
    rules = RobotFileParser()
    if status == 200:
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
    elif 400 <= status < 500:
        rules.allow_all = True
    else:
        rules.disallow_all = True
    return rules


def forget_rules() -> None:
    """Drop every kept robots.txt (tests, and operators after a policy change)."""
    with _lock:
        _rules.clear()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
