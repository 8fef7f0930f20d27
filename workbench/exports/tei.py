"""TEI P5: both texts in <text><group>, and a <linkGrp type="translation"> between them.

The source text is `<text xml:lang="sq">` with one <p xml:id="src-pN" n="N"> per paragraph, N
its number in its own text (so ids skip only where an edition leaves paragraphs out), the
target likewise (tgt-pN); at sentence level one <s xml:id="src-sN" n="N"> per sentence inside
one <ab>. Each link is a <link> whose target lists every paragraph it joins, source first
(`#src-p12 #tgt-p12 #tgt-p13` for a 1-2 link), as TEI's att.pointing allows: a 1-0 link has
nothing to link and gets no <link>, and every pointer names an id that exists. An edition
stores a link's paragraphs joined; one whose texts cannot be told apart again is one element
named by its first number, with n="12–13" (`ExportLink.units`). A translator's <note> is in
the paragraph that holds its quoted words, else at the end of the translation (of the source,
for a 1-0 link). Written in three passes over the links (source, target, links), so memory
stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench import languages
from workbench.exports.base import (
    ExportData,
    ExportLink,
    Note,
    chunked,
    numbers,
    xml_attr,
    xml_text,
)

NAME = "tei"
EXTENSION = ".tei.xml"
MEDIA_TYPE = "application/tei+xml; charset=utf-8"
BINARY = False
NAMESPACE = "http://www.tei-c.org/ns/1.0"


def write(data: ExportData) -> Iterator[bytes]:
    return chunked(_parts(data))


def _kind(data: ExportData) -> str:
    return "p" if data.level == "paragraph" else "s"


def _parts(data: ExportData) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<TEI xmlns="{NAMESPACE}" xml:lang="{xml_attr(data.target_language)}">\n'
    yield from _header(data)
    yield "<text>\n<group>\n"
    for side, prefix in (("source", "src"), ("target", "tgt")):
        lang = data.source_language if side == "source" else data.target_language
        kind = "source" if side == "source" else "translation"
        yield f'<text xml:lang="{xml_attr(lang)}" type="{kind}">\n<body>\n'
        yield from _body(data, side, prefix)
        yield "</body>\n</text>\n"
    yield "</group>\n"
    tag = _kind(data)
    opened = False  # a linkGrp needs one link at least
    for link in data.links():
        sources, targets = link.units("source"), link.units("target")
        if sources and targets:
            if not opened:
                yield '<linkGrp type="translation">\n'
                opened = True
            pointers = [f"#{_id('src', tag, span)}" for span, _ in sources]
            pointers += [f"#{_id('tgt', tag, span)}" for span, _ in targets]
            yield f'<link target="{" ".join(pointers)}" ana="#status-{link.status}"/>\n'
    if opened:
        yield "</linkGrp>\n"
    yield '<interpGrp type="status">'
    for status in ("auto", "confirmed", "edited"):
        yield f'<interp xml:id="status-{status}">{status}</interp>'
    yield "</interpGrp>\n</text>\n</TEI>\n"


def _id(prefix: str, tag: str, span: tuple[int, int]) -> str:
    """The xml:id of a paragraph (or sentence): its side and its number in its own text."""
    return f"{prefix}-{tag}{span[0] + 1}"


def _body(data: ExportData, side: str, prefix: str) -> Iterator[str]:
    tag = _kind(data)
    wrote = False
    if tag == "s":
        yield "<ab>"
    for link in data.links():
        units = link.units(side)
        notes = _placed(link, side, units)
        for index, (span, text) in enumerate(units):
            wrote = True
            yield f'<{tag} xml:id="{_id(prefix, tag, span)}" n="{numbers(span)}">{xml_text(text)}'
            yield from (_note(note) for note in notes.get(index, ()))
            yield f"</{tag}>\n"
    if tag == "s":
        yield "</ab>\n"
    elif not wrote:
        yield "<p/>\n"  # a body needs a paragraph even when this side is empty


def _placed(
    link: ExportLink, side: str, units: list[tuple[tuple[int, int], str]]
) -> dict[int, list[Note]]:
    """The notes this side's paragraphs (or sentences) carry, by their index in `units`."""
    placed: dict[int, list[Note]] = {}
    for note in link.notes:
        if _side_of(link, note) == side:
            placed.setdefault(_unit_of(note, units), []).append(note)
    return placed


def _side_of(link: ExportLink, note: Note) -> str:
    """The side a note is written in: the one its words are on, else the translation; the
    other when that side is empty (a note on an untranslated paragraph stays with it)."""
    side = note.side or "target"
    if link.units(side):
        return side
    return "source" if side == "target" else "target"


def _unit_of(note: Note, units: list[tuple[tuple[int, int], str]]) -> int:
    """The paragraph (or sentence) holding the note's quoted words, else the last: a note on
    the whole link closes it."""
    if note.quote:
        for index, (_, text) in enumerate(units):
            if note.quote in text:
                return index
    return len(units) - 1


def _note(note: Note) -> str:
    return (
        f'<note type="translator" subtype="{xml_attr(note.category)}"'
        f' n="{note.number}">{xml_text(note.text)}</note>'
    )


def _header(data: ExportData) -> Iterator[str]:
    doc = data.document
    yield "<teiHeader>\n<fileDesc>\n<titleStmt>\n"
    yield f"<title>{xml_text(data.title)}</title>\n"
    if doc.get("translator"):
        yield (
            "<respStmt><resp>translated by</resp>"
            f"<name>{xml_text(doc['translator'])}</name></respStmt>\n"
        )
    yield "</titleStmt>\n<editionStmt>"
    if data.edition:
        edition = data.edition
        yield (
            f'<edition n="{edition["number"]}">{xml_text(data.state)}, published '
            f'<date when="{xml_attr(edition["published_at"])}">'
            f"{xml_text(edition['published_at'])}</date>"
            f" by {xml_text(edition.get('published_by') or 'unknown')}</edition>"
        )
    else:
        yield f'<edition n="draft">{xml_text(data.state)}</edition>'
    yield "</editionStmt>\n<publicationStmt>\n"
    yield "<publisher>Workbench</publisher>\n"
    when = (data.edition or {}).get("published_at") or data.generated_at
    yield f'<date when="{xml_attr(when)}">{xml_text(when[:10])}</date>\n'
    if doc.get("archive_reference"):
        yield f'<idno type="archive">{xml_text(doc["archive_reference"])}</idno>\n'
    yield "<availability>"
    yield f"<licence>{xml_text(doc.get('licence') or 'licence not recorded')}</licence>"
    yield "</availability>\n</publicationStmt>\n"
    if data.notes_about:
        yield f"<notesStmt><note>{xml_text(data.notes_about)}</note></notesStmt>\n"
    yield "<sourceDesc>\n"
    yield f"<bibl>{xml_text(data.citation())}"
    if doc.get("date"):
        yield f" <date>{xml_text(doc['date'])}</date>"
    if doc.get("summary"):
        # inside the bibl: a sourceDesc holds either paragraphs or bibliographic entries
        yield f' <note type="summary">{xml_text(doc["summary"])}</note>'
    yield "</bibl>\n"
    yield "</sourceDesc>\n</fileDesc>\n<profileDesc><langUsage>"
    for code in dict.fromkeys((data.source_language, data.target_language)):
        yield f'<language ident="{xml_attr(code)}">{xml_text(languages.name(code))}</language>'
    yield "</langUsage></profileDesc>\n</teiHeader>\n"
