"""Fetching articles by URL, safely (httpx): timeouts, a size cap, a redirect cap, content-type checks, and no
requests to loopback, private, link-local or cloud-metadata addresses unless the user allows private ones.

The address check runs after DNS resolution and again on every redirect, and the connection goes to the very
address that was checked (the host name travels in the Host header and TLS SNI), so a name that resolves once to a
public address and then to a private one cannot slip through. Cloud-metadata addresses are refused always.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import FetchRefused

Resolver = Callable[[str, int], list[str]]

METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"))
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml",
              "application/xml", "text/xml", "application/json", "application/x-ndjson")


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False
    timeout: float = 20.0  # seconds, for connecting and for each read
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    content_types: tuple[str, ...] = TEXT_TYPES
    user_agent: str = "khaldun/0.1 (+https://pypi.org/project/khaldun/)"


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str
    body: bytes
    redirects: tuple[str, ...] = field(default=())


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052), IPv4-translated (RFC 2765),
# IPv4-compatible (deprecated, RFC 4291). IPv4-mapped, 6to4 and Teredo are read by ipaddress itself.
IPV4_IN_LOW_BITS = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
# not public, though Python 3.11's ipaddress calls them global: the IETF protocol assignments block (192.0.0.8,
# 192.0.0.170…), IPv6 site-local (deprecated, still routed inside sites), NAT64 local-use (RFC 8215)
NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in ("192.0.0.0/24", "fec0::/10", "64:ff9b:1::/48"))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def embedded_ipv4(ip: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64, 6to4, Teredo),
    or None: a connection to it may reach that IPv4 host, so it is judged as that host."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in net for net in IPV4_IN_LOW_BITS) and int(ip) > 1:  # '::' and '::1' are IPv6's own
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _non_public(ip: Address) -> str | None:
    for test, what in ((ip.is_loopback, "loopback"), (ip.is_link_local, "link-local"), (ip.is_unspecified, "unspecified"),
                       (ip.is_multicast, "multicast"), (ip.is_private, "private"), (ip.is_reserved, "reserved"),
                       (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "site-local")):
        if test:
            return what
    if any(ip.version == net.version and ip in net for net in NOT_PUBLIC) or not ip.is_global:
        return "non-public"
    return None


def refusal(ip: Address, allow_private: bool) -> str | None:
    """Why this address may not be fetched from, or None. An IPv6 address that embeds an IPv4 one is judged by
    both; cloud-metadata addresses are refused in every form, even with ``allow_private``."""
    inner = embedded_ipv4(ip)
    shown = f"{ip} (which embeds {inner})" if inner else str(ip)
    if ip in METADATA or (inner is not None and inner in METADATA):
        return f"{shown} is a cloud metadata address"
    if allow_private:
        return None
    for candidate in (ip, inner):
        what = _non_public(candidate) if candidate is not None else None
        if what:
            article = "an" if what[0] in "aeiou" else "a"
            return f"{shown} is {article} {what} address (give --allow-private to fetch from your own network)"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})


def _checked_address(url: str, policy: FetchPolicy, resolver: Resolver) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'}", origin=url, stage="fetch")
    if not parts.hostname:
        raise FetchRefused("the URL names no host", origin=url, stage="fetch")
    if parts.username or parts.password:
        raise FetchRefused("URLs with credentials are not fetched", origin=url, stage="fetch")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
        addresses = [str(literal)]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError) as err:
            raise FetchRefused(f"cannot resolve {host}: {err}", origin=url, stage="fetch") from err
    if not addresses:
        raise FetchRefused(f"{host} resolves to no address", origin=url, stage="fetch")
    for a in addresses:  # every answer must pass: a name with one private answer is refused
        why = refusal(ipaddress.ip_address(a), policy.allow_private)
        if why:
            raise FetchRefused(f"refused: {host} → {why}", origin=url, stage="fetch")
    return parts.scheme, host, port, addresses[0]


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), resolver: Resolver = system_resolver) -> Fetched:
    """The body of ``url`` within the policy's limits; FetchRefused (with the reason) otherwise."""
    import httpx

    current, hops = url, []
    with httpx.Client(timeout=httpx.Timeout(policy.timeout), follow_redirects=False, trust_env=False) as client:
        while True:
            scheme, host, port, address = _checked_address(current, policy, resolver)
            parts = urlsplit(current)
            ip_host = f"[{address}]" if ":" in address else address
            pinned = urlunsplit((scheme, f"{ip_host}:{port}", parts.path or "/", parts.query, ""))
            headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": policy.user_agent,
                       "Accept": ", ".join(policy.content_types)}
            extensions = {"sni_hostname": host} if scheme == "https" else {}
            try:
                with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchRefused("a redirect without a Location", origin=url, stage="fetch")
                        hops.append(current)
                        if len(hops) > policy.max_redirects:
                            raise FetchRefused(f"more than {policy.max_redirects} redirects", origin=url, stage="fetch")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchRefused(f"the server answered {response.status_code}", origin=url, stage="fetch")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type not in policy.content_types:
                        raise FetchRefused(f"the content type {content_type or '(none)'} is not text, HTML or a feed",
                                           origin=url, stage="fetch")
                    declared = response.headers.get("content-length", "")
                    if declared.isascii() and declared.isdigit() and int(declared) > policy.max_bytes:
                        raise FetchRefused(f"the page is larger than {policy.max_bytes // 1_000_000} MB", origin=url, stage="fetch")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > policy.max_bytes:
                            raise FetchRefused(f"the page is larger than {policy.max_bytes // 1_000_000} MB", origin=url, stage="fetch")
                    return Fetched(url=url, final_url=current, content_type=content_type, body=bytes(body), redirects=tuple(hops))
            except httpx.TimeoutException as err:
                raise FetchRefused(f"timed out after {policy.timeout:g} s ({err.__class__.__name__})", origin=url, stage="fetch") from err
            except httpx.HTTPError as err:
                raise FetchRefused(f"the request failed: {err.__class__.__name__}: {str(err)[:120]}", origin=url, stage="fetch") from err
