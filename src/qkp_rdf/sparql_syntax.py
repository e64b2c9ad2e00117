"""SPARQL query text, checked with Oxigraph's parser: its form, and syntax errors at their place.

Oxigraph names the furthest place its parser looked at, which can be several characters past the
mistake: it reads a keyword's length ahead before comparing (``SELECT ?x WHERE { ?x ?y } LIMIT 1`` is
reported at the ``L`` of ``LIMIT``, "expected OPTIONAL"). So the place reported here is found by
parsing ever longer beginnings of the text, cut between tokens: the first token that no valid query
can go on with. An unclosed bracket is reported where it opens, an undeclared prefix at its name, and
Oxigraph's list of what it expected (which can run to a screenful of character classes) is cut to
the tokens it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import QueryError

#: The query forms answered.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: The first keyword of each SPARQL 1.1 update operation.
UPDATES = ("INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")

# SPARQL's tokens, roughly: enough to find the form's keyword, cut the text between tokens and match
# brackets. A name may hold dots, but not end with one (`ex:a.` is `ex:a` and `.`).
_LEXER = re.compile(
    r"(?P<space>\s+|#[^\n]*)"
    r"|(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<word>(?:[\w\\%:-]|\.(?=[\w\\%:-]))+)"
    r"|(?P<quote>['\"])"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|.)",
    re.S,
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), str(m.lastgroup)) for m in _LEXER.finditer(text) if m.lastgroup != "space"]


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (``BASE`` and ``PREFIX`` declarations), upper-cased:
    ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE`` for a query, ``INSERT`` and so on for an update;
    None if there is none."""
    tokens = iter(_tokens(text))
    for token in tokens:
        keyword = token.text.upper()
        if keyword == "BASE":
            next(tokens, None)
        elif keyword == "PREFIX":
            next(tokens, None)
            next(tokens, None)
        else:
            return keyword if token.kind == "word" else None
    return None


def uses_service(text: str) -> bool:
    """Whether the query calls another endpoint (``SERVICE``): a word ``SERVICE`` outside strings,
    IRIs and comments, or any other place Oxigraph's own parser reads as one. Decide this before
    anything parses the text with a store's ``query``: Oxigraph evaluates a ``SERVICE`` (sends its
    HTTP request) as soon as the query is made, before a row is read.

    The lexer here is rough; Oxigraph's parser is the judge. Every ``service``, whatever its case
    and wherever it stands, is changed into ``servicf`` (same length): in a string, an IRI, a
    comment or a name the query stays valid, in the keyword's place it does not. So a text whose
    changed copy parses holds no ``SERVICE``, and a text whose copy does not, while the lexer found
    no keyword, is taken for one that does (a syntax error there is refused the same way)."""
    if any(t.kind == "word" and t.text.upper() == "SERVICE" for t in _tokens(text)):
        return True
    if "service" not in text.lower():
        return False
    changed = re.sub("(?i)(servic)e", lambda m: m.group(1) + ("F" if m.group(0)[-1] == "E" else "f"), text)
    try:
        ox.Store().query(changed)  # holds no SERVICE now: only parsed
    except SyntaxError:
        return True
    return False


def _without_service(text: str, source: str) -> str:
    """The text to check the syntax of: a query that calls another endpoint is checked with each
    ``SERVICE [SILENT]`` read as ``GRAPH`` (the same syntax around it, the same length, so errors
    keep their place), as Oxigraph would send the SERVICE request while only parsing it."""
    if not uses_service(text):
        return text
    parts, at, tokens = [], 0, _tokens(text)
    for token, following in zip(tokens, [*tokens[1:], None]):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            end = following.end if following is not None and following.text.upper() == "SILENT" else token.end
            parts += [text[at : token.start], "GRAPH".ljust(end - token.start)]
            at = end
    if at == 0:
        raise QueryError(f"{source}: cannot check this query without calling the endpoint of its SERVICE")
    return "".join([*parts, text[at:]])


def check_syntax(text: str, source: str) -> str:
    """The query's form (one of :data:`FORMS`); a :class:`QueryError` naming ``source:LINE:COLUMN``
    if ``text`` is not a valid SPARQL 1.1 query, or naming the operation if it is an update."""
    form = query_form(text)
    if form in UPDATES:
        raise QueryError(f"{source}: this is a SPARQL update ({form}), not a query: `query` runs SELECT, ASK, CONSTRUCT and DESCRIBE queries only, and never sends an update")
    try:
        ox.Store().query(_without_service(text, source))  # empty: the query is parsed, its lazy answer never read
    except SyntaxError as e:
        raise syntax_error(text, source) from e
    if form not in FORMS:  # cannot be: the parser accepted the text
        raise QueryError(f"{source}: cannot tell the query's form")
    return form


_ENGINE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_EXPECTED_ITEM = re.compile(r"\"(?:[^\"\\]|\\.)*\"|\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|[^,]+")
#: Longer than any keyword Oxigraph reads ahead (ENCODE_FOR_URI), of a character no token holds.
_PADDING = " " + "\x01" * 24


