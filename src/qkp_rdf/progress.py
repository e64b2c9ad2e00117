"""Progress of long work (articles built, triples validated, chunks loaded), as users expect it.

On a terminal a bar redrawn in place (tqdm's: count, total, rate and elapsed time); anywhere else
(a log, a pipe, CI) plain lines, at most one every few seconds and one at the end, so a log shows
the work moving without a line per item; with ``--quiet`` nothing. The command line makes one
:class:`Reporter` for its run and hands the library the callbacks it asks for; the library itself
never prints.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any, Literal

Mode = Literal["bar", "lines", "quiet"]


def mode_for(stream: IO[str], *, quiet: bool) -> Mode:
    """The mode for a stream: a bar on a terminal, lines elsewhere, nothing when quiet."""
    if quiet:
        return "quiet"
    return "bar" if stream.isatty() else "lines"


class Counter:
    """One piece of work counted to a total: ``advance(n)`` as it goes, ``close()`` at the end."""

    #: In lines mode, the least time between two lines.
    EVERY = 5.0

    def __init__(self, what: str, total: int | None, unit: str, *, mode: Mode, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.what, self.total, self.unit, self.mode, self.stream, self.clock = what, total, unit, mode, stream, clock
        self.done = 0
        self.started = self.last = clock()
        self.lines = 0
        self._said = 0  # the count the last line gave
        self._bar: Any = None
        self._closed = False
        if mode == "bar":
            from tqdm import tqdm  # only a terminal pays for its import

            self._bar = tqdm(total=total, desc=f"qkp-rdf: {what}", unit=f" {unit}", file=stream, leave=False, dynamic_ncols=True)

    def advance(self, count: int = 1) -> None:
        if not count:
            return
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self.mode == "lines" and self.clock() - self.last >= self.EVERY:
            self._line()
        if self.total is not None and self.done >= self.total:
            self.close()  # the work is done: say so now, before the lines about what follows

    @property
    def drawn(self) -> bool:
        """Whether a bar is on the screen now."""
        return self._bar is not None and not self._closed

    def expect(self, total: int) -> None:
        """Say the total once it is known (after the work has been surveyed)."""
        self.total = total
        if self._bar is not None:
            self._bar.total = total
            self._bar.refresh()

    def set(self, done: int) -> None:
        """Say how much is done (for work that reports its count, not its steps)."""
        self.advance(done - self.done)

    def close(self) -> None:
        """The last word: in lines mode, a line, if the work was long enough to have had one
        (the bar clears itself: the command's summary follows)."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif self.mode == "lines" and self.lines and self._said != self.done:
            self._line()

    def _line(self) -> None:
        self.last = self.clock()
        self.lines += 1
        self._said = self.done
        of = f"/{self.total}" if self.total is not None else ""
        print(f"qkp-rdf: {self.what}: {self.done}{of} {self.unit} ({self.last - self.started:.1f} s)", file=self.stream, flush=True)

    def __enter__(self) -> Counter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        elif self._bar is not None:  # a failed or interrupted command says so in one line of its own
            self._bar.close()


class Reporter:
    """What one command tells its user on standard error: notes, and counters of long work."""

    def __init__(self, *, quiet: bool, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.mode = mode_for(self.stream, quiet=quiet)
        self._counters: list[Counter] = []

    def note(self, text: str) -> None:
        """A line about the work (``qkp-rdf: ...``); silent with ``--quiet``."""
        if not self.quiet:
            self._line(f"qkp-rdf: {text}")

    def warn(self, text: str) -> None:
        """A warning: shown even with ``--quiet`` (it is about the data, not the work)."""
        self._line(f"warning: {text}")

    def counter(self, what: str, total: int | None, unit: str) -> Counter:
        self._counters.append(Counter(what, total, unit, mode=self.mode, stream=self.stream))
        return self._counters[-1]

    def _line(self, text: str) -> None:
        if any(c.drawn for c in self._counters):
            from tqdm import tqdm

            tqdm.write(text, file=self.stream)  # above the bar, which is drawn again below it
        else:
            print(text, file=self.stream, flush=True)
