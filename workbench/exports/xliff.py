"""XLIFF 2.1: one <unit> per paragraph link, one <segment> per link inside it; our status as
each segment's state.

At paragraph level a unit holds one segment, its link. At sentence level a unit is a paragraph
link and holds a segment per sentence link inside it, as XLIFF 2 means units and segments (and
as CAT tools that resegment a paragraph write it), when the export says which paragraph link a
sentence link lies in (`ExportLink.paragraph`; else each sentence link is a unit, as
before). A sentence link that crosses from one paragraph link into the next joins them in one
unit: a unit is the smallest run of paragraph links that no sentence link crosses, so every
paragraph comes back whole, the paragraph links it held as one n-m link. Between segments an
<ignorable> holds what separates them on each side (a space inside a paragraph, a blank line
between two of the link's paragraphs), so that each side of the unit, its segments' and
ignorables' text in order, is its paragraphs joined by blank lines.

State: auto -> initial, edited -> translated, confirmed -> reviewed, and final for every link
of a published edition (an edition is approved text). subState="workbench:<status>" keeps our
exact status so an import reads it back. Flags become <notes><note category priority>, with
XLIFF's priority 1 (highest) to 10 from the flag's severity. Who set the status is kept with
the Metadata module, first in the unit as the schema wants:
<mda:metadata><mda:metaGroup category="workbench"><mda:meta type="reviewer"> (at sentence
level: who set the first of the least settled segments, what our reader takes for the unit,
and who set each segment's, <mda:meta type="reviewer/s12"> for segment s12),
and there too a side's paragraph blocks when a paragraph holds a blank line of its own
(<mda:meta type="target-paragraph-blocks">1 2</mda:meta>, see `ExportLink.blocks`; at
sentence level those of the paragraphs the unit's segments and ignorables make, where an
ignorable between two sentences of one paragraph holds a blank line: tmx.written_blocks), so
that our reader cuts the side into the paragraphs it was written from. At sentence level the
paragraph link's own status and who set it are there too (<mda:meta
type="paragraph-status">confirmed</mda:meta>, "paragraph-reviewer"; the segments' states are
the sentence links'), so that a confirmation of the paragraphs comes back with them. And
the unit's `text-key`, a fingerprint of its two texts (formats/bilingual.py `text_key`): where a
CAT tool changed them after the export, our reader no longer trusts the statuses recorded in
the unit (subState, paragraph-status), and reads its segments' `state` as at most translated.
Headings: a unit whose paragraphs are all headings has type="workbench:heading"; where a side
holds headings and other paragraphs, <mda:meta type="source-paragraph-kinds">heading
paragraph</mda:meta> gives each paragraph's kind. A 1-0 link has an empty <target/> (a
reviewed segment must have one), and a 0-1 link an empty <source/>.

The <file>'s notes: the title, the state (edition or draft), the citation a reader copies, and
the record's metadata our reader takes back into the document (categories date, summary,
document-citation — the record's own citation —, archive-reference, translator, licence,
source-url, original-language, each only when known: formats/xliff.py `METADATA_NOTES`).
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.exports.base import (
    ExportData,
    ExportLink,
    chunked,
    clean,
    settled,
    xml_attr,
    xml_text,
)
from workbench.exports.tmx import (
    SIDES,
    Part,
    all_headings,
    kinds_record,
    metadata,
    parts_of,
    side_text,
    written_blocks,
)
from workbench.formats.bilingual import text_key
from workbench.formats.xliff import METADATA_NOTES

NAME = "xliff"
EXTENSION = ".xlf"
MEDIA_TYPE = "application/xliff+xml; charset=utf-8"
BINARY = False
NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 namespace
METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"

STATES = {"auto": "initial", "edited": "translated", "confirmed": "reviewed"}
PRIORITIES = {"critical": 1, "major": 3, "minor": 5, "neutral": 8}


def write(data: ExportData) -> Iterator[bytes]:
    return chunked(_parts(data))


def _parts(data: ExportData) -> Iterator[str]:
    original = f"workbench:document/{data.document['id']}/alignment/{data.alignment['id']}"
    if data.edition:
        original += f"/edition/{data.edition['number']}"
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{NAMESPACE}" xmlns:mda="{METADATA}" version="2.1"'
        f' srcLang="{xml_attr(data.source_language)}" trgLang="{xml_attr(data.target_language)}">\n'
        f'<file id="f1" original="{xml_attr(original)}">\n'
        "<notes>"
        f'<note id="title" category="title">{xml_text(data.title)}</note>'
        f'<note id="state" category="state">{xml_text(data.state)}</note>'
        f'<note id="citation" category="citation">{xml_text(data.citation())}</note>'
    )
    for key, value in metadata(data):
        category = METADATA_NOTES[key]
        yield f'<note id="{category}" category="{category}">{xml_text(value)}</note>'
    if data.notes_about:
        yield f'<note id="notes" category="notes">{xml_text(data.notes_about)}</note>'
    yield "</notes>\n"
    for group in _units(data):
        yield from _unit(data, group)
    yield "</file>\n</xliff>\n"


def _units(data: ExportData) -> Iterator[list[ExportLink]]:
    """The links of each unit, in order: one link, or at sentence level the sentence links of
    one paragraph link (consecutive links with the same `ExportLink.paragraph`)."""
    group: list[ExportLink] = []
    for link in data.links():
        if group and (link.paragraph is None or link.paragraph != group[-1].paragraph):
            yield group
            group = []
        group.append(link)
    if group:
        yield group


def _unit(data: ExportData, links: list[ExportLink]) -> Iterator[str]:
    first = links[0]
    parts = [{side: parts_of(data, link, side) for side in SIDES} for link in links]
    sides = {side: [part for each in parts for part in each[side]] for side in SIDES}
    heading = all_headings(sides.values())
    kind = ' type="workbench:heading"' if heading else ""
    yield f'<unit id="u{first.number}" name="{first.number}"{kind}>'
    written = [
        {side: clean(side_text(data, link, side, each[side])) for side in SIDES}
        for link, each in zip(links, parts, strict=True)
    ]
    key = text_key(*([texts[side] for texts in written] for side in SIDES))
    yield from _metadata(data, links, sides, key, heading=heading)
    notes = [note for link in links for note in link.notes]
    if notes:
        yield "<notes>"
        for note in notes:
            applies = f' appliesTo="{note.side}"' if note.side else ""
            yield (
                f'<note category="{xml_attr(note.category)}"'
                f' priority="{PRIORITIES.get(note.severity, 5)}"{applies}>'
                f"{xml_text(note.signed_text)}</note>"
            )
        yield "</notes>"
    final = data.edition is not None
    begun = dict.fromkeys(SIDES, False)  # whether a side of the unit has text yet
    for link, each, texts in zip(links, parts, written, strict=True):
        between = {side: _between(begun[side], each[side]) for side in SIDES}
        if any(between.values()):
            yield (
                f'<ignorable><source xml:space="preserve">{between["source"]}</source>'
                f'<target xml:space="preserve">{between["target"]}</target></ignorable>'
            )
        for side in SIDES:
            begun[side] = begun[side] or bool(each[side])
        state = "final" if final else STATES.get(link.status, "initial")
        yield (
            f'<segment id="s{link.number}" state="{state}" subState="workbench:{link.status}">'
            f'<source xml:space="preserve">{xml_text(texts["source"])}</source>'
            f'<target xml:space="preserve">{xml_text(texts["target"])}</target>'
            "</segment>"
        )
    yield "</unit>\n"


def _between(begun: bool, parts: list[Part]) -> str:
    """What separates a segment's text on one side from the unit's text before it: nothing
    at the start of the side (or for an empty side), a blank line before a new paragraph,
    inside one the white space between its sentences (a space, a line break, or nothing
    between Japanese sentences)."""
    if not begun or not parts:
        return ""
    return "\n\n" if parts[0].starts else parts[0].space


def _metadata(
    data: ExportData,
    links: list[ExportLink],
    sides: dict[str, list[Part]],
    key: str,
    *,
    heading: bool,
) -> Iterator[str]:
    """The unit's Metadata module: who set its status (for several segments: who set the
    first of the least settled, the status our reader gives the unit), each side's paragraph
    blocks (at paragraph level the link's, at sentence level those of the paragraphs its
    segments and ignorables make: two sentences a blank line apart inside one paragraph) and
    paragraph kinds (from `sides`, the positions of each side, unless all are headings), when
    there is any of them."""
    least = min((link.status for link in links), key=settled)
    reviewer = next(link.set_by for link in links if link.status == least)
    metas = [("reviewer", reviewer), ("text-key", key)]
    if len(links) > 1:  # each segment's own, which the Metadata module cannot hold itself
        metas += [(f"reviewer/s{link.number}", link.set_by) for link in links]
    placed = [link for link in links if link.paragraph_status]
    if placed:  # the least settled of the paragraph links the unit holds
        held = min(placed, key=lambda link: settled(link.paragraph_status))
        metas += [
            ("paragraph-status", held.paragraph_status),
            ("paragraph-reviewer", held.paragraph_set_by),
        ]
    if data.level == "paragraph" and len(links) == 1:
        metas += [(f"{side}-paragraph-blocks", links[0].blocks(side)) for side in SIDES]
    elif data.level == "sentence":
        metas += [(f"{side}-paragraph-blocks", written_blocks(sides[side])) for side in SIDES]
    if not heading:
        metas += [(f"{side}-paragraph-kinds", kinds_record(sides[side])) for side in SIDES]
    found = [
        f'<mda:meta type="{kind}">{xml_text(value)}</mda:meta>' for kind, value in metas if value
    ]
    if found:
        yield '<mda:metadata><mda:metaGroup category="workbench">'
        yield from found
        yield "</mda:metaGroup></mda:metadata>"
