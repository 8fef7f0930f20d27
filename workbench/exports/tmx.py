"""TMX 1.4b: one <tu> per link, with our status and reviewer as props so it reads back.

Header: srclang, creationtool/version, segtype (paragraph|sentence), o-tmf, adminlang,
datatype=plaintext, creationdate; a <note> with the citation a reader copies, and the record's
metadata as props our reader takes back into the document (`x-date`, `x-summary`,
`x-citation` — the record's own citation, where the note's is built for this file —,
`x-archive-reference`, `x-translator`, `x-licence`, `x-source-url`, `x-original-language`,
each only when known: formats/tmx.py `METADATA_PROPS`). Each <tu>: x-document, x-status
(auto|confirmed|edited), x-reviewer (who set the status), x-confidence for a draft; flags as
<note> (the header's x-notes prop says which flags), a flag on words of one side in that
side's <tuv>, as TMX says a note is about one variant, so that it reads back on that side;
a <tuv xml:lang> per non-empty side (a 1-0 link has one tuv, which our reader reads back as
a 1-0 link).
Two versions in one language (two translations compared): xml:lang cannot say which <tuv> is
which, so the header has <prop type="x-same-language">yes</prop> and each <tuv> <prop
type="x-version">source</prop> (or target), which our reader goes by; the source's <tuv>
comes first, as other tools (translate-toolkit) take the first for the source and the second
for the target. Without those marks our reader takes a second <tuv> of one language for a
variant, as it does in other tools' memories.
A side whose paragraph holds a blank line of its own has <prop type="x-paragraph-blocks">
in its <tuv> ("1 2", see `ExportLink.blocks`; at sentence level `written_blocks`, where two
sentences of one paragraph stand a blank line apart in one unit), so that our reader cuts the
<seg> into the paragraphs it was written from, not at every blank line; other readers ignore
the prop.

Headings: a unit whose paragraphs are all headings has <prop type="x-kind">heading</prop>;
where a <seg> holds headings and other paragraphs, its <tuv> has <prop
type="x-paragraph-kinds">heading paragraph</prop>, one kind per paragraph (`parts_of`).

At sentence level TMX, which knows no paragraphs, says where they are when the export knows
it (`ExportLink.paragraph`): each unit has <prop type="x-paragraph">N</prop>, the paragraph
link N its sentence link lies in, so our reader joins the units of one paragraph link back
into its paragraphs; a <tuv> whose text begins another paragraph of that link than the unit
before it ended in has <prop type="x-starts-paragraph">yes</prop>, and a sentence link that
holds the end of one paragraph and the start of the next has a blank line between them in
its <seg>. The paragraph link's own status and who set it go with each of its units
(`x-paragraph-status`, `x-paragraph-reviewer`), so that a reviewer's confirmation of the
paragraphs comes back with them (`x-status` is the sentence link's).

Each unit's `x-text-key` fingerprints its two texts (formats/bilingual.py `text_key`): where a
CAT tool changed them after the export, our reader no longer trusts the statuses recorded for
them (a confirmation was of the text as it was), and the unit comes back `edited`.

A <seg> whose spaces are text, not layout (a run of spaces, a tab, a line break inside a
paragraph, space at either end), says so with xml:space="preserve", so that readers keep them;
the blank line between the paragraphs of an n-m link needs no such care (readers split there
first). TMX 1.4's DTD declares no xml:space, so the attribute is written only where it matters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from workbench.exports.base import ExportData, ExportLink, chunked, clean, xml_attr, xml_text
from workbench.formats.bilingual import paragraph_blocks, same_tag, text_key
from workbench.formats.tmx import METADATA_PROPS
from workbench.model import METADATA_KEYS

NAME = "tmx"
EXTENSION = ".tmx"
MEDIA_TYPE = "application/x-tmx+xml; charset=utf-8"
BINARY = False
_LAYOUT = re.compile("[ \t\r\n]+")  # XML's white space, which a reader may collapse
SIDES = ("source", "target")


def write(data: ExportData) -> Iterator[bytes]:
    return chunked(_parts(data))


def _parts(data: ExportData) -> Iterator[str]:
    created = data.generated_at.replace("-", "").replace(":", "")  # 20240102T030405Z
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (
        f'<header creationtool="Workbench" creationtoolversion="{xml_attr(data.tool_version)}"'
        f' segtype="{data.level}" o-tmf="workbench" adminlang="en"'
        f' srclang="{xml_attr(data.source_language)}" datatype="plaintext"'
        f' creationdate="{created}">\n'
        f'  <prop type="x-document-id">{data.document["id"]}</prop>\n'
        f'  <prop type="x-state">{xml_text(data.state)}</prop>\n'
    )
    for key, value in metadata(data):
        yield f'  <prop type="{METADATA_PROPS[key]}">{xml_text(value)}</prop>\n'
    same = same_language(data)
    if same:
        yield '  <prop type="x-same-language">yes</prop>\n'
    yield f"  <note>{xml_text(data.citation())}</note>\n"
    if data.notes_about:
        yield f'  <prop type="x-notes">{xml_text(data.notes_about)}</prop>\n'
    yield "</header>\n<body>\n"
    title = xml_text(data.title)
    langs = {"source": xml_attr(data.source_language), "target": xml_attr(data.target_language)}
    current: int | None = None  # the paragraph link of the units just written
    begun = dict.fromkeys(SIDES, False)  # whether a side of that paragraph link has text yet
    for link in data.links():
        paragraph = link.paragraph
        if paragraph is None or paragraph != current:
            begun = dict.fromkeys(SIDES, False)
        current = paragraph
        yield f'<tu tuid="{link.number}">'
        parts = {side: parts_of(data, link, side) for side in SIDES}
        texts = {side: clean(side_text(data, link, side, parts[side])) for side in SIDES}
        for note in link.notes:
            if not (note.side and texts[note.side]):  # a flag on words: in their <tuv>
                yield f"<note>{xml_text(note.signed_text)}</note>"
        yield f'<prop type="x-document">{title}</prop><prop type="x-status">{link.status}</prop>'
        if link.set_by:
            yield f'<prop type="x-reviewer">{xml_text(link.set_by)}</prop>'
        if link.confidence is not None:
            yield f'<prop type="x-confidence">{link.confidence:.3f}</prop>'
        if paragraph is not None:
            yield f'<prop type="x-paragraph">{paragraph}</prop>'
        if link.paragraph_status:
            yield f'<prop type="x-paragraph-status">{link.paragraph_status}</prop>'
        if link.paragraph_set_by:
            yield f'<prop type="x-paragraph-reviewer">{xml_text(link.paragraph_set_by)}</prop>'
        yield f'<prop type="x-text-key">{text_key([texts["source"]], [texts["target"]])}</prop>'
        heading = all_headings(parts.values())
        if heading:
            yield '<prop type="x-kind">heading</prop>'
        for side in SIDES:
            text = texts[side]
            if not text:
                continue
            props = {
                "x-version": side if same else None,
                "x-paragraph-blocks": _blocks(data, link, side, parts[side]),
                "x-paragraph-kinds": None if heading else kinds_record(parts[side]),
                "x-starts-paragraph": "yes" if begun[side] and parts[side][0].starts else None,
                "x-space-before": _space_before(begun[side], parts[side][0]),
            }
            notes = [note.signed_text for note in link.notes if note.side == side]
            yield _tuv(langs[side], text, props, notes)
            begun[side] = True
        yield "</tu>\n"
    yield "</body>\n</tmx>\n"


def same_language(data: ExportData) -> bool:
    """Whether the two versions are in one language (two translations compared, a revision
    against its original): then xml:lang cannot tell the two <tuv>s of a unit apart, so each
    says which version it is (`x-version`) and the header that it is such a file."""
    return same_tag(data.source_language) == same_tag(data.target_language)


def metadata(data: ExportData) -> list[tuple[str, str]]:
    """(key, value) of the record's metadata that is known, in METADATA_KEYS order: the
    document's columns, and the keys its other metadata holds (source_url,
    original_language)."""
    document = data.document
    extra = document.get("metadata") or {}
    found = []
    for key in METADATA_KEYS:
        value = document.get(key) or (extra.get(key) if isinstance(extra, dict) else None)
        if isinstance(value, str) and clean(value).strip():
            found.append((key, value.strip()))
    return found


@dataclass(frozen=True)
class Part:
    """One position of a side of a link (a paragraph, or at sentence level a sentence): its
    text, whether it begins a paragraph, and the kind of its paragraph."""

    text: str
    starts: bool
    kind: str = "paragraph"
    space: str = " "  # the white space before it, when it goes on with a paragraph


def parts_of(data: ExportData, link: ExportLink, side: str) -> list[Part]:
    """The positions of a side ([] when empty). At paragraph level each begins a paragraph; at
    sentence level those the export says do (`ExportLink.source_starts`), else (not known)
    only the first. Kinds as the export says them (`ExportLink.source_kinds`), else
    paragraph. A side whose texts could not be told apart (`ExportLink.units`) is one part, a
    heading if all of its paragraphs are."""
    span = link.src if side == "source" else link.tgt
    starts = link.source_starts if side == "source" else link.target_starts
    kinds = link.source_kinds if side == "source" else link.target_kinds
    spaces = link.source_spaces if side == "source" else link.target_spaces
    parts = []
    for index, ((start, end), text) in enumerate(link.units(side)):
        first, last = start - span[0], end - span[0]
        kind = "paragraph"
        if kinds and all(kinds[k] == "heading" for k in range(first, last)):
            kind = "heading"
        begins = data.level == "paragraph" or (starts[first] if starts else index == 0)
        space = spaces[first] if spaces and last - first == 1 else " "
        parts.append(Part(text, begins, kind, space))
    return parts


def joined(parts: Sequence[Part]) -> str:
    """A side's text from its positions: a blank line before one that begins a paragraph,
    its own white space before one that goes on with it (a sentence's, `Part.space`)."""
    pieces = []
    for index, part in enumerate(parts):
        if index:
            pieces.append("\n\n" if part.starts else part.space)
        pieces.append(part.text)
    return "".join(pieces)


def paragraph_kinds(parts: Sequence[Part]) -> list[str]:
    """The kind of each paragraph the positions make (a paragraph's first position says)."""
    return [part.kind for index, part in enumerate(parts) if part.starts or index == 0]


def all_headings(sides: Iterable[Sequence[Part]]) -> bool:
    """Whether every paragraph of the sides (lists of parts) is a heading, and there is one."""
    kinds = [kind for parts in sides for kind in paragraph_kinds(parts)]
    return bool(kinds) and all(kind == "heading" for kind in kinds)


def kinds_record(parts: Sequence[Part]) -> str | None:
    """ "heading paragraph": each paragraph's kind, when some of them is a heading."""
    kinds = paragraph_kinds(parts)
    return " ".join(kinds) if "heading" in kinds else None


def side_text(data: ExportData, link: ExportLink, side: str, parts: Sequence[Part]) -> str:
    """A side's text: the link's, but at sentence level its sentences joined as `joined`
    joins them (an export, an edition's above all, joins them all with a space)."""
    if data.level == "sentence":
        return joined(parts)
    return link.source if side == "source" else link.target


def _blocks(data: ExportData, link: ExportLink, side: str, parts: Sequence[Part]) -> str | None:
    """A side's paragraph blocks: at paragraph level its paragraphs' (`ExportLink.blocks`), at
    sentence level those of the paragraphs its sentences make (`written_blocks`), when a
    paragraph holds a blank line of its own."""
    return link.blocks(side) if data.level == "paragraph" else written_blocks(parts)


def written_blocks(parts: Sequence[Part]) -> str | None:
    """ "1 2": how many blocks of text (between blank lines) each paragraph holds that the
    positions make as `joined` writes them (a new one at each that begins a paragraph), when
    one of them holds a blank line of its own: two sentences of one paragraph a blank line
    apart (its `Part.space`), or a blank line inside a sentence. None when cutting the text at
    every blank line gives its paragraphs."""
    paragraphs: list[list[str]] = []
    for index, part in enumerate(parts):
        if index == 0 or part.starts:
            paragraphs.append([part.text])
        else:
            paragraphs[-1] += [part.space, part.text]
    counts = [paragraph_blocks(clean("".join(pieces))) for pieces in paragraphs]
    return " ".join(map(str, counts)) if any(count > 1 for count in counts) else None


def _space_before(begun: bool, part: Part) -> str | None:
    """What stands between a unit's text and its paragraph's text in the unit before, when it
    is not one space, as a JSON string (`"\\n"`, `""`): readers collapse white space."""
    if not begun or part.starts or part.space == " ":
        return None
    return json.dumps(part.space)


def _tuv(lang: str, text: str, props: dict[str, str | None], notes: Sequence[str] = ()) -> str:
    """A <tuv> with its notes, its props (those with a value) and its <seg>, marked
    xml:space="preserve" when its white space is the text's own: a blank line inside a
    paragraph (paragraph blocks) is, as much as a run of spaces."""
    found = "".join(f"<note>{xml_text(note)}</note>" for note in notes) + "".join(
        f'<prop type="{kind}">{xml_text(value)}</prop>' for kind, value in props.items() if value
    )
    space = ' xml:space="preserve"' if props.get("x-paragraph-blocks") or spaced(text) else ""
    return f'<tuv xml:lang="{lang}">{found}<seg{space}>{xml_text(text)}</seg></tuv>'


def spaced(text: str) -> bool:
    """Whether a reader that collapses white space would change the text: a run of spaces,
    a tab or line break inside a paragraph, or space at either end of one."""
    return any(_LAYOUT.sub(" ", part).strip(" ") != part for part in clean(text).split("\n\n"))
