"""Content negotiation: which of the media types a resource is offered in a request's ``Accept``
header asks for (RFC 9110, section 12.5.1).

Each offered type takes the quality of the most specific range that matches it (``text/turtle``
before ``text/*`` before ``*/*``); a quality of 0 refuses it. Among the types with the best
quality, the one matched more specifically wins, then the one the client named first, then the
server's order (the order ``offered`` gives). Parameters other than ``q`` do not restrict a match
(``text/turtle;charset=utf-8`` asks for Turtle). No header, or an empty one, accepts anything.

A header that is not a list of media ranges is refused (400) rather than guessed at: a client that
sent one would otherwise get a format it did not ask for without knowing why. Clients' usual
liberties are taken as meant: ``*`` for ``*/*`` (Java's default header), a quality written
``.5``, empty list elements, spaces around ``;`` and ``=``. A header longer than
:data:`MAX_ACCEPT` is refused (431) before it is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import RequestError

#: The longest ``Accept`` header read (browsers send about 150 characters).
MAX_ACCEPT = 8 * 1024

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
# One media range: its type and subtype, then its parameters (a value is a token or a quoted string).
_RANGE = re.compile(rf"\s*(?P<type>{_TOKEN})(?:/(?P<subtype>{_TOKEN}))?(?P<params>(?:\s*;\s*(?:{_TOKEN}\s*=\s*(?:{_TOKEN}|{_QUOTED}))?)*)\s*(?:,|$)")
_PARAM = re.compile(rf"\s*;\s*(?:(?P<name>{_TOKEN})\s*=\s*(?P<value>{_TOKEN}|{_QUOTED}))?")
_QVALUE = re.compile(r"(?:0?\.\d{1,3}|0|1|1\.0{0,3}|0\.)")


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header: ``type/subtype`` (either may be ``*``), its quality,
    and its place in the header."""

    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int | None:
        """How closely it matches a media type: 2 exactly, 1 by ``type/*``, 0 by ``*/*``; None if not."""
        kind, _, sub = media_type.lower().partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; a :class:`RequestError` (400) if it is not one,
    (431) if it is longer than :data:`MAX_ACCEPT`."""
    if len(header) > MAX_ACCEPT:
        raise RequestError(431, f"the Accept header is too long ({len(header)} characters; at most {MAX_ACCEPT})")
    ranges: list[MediaRange] = []
    at = 0
    while at < len(header):
        match = _RANGE.match(header, at)
        if match is None or match.end() == at:
            if header[at:].strip(" \t,") == "":
                break
            shown = header[at:].strip()[:40]
            raise RequestError(400, f"malformed Accept header near {shown!r}: expected a media range such as text/turtle;q=0.9")
        at = match.end()
        kind, sub = match.group("type").lower(), (match.group("subtype") or "").lower()
        if not sub:
            if kind != "*":
                raise RequestError(400, f"malformed Accept header: {kind!r} is not a media range (type/subtype)")
            sub = "*"  # a lone `*`, as Java's HttpURLConnection sends it
        if kind == "*" and sub != "*":
            raise RequestError(400, f"malformed Accept header: {kind}/{sub} (a wildcard type needs a wildcard subtype)")
        q = 1.0
        for param in _PARAM.finditer(match.group("params")):
            name, value = param.group("name"), param.group("value")
            if name is not None and name.lower() == "q":
                if not _QVALUE.fullmatch(value):
                    raise RequestError(400, f"malformed Accept header: q={value} in {kind}/{sub} (a quality is 0 to 1, at most 3 decimals)")
                q = float(value)
                break  # what follows q are extension parameters, not the media type's
        ranges.append(MediaRange(kind, sub, q, len(ranges)))
        # An empty element (`a, , b`) is allowed by the list syntax: skip its commas.
        while at < len(header) and header[at] in " \t,":
            at += 1
    return ranges


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the header prefers (see the module's docstring), None if it
    accepts none of them."""
    if accept is None or not accept.strip(" \t,"):
        return offered[0] if offered else None
    ranges = parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for order, media_type in enumerate(offered):
        matches = [(r.specificity(media_type), r) for r in ranges]
        found = [(s, r) for s, r in matches if s is not None]
        if not found:
            continue
        most = max(s for s, _ in found)
        # Of the ranges that match most specifically, the best quality (`text/turtle;q=0, text/turtle` is odd, but not ours to refuse).
        q, position = max((r.q, -r.position) for s, r in found if s == most)
        if q <= 0:
            continue
        key = (q, most, position, -order)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen


def not_acceptable(offered: Sequence[str]) -> RequestError:
    """The 406 for a request whose ``Accept`` takes none of the formats offered: it names them."""
    return RequestError(406, f"not acceptable: offered as {', '.join(offered)}")
