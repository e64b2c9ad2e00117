"""A post's holders on a time axis, as inline SVG: one bar (``<rect class="term">``) per term of
office, a row each, so that gaps and overlaps between consecutive terms show (and are marked);
an end the source gives only vaguely (a year, a decade, "c. 1938") fades over the days it may
mean, an unknown end fades out with a dashed outline up to the next term's start, an incumbent's
bar runs to the edge with an arrow. Interruptions of the post (an occupation) are hatched bands.

The geometry is computed here; :func:`svg` renders it through an autoescaping template, so no
label reaches the SVG unescaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .facts import Interruption, Link, TermRow, When
from .templating import render

WIDTH, LABELS, RIGHT, TOP, ROW, BAR = 960, 230, 24, 28, 24, 14
PLOT = WIDTH - LABELS - RIGHT
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Stop:
    offset: str
    opacity: str


@dataclass(frozen=True)
class Bar:
    """A term's bar: ``x``..``x + width`` from the first to the last day it may have lasted;
    ``stops`` (when not empty) fade the parts the dates do not pin down."""

    row: int
    y: str
    x: str
    width: str
    classes: str
    title: str
    label: str
    holder: Link | None
    stops: tuple[Stop, ...]
    marker: str  # "open" (an arrow: still in office), "unknown" (a "?"), or ""
    end_x: str
    text_y: str  # the baseline of the row's texts

    @property
    def arrow(self) -> str:
        """An arrowhead past the bar's end (the path of an incumbent's "still in office")."""
        return f"M{self.end_x},{self.y} l8,{BAR / 2:g} l-8,{BAR / 2:g} z"


@dataclass(frozen=True)
class Span:
    """A marked stretch of the axis: a gap or an overlap on a row, or an interruption (all rows)."""

    classes: str
    x: str
    width: str
    y: str
    height: str
    title: str


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class Timeline:
    title: str
    description: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    labels: int
    bar: int
    bars: tuple[Bar, ...]
    spans: tuple[Span, ...]
    ticks: tuple[Tick, ...]


def _f(number: float) -> str:
    return f"{number:.1f}"


@dataclass
class _Extent:
    """A term's possible days: it began between s0 and s1 and ended between e0 and e1."""

    s0: dt.date
    s1: dt.date
    e0: dt.date
    e1: dt.date
    end: str  # "known", "open" or "unknown"
    start_known: bool


def _extents(terms: Sequence[TermRow], first: dt.date, last: dt.date) -> list[_Extent]:
    found: list[_Extent] = []
    for i, term in enumerate(terms):
        # The nearest terms before and after whose start the source gives bound an unknown date.
        previous = next((t.start.latest for t in reversed(terms[:i]) if t.start.latest), None)
        following = next((t.start.latest for t in terms[i + 1 :] if t.start.latest), None)
        if term.start.earliest and term.start.latest:
            s0, s1 = term.start.earliest, term.start.latest
        else:  # no start: any day after the previous term's start, before this one's end
            s0 = previous or first
            s1 = term.end.earliest or s0
        if term.end.earliest and term.end.latest:
            e0, e1, end = term.end.earliest, term.end.latest, "known"
        elif term.end.open:
            e0, e1, end = last, last, "open"
        else:  # no end: any day up to the next term's start
            e0, end = s1, "unknown"
            e1 = following or last
        e1 = max(e1, s0)
        found.append(_Extent(s0, min(s1, e1), max(e0, s0), e1, end, term.start.known))
    return found


