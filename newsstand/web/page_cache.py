"""Whole pages cached for anonymous readers, keyed by a fingerprint of what the page shows.

A page's cache key holds a fingerprint read from the database with one cheap query (an
article's and its story's edit times; the ids and edit times of the newest articles and
stories), so an edit changes the key at once in every web process, the worker's writes
included, without anyone having to announce it; the stale entry simply ages out. That is why a
per-process memory cache is enough. NEWSSTAND_PAGE_CACHE_SECONDS bounds how long what no
fingerprint covers (a renamed publisher, related stories) can stay stale. Reading a fingerprint
is most of what serving a cached page costs (the home page's: four queries), so a process
reuses one for NEWSSTAND_PAGE_CHECK_SECONDS (default 1 s): an edit shows that much later.

Only a request that carries nothing of a reader is served from or stored in the cache: GET or
HEAD with no cookie but the CSRF one (a session, a theme or a message cookie each opt out). A
response is stored only if it is a 200 that set no cookie, used no CSRF token, touched no
session data and was not marked private, so nothing of one reader reaches another.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age, has_vary_header, patch_vary_headers

from newsstand.articles.models import Article
from newsstand.editorial.selectors import editorial_version
from newsstand.stories.models import Story

# Home shows at most this many of the newest articles and stories; a change among them is a
# change of the page.
HOME_WINDOW = 200

Fingerprint = Callable[..., str | None]


def cache_anonymous_page(fingerprint: Fingerprint) -> Callable:
    """Cache the view's page for anonymous readers under its URL and fingerprint(request, *args,
    **kwargs); a fingerprint of None means this page is not cached (e.g. it does not exist)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not settings.PAGE_CACHE_SECONDS or not is_anonymous_request(request):
                return view(request, *args, **kwargs)
            version = _checked(fingerprint, request, *args, **kwargs)
            if version is None:
                return view(request, *args, **kwargs)
            key = page_key(request, version)
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                # A shared HTTP cache must not hand this to a reader who has cookies either.
                patch_vary_headers(response, ["Cookie"])
                return response
            response = view(request, *args, **kwargs)
            if is_shareable(request, response):
                stored = (response.content, response["Content-Type"])
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
                patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator


def _checked(fingerprint: Fingerprint, request: HttpRequest, *args, **kwargs) -> str | None:
    """fingerprint(request, ...), read again at most every PAGE_CHECK_SECONDS in this process."""
    if not settings.PAGE_CHECK_SECONDS:
        return fingerprint(request, *args, **kwargs)
    address = f"{request.get_host()}{request.get_full_path()}"
    key = f"web:fingerprint:{fingerprint.__name__}:{address}"
    if (memo := cache.get(key)) is not None:
        return memo[0]  # a tuple, so that None (this page is not cached) is remembered too
    version = fingerprint(request, *args, **kwargs)
    cache.set(key, (version,), settings.PAGE_CHECK_SECONDS)
    return version


def is_anonymous_request(request: HttpRequest) -> bool:
    """A read by nobody in particular: GET or HEAD carrying no cookie but the CSRF one."""
    return request.method in {"GET", "HEAD"} and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether any other anonymous reader may be given this very response."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # get_token() sets this: the page holds a CSRF token bound to this browser's cookie.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not has_vary_header(response, "Authorization")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and get_max_age(response) != 0
    )


def page_key(request: HttpRequest, version: str) -> str:
    """The cache key of this URL (scheme, host, path, query) at this content version."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{address}\n{version}".encode()).hexdigest()
    return f"web:page:{digest}"


def home_fingerprint(request: HttpRequest) -> str | None:
    """The newest articles' and stories' ids and edit times, and the editorial state; only the
    first page is cached."""
    if request.GET.get("page", "1") != "1":
        return None
    articles = Article.objects.order_by("-published_at", "-id").values_list("id", "updated_at")
    stories = Story.objects.order_by("-last_seen", "-id").values_list("id", "updated_at")
    # Picks, pins and hides: the last editorial action and the front-page picks live now.
    editorial = editorial_version()
    return _digest([*articles[:HOME_WINDOW], "stories", *stories[:HOME_WINDOW], editorial])


def article_fingerprint(request: HttpRequest, pk: int, slug: str | None = None) -> str | None:
    """The article's edit time and its story's (new coverage, new copies); None if none."""
    row = (
        Article.objects.filter(pk=pk)
        .values_list("updated_at", "story_id", "story__updated_at", "duplicate_of_id")
        .first()
    )
    return None if row is None else _digest(row)


def story_fingerprint(request: HttpRequest, pk: int) -> str | None:
    """The story's edit time (set whenever an article joins or its counts change)."""
    row = Story.objects.filter(pk=pk).values_list("updated_at", flat=True).first()
    return None if row is None else _digest([row])


def _digest(values: list | tuple) -> str:
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:32]
