"""Property-based tests (hypothesis).

* Generated articles — a random table layout of those the tool supports, random names (with
  diacritics, in Cyrillic), dates at random precision, holders who come back after others —
  build into graphs whose `officeholders` rows are exactly the generated terms.
* Fuzzing: random text, random bytes and randomly mutated articles either parse into a graph
  or raise the project's own error (QkpError), never anything else.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.namespace import FOAF, RDF

from qkp_rdf.pipeline import model_article
from qkp_rdf.readers import bundled_article
from tests.reference import build_graph
from qkp_rdf.dates import PartialDate
from qkp_rdf.errors import QkpError
from qkp_rdf.ids import slugify
from qkp_rdf.config import Config

from .conftest import FIXTURES
from .test_layouts import Row, officeholders

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
LATIN = "abcdefghijklmnoprstuvyzáčďéěíňóřšťúůýžłşţöüăîâșț"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюяёўқҳ"
# QKP_EXAMPLES=2000 pytest tests/test_properties.py searches longer (CI keeps the suite quick).
PROFILE = settings(max_examples=int(os.environ.get("QKP_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def words(draw: st.DrawFn) -> str:
    alphabet = draw(st.sampled_from([LATIN, CYRILLIC]))
    word = draw(st.text(alphabet=alphabet, min_size=2, max_size=9))
    return word[0].upper() + word[1:]


@st.composite
def person_names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(words(), min_size=2, max_size=3))
    if draw(st.booleans()):
        parts[-1] = f"{parts[-1]}-{draw(words())}"
    return " ".join(parts)


@dataclass(frozen=True)
class GenTerm:
    name: str
    start: PartialDate | None
    end: PartialDate | None
    incumbent: bool = False

    def row(self, ordinal: int | None) -> Row:
        return (ordinal, self.name, self.start.isoformat() if self.start else None, self.end.isoformat() if self.end else None)


@st.composite
def partial_dates(draw: st.DrawFn, year: int) -> PartialDate:
    precision = draw(st.sampled_from(["year", "month", "day"]))
    month = draw(st.integers(1, 12)) if precision != "year" else None
    day = draw(st.integers(1, 28)) if precision == "day" else None
    return PartialDate(year, month, day, approximate=draw(st.integers(0, 9)) == 0)


def written(date: PartialDate, rng: random.Random) -> str:
    """A date in one of the forms articles use."""
    prefix = "c. " if date.approximate else ""
    if date.day is not None and date.month is not None:
        forms = [f"{date.day} {MONTHS[date.month - 1]} {date.year}", f"{MONTHS[date.month - 1]} {date.day}, {date.year}"]
    elif date.month is not None:
        forms = [f"{MONTHS[date.month - 1]} {date.year}", f"{MONTHS[date.month - 1][:3]} {date.year}"]
    else:
        forms = [str(date.year)]
    return prefix + rng.choice(forms)


@st.composite
def term_lists(draw: st.DrawFn) -> list[GenTerm]:
    """Terms in order, from a small pool of people so that some come back after others."""
    pool = draw(st.lists(person_names(), min_size=1, max_size=6, unique_by=slugify))
    count = draw(st.integers(1, 8))
    holders = [draw(st.sampled_from(pool)) for _ in range(count)]
    year = draw(st.integers(1900, 1960))
    terms = []
    for index, name in enumerate(holders):
        start = draw(partial_dates(year))
        year += draw(st.integers(1, 6))
        end = draw(partial_dates(year))
        # At most one date unknown (a row with neither would read as a header or a description),
        # never the first row's start (the table's first dated row ends its header).
        unknown = draw(st.sampled_from(["none"] * 6 + ["start", "end"])) if index else "none"
        last = index == count - 1
        incumbent = last and draw(st.booleans())
        if incumbent or unknown == "end":
            end = None
        elif unknown == "start":
            start = None
        terms.append(GenTerm(name, start, end, incumbent))
    return terms


UNKNOWN = ["—", "?", "–", ""]


def _cell(date: PartialDate | None, rng: random.Random, incumbent: bool = False) -> str:
    if incumbent:
        return rng.choice(["Incumbent", "present"])
    return written(date, rng) if date else rng.choice(UNKNOWN)


def _mark(text: str, rng: random.Random) -> str:
    """Sometimes a footnote marker, as articles have them."""
    return text + rng.choice(["", "", "", "[1]", "[a]", "[note 2]"]) if text else text


def table(terms: list[GenTerm], layout: str, rng: random.Random, ordinal_head: str | None) -> list[str]:
    """The office-holder table of ``terms`` in ``layout``, numbered under ``ordinal_head``
    (the two-row layout always is)."""
    lines = []
    if layout == "two-row":
        lines += ["| | Chairman | Term of office | Political party | Ref | | | |", "| Portrait | Name | Took office | Left office | Time in office | | | |"]
        for n, t in enumerate(terms, start=1):
            lines.append(f"| {n} | | {_mark(t.name, rng)} | {_cell(t.start, rng)} | {_cell(t.end, rng, t.incumbent)} | | Communist | — |")
            if rng.random() < 0.4:
                lines.append(f"| {rng.choice(['Oversaw', 'Led', 'Purged in'])} the {rng.choice(['reforms', 'war years'])} of {1900 + n}. | | | | | | | |")
        return lines
    if layout == "range":
        head = ["Name", "Term"]
        rows = []
        for t in terms:
            end = _cell(t.end, rng, t.incumbent) or "?"
            rows.append([_mark(t.name, rng), f"{_cell(t.start, rng) or '?'}{rng.choice([' – ', '–', ' — ', ' to '])}{end}"])
    else:
        head = ["Name", "Took office", "Left office"]
        rows = [[_mark(t.name, rng), _mark(_cell(t.start, rng), rng), _mark(_cell(t.end, rng, t.incumbent), rng)] for t in terms]
    if layout == "extra-columns":
        # Extra columns anywhere, the dates kept in order; the header names them.
        extras = {"Portrait": lambda t: rng.choice(["", f"{slugify(t.name)}.jpg", "File:Portrait.png"]), "Party": lambda t: "Communist",
                  "Notes": lambda t: rng.choice(["", "Resigned", "Died in office"]), "Ref": lambda t: f"[{rng.randint(1, 9)}]"}
        for extra, make in extras.items():
            at = rng.randint(0, len(head))
            head.insert(at, extra)
            for row, t in zip(rows, terms):
                row.insert(at, make(t))
    elif layout == "one-row":
        head += ["Time in office", "Party"]
        for row in rows:
            row += [rng.choice(["", "3 years, 2 months", "1 year, 31 days"]), "Communist"]
    if ordinal_head:
        head.insert(0, ordinal_head)
        for n, row in enumerate(rows, start=1):
            row.insert(0, str(n))
    return ["| " + " | ".join(head) + " |"] + ["| " + " | ".join(row) + " |" for row in rows]


def article(number: int, terms: list[GenTerm], layout: str, rng: random.Random) -> tuple[str, bytes, bool]:
    """(file name, text, whether its table numbers the rows)."""
    name = f"Communist Party of Testland {number}"
    lines = [f"= {name} =", "", name, "- Country: Testland", "", f"The {name} was a party.", "", f"== {rng.choice(['First Secretaries', 'Chairmen', 'Leaders'])} =="]
    if rng.random() < 0.3:
        lines.append("=== Testland SSR ===")
    ordinal_head = rng.choice(["No.", "#", None])
    lines += table(terms, layout, rng, ordinal_head)
    newline = rng.choice(["\n", "\r\n"])
    text = (rng.choice(["", "\ufeff"]) + newline.join(lines) + newline).encode("utf-8")
    return f"party-{number}.txt", text, layout == "two-row" or ordinal_head is not None


LAYOUTS = ["two-row", "one-row", "range", "extra-columns", "plain"]


@PROFILE
@given(st.lists(st.tuples(term_lists(), st.sampled_from(LAYOUTS)), min_size=1, max_size=3), st.randoms(use_true_random=False))
def test_generated_articles_give_exactly_their_officeholders(articles: list[tuple[list[GenTerm], str]], rng: random.Random) -> None:
    made = [article(n, terms, layout, rng) for n, (terms, layout) in enumerate(articles)]
    models = [model_article(name, data) for name, data, _ in made]
    # A table without a number column gives its terms no ordinal (only a place in the series).
    expected = [t.row(ordinal if numbered else None) for (terms, _), (_, _, numbered) in zip(articles, made) for ordinal, t in enumerate(terms, start=1)]
    graph = build_graph(models, Config())
    assert sorted(officeholders(graph), key=repr) == sorted(expected, key=repr)
    # One person per name however many terms and articles: a holder who comes back is not a new person.
    assert len(set(graph.subjects(RDF.type, FOAF.Person))) == len({t.name for terms, _ in articles for t in terms})


# --- fuzzing -------------------------------------------------------------------------------

SEEDS = [bundled_article()[1]] + [p.read_bytes() for p in sorted((FIXTURES / "articles").rglob("*.txt"))]
PIECES = ["|", " | ", "\n", "=", "== X ==", "- Key: ", "—", "?", "c. ", "31 February 1951", "1937", "May", "[1]", "Incumbent", "\ufeff", "\r", "1.", "(", ")", "  "]


def _survives(name: str, data: bytes) -> None:
    try:
        build_graph([model_article(name, data)], Config())
    except QkpError:
        pass


@PROFILE
@given(st.text())
def test_fuzz_random_text(text: str) -> None:
    _survives("fuzz.txt", text.encode("utf-8", errors="surrogatepass"))


@PROFILE
@given(st.binary())
def test_fuzz_random_bytes(data: bytes) -> None:
    _survives("fuzz.txt", data)


@st.composite
def mutated_articles(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(SEEDS)).decode("utf-8-sig").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            line = lines[at]
            position = draw(st.integers(0, len(line)))
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=5))
            cut = draw(st.integers(0, 8)) if kind == "replace" else 0
            lines[at] = line[:position] + piece + line[position + cut :]
    return "".join(lines).encode("utf-8", errors="surrogatepass")


@PROFILE
@given(mutated_articles())
def test_fuzz_mutated_articles(data: bytes) -> None:
    _survives("mutated.txt", data)
