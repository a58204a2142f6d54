"""Links out of Newsstand: which ones may become an href, and how to name where they go."""

from urllib.parse import urlsplit


def web_link(url: str) -> str:
    """The URL if it is an http(s) link, else "": a javascript: link never becomes an href."""
    return url if urlsplit(url or "").scheme in {"http", "https"} else ""


def host(url: str) -> str:
    """The site a link goes to, as a reader would say it: 'apnews.com'."""
    name = urlsplit(url or "").hostname or ""
    return name.removeprefix("www.")
