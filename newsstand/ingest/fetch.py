"""Fetch many URLs at once over one aiohttp client pool, politely and safely.

Pure of Django: the caller passes a FetchPolicy (FetchPolicy.from_settings() in the app) and
gets plain FetchResults back. Every fetch is a conditional GET when an ETag or Last-Modified is
known. The SSRF guard checks the address actually connected to, for every redirect hop: a host
name is checked after DNS resolution, an IP literal before the request.
"""

import asyncio
import ipaddress
import queue
import socket
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
CHUNK_SIZE = 64 * 1024

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(OSError):
    """The URL's host is, or resolves to, an address the SSRF guard refuses."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    concurrency: int = 20
    per_host: int = 2
    max_redirects: int = 5
    user_agent: str = "Newsstand"
    allow_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls) -> "FetchPolicy":
        from django.conf import settings

        return cls(
            timeout=settings.FETCH_TIMEOUT,
            max_bytes=settings.FETCH_MAX_BYTES,
            concurrency=settings.FETCH_CONCURRENCY,
            per_host=settings.FETCH_PER_HOST,
            user_agent=settings.USER_AGENT,
            allow_networks=parse_networks(settings.FETCH_ALLOW_NETWORKS),
        )


@dataclass(frozen=True)
class FetchRequest:
    url: str
    etag: str = ""
    last_modified: str = ""


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str = ""  # after redirects
    status: int = 0  # 0 when no HTTP answer came back
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    error: str = ""
    permanent_redirect_to: str = ""  # set when every hop was a 301/308
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return not self.error and self.status == 200


def parse_networks(cidrs: Sequence[str]) -> tuple[IPNetwork, ...]:
    """CIDR strings to networks; a bad entry is an operator's mistake worth failing loudly on."""
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def is_address_allowed(address: IPAddress, allow_networks: Sequence[IPNetwork]) -> bool:
    """Public addresses pass; loopback, private, link-local, metadata… only if allowed."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in allow_networks):
        return True
    return address.is_global and not address.is_multicast


class GuardedResolver(AbstractResolver):
    """Resolves like aiohttp's default resolver, then drops every address the guard refuses."""

    def __init__(self, allow_networks: Sequence[IPNetwork]) -> None:
        self._resolver = DefaultResolver()
        self._allow_networks = tuple(allow_networks)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._resolver.resolve(host, port, family)
        allowed = [
            result
            for result in results
            if is_address_allowed(ipaddress.ip_address(result["host"]), self._allow_networks)
        ]
        if not allowed:
            raise BlockedAddressError(f"{host} resolves only to addresses that are not public")
        return allowed

    async def close(self) -> None:
        await self._resolver.close()


def check_url(url: str, allow_networks: Sequence[IPNetwork]) -> None:
    """Refuse what no fetch may touch: other schemes, and IP literals the guard refuses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url[:200]}")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a host name: GuardedResolver checks what it resolves to
    if not is_address_allowed(address, allow_networks):
        raise BlockedAddressError(f"{parts.hostname} is not a public address")


async def fetch_each(
    requests: Sequence[FetchRequest],
    policy: FetchPolicy,
    on_result: Callable[[int, FetchResult], None],
) -> None:
    """Fetch every request concurrently (bounded overall and per host), reporting each result
    with its request's index as soon as it is in."""
    # DNS look-ups run in the default executor: give it a thread per fetch slot, or a few slow
    # resolvers (a handful of threads on a small machine) would hold every slot.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(policy.concurrency))
    # The limits are enforced here, before a request starts, because aiohttp counts time spent
    # queueing for a pooled connection against the request's timeout.
    overall = asyncio.Semaphore(policy.concurrency)
    per_host: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(policy.per_host))

    async def fetch_when_allowed(index: int, request: FetchRequest) -> None:
        async with overall, per_host[urlsplit(request.url).hostname or ""]:
            on_result(index, await _fetch(session, request, policy))

    async with _session(policy) as session:
        await asyncio.gather(*(fetch_when_allowed(i, r) for i, r in enumerate(requests)))


def _session(policy: FetchPolicy) -> aiohttp.ClientSession:
    """The client pool every request goes through: guarded resolver, limits, timeouts, UA."""
    connector = aiohttp.TCPConnector(
        limit=policy.concurrency,
        limit_per_host=policy.per_host,
        resolver=GuardedResolver(policy.allow_networks),
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=policy.timeout, sock_connect=min(10.0, policy.timeout)),
        headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        auto_decompress=True,
    )


def post_form(url: str, fields: dict[str, str], policy: FetchPolicy) -> FetchResult:
    """POST a form (a WebSub subscription request) under the same guard; redirects not followed."""

    async def post() -> FetchResult:
        result = FetchResult(url=url, final_url=url)
        try:
            check_url(url, policy.allow_networks)
            async with (
                _session(policy) as session,
                session.post(url, data=fields, allow_redirects=False) as response,
            ):
                result.status = response.status
                if not 200 <= response.status < 300:
                    result.error = f"HTTP {response.status} {response.reason or ''}".strip()
        except BlockedAddressError as exc:
            result.error = f"refused by the SSRF guard: {exc}"
        except aiohttp.ClientConnectorError as exc:
            result.error = _connect_error(exc)
        except TimeoutError:
            result.error = f"timed out after {policy.timeout:g} s"
        except (ValueError, aiohttp.ClientError) as exc:
            result.error = str(exc)[:500]
        return result

    return asyncio.run(post())


