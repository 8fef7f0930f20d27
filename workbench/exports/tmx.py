"""TMX 1.4b: one <tu> per link, with our status and reviewer as props so it reads back.

Header: srclang, creationtool/version, segtype (paragraph|sentence), o-tmf, adminlang,
datatype=plaintext, creationdate. Each <tu>: x-document, x-status (auto|confirmed|edited),
x-reviewer (who set the status), x-confidence for a draft; flags as <note> (the header's
x-notes prop says which flags); a <tuv xml:lang>
per non-empty side (a 1-0 link has one tuv, which our reader reads back as a 1-0 link).
A side whose paragraph holds a blank line of its own has <prop type="x-paragraph-blocks">
in its <tuv> ("1 2", see `ExportLink.blocks`), so that our reader cuts the <seg> into the
paragraphs it was written from, not at every blank line; other readers ignore the prop.

A <seg> whose spaces are text, not layout (a run of spaces, a tab, a line break inside a
paragraph, space at either end), says so with xml:space="preserve", so that readers keep them;
the blank line between the paragraphs of an n-m link needs no such care (readers split there
first). TMX 1.4's DTD declares no xml:space, so the attribute is written only where it matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.exports.base import ExportData, ExportLink, chunked, clean, xml_attr, xml_text

NAME = "tmx"
EXTENSION = ".tmx"
MEDIA_TYPE = "application/x-tmx+xml; charset=utf-8"
BINARY = False
_LAYOUT = re.compile("[ \t\r\n]+")  # XML's white space, which a reader may collapse


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
        f"  <note>{xml_text(data.citation())}</note>\n"
    )
    if data.notes_about:
        yield f'  <prop type="x-notes">{xml_text(data.notes_about)}</prop>\n'
    yield "</header>\n<body>\n"
    title = xml_text(data.title)
    src, tgt = xml_attr(data.source_language), xml_attr(data.target_language)
    for link in data.links():
        yield f'<tu tuid="{link.number}">'
        for note in link.notes:
            yield f"<note>{xml_text(note.text)}</note>"
        yield f'<prop type="x-document">{title}</prop><prop type="x-status">{link.status}</prop>'
        if link.set_by:
            yield f'<prop type="x-reviewer">{xml_text(link.set_by)}</prop>'
        if link.confidence is not None:
            yield f'<prop type="x-confidence">{link.confidence:.3f}</prop>'
        if link.source:
            yield _tuv(src, link.source, _blocks(data, link, "source"))
        if link.target:
            yield _tuv(tgt, link.target, _blocks(data, link, "target"))
        yield "</tu>\n"
    yield "</body>\n</tmx>\n"


def _blocks(data: ExportData, link: ExportLink, side: str) -> str | None:
    """A side's paragraph blocks, at paragraph level (sentences hold no blank line)."""
    return link.blocks(side) if data.level == "paragraph" else None


def _tuv(lang: str, text: str, blocks: str | None) -> str:
    """A <tuv> with its <seg>, marked xml:space="preserve" when its white space is the text's
    own: a blank line inside a paragraph (`blocks`) is, as much as a run of spaces."""
    prop = f'<prop type="x-paragraph-blocks">{blocks}</prop>' if blocks else ""
    space = ' xml:space="preserve"' if blocks or spaced(text) else ""
    return f'<tuv xml:lang="{lang}">{prop}<seg{space}>{xml_text(text)}</seg></tuv>'


def spaced(text: str) -> bool:
    """Whether a reader that collapses white space would change the text: a run of spaces,
    a tab or line break inside a paragraph, or space at either end of one."""
    return any(_LAYOUT.sub(" ", part).strip(" ") != part for part in clean(text).split("\n\n"))
