"""The plain-text article format, read into a :class:`~qkp_rdf.document.Document`.

The format, line by line::

    = Title =
    Infobox name                 (the line before the first `- Key: Value` line)
    - Key: Value                 (infobox entries, in order; numbered keys kept as written)
    == Section ==  /  === Sub-section ===
    | cell | cell |             (pipe tables: consecutive `|` lines)
    - item  /  * item            (bullet lists)
    1. text                      (footnotes)
    anything else                (prose; each line is a paragraph, so every sentence has its own line)
"""

from __future__ import annotations

import re
from pathlib import Path

from ..document import Article, Block, BulletList, Document, Footnote, Infobox, InfoboxEntry, ListItem, Paragraph, Row, Section, Table
from ..errors import InputError

#: The file name endings this reader takes.
SUFFIXES = (".txt",)

_TITLE = re.compile(r"^=\s*(?P<text>[^=].*?)\s*=$")
_HEADING = re.compile(r"^(?P<marks>={2,6})\s*(?P<text>.*?)\s*(?P=marks)$")
_INFOBOX_ENTRY = re.compile(r"^-\s+(?P<key>[A-Za-z][A-Za-z0-9 _/()-]{0,40}?)\s*:\s*(?P<value>.*)$")
_BULLET = re.compile(r"^[-*]\s+(?P<text>.+)$")
_FOOTNOTE = re.compile(r"^(?P<number>\d+)\.(?:\s+(?P<text>.*))?$")


def split_cells(line: str) -> tuple[str, ...]:
    """Cells of a pipe-table line, stripped; the outer pipes delimit, they are not cells."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return tuple(cell.strip() for cell in body.split("|"))


def decode(data: bytes, source: str | Path) -> str:
    """Bytes to text: UTF-8 with or without a BOM, or a clear error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})", source=source, line=line) from e


class _SectionBuilder:
    def __init__(self, heading: str, level: int, line: int, parent: str | None) -> None:
        self.heading, self.level, self.line, self.parent = heading, level, line, parent
        self.blocks: list[Block] = []

    def build(self) -> Section:
        return Section(self.heading, self.level, self.line, tuple(self.blocks), self.parent)


def read(name: str, data: bytes) -> Document:
    """An article file's bytes as a :class:`Document`."""
    return parse_article(decode(data, name), name, data)


def parse_article(text: str, source: str | Path = "<article>", data: bytes | None = None) -> Document:
    """Parse article text into a :class:`Document`; raise :class:`InputError` on malformed input.
    ``data`` is the file's bytes, for its digest (default: the text as UTF-8)."""
    source = str(source)
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(i, raw.rstrip()) for i, raw in enumerate(lines, start=1)]
    content = [(i, s) for i, s in numbered if s.strip()]
    if not content:
        raise InputError("empty article: no text at all", source=source, line=1)
    first_line, first = content[0]
    title_match = _TITLE.match(first.strip())
    if not title_match:
        raise InputError(f"expected a title line '= Title =', found {first.strip()[:60]!r}", source=source, line=first_line)
    title = title_match.group("text")

    infobox: Infobox | None = None
    sections: list[Section] = []
    current = _SectionBuilder(title, 1, first_line, None)
    top_heading: str | None = None
    table: list[Row] = []
    items: list[ListItem] = []

    def flush() -> None:
        if table:
            # A ragged row is kept as written: extraction reads what it can of it and warns.
            current.blocks.append(Table(tuple(table), table[0].line))
            table.clear()
        if items:
            current.blocks.append(BulletList(tuple(items), items[0].line))
            items.clear()

    body = [(i, s) for i, s in numbered if i > first_line]
    index = 0
    # The infobox: a name line directly followed by `- Key: Value` lines, before the first heading.
    while index < len(body) and not body[index][1].strip():
        index += 1
    if index < len(body):
        infobox_line, first_text = body[index][0], body[index][1].strip()
        name: str | None = None
        if _INFOBOX_ENTRY.match(first_text):
            name = ""  # an infobox with no name line
        elif index + 1 < len(body) and not _HEADING.match(first_text) and _INFOBOX_ENTRY.match(body[index + 1][1].strip()):
            name, index = first_text, index + 1
        if name is not None:
            entries = []
            while index < len(body) and (m := _INFOBOX_ENTRY.match(body[index][1].strip())):
                entries.append(InfoboxEntry(m.group("key").strip(), m.group("value").strip(), body[index][0]))
                index += 1
            infobox = Infobox(name, infobox_line, tuple(entries))

    for line_no, raw in body[index:]:
        stripped = raw.strip()
        if not stripped:
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            sections.append(current.build())
            level = len(heading.group("marks"))
            if level == 2:
                top_heading = heading.group("text")
            current = _SectionBuilder(heading.group("text"), level, line_no, top_heading if level > 2 else None)
            continue
        if stripped.startswith("|"):
            if items:
                flush()
            table.append(Row(split_cells(stripped), line_no, stripped))
            continue
        if table:
            flush()
        bullet = _BULLET.match(stripped)
        if bullet:
            items.append(ListItem(bullet.group("text").strip(), line_no))
            continue
        footnote = _FOOTNOTE.match(stripped)
        if footnote:
            flush()
            current.blocks.append(Footnote(int(footnote.group("number")), (footnote.group("text") or "").strip(), line_no))
            continue
        flush()
        current.blocks.append(Paragraph(stripped, line_no))
    flush()
    sections.append(current.build())
    article = Article.of(source, data if data is not None else text.encode("utf-8"), title)
    return Document(source, article, infobox, tuple(sections), last_line=content[-1][0])