def fetch_in_batches(
    requests: Sequence[FetchRequest],
    policy: FetchPolicy,
    most: int = 1,
    prepare: Callable[[int, FetchResult], object] | None = None,
    prepare_ahead: int = 0,
) -> Iterator[list[tuple[int, FetchResult, object]]]:
    """(index, result, prepared) triples in the order fetches finish, in lists of those in when
    the consumer comes for more (up to `most`; a list never waits to be filled).

    The event loop runs in a thread of its own, so the consumer (which writes to the database)
    stores the first feeds while the slow ones are still in flight. prepare(index, result), if
    given, runs in that thread as each fetch comes in, while fewer than prepare_ahead entries
    wait for the consumer; otherwise prepared is None and the consumer prepares the result
    itself. Parsing there costs no handoff to a thread of its own (the GIL lets one thread run
    Python at a time anyway: a thread between fetching and storing made the cold pass of
    bench/ingest.py 4 to 8 % slower), and past the bound the loop never waits on a slow consumer
    (its requests' timeouts would run meanwhile) nor holds more than the bodies.

    An exception raised by prepare or by the loop is raised to the consumer after the entries
    before it. The loop stops soon after the consumer stops iterating.
    """
    entries: queue.Queue = queue.Queue()
    stop = threading.Event()
    done = object()

    def on_result(index: int, result: FetchResult) -> None:
        if stop.is_set():
            raise _ConsumerGone
        prepared = None
        if prepare is not None and entries.qsize() < prepare_ahead:
            try:
                prepared = prepare(index, result)
            except Exception as exc:  # raised to the consumer, in its place
                entries.put(exc)
                return
        entries.put((index, result, prepared))

    def run() -> None:
        try:
            asyncio.run(fetch_each(requests, policy, on_result))
        except _ConsumerGone:
            pass
        except BaseException as exc:
            entries.put(exc)
        finally:
            entries.put(done)

    thread = threading.Thread(target=run, name="fetch", daemon=True)
    thread.start()
    try:
        entry = entries.get()
        while entry is not done:
            if isinstance(entry, BaseException):
                raise entry
            batch = [entry]
            entry = None
            while len(batch) < most:
                entry = _next_ready(entries)
                if not isinstance(entry, tuple):  # none in, the end, or an exception
                    break
                batch.append(entry)
                entry = None
            yield batch
            if entry is None:
                entry = entries.get()
        thread.join()
    finally:
        stop.set()


class _ConsumerGone(Exception):
    """Ends the event loop of fetch_in_batches whose consumer stopped iterating."""


def _next_ready(entries: queue.Queue) -> object | None:
    """The next entry if one is in, else None."""
    try:
        return entries.get_nowait()
    except queue.Empty:
        return None


def fetch_many(requests: Sequence[FetchRequest], policy: FetchPolicy) -> list[FetchResult]:
    """Every request's result, in the requests' order, once all are in."""
    results: list[FetchResult] = [FetchResult(url=r.url) for r in requests]
    for batch in fetch_in_batches(requests, policy):
        for index, result, _ in batch:
            results[index] = result
    return results


async def _fetch(
    session: aiohttp.ClientSession, request: FetchRequest, policy: FetchPolicy
) -> FetchResult:
    result = FetchResult(url=request.url)
    conditional = {}
    if request.etag:
        conditional["If-None-Match"] = request.etag
    if request.last_modified:
        conditional["If-Modified-Since"] = request.last_modified
    url, permanent = request.url, True
    try:
        # Redirects are followed by hand so that every hop passes check_url and the count is ours.
        for _hop in range(policy.max_redirects + 1):
            check_url(url, policy.allow_networks)
            async with session.get(url, headers=conditional, allow_redirects=False) as response:
                if response.status in REDIRECT_STATUSES and "Location" in response.headers:
                    permanent = permanent and response.status in PERMANENT_REDIRECTS
                    url = urljoin(url, response.headers["Location"])
                    continue
                result.final_url = url
                result.status = response.status
                result.headers = dict(response.headers)
                result.etag = response.headers.get("ETag", "")
                result.last_modified = response.headers.get("Last-Modified", "")
                result.content_type = response.headers.get("Content-Type", "")
                if url != request.url and permanent:
                    result.permanent_redirect_to = url
                if response.status == 200:
                    result.body = await _read_capped(response, policy.max_bytes)
                elif response.status != 304:
                    result.error = f"HTTP {response.status} {response.reason or ''}".strip()
                return result
        result.error = f"more than {policy.max_redirects} redirects"
    except BlockedAddressError as exc:
        result.error = f"refused by the SSRF guard: {exc}"
    except aiohttp.ClientConnectorError as exc:
        result.error = _connect_error(exc)
    except TimeoutError:
        result.error = f"timed out after {policy.timeout:g} s"
    except ValueError as exc:  # a bad URL or a body over the limit: the message says which
        result.error = str(exc)[:500]
    except aiohttp.ClientError as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:500]
    result.body = result.body if result.ok else b""
    return result


def _connect_error(exc: aiohttp.ClientConnectorError) -> str:
    cause = exc.os_error
    if isinstance(cause, BlockedAddressError):
        return f"refused by the SSRF guard: {cause}"
    return f"cannot connect: {cause.strerror or cause}"


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The decompressed body, refusing one over max_bytes (also what stops a gzip bomb)."""
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise ValueError(f"response of {declared} bytes is over the {max_bytes} byte limit")
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise ValueError(f"response is over the {max_bytes} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def any_reachable(urls: Sequence[str], policy: FetchPolicy) -> bool:
    """Whether any of the URLs answers over HTTP at all (any status): is there an internet?"""
    results = fetch_many([FetchRequest(url) for url in urls], policy)
    return any(result.status for result in results)
