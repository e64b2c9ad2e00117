"""RDF terms as canonical N-Triples text, the terms the mapper and the model view write.

Each helper gives exactly the text :mod:`.ntriples` writes for the rdflib term it stands for:
IRIs in full, literals with canonical N-Triples' escapes, language tags lower-case, no datatype
for xsd:string, and lexical forms as rdflib normalizes them (a test holds each helper to
rdflib). Making an rdflib term per triple, only to write it back as text, was more than half of
a worker's time.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import namespace as rdf
from rdflib.namespace import DefinedNamespace, Namespace

from . import vocab
from .dates import PartialDate, Precision, parse_duration

# Canonical N-Triples escapes exactly these in a literal's text.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'["\\\n\r]')  # a search is ten times cheaper than translate()


def iri(text: str) -> str:
    return f"<{text}>"


class Vocabulary:
    """A namespace's terms as IRI text (``RDF.type`` is ``<...#type>``), each written on first
    use and then an attribute like any other. A closed namespace (RDF, FOAF, ...) still refuses
    a name it does not define."""

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        text = iri(getattr(self._namespace, name))
        setattr(self, name, text)
        return text

    def __getitem__(self, name: str) -> str:
        text: str = getattr(self, name)
        return text


DCTERMS = Vocabulary(rdf.DCTERMS)
FOAF = Vocabulary(rdf.FOAF)
PROV = Vocabulary(rdf.PROV)
RDF = Vocabulary(rdf.RDF)
RDFS = Vocabulary(rdf.RDFS)
SKOS = Vocabulary(rdf.SKOS)
XSD = Vocabulary(rdf.XSD)
OPENGOV = Vocabulary(vocab.OPENGOV)
ORG = Vocabulary(vocab.ORG)
QKP = Vocabulary(vocab.QKP)
SCHEMA = Vocabulary(vocab.SCHEMA)
VOID = Vocabulary(vocab.VOID)

#: The datatype of a date at each precision the source gives it.
DATE_DATATYPES = {Precision.DAY: XSD.date, Precision.MONTH: XSD.gYearMonth, Precision.YEAR: XSD.gYear}


def _quoted(text: str) -> str:
    return f'"{str.translate(text, _ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'


def literal(lexical: str, datatype: str | None = None) -> str:
    """A literal of a lexical form as given; ``datatype`` is an IRI's text (``XSD.gYear``),
    none for a plain string."""
    if datatype is None or datatype == XSD.string:
        return _quoted(lexical)
    return f"{_quoted(lexical)}^^{datatype}"


def lang_literal(text: str, tag: str) -> str:
    """A language-tagged string; BCP 47 tags are case-insensitive and written lower-case (``kk-latn``)."""
    return f"{_quoted(text)}@{tag.lower()}"


def en(text: str) -> str:
    return f"{_quoted(text)}@en"


def boolean(value: bool) -> str:
    return literal("true" if value else "false", XSD.boolean)


TRUE = boolean(True)


def integer(value: int) -> str:
    return literal(str(value), XSD.integer)


def day(value: dt.date) -> str:
    """An xsd:date of a day (years before 1000 with four digits, ``0937-04-23``)."""
    return literal(value.isoformat(), XSD.date)


def date_time(value: dt.datetime) -> str:
    """An xsd:dateTime, as Python writes it (``1991-12-26T00:00:00+00:00``: rdflib writes a
    datetime's own ``isoformat``, not ``Z``)."""
    return literal(value.isoformat(), XSD.dateTime)


def partial_date(date: PartialDate) -> str:
    """A date at its source precision: xsd:date, xsd:gYearMonth or xsd:gYear (rdflib keeps the
    last two as written, and normalizes a valid xsd:date to the very same text)."""
    return literal(date.isoformat(), DATE_DATATYPES[date.precision])


def canonical_duration(lexical: str) -> str:
    """The form rdflib normalizes an xsd:duration of whole years, months and days to, which is
    what the published graph holds: months carried into years and zero parts left out
    (``P1Y14M0D`` is ``P2Y2M``), ``P0D`` when every part is zero."""
    parsed = parse_duration(lexical)
    if parsed is None:
        raise ValueError(f"not a duration of whole years, months and days: {lexical!r}")
    years, months = divmod(parsed.years * 12 + parsed.months, 12)
    parts = ((years, "Y"), (months, "M"), (parsed.days, "D"))
    return "P" + ("".join(f"{n}{unit}" for n, unit in parts if n) or "0D")


def duration(lexical: str) -> str:
    """An xsd:duration of whole years, months and days, normalized (:func:`canonical_duration`)."""
    return literal(canonical_duration(lexical), XSD.duration)
