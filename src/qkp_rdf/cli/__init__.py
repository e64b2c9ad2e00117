"""The `qkp-rdf` command line: a thin layer over the library.

Exit codes: 0 success (warnings allowed), 1 the data does not conform, 2 bad input or usage (with
`build --strict`, also a cell that cannot be read), 130 interrupted (Ctrl-C or SIGTERM).

Only this module and the light ones it names at the top are imported before the arguments are
read: each command imports the library it needs, so ``--help`` and ``--version`` answer at once.
Every option is checked before any work (IRIs, output folders, input files), and nothing but a
one-line message reaches the user without ``--verbose``.
"""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Sequence
from types import FrameType

from ..errors import QkpError
from .options import parse

#: What an interrupted command says (and nothing more), with exit code 130.
INTERRUPTED = "interrupted; nothing written"


def _terminated(number: int, frame: FrameType | None) -> None:
    # SIGTERM ends the command as Ctrl-C does: through the same clean-up, with the same one line.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    args = parse(argv)
    import logging

    # rdflib logs a literal it cannot read ("1938-02-30"^^xsd:date) with a traceback; the shapes
    # report such a value in one line, so the traceback is for --verbose only.
    logging.getLogger("rdflib").setLevel(logging.NOTSET if args.verbose else logging.ERROR)
    from .commands import COMMANDS

    handler = COMMANDS[args.command]
    previous = signal.signal(signal.SIGTERM, _terminated) if _main_thread() else None
    try:
        from ..progress import Reporter

        return handler(args, Reporter(quiet=args.quiet))
    except KeyboardInterrupt as e:  # (a command that did write something says what, in its place)
        print(f"qkp-rdf: {e.args[0] if e.args else INTERRUPTED}", file=sys.stderr)
        return 130
    except QkpError as e:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a dependency's error we did not foresee: still one line, the traceback on request
        if args.verbose:
            traceback.print_exc()
        detail = " ".join(str(e).split())[:300]
        print(f"error: {type(e).__name__}: {detail or 'no message'} (qkp-rdf --verbose {args.command} ... shows where; please report it)", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