def _bounds(terms: Sequence[TermRow], breaks: Sequence[Interruption]) -> tuple[dt.date, dt.date] | None:
    whens: list[When] = [w for t in terms for w in (t.start, t.end)]
    whens += [w for i in breaks for w in (i.start, i.end) if w is not None]
    days = [d for w in whens for d in (w.earliest, w.latest) if d is not None]
    if not days:
        return None
    first, last = min(days), max(days)
    if any(not (t.end.known and t.start.known) for t in terms):  # room for an open or unknown end to show
        last += dt.timedelta(days=max(730, (last - first).days // 12))
    return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)


def layout(terms: Sequence[TermRow], breaks: Sequence[Interruption], *, post: str) -> Timeline | None:
    """The timeline of a post's terms (in their order in the series), or None when no term has a date."""
    bounds = _bounds(terms, breaks)
    if bounds is None:
        return None
    first, last = bounds
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return LABELS + (day - first).days / span * PLOT

    bars: list[Bar] = []
    spans: list[Span] = []
    extents = _extents(terms, first, last)
    for row, (term, ext) in enumerate(zip(terms, extents)):
        y = TOP + row * ROW + (ROW - BAR) / 2
        left, right = x(ext.s0), max(x(ext.e1 + _DAY), x(ext.s0) + 2)
        width = right - left

        def at(day: dt.date) -> str:
            return f"{max(0.0, min(1.0, (x(day) - left) / width)):.3f}"

        stops: tuple[Stop, ...] = ()
        fuzzy_start, fuzzy_end = ext.s1 > ext.s0 or not ext.start_known, ext.e1 > ext.e0 and ext.end != "open"
        if fuzzy_start or fuzzy_end:
            faint = "0.08" if ext.end == "unknown" else "0.25"
            stops = (
                Stop("0.000", "0.25" if fuzzy_start else "1"),
                Stop(at(ext.s1), "1"),
                Stop(at(ext.e0 + _DAY), "1"),
                Stop("1.000", faint if fuzzy_end else "1"),
            )
        classes = ["term", f"end-{ext.end}"]
        if not ext.start_known:
            classes.append("start-unknown")
        classes += [name for name, fuzzy in (("fuzzy-start", fuzzy_start), ("fuzzy-end", fuzzy_end)) if fuzzy]
        who = term.holder.label if term.holder else "unknown holder"
        role = f" ({term.role})" if term.role else ""
        number = f"{term.ordinal}. " if term.ordinal else ""
        bars.append(
            Bar(
                row=row,
                y=_f(y),
                x=_f(left),
                width=_f(width),
                classes=" ".join(classes),
                title=f"{number}{who}{role}: {term.start.text} – {term.end.text}",
                label=f"{number}{who}{role}",
                holder=term.holder,
                stops=stops,
                marker={"open": "open", "unknown": "unknown"}.get(ext.end, ""),
                end_x=_f(right),
                text_y=_f(y + BAR - 3),
            )
        )
        if row and extents[row - 1].end == "known" and ext.start_known:
            spans += _between(terms[row - 1], term, extents[row - 1], ext, x, y, breaks)
    for gap in breaks:
        if gap.start and gap.start.earliest and gap.end and gap.end.latest:
            left = x(gap.start.earliest)
            spans.append(Span("interruption", _f(left), _f(x(gap.end.latest + _DAY) - left), str(TOP), str(len(terms) * ROW),
                              f"{gap.what.label}: {gap.start.text} – {gap.end.text}"))
    dated = [d for e in extents for d in (e.s0, e.e1)]
    return Timeline(
        title=f"Holders of the post {post}, on a time axis",
        description=f"{len(terms)} terms of office from {min(dated).year} to {max(dated).year}, one bar each; the table gives the same dates.",
        width=WIDTH,
        height=TOP + len(terms) * ROW + 8,
        plot_top=TOP,
        plot_bottom=TOP + len(terms) * ROW,
        labels=LABELS,
        bar=BAR,
        bars=tuple(bars),
        spans=tuple(spans),
        ticks=tuple(_ticks(first, last, x)),
    )


def _between(before: TermRow, term: TermRow, a: _Extent, b: _Extent, x: Callable[[dt.date], float], y: float, breaks: Sequence[Interruption]) -> list[Span]:
    """A gap (no holder for a while) or an overlap (two holders at once) between consecutive terms,
    marked on the later term's row; a gap an interruption of the post accounts for is not one."""
    if b.s0 > a.e1 + _DAY:
        covered = any(i.start and i.end and i.start.earliest and i.end.latest and i.start.earliest <= a.e1 + _DAY and i.end.latest >= b.s0 - _DAY for i in breaks)
        if not covered:
            left = x(a.e1 + _DAY)
            return [Span("gap", _f(left), _f(x(b.s0) - left), _f(y), str(BAR), f"Gap: no holder known between {before.end.text} and {term.start.text}")]
    elif b.s1 < a.e0 and not (before.role or term.role):  # roles run side by side by design
        left = x(b.s1)
        return [Span("overlap", _f(left), _f(x(a.e0) - left), _f(y), str(BAR), f"Overlap: this term began ({term.start.text}) before the previous one ended ({before.end.text})")]
    return []


def _ticks(first: dt.date, last: dt.date, x: Callable[[dt.date], float]) -> list[Tick]:
    years = last.year - first.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if years / s <= 14)
    start = -(-first.year // step) * step
    return [Tick(_f(x(dt.date(year, 1, 1))), str(year)) for year in range(start, last.year + 1, step)]


def svg(timeline: Timeline, *, root: str) -> str:
    """The timeline as an inline ``<svg>`` element; ``root`` leads from the page to the site's root."""
    return render("timeline.svg", timeline=timeline, root=root)
