"""Word documents (.docx): body paragraphs and table rows in document order.

python-docx opens the package and gives us styles and core properties; the body is walked as
XML so that tables, content controls and tracked insertions come out in reading order, each
text once. The text is read as it stands with its tracked changes accepted: a deletion left
out, and a paragraph whose mark is deleted run on into the next. A content control showing its
placeholder ("Click or tap here to enter text.") holds no text yet; a picture's alt text is
kept in square brackets, as the HTML reader keeps it. Heading and Title styles (or an outline
level) make a "heading" segment.
Footnotes and endnotes are text too (a translator's or an archivist's notes): a reference
becomes its mark in the text ("[1]", endnotes "[i]"), and the notes follow the body under a
"Notes" heading (in the document's language: "Shënime", "Примечания"), one paragraph each, in
the order they are referenced (a reference whose mark is its own, "*", keeps it, and its note
is listed by it). A document whose last heading is a notes heading already (its author's own
"Notes" section) gets no second one: the notes join that section.

A DOCX is a ZIP, so before python-docx sees it we make sure it is one and that its parts do not
unpack to more than MAX_UNZIPPED bytes (a zip bomb would otherwise exhaust memory), and that no
XML part declares a DTD: python-docx leaves entity references unexpanded, so an entity would
silently cut its paragraph short (Word never writes a DTD; TMX and XLIFF refuse entities too).
python-docx's own exceptions speak of its internals, so each way a package can be broken gets
a message of ours that names the file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from workbench import languages, textio
from workbench.errors import InputError, TooLarge
from workbench.formats.base import ensure_text
from workbench.formats.html import image_text  # alt text reads alike whatever the format
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "docx"
EXTENSIONS = (".docx",)

MAX_UNZIPPED = 200 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Text boxes float outside the reading order (their paragraphs follow the paragraph they are
# anchored in: `_text_boxes`), mc:Fallback repeats its mc:Choice, a ruby's reading (w:rt) is
# an aid to reading its base text, not text.
_SKIPPED = {f"{_W}txbxContent", _MC_FALLBACK, f"{_W}del", f"{_W}moveFrom", f"{_W}rt"}
# The Symbol font's letters and the signs most used from it (w:sym with w:font="Symbol" names
# its private-use code point, F020-F0FF): Greek letters, arrows, relations.
_SYMBOL_FONT = dict(
    zip(
        range(0x41, 0x5B),
        "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ",
        strict=True,
    )
) | dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True)) | {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0x5C: "∴", 0x5E: "⊥",
    0xA3: "≤", 0xA5: "∞", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°",
    0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷", 0xB9: "≠",
    0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xCE: "∈",
    0xD1: "∇", 0xD6: "√", 0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐",
    0xDE: "⇒", 0xE5: "∑", 0xF2: "∫",
}  # fmt: skip
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
_ROOTS = {
    "[Content_Types].xml": "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
}
_MISSING_MEMBER = re.compile(r"There is no item named '([^']+)' in the archive")
_LXML_SOURCE = re.compile(r"\s*\(<string>, line \d+\)$")
# Main-part content types of other Office files, and what to call them.
_OTHER_OFFICE_FILES = (
    ("wordprocessingml.template", "a Word template (.dotx)"),
    ("word.document.macroEnabled", "a macro-enabled Word document (.docm)"),
    ("word.template.macroEnabled", "a macro-enabled Word template (.dotm)"),
    ("spreadsheetml", "an Excel workbook"),
    ("ms-excel", "an Excel workbook"),
    ("presentationml", "a PowerPoint presentation"),
    ("ms-powerpoint", "a PowerPoint presentation"),
)
# Block containers whose children are body blocks again (content controls, custom XML).
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"}
# The heading over the notes, by language (the primary subtag); "Notes" for any other.
NOTES_HEADINGS = {
    "en": "Notes", "sq": "Shënime", "de": "Anmerkungen", "fr": "Notes", "it": "Note",
    "es": "Notas", "pt": "Notas", "nl": "Noten", "ru": "Примечания", "uk": "Примітки",
    "bg": "Бележки", "mk": "Белешки", "hr": "Bilješke", "bs": "Bilješke", "pl": "Przypisy",
    "cs": "Poznámky", "hu": "Jegyzetek", "ro": "Note", "tr": "Notlar", "el": "Σημειώσεις",
    "he": "הערות", "ar": "ملاحظات",
}  # fmt: skip
_NUMBERING = re.compile(r"^\s*(?:\d+|[IVXLC]+)[.)]?\s+")
# Headings that open a notes section already, in any of those languages, compared case-folded
# and without a closing colon or full stop.
_NOTES_SECTIONS = {
    heading.casefold()
    for heading in (*NOTES_HEADINGS.values(), "Note", "Footnotes", "Endnotes",
                    "Notes and references", "Shënimet", "Fusnota", "Fußnoten", "Endnoten",
                    "Notes de bas de page", "Сноски", "Napomene", "Напомене", "Beleške",
                    "Белешке", "Dipnotlar", "הערות שוליים", "الهوامش", "هوامش")
}  # fmt: skip


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    _check_package(data, name)
    document = _open(data, name)
    try:
        # python-docx makes up properties ("Word Document") for a package without its own
        has_properties = _has_core_properties(document)
        props = document.core_properties
        title, author, language = (
            (props.title, props.author, props.language) if has_properties else (None, None, None)
        )
    except Exception:  # python-docx raises AttributeError and friends on a foreign root
        raise InputError(
            f"{name} is not a DOCX file (its document properties are damaged)"
        ) from None
    try:
        headings = _heading_styles(document.styles.element)
    except Exception:
        raise InputError(f"{name} is not a DOCX file (its styles are damaged)") from None
    notes = _Notes(document, name)
    segments: list[ParsedSegment] = []
    left_out: list[str] = []
    running_on: list = []  # paragraphs whose mark a tracked change deletes, and the next one
    for block in _blocks(document.element.body):
        if block.tag == f"{_W}p":
            running_on.append(block)
            if not _mark_deleted(block):
                segments.extend(_paragraph_segments(running_on, notes, headings))
                running_on = []
            continue
        segments.extend(_paragraph_segments(running_on, notes, headings))  # before a table
        running_on = []
        if block.tag == f"{_W}altChunk":
            segments.extend(_chunk(document, block, name, left_out))
        else:
            segments.extend(ParsedSegment(row) for row in _table_rows(block, notes) if row)
        segments.extend(_box_segments(block, notes))
    segments.extend(_paragraph_segments(running_on, notes, headings))
    written_in = options.source_language or (language or "").strip()
    segments.extend(notes.segments(notes_heading(segments, written_in)))
    metadata = {"author": textio.squash(author)} if author and author.strip() else {}
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=(language or "").strip() or None)],
        title=textio.squash(title) if title and title.strip() else None,
        metadata=metadata,
        notes=left_out,
    )
    return ensure_text(doc, options.filename)


def _paragraph_segments(paragraphs: list, notes: _Notes, headings: set[str]) -> list[ParsedSegment]:
    """The segment of a body paragraph, then those of its text boxes. `paragraphs` are one
    paragraph as the text reads with its tracked changes accepted, as everywhere here: those
    whose mark a change deletes run on into the next (as Word joins them on accepting it),
    which keeps its own mark, and so its style."""
    if not paragraphs:
        return []
    text = _run_on_text(paragraphs, notes)
    out = [ParsedSegment(text, _kind(paragraphs[-1], headings))] if text else []
    for p in paragraphs:
        out.extend(_box_segments(p, notes))
    return out


def _box_segments(block, notes: _Notes) -> list[ParsedSegment]:
    """The paragraphs of the text boxes anchored in a block."""
    boxes = (_paragraph_text(p, notes) for p in _text_boxes(block))
    return [ParsedSegment(text) for text in boxes if text]


def _mark_deleted(p) -> bool:
    """Whether a tracked change deletes (or moves away) the paragraph's mark, its end."""
    mark = p.find(f"{_W}pPr/{_W}rPr")
    return mark is not None and any(
        mark.find(tag) is not None for tag in (f"{_W}del", f"{_W}moveFrom")
    )


