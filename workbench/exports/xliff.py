"""XLIFF 2.1: one <unit> with one <segment> per link; our status as the segment's state.

State: auto -> initial, edited -> translated, confirmed -> reviewed, and final for every link
of a published edition (an edition is approved text). subState="workbench:<status>" keeps our
exact status so an import reads it back. Flags become <notes><note category priority>, with
XLIFF's priority 1 (highest) to 10 from the flag's severity. Who set the status is kept with
the Metadata module, first in the unit as the schema wants:
<mda:metadata><mda:metaGroup category="workbench"><mda:meta type="reviewer">, and there too a
side's paragraph blocks when a paragraph holds a blank line of its own (<mda:meta
type="target-paragraph-blocks">1 2</mda:meta>, see `ExportLink.blocks`), so that our reader
cuts the side into the paragraphs it was written from. A 1-0 link has
an empty <target/> (a reviewed segment must have one), and a 0-1 link an empty <source/>.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.exports.base import ExportData, ExportLink, chunked, xml_attr, xml_text

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
    if data.notes_about:
        yield f'<note id="notes" category="notes">{xml_text(data.notes_about)}</note>'
    yield "</notes>\n"
    final = data.edition is not None
    for link in data.links():
        yield f'<unit id="u{link.number}" name="{link.number}">'
        yield from _metadata(data, link)
        if link.notes:
            yield "<notes>"
            for note in link.notes:
                applies = f' appliesTo="{note.side}"' if note.side else ""
                yield (
                    f'<note category="{xml_attr(note.category)}"'
                    f' priority="{PRIORITIES.get(note.severity, 5)}"{applies}>'
                    f"{xml_text(note.text)}</note>"
                )
            yield "</notes>"
        state = "final" if final else STATES.get(link.status, "initial")
        yield (
            f'<segment id="s{link.number}" state="{state}" subState="workbench:{link.status}">'
            f'<source xml:space="preserve">{xml_text(link.source)}</source>'
            f'<target xml:space="preserve">{xml_text(link.target)}</target>'
            "</segment></unit>\n"
        )
    yield "</file>\n</xliff>\n"


def _metadata(data: ExportData, link: ExportLink) -> Iterator[str]:
    """The unit's Metadata module: who set its status, and each side's paragraph blocks (at
    paragraph level; sentences hold no blank line), when there is any of them."""
    metas = [("reviewer", link.set_by)]
    if data.level == "paragraph":
        metas += [(f"{side}-paragraph-blocks", link.blocks(side)) for side in ("source", "target")]
    found = [
        f'<mda:meta type="{kind}">{xml_text(value)}</mda:meta>' for kind, value in metas if value
    ]
    if found:
        yield '<mda:metadata><mda:metaGroup category="workbench">'
        yield from found
        yield "</mda:metaGroup></mda:metadata>"
