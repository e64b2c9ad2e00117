"""From a parsed :class:`~qkp_rdf.document.Document` to the domain model, with small, documented rules.

Infobox keys win where an article has them; otherwise facts come from prose, and each
keeps the sentence it came from. The rules (see the README, "How facts are extracted" and
"Office-holder tables"):

* what the page is about: a party, a regional or city committee (a unit of the party its
  name gives), or an office of an organization (`Post` / `Body` infobox, "Chairman of the X");
* names: the infobox name line is the party's English name; the first parenthesis of the
  lead gives the abbreviation, the native-script name and its Latin transliteration;
* founding: infobox `Founded` / `Foundation` / ... , else the first sentence where the
  party's name, "the party" or a leading "It" is followed by "was founded / established /
  formed / created" (or ", established on"); the first date after the verb is the founding
  date, and "as (the) X" names a former name;
* dissolution: infobox `Dissolved` / `Banned`, else the first dated sentence saying the party
  was dissolved / disbanded / banned;
* the office's own dates: "The position was created on ... and abolished in ...";
* successors: the infobox `Successor` entry, "(de jure)" / "(de facto)" telling them apart;
  the fuller name and date come from the first sentence after the dissolution sentence
  that names the successor with a creation verb (created, recreated, formed, ...);
* the office-holder table: columns are recognised by their content, never by header
  position (see :func:`.columns.columns`); a row whose only text is in its first cell is an
  office title (a new post below it), a dated gap, or a description of the officeholder row above;
* dated claims: events the article dates in more than one place (see :mod:`.claims`).

Nothing a real page writes loses the article: a cell or row that cannot be read as written
is left out with a :class:`~qkp_rdf.model.ReadWarning`, and only a file that is no article
(no title, no table of holders) is an :class:`InputError`.

The modules, in the order a document goes through them: :mod:`.text` (warnings, sentences,
cells, first dates) and :mod:`.offices` (what names an office or a committee) serve the rest;
:mod:`.cells`, :mod:`.columns` and :mod:`.tables` read the office-holder tables; :mod:`.infobox`
and :mod:`.prose` the party and its life; :mod:`.claims` the dated claims; this module puts
them together into the :class:`~qkp_rdf.model.ArticleModel`.
"""

from __future__ import annotations

import re

from ..document import Document
from ..errors import InputError
from ..model import ArticleModel, Event, EventKind, Org, Party, Succession
from .claims import claims_in, corroborated
from .infobox import DISSOLVED_KEYS, FOUNDED_KEYS, OFFICE_ABOLISHED_KEYS, OFFICE_CREATED_KEYS, entry_value, infobox_date, leaders, logos, native_language, numbered_entries, orgs
from .offices import COMMITTEE, UNIT_OF, split_office
from .prose import abbreviation_of, dissolution, founding, lead_names, lead_subject, name_pattern, post_lives, successors
from .tables import office_holders
from .text import Warnings, sentences, split_list, strip_article

__all__ = ["extract"]