def _has_core_properties(document) -> bool:
    """Whether the package has a core properties part of its own (title, author, language)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return False
    return True


def _open(data: bytes, name: str):
    """python-docx's Document for the package, or an InputError that names the file and says
    what is wrong in words (python-docx's own exceptions speak of its internals)."""
    import lxml.etree
    from docx.opc.constants import CONTENT_TYPE
    from docx.package import Package

    not_docx = f"{name} is not a DOCX file"
    try:
        package = Package.open(io.BytesIO(data))
        part = package.main_document_part
    except lxml.etree.XMLSyntaxError as err:
        part, reason = _damaged_part(data) or ("a part", _xml_error(err))
        raise InputError(f"cannot read {name} as DOCX: {part} is damaged XML ({reason})") from None
    except KeyError as err:
        missing = _MISSING_MEMBER.search(str(err))
        if missing:
            raise InputError(f"{not_docx} (the part {missing[1]} is missing)") from None
        raise InputError(f"{not_docx} (it has no main document part)") from None
    except Exception:  # AttributeError & co. from a part whose root is not what OPC says
        raise InputError(f"{not_docx} (its package structure is damaged)") from None
    if part.content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
        what = next((w for key, w in _OTHER_OFFICE_FILES if key in part.content_type), None)
        raise InputError(
            f"{not_docx} (it is {what}; save it in Word as a Word document, .docx)"
            if what
            else f"{not_docx} (its main part is {part.content_type!r}, not a Word document)"
        )
    try:
        document = part.document
        body = document.element.body
    except Exception:  # python-docx assumes the part's root is <w:document>
        body = None
    if body is None or document.element.tag != f"{_W}document":
        raise InputError(f"{not_docx} (its main part is not a Word document body)")
    return document


def _damaged_part(data: bytes) -> tuple[str, str] | None:
    """(member, lxml's message) of the first XML part that does not parse, to name it."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)  # as python-docx
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if _is_xml(member):
                try:
                    lxml.etree.fromstring(archive.read(member), parser)
                except lxml.etree.XMLSyntaxError as err:
                    return member, _xml_error(err)
    return None


def _xml_error(err: Exception) -> str:
    """lxml's message without the "(<string>, line 1)" it appends for in-memory input."""
    return _LXML_SOURCE.sub("", str(err)).strip()


def _check_package(data: bytes, name: str) -> None:
    """Refuse non-ZIPs, archives that unpack too large (reading in bounded chunks) and XML parts
    that declare a DTD; check the roots of the OPC parts every reader of a package relies on."""
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
                prolog = _Prolog() if _is_xml(info.filename) else None
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNZIPPED:
                            raise TooLarge(
                                f"{name} unpacks to more than {MAX_UNZIPPED // 2**20} MB;"
                                " refusing it as a possible zip bomb"
                            )
                        if prolog is not None and prolog.feed(chunk):
                            _check_prolog(prolog, info.filename, name)
                            prolog = None
                if prolog is not None and prolog.feed(b"", final=True):
                    _check_prolog(prolog, info.filename, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise InputError(f"{not_docx} (damaged ZIP archive: {err})") from None
    except (NotImplementedError, RuntimeError) as err:  # odd compression, encryption
        raise InputError(f"{not_docx} ({err})") from None


def _is_xml(member: str) -> bool:
    return member.lower().endswith((".xml", ".rels"))


def _check_prolog(prolog: _Prolog, member: str, name: str) -> None:
    if prolog.doctype:
        # python-docx leaves entity references unexpanded, so "&co;" would silently cut a
        # paragraph short; an external entity could refer to anything. Word never writes one.
        raise InputError(
            f"{name} is not a DOCX file as Word writes it: its part {member} declares a DTD"
            " (<!DOCTYPE …>), whose entities could hide or replace text; we refuse it, as we"
            " refuse entities in TMX and XLIFF files"
        )
    expected = _ROOTS.get(member) or (_RELATIONSHIPS if member.endswith(".rels") else None)
    if expected and prolog.root is not None and prolog.root != expected:
        what = "relationships" if expected == _RELATIONSHIPS else "content types"
        raise InputError(f"{name} is not a DOCX file (its part {member} is not a list of {what})")


class _Prolog:
    """Feeds an XML part to expat only up to its root element: is there a DOCTYPE before it,
    and which element is the root ("namespace}local")? Malformed XML is left for python-docx to
    report."""

    def __init__(self) -> None:
        import xml.parsers.expat

        self.doctype = False
        self.root: str | None = None
        self._parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        self._parser.StartDoctypeDeclHandler = self._on_doctype
        self._parser.EntityDeclHandler = self._on_doctype
        self._parser.StartElementHandler = self._on_root

    def _on_doctype(self, *_args) -> None:
        self.doctype = True
        raise _PrologRead

    def _on_root(self, tag: str, _attributes) -> None:
        self.root = "{" + tag if "}" in tag else tag
        raise _PrologRead

    def feed(self, chunk: bytes, final: bool = False) -> bool:
        """True once the prolog is read (or cannot be): stop feeding then."""
        import xml.parsers.expat

        try:
            self._parser.Parse(chunk, final)
        except _PrologRead:
            return True
        except (xml.parsers.expat.ExpatError, ValueError, LookupError):
            return True
        return final


class _PrologRead(Exception):
    """Raised from expat's handlers to stop parsing once the prolog is known."""


_RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_NOTE_REFERENCES = {f"{_W}footnoteReference": "footnote", f"{_W}endnoteReference": "endnote"}


class _Notes:
    """The document's footnotes and endnotes: marks for their references, in reading order,
    and their texts as paragraphs after the body (separators and unreferenced notes left out,
    as Word prints them)."""

    def __init__(self, document, name: str) -> None:
        import lxml.etree

        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
        self.by_id: dict[str, dict[str, object]] = {"footnote": {}, "endnote": {}}
        for rel in document.part.rels.values():
            kind = {
                _RELATIONSHIP_TYPES + "footnotes": "footnote",
                _RELATIONSHIP_TYPES + "endnotes": "endnote",
            }.get(rel.reltype)
            if kind is None or rel.is_external:
                continue
            try:
                root = lxml.etree.fromstring(rel.target_part.blob, parser)
            except lxml.etree.XMLSyntaxError as err:
                raise InputError(
                    f"cannot read {name} as DOCX: its {kind}s are damaged XML ({_xml_error(err)})"
                ) from None
            for note in root.iter(f"{_W}{kind}"):
                if note.get(f"{_W}type") in (None, "normal"):
                    self.by_id[kind][note.get(f"{_W}id")] = note
        self.order: list[tuple[str, str, str]] = []  # (kind, id, mark)
        self.marks: dict[tuple[str, str], str] = {}

    def mark(self, kind: str, note_id: str | None, reference=None) -> str:
        """The mark of a reference: [1], [2]… for footnotes, [i], [ii]… for endnotes; none
        for a reference with a mark of its own (`w:customMarkFollows`: the text after it,
        "*", is the mark, and Word numbers the notes around it), which its note is listed by."""
        key = (kind, note_id or "")
        if key not in self.marks:
            if note_id not in self.by_id[kind]:
                return ""  # a reference to no note: nothing to show
            if reference is not None and _custom_mark_follows(reference):
                self.marks[key] = ""
                self.order.append((kind, note_id or "", _custom_mark(reference)))
                return ""
            count = sum(1 for (k, _id), m in self.marks.items() if k == kind and m) + 1
            label = str(count) if kind == "footnote" else _roman(count)
            self.marks[key] = f"[{label}]"
            self.order.append((kind, note_id or "", self.marks[key]))
        return self.marks[key]

    def segments(self, heading: str | None) -> list[ParsedSegment]:
        """The heading (None: none) and one paragraph per referenced note, footnotes first."""
        out = []
        for kind in ("footnote", "endnote"):
            for k, note_id, mark in self.order:
                if k != kind:
                    continue
                note = self.by_id[kind][note_id]
                texts = (_paragraph_text(p, None) for p in _paragraphs(note))
                text = " ".join(filter(None, texts))
                custom = not self.marks[(kind, note_id)]  # its mark is the text's own
                if custom and text.startswith(mark):  # Word writes it into its note: "* The note"
                    out.append(ParsedSegment(text))
                elif text:
                    out.append(ParsedSegment(f"{mark} {text}"))
        if not out:
            return []
        return [ParsedSegment(heading, "heading"), *out] if heading else out


def _custom_mark_follows(reference) -> bool:
    """Whether a note reference says the text after it is its mark (`w:customMarkFollows`)."""
    said = (reference.get(f"{_W}customMarkFollows") or "").strip().lower()
    return said in ("1", "true", "on")


def _custom_mark(reference) -> str:
    """The custom mark of a reference: the text after it in its run, else the next run's."""
    after = "".join(t.text or "" for t in reference.itersiblings(f"{_W}t")).strip()
    if after:
        return after
    run = next(reference.getparent().itersiblings(f"{_W}r"), None)
    return "".join(t.text or "" for t in run.iter(f"{_W}t")).strip() if run is not None else ""


def notes_heading(body: list[ParsedSegment], language: str | None) -> str | None:
    """The heading to put over the notes: none when the body's last heading opens a notes
    section already (the notes then join it), else "Notes" in the document's language.

    A heading that opens the document is its title, not a section, even when it says "Notes".
    """
    headings = [i for i, segment in enumerate(body) if segment.kind == "heading"]
    if headings and headings[-1] > 0 and _is_notes_heading(body[headings[-1]].text):
        return None
    return NOTES_HEADINGS.get(languages.primary(language) or "", "Notes")


def _is_notes_heading(text: str) -> bool:
    """ "Notes", "5. Notes:", "ПРИМЕЧАНИЯ"… in any language we know the word in."""
    return _NUMBERING.sub("", text).rstrip(" :.").casefold() in _NOTES_SECTIONS


def _roman(number: int) -> str:
    """Lower-case Roman numerals (Word's default for endnotes)."""
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out += letters
            number -= value
    return out


def _text_boxes(block):
    """The paragraphs of the text boxes anchored in a block, in order: each box once (the
    drawing's, not its VML fallback), a box inside a box with its own."""
    for box in block.iter(f"{_W}txbxContent"):
        if any(a.tag in (_MC_FALLBACK, f"{_W}txbxContent") for a in box.iterancestors()):
            continue
        yield from _paragraphs_with_boxes(box)


def _paragraphs_with_boxes(box):
    for p in box.iter(f"{_W}p"):
        if _owner(p, "txbxContent") is box:
            yield p
            yield from _text_boxes_in(p, box)


def _text_boxes_in(p, box):
    """Boxes nested in a box's paragraph (rare, but they are text too)."""
    for inner in p.iter(f"{_W}txbxContent"):
        if inner is not box and _owner(inner, "txbxContent") is box:
            yield from _paragraphs_with_boxes(inner)


def _blocks(parent):
    """Body-level paragraphs, tables and embedded chunks in order, looking through content
    controls."""
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}altChunk"):
            yield child
        elif child.tag in _WRAPPERS and not _placeholder(child):
            yield from _blocks(child)


def _placeholder(el) -> bool:
    """Whether `el` is a content control showing its placeholder ("Click or tap here to enter
    text."): a prompt of the form's, not text of the document's."""
    return el.tag == f"{_W}sdt" and _on(el.find(f"{_W}sdtPr/{_W}showingPlcHdr"))


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _chunk(document, block, name: str, left_out: list[str]) -> list[ParsedSegment]:
    """The paragraphs of a w:altChunk, content another program put into the document as it
    was (converters from HTML write a whole body so): HTML and plain text are read by their
    readers; any other kind (RTF, MHT, another DOCX) is noted as left out."""
    from workbench.formats import html, plaintext

    try:
        part = document.part.rels[block.get(_R_ID)].target_part
    except (KeyError, ValueError):
        return []
    kind = part.content_type.split(";")[0].strip().lower()
    label = f"{name} (embedded {part.partname.rsplit('/', 1)[-1]})"
    try:
        if kind in ("text/html", "application/xhtml+xml"):
            read = html.read(part.blob, ReadOptions(filename=label))
        elif kind == "text/plain":
            read = plaintext.read(part.blob, ReadOptions(filename=label))
        else:
            left_out.append(f"an embedded {kind} part ({part.partname}) was left out")
            return []
    except InputError:  # an empty or broken chunk: Word shows nothing of it either
        return []
    return [seg for version in read.versions for seg in version.segments]


def _paragraph_text(p, notes: _Notes | None = None) -> str:
    return _run_on_text([p], notes)


def _run_on_text(paragraphs: list, notes: _Notes | None) -> str:
    """The text of paragraphs run on into one (a deleted paragraph mark between them:
    `_paragraph_segments`), with nothing put between: Word puts nothing there either."""
    parts: list[str] = []
    for p in paragraphs:
        _collect(p, parts, notes)
    return textio.squash_lines("".join(parts))


def _collect(el, parts: list[str], notes: _Notes | None) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or _placeholder(child):
            continue
        if tag in (f"{_W}t", f"{_M}t"):
            parts.append(child.text or "")
        elif tag == f"{_W}r":
            _run(child, parts, notes)
        elif tag in _NOTE_REFERENCES:
            if notes is not None:
                parts.append(notes.mark(_NOTE_REFERENCES[tag], child.get(f"{_W}id"), child))
        elif tag == f"{_WP}docPr":  # a picture's (a chart's) alt text, as HTML's is kept
            parts.append(image_text(child.get("descr")))
        elif tag in (f"{_W}br", f"{_W}cr") and child.get(f"{_W}type") in (None, "textWrapping"):
            parts.append(textio.LINE_BREAK)  # a line break (Shift+Enter): the poem's next line
        elif tag in (f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")  # a tab, or a page or column break
        elif tag == f"{_W}noBreakHyphen":
            parts.append("\u2011")
        elif tag == f"{_W}sym":
            parts.append(_symbol(child))
        elif tag in _MATH:
            _math(child, parts, notes)
        else:
            _collect(child, parts, notes)


def _run(run, parts: list[str], notes: _Notes | None) -> None:
    """A run's text: none when hidden (Word neither shows nor prints it); a superscript or
    subscript raised, or in brackets (`textio.raised_mark`: 1961¹, never 19611)."""
    props = run.find(f"{_W}rPr")
    if props is not None and _on(props.find(f"{_W}vanish")):
        return
    align = props.find(f"{_W}vertAlign") if props is not None else None
    kind = align.get(f"{_W}val") if align is not None else None
    if kind not in ("superscript", "subscript"):
        _collect(run, parts, notes)
        return
    mine: list[str] = []
    _collect(run, mine, notes)
    parts.append(textio.raised_mark("".join(mine), sub=kind == "subscript"))


def _on(toggle) -> bool:
    """Whether a WordprocessingML on/off property is on (present, and not val="0"/"false")."""
    return toggle is not None and toggle.get(f"{_W}val") not in ("0", "false", "off")


def _symbol(sym) -> str:
    """A w:sym's character: its code point, or for the Symbol font's private-use ones the
    letter or sign it shows; nothing for a picture font's (Wingdings)."""
    try:
        code = int(sym.get(f"{_W}char") or "", 16)
    except ValueError:
        return ""
    if code >= 0xF000:
        font = (sym.get(f"{_W}font") or "").strip().lower()
        low = code - 0xF000
        if font != "symbol":
            return ""
        return _SYMBOL_FONT.get(low, chr(low) if 0x20 <= low < 0x7F else "")
    return chr(code) if code >= 0x20 else ""


# Office Math structures written out as linear text (E=mc², a/b, √x).
_MATH = {f"{_M}f", f"{_M}sSup", f"{_M}sSub", f"{_M}rad"}


def _math(el, parts: list[str], notes: _Notes | None) -> None:
    """An equation's fraction, power, index or root in a line: a/b, c², x₁, √x."""

    def text(name: str) -> str:
        found: list[str] = []
        child = el.find(f"{_M}{name}")
        if child is not None:
            _collect(child, found, notes)
        return "".join(found)

    if el.tag == f"{_M}f":
        parts.append(f"{text('num')}/{text('den')}")
    elif el.tag == f"{_M}rad":
        parts.append(f"√{text('e')}")
    else:
        sub = el.tag == f"{_M}sSub"
        index = text("sub" if sub else "sup")
        parts.append(text("e") + (textio.raised(index, sub=sub) or ("_" if sub else "^") + index))


def _table_rows(tbl, notes: _Notes | None = None) -> list[str]:
    """One string per row: its cells' text joined by " | " (nested tables flattened in)."""
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        if _owner(tr, "tbl") is not tbl:
            continue  # a nested table's row: its text is part of the outer cell
        cells = []
        for tc in tr.iter(f"{_W}tc"):
            if _owner(tc, "tr") is tr:
                texts = (textio.squash(_paragraph_text(p, notes)) for p in _paragraphs(tc))
                text = " ".join(filter(None, texts))
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
        if not isinstance(child.tag, str) or child.tag in _SKIPPED or _placeholder(child):
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
