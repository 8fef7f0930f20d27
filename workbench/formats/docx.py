"""Word documents (.docx): body paragraphs and table rows in document order.

python-docx opens the package and gives us styles and core properties; the body is walked as
XML so that tables, content controls and tracked insertions come out in reading order, each
text once. Heading and Title styles (or an outline level) make a "heading" segment.

A DOCX is a ZIP, so before python-docx sees it we make sure it is one and that its parts do not
unpack to more than MAX_UNZIPPED bytes (a zip bomb would otherwise exhaust memory).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from workbench import textio
from workbench.errors import InputError, TooLarge
from workbench.formats.base import ensure_text
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "docx"
EXTENSIONS = (".docx",)

MAX_UNZIPPED = 200 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Text boxes float outside the reading order, and mc:Fallback repeats its mc:Choice.
_SKIPPED = {f"{_W}txbxContent", _MC_FALLBACK, f"{_W}del", f"{_W}moveFrom"}
# Block containers whose children are body blocks again (content controls, custom XML).
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"}


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    _check_package(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        props = document.core_properties
        title, author, language = props.title, props.author, props.language
        headings = _heading_styles(document.styles.element)
    except Exception as err:  # python-docx raises many kinds on a broken package
        raise InputError(f"cannot read {name} as DOCX: {err}") from None
    segments: list[ParsedSegment] = []
    for block in _blocks(document.element.body):
        if block.tag == f"{_W}p":
            text = _paragraph_text(block)
            if text:
                segments.append(ParsedSegment(text, _kind(block, headings)))
        else:
            segments.extend(ParsedSegment(row) for row in _table_rows(block) if row)
    metadata = {"author": textio.squash(author)} if author and author.strip() else {}
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=(language or "").strip() or None)],
        title=textio.squash(title) if title and title.strip() else None,
        metadata=metadata,
    )
    return ensure_text(doc, options.filename)


def _check_package(data: bytes, name: str) -> None:
    """Refuse non-ZIPs and archives that unpack too large, reading in bounded chunks."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    not_docx = f"{name} is not a DOCX file"
    if not data.startswith(b"PK"):
        raise InputError(not_docx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
                raise InputError(f"{not_docx} (a ZIP archive without a Word document)")
            total = 0
            # Declared sizes can lie, so count what actually comes out.
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNZIPPED:
                            raise TooLarge(
                                f"{name} unpacks to more than {MAX_UNZIPPED // 2**20} MB;"
                                " refusing it as a possible zip bomb"
                            )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise InputError(f"{not_docx} (damaged ZIP archive: {err})") from None
    except (NotImplementedError, RuntimeError) as err:  # odd compression, encryption
        raise InputError(f"{not_docx} ({err})") from None


def _blocks(parent):
    """Body-level paragraphs and tables in order, looking through content controls."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return textio.squash("".join(parts))


def _collect(el, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("\u2011")
        else:
            _collect(child, parts)


def _table_rows(tbl) -> list[str]:
    """One string per row: its cells' text joined by " | " (nested tables flattened in)."""
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        if _owner(tr, "tbl") is not tbl:
            continue  # a nested table's row: its text is part of the outer cell
        cells = []
        for tc in tr.iter(f"{_W}tc"):
            if _owner(tc, "tr") is tr:
                text = " ".join(filter(None, (_paragraph_text(p) for p in _paragraphs(tc))))
                if text:
                    cells.append(text)
        rows.append(" | ".join(cells))
    return rows


def _owner(el, tag: str):
    """The nearest ancestor with this WordprocessingML tag."""
    node = el.getparent()
    while node is not None and node.tag != f"{_W}{tag}":
        node = node.getparent()
    return node


def _paragraphs(el):
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        if child.tag == f"{_W}p":
            yield child
        else:
            yield from _paragraphs(child)


def _heading_styles(styles) -> set[str]:
    """Ids of paragraph styles named Title/Heading n, or with an outline level, or based on one."""
    info: dict[str, tuple[str, str | None, bool]] = {}
    for style in styles.iterchildren(f"{_W}style"):
        sid = style.get(f"{_W}styleId") or ""
        name = style.find(f"{_W}name")
        based = style.find(f"{_W}basedOn")
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        info[sid] = (
            (name.get(f"{_W}val") if name is not None else sid).lower(),
            based.get(f"{_W}val") if based is not None else None,
            outline is not None and _level(outline) < 9,
        )
    result = set()
    for sid in info:
        current: str | None = sid
        for _ in range(10):  # basedOn chains are short; a cycle must not hang us
            if current is None or current not in info:
                break
            name, based, outlined = info[current]
            if outlined or name in ("title", "subtitle") or name.startswith("heading"):
                result.add(sid)
                break
            current = based
    return result


def _kind(p, headings: set[str]) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    if style is not None and style.get(f"{_W}val") in headings:
        return "heading"
    outline = p.find(f"{_W}pPr/{_W}outlineLvl")
    return "heading" if outline is not None and _level(outline) < 9 else "paragraph"


def _level(outline) -> int:
    try:
        return int(outline.get(f"{_W}val") or 9)
    except ValueError:
        return 9