def extract(doc: Document) -> ArticleModel:
    """The domain model of one parsed article."""
    source = doc.source
    warn = Warnings(source)
    title_name = re.sub(r"\s*\([^)]*\)\s*$", "", doc.title).strip()
    # A page about an office ("Chairman of the Mongolian People's Party", "List of First
    # Secretaries of ..."): the organization is the office's; its posts are named by the office.
    office_entry = entry_value(doc, "Post")
    title_office = split_office(title_name)
    office_page = bool(office_entry) or bool(title_office and title_office[1])
    body = entry_value(doc, "Body")
    org_name = strip_article(body) if body else title_office[1] if title_office and title_office[1] else None
    default_office = office_entry or (title_office[0] if office_page and title_office else None)
    if office_page and org_name:
        name = org_name
    elif doc.infobox and doc.infobox.name:
        name = doc.infobox.name
    else:
        # A committee's page may name it more fully in its first sentence than in its title.
        subject = lead_subject(doc, title_name) if COMMITTEE.search(title_name) else None
        name = subject if subject and COMMITTEE.search(subject) else title_name
    kind = "committee" if COMMITTEE.search(name) else "party"
    abbreviation, native, translit = lead_names(doc)
    abbreviation = entry_value(doc, "Abbreviation") or abbreviation
    native = entry_value(doc, "Native Name") or native
    native_lang = native_language(doc, warn)
    translit = entry_value(doc, "Transliteration") or translit
    all_sentences = [s for section in doc.sections for s in sentences(section)]
    party_names = name_pattern(name, title_name, abbreviation)

    parent = None
    if kind == "committee" and (unit_of := UNIT_OF.search(name)):
        # "Osh Regional Committee of the Communist Party of Kirghizia" is a unit of that party.
        parent = Org(strip_article(unit_of.group("party")))
    # Parent: the infobox's national party; prose "a branch of X (ABBR)" gives its abbreviation.
    parent_name = entry_value(doc, "National") or entry_value(doc, "Parent")
    if parent_name and parent is None:
        parent = Org(strip_article(parent_name), abbreviation_of(parent_name, all_sentences))

    former_names: list[str] = []
    events: list[Event] = []
    founding_sentence = None
    # On an office's page "Formation" is the office's own creation (see post_lives below).
    founded, founding_source = infobox_date(doc, [k for k in FOUNDED_KEYS if not (office_page and k in OFFICE_CREATED_KEYS)], warn)
    if founded is None and (stated := founding(all_sentences, name, party_names, committee=kind == "committee", warn=warn)):
        founded, founding_source, founding_sentence = stated.date, stated.sentence.source(), stated.sentence
        if stated.former_name:
            former_names.append(stated.former_name)
    if founded and founding_source:
        label_name = former_names[0] if former_names else name
        events.append(Event(EventKind.FOUNDING, f"Founding of the {label_name}", founded, founding_source, party_role="resulting"))

    dissolved, dissolution_source = infobox_date(doc, [k for k in DISSOLVED_KEYS if not (office_page and k in OFFICE_ABOLISHED_KEYS)], warn)
    said = dissolution(all_sentences, party_names)
    if said and dissolved is None:
        dissolved, dissolution_source = said.date(warn), said.sentence.source()

    # Successors: the infobox says who and which kind; prose after the dissolution says more.
    successions: list[Succession] = []
    entry = doc.infobox.get("Successor") if doc.infobox else None
    if entry:
        after = all_sentences[(said.index + 1) if said else 0 :]
        successions = successors(entry, [s for s in after if s is not founding_sentence], warn)

    if dissolved and dissolution_source:
        by = f" by the {said.dissolver}" if said and said.dissolver else ""
        heirs = tuple(s.successor for s in successions if s.date is None or s.date == dissolved)
        events.append(Event(EventKind.DISSOLUTION, f"Dissolution of the {name}{by}", dissolved, dissolution_source, resulting=heirs))
    for succession in successions:
        if succession.date is not None and succession.date != dissolved and succession.detail:
            label = f"Creation of the {succession.successor.name}, {succession.kind.value} successor"
            events.append(Event(EventKind.SUCCESSION, label, succession.date, succession.detail, resulting=(succession.successor,)))

    see_also = tuple(item.text for section in doc.sections if section.heading.lower() == "see also" for lst in section.lists for item in lst.items)

    party = Party(
        name=name,
        title=name if office_page else doc.title,
        abbreviation=abbreviation,
        native_name=native,
        native_language=native_lang if native else None,
        transliteration=translit if native else None,
        former_names=tuple(former_names),
        ideologies=tuple(split_list(entry_value(doc, "Ideology") or "")),
        countries=tuple(strip_article(v) for _, v in numbered_entries(doc, r"Country\d*")),
        parent=parent,
        predecessors=orgs(entry_value(doc, "Predecessor")),
        headquarters=entry_value(doc, "Headquarters"),
        newspaper=entry_value(doc, "Newspaper"),
        logos=logos(doc),
        leaders=leaders(doc),
        see_also=see_also,
        founded=founded,
        dissolved=dissolved,
        kind=kind,
    )

    terms, interruptions = office_holders(doc, default_office, warn)
    if not terms:
        # Point at the first table that was not one, else at the end of the article.
        first_table = next((t for s in doc.sections for t in s.tables), None)
        found = "its tables have no column of names and dates" if first_table else "the article has no pipe table"
        raise InputError(
            f"no office-holder table found ({found}; expected rows like '| 1 | Name | 23 April 1937 | 1938 |')",
            source=source,
            line=first_table.line if first_table else doc.last_line,
        )

    posts = tuple(dict.fromkeys(t.post for t in terms))
    texts = [(s.text, s.source()) for s in all_sentences]
    texts += [(d.text, d) for t in terms for d in t.description_sources]
    claims = corroborated(c for text, where in texts for c in claims_in(text, where, warn))
    lives = post_lives(doc, terms, all_sentences, office_page, warn)
    return ArticleModel(doc.article, party, posts, tuple(terms), tuple(successions), tuple(events), claims, lives, tuple(interruptions), tuple(warn.items))