@dataclass(frozen=True)
class _Failure:
    """Oxigraph's report of a text it cannot parse: the character offset and what it expected there."""

    offset: int
    expected: tuple[str, ...]

    @property
    def custom(self) -> list[str]:
        """Messages of the parser's own checks (an undeclared prefix, an unbound variable)."""
        return [item for item in self.expected if " " in item and item[0] not in "\"["]

    @property
    def literals(self) -> list[str]:
        """The quoted tokens expected: ones the parser tried exactly at :attr:`offset`."""
        return [item for item in self.expected if item.startswith('"')]

    def tried_from(self) -> int:
        """The furthest place something was tried: a keyword is read whole before it is compared, so
        ``expected SELECT`` at offset 10 was tried at offset 4."""
        return max(self.offset - len(item) if re.fullmatch(r"\w+", item) else self.offset for item in self.expected)


def _failure(store: ox.Store, text: str) -> _Failure | None:
    try:
        store.query(text)
    except SyntaxError as e:
        match = _ENGINE_ERROR.match(str(e))
        if match is None:
            return _Failure(len(text), (" ".join(str(e).split()),))
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        offset = min(len(text), starts[min(line, len(starts)) - 1] + column - 1)
        if message.startswith("expected one of "):
            items = tuple(m.group().strip() for m in _EXPECTED_ITEM.finditer(message.removeprefix("expected one of ")))
        else:
            items = (message.removeprefix("expected ").strip(),)
        return _Failure(offset, tuple(i for i in items if i))
    return None


def _reached(store: ox.Store, text: str, end: int) -> bool:
    """Whether ``text[:end]`` (ending with a whole token) begins some valid query."""
    head = text[:end]
    failure = _failure(store, head)
    if failure is None:
        return True
    if failure.custom:
        return False
    if failure.offset >= end and (failure.literals or any(i.startswith("[") and i != "[_]" for i in failure.expected)):
        return True
    # Only keywords, or `[_]` (a keyword cut short by the end): was one tried after the head? Padding
    # lets a keyword be read whole, so that it is reported where it was tried.
    padded = _failure(store, head + _PADDING)
    return padded is not None and not padded.custom and padded.tried_from() >= end


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def syntax_error(text: str, source: str) -> QueryError:
    """The error to raise for a text Oxigraph cannot parse: ``source:LINE:COLUMN: SPARQL syntax error: what``."""
    return QueryError(f"{source}:{_syntax_message(ox.Store(), text)}")


def _syntax_message(store: ox.Store, text: str) -> str:
    tokens = _tokens(text)
    whole = _failure(store, text)
    limit = whole.offset if whole else len(text)
    # The mistake is at or before the place Oxigraph names; start a little before that (a keyword's
    # length) if the text is good up to there, else from the beginning.
    first = max(0, len([t for t in tokens if t.end <= limit - 32]) - 1)
    if first and not _reached(store, text, tokens[first - 1].end):
        first = 0
    bad = next((t for t in tokens[first:] if not _reached(store, text, t.end)), None)
    where = bad.start if bad else (tokens[-1].end if tokens else 0)
    if bad is None:
        reason = "unexpected end of query"
    else:
        failure = _failure(store, text[: bad.end])
        custom = failure.custom if failure else []
        if "Prefix not found" in custom and ":" in bad.text:
            return f"{_place(text, where)}: SPARQL syntax error: undeclared prefix '{bad.text.split(':', 1)[0]}:'"
        shown = bad.text if len(bad.text) <= 24 else bad.text[:23] + "…"
        reason = custom[0][0].lower() + custom[0][1:] if custom else f"unexpected {shown!r}"
        before = _failure(store, text[: bad.start].rstrip())
        expected = sorted(set(before.literals)) if before and not custom else []
        if expected:
            reason += f" (expected {', '.join(expected[:8])}{', …' if len(expected) > 8 else ''})"
    quote = next((t for t in tokens if t.kind == "quote" and t.start <= where), None)
    if quote is not None:
        return f"{_place(text, quote.start)}: SPARQL syntax error: string not closed"
    unclosed = _unclosed(tokens)
    if unclosed is not None:
        opener, closer = unclosed
        if opener.start < where and (closer is None or where <= closer.start):
            reason = f"{opener.text!r} is not closed; at {_place(text, where)}: {reason}"
            where = opener.start
    return f"{_place(text, where)}: SPARQL syntax error: {reason}"


_PAIRS = {"(": ")", "{": "}", "[": "]", "{|": "|}"}


def _unclosed(tokens: Sequence[_Token]) -> tuple[_Token, _Token | None] | None:
    """The innermost bracket left open, and the closing bracket that does not match it (None: the
    query ends first)."""
    stack: list[_Token] = []
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _PAIRS:
            stack.append(token)
        elif token.text in _PAIRS.values():
            if not stack:
                return None
            if _PAIRS[stack[-1].text] != token.text:
                return stack[-1], token
            stack.pop()
    return (stack[-1], None) if stack else None
