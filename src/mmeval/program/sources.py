"""What kind of page a source is, from its URL: the institution's or platform's own page, press,
a third party's, or a domain that is not an acceptable source at all.

The list is data (`data/source-domains.toml`, each domain with its kind and the reason); a
domain matches itself and its subdomains, the longest listed match winning. A domain the list
does not name is a third party's page.
"""

from __future__ import annotations

import functools
from typing import Literal
from urllib.parse import urlsplit

SourceKind = Literal["institution", "platform", "press", "third-party", "unacceptable"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("institution", "platform", "press", "third-party", "unacceptable")
OWN_KINDS: frozenset[str] = frozenset({"institution", "platform"})
UNLISTED: SourceKind = "third-party"


@functools.cache
def domain_list() -> dict[str, tuple[SourceKind, str]]:
    """Every listed domain: its kind and the reason given for it."""
    import tomllib
    from importlib import resources

    text = (resources.files("mmeval") / "data" / "source-domains.toml").read_text("utf-8")
    out: dict[str, tuple[SourceKind, str]] = {}
    for item in tomllib.loads(text)["domain"]:
        kind = item["kind"]
        if kind not in SOURCE_KINDS:
            raise ValueError(f"source-domains.toml: {item['domain']}: unknown kind {kind!r}")
        out[item["domain"].lower()] = (kind, item["reason"])
    return out


def host(url: str) -> str:
    """The URL's host name, lowercased, without a leading "www." or a trailing dot."""
    name = (urlsplit(url).hostname or "").rstrip(".")
    return name[4:] if name.startswith("www.") else name


def listed_domain(url: str) -> str | None:
    """The listed domain the URL falls under (longest match), or None."""
    name = host(url)
    known = domain_list()
    parts = name.split(".")
    for i in range(len(parts)):
        candidate = ".".join(parts[i:])
        if candidate in known:
            return candidate
    return None


def source_kind(url: str) -> SourceKind:
    """The kind of page the URL is (third-party when its domain is not listed)."""
    found = listed_domain(url)
    return domain_list()[found][0] if found is not None else UNLISTED
