"""What every export writer gets, and the interface each writer module implements.

A writer module defines:

    NAME: str          # the --format value, e.g. "tmx"
    EXTENSION: str     # with the dot, e.g. ".tmx"
    MEDIA_TYPE: str    # the Content-Type of a download
    BINARY: bool       # True for pdf, docx, epub (never written to a terminal)
    def write(data: ExportData) -> Iterator[bytes]

`write` yields the file in chunks. Interchange writers stream: they walk `data.links()` (a
fresh pass over the database each call) and never hold more than one batch, so a 100,000-link
alignment exports in constant memory. Reader formats (html, pdf, docx, epub) are laid out as a
whole, as a book is.

A book-length PDF takes seconds, so writers of the slow formats say how far they are through
`ExportData.report(stage, done, total)`: "reading" the links, "layout" of pages (WeasyPrint's;
the total is an estimate), "writing" the file. `overall` turns that into one count that only
goes forward, for a progress bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workbench import languages

LEVELS = ("paragraph", "sentence")
STATUSES = ("auto", "confirmed", "edited")
#: Link statuses from the least settled to the most (formats/tmx.py reads them so).
SETTLED = ("auto", "edited", "confirmed")
LAYOUTS = ("columns", "facing")
#: The stages of a slow export, in order, with the share of the time each takes (a PDF's).
STAGES = {"reading": 5, "layout": 75, "writing": 20}
SCALE = 10_000  # the total of `overall`'s count: fine enough for any bar

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total) as an export goes; see `ExportData.report`."""

#: Characters XML 1.0 forbids (C0 controls but tab, newline, CR; surrogates; U+FFFE/FFFF).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CHUNK = 64 * 1024


def clean(text: str | None) -> str:
    """Text with the characters XML 1.0 cannot carry removed (they are never words)."""
    return _ILLEGAL_XML.sub("", text or "")


def xml_text(text: str | None) -> str:
    """Escaped element content: & < > (so `]]>` and `<script>` stay text)."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str | None) -> str:
    """Escaped attribute value for double quotes; line breaks kept as character references
    (a parser would otherwise normalise them to spaces)."""
    return (
        xml_text(text)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def chunked(parts: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """UTF-8 chunks of about `size` bytes from many small strings (fewer, larger writes)."""
    buffer: list[str] = []
    length = 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield "".join(buffer).encode("utf-8")
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


@dataclass(frozen=True)
class ExportOptions:
    """What the reader chose: level, notes, and for a draft whether to leave out auto links."""

    level: str = "paragraph"
    flags: bool = False
    approved_only: bool = False  # editions hold confirmed links only anyway
    excel: bool = False  # csv/tsv: UTF-8 BOM, CRLF, formula-safe cells
    layout: str | None = None  # columns | facing; None: html columns, pdf facing pages


@dataclass(frozen=True)
class Note:
    """A flag shown as a translator's note (footnote), numbered in reading order."""

    number: int
    category: str
    severity: str
    status: str
    side: str | None  # source | target | None (the whole link)
    quote: str | None
    comments: tuple[str, ...]
    raised_by: str | None = None
    authors: tuple[str | None, ...] = ()  # who wrote each of `comments`

    @property
    def text(self) -> str:
        """One line for a reader's edition: what the flag says, not who said it."""
        body = " — ".join(self.comments)
        return self._head() + (f": {body}" if body else "")

    @property
    def signed_text(self) -> str:
        """One line for interchange files (TMX, XLIFF, CSV/TSV), which a reviewer's tool or
        another workbench reads back: who raised the flag and who wrote each later comment,
        and on which side its words are: `terminology (major, open) by ana on the target
        “Hrushovi”: write Khrushchev ‖ ben: agreed` (formats/comments.py reads it; a table has
        no other place for the side). A name that would not read back is left out."""
        authors = self.authors + (None,) * (len(self.comments) - len(self.authors))
        by = next(iter(authors), None) or self.raised_by
        side = f" on the {self.side}" if self.side else ""
        head = self._head((f" by {by}" if _signable(by) else "") + side)
        parts = [
            f"{author}: {body}" if k and _signable(author) else body
            for k, (author, body) in enumerate(zip(authors, self.comments, strict=False))
        ]
        return head + (f": {NOTE_REPLY.join(parts)}" if parts else "")

    def _head(self, by: str = "") -> str:
        quote = f" “{self.quote}”" if self.quote else ""
        return f"{self.category} ({self.severity}, {self.status}){by}{quote}"


#: Between the comments of one flag in a signed note (Note.signed_text): a mark that comments
#: hardly hold, so that " — " inside a comment stays in it.
NOTE_REPLY = " ‖ "


def _signable(name: str | None) -> bool:
    """A name that reads back from a signed note: one line, no colon, quote or separator."""
    return bool(name) and not any(c in name for c in ":“”‖\n\r")


@dataclass(frozen=True)
class ExportLink:
    """One link as exported: its number, both texts and how sure we are of it.

    Two numberings, for two kinds of reader. `number` counts the exported links 1…n: a stable
    id within the file, which interchange formats use (TMX tuid, XLIFF unit, TEI xml:id, the
    CSV/JSON number). `label` is the link's place in the source, its source paragraph (or, at
    sentence level, sentence) numbers, "3" or "3–4": reader formats print it, so an edition
    that leaves out unconfirmed links shows "1, 3" rather than renumbering to "1, 2", and
    `gap_before` names the source positions left out just before this link.
    """

    number: int
    source: str
    target: str
    status: str
    confidence: float | None
    src: tuple[int, int]  # 0-based half-open positions at the export's level
    tgt: tuple[int, int]
    set_by: str | None
    notes: tuple[Note, ...] = ()
    gap_before: tuple[int, int] | None = None  # source positions no link holds, just before
    #: translation positions no exported link holds, just before (a paragraph the translator
    #: added, left out of an edition as unconfirmed), numbered in the translation
    target_gap_before: tuple[int, int] | None = None
    #: The text of each position of a side, in order, when known (see `units`).
    source_parts: tuple[str, ...] = ()
    target_parts: tuple[str, ...] = ()
    #: At sentence level, where the paragraphs are, so that TMX and XLIFF can write them and
    #: our readers join the sentence links back into paragraph links (exports/tmx.py): the
    #: number (1-based, as `number`) of the paragraph link this sentence link lies in, in a
    #: paragraph-level export's numbering; paragraph links that a sentence link crosses share
    #: the first one's, so that they make one unit. None at paragraph level, or not known.
    paragraph: int | None = None
    #: At sentence level, the status of that paragraph link and who set it (of the least
    #: settled, where the sentence link crosses several), so that a reviewer's confirmation
    #: of the paragraphs survives a round trip through a sentence-level file. None: not known.
    paragraph_status: str | None = None
    paragraph_set_by: str | None = None
    #: Per position of a side, whether it begins a paragraph (the first of its paragraph's
    #: sentences the export holds): where a reader puts a paragraph break. () when not known.
    source_starts: tuple[bool, ...] = ()
    target_starts: tuple[bool, ...] = ()
    #: Per position of a side at sentence level, the white space before it in its paragraph
    #: ("" for a paragraph's first): a line break between lines of verse, nothing between
    #: Japanese sentences, where a reader would otherwise put a space. () when not known.
    source_spaces: tuple[str, ...] = ()
    target_spaces: tuple[str, ...] = ()
    #: Per position of a side, the kind of the paragraph it is in ("heading" or "paragraph"),
    #: so that headings come back as headings. () when not known (read as paragraphs).
    source_kinds: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The source numbers for a reader: "3", "3–4", or "" for a translation-only link."""
        return numbers(self.src)

    @property
    def anchor(self) -> str:
        """A unique id fragment for the link's elements in a page."""
        return str(self.number)

    def paragraphs(self, side: str) -> list[str]:
        """A side's text split into its paragraphs (an n-m link joins them with a blank line)."""
        text = self.source if side == "source" else self.target
        return [part for part in text.split("\n\n") if part.strip()]

    def blocks(self, side: str) -> str | None:
        """How many blocks of text (between blank lines) each paragraph of a side holds, "1 2",
        when one of them holds a blank line of its own: a reader that cuts the side at every
        blank line would make two paragraphs of it, so TMX and XLIFF write this beside the
        text (formats/bilingual.py reads it). None when cutting at blank lines is right, or
        when the side's paragraphs are not known apart (`units`)."""
        from workbench.formats.bilingual import paragraph_blocks

        units = self.units(side)
        if any(end - start > 1 for (start, end), _ in units):
            return None  # paragraphs an edition could not cut back apart
        counts = [paragraph_blocks(clean(text)) for _, text in units]
        return " ".join(map(str, counts)) if any(count > 1 for count in counts) else None

    def units(self, side: str) -> list[tuple[tuple[int, int], str]]:
        """(span, text) of each paragraph (or sentence) a side holds, numbered as in its own
        text, for formats that give every one an id (TEI). A side whose texts could not be
        told apart is one unit spanning all its positions; an empty side has none."""
        span, text = (self.src, self.source) if side == "source" else (self.tgt, self.target)
        start, end = span
        if end <= start:
            return []
        parts = self.source_parts if side == "source" else self.target_parts
        if len(parts) != end - start:
            return [(span, text)]
        return [((start + k, start + k + 1), part) for k, part in enumerate(parts)]


@dataclass
class ExportData:
    """Everything a writer needs: metadata, and the links as a re-iterable stream."""

    document: dict[str, Any]
    alignment: dict[str, Any]
    source_language: str
    target_language: str
    source_label: str
    target_label: str
    edition: dict[str, Any] | None
    options: ExportOptions
    count: int
    generated_at: str
    tool_version: str
    rows: Callable[[], Iterator[ExportLink]] = field(repr=False)
    #: Which flags became notes, in a sentence (None: notes were not asked for).
    notes_about: str | None = None
    #: A digest of what an edition's file shows besides its immutable links (the document's
    #: metadata, the notes): the cache's key (exports/cache.py). None for a draft, which
    #: changes with every confirmation and is never cached.
    stamp: str | None = None
    #: Who wants to hear how far a slow writer is (a progress bar), if anyone.
    progress: Progress | None = field(default=None, repr=False, compare=False)
    #: How many positions the source has at the export's level: where a gap after the last
    #: exported link ends (None: not known, no such gap is marked).
    source_size: int | None = None
    #: The same for the translation (a gap after the last link's translation is marked too).
    target_size: int | None = None

    def report(self, stage: str, done: int, total: int) -> None:
        """Tell the listener, if there is one, that `done` of `total` of `stage` are done."""
        if self.progress is not None:
            self.progress(stage, done, total)

    def links(self) -> Iterator[ExportLink]:
        """A fresh pass over the links (writers that need two passes call it twice)."""
        return self.rows()

    @property
    def draft(self) -> bool:
        return self.edition is None

    @property
    def level(self) -> str:
        return self.options.level

    @property
    def title(self) -> str:
        return (self.edition or {}).get("title") or self.document.get("title") or "Untitled"

    @property
    def state(self) -> str:
        """ "Edition 3" or "Draft": said on every export so a draft is never taken for one."""
        if self.edition is None:
            return "Draft (current state, not a published edition)"
        return f"Edition {self.edition['number']}"

    def gap_note(self, span: tuple[int, int], side: str = "source") -> str:
        """What a reader edition says where positions `span` of a side were left out (the
        translation's numbered in the translation: a paragraph it adds has no source number)."""
        count = span[1] - span[0]
        what = "¶" if self.level == "paragraph" else "sentence" if count == 1 else "sentences"
        where = "in this edition" if self.edition else "confirmed yet"
        verb = "is" if count == 1 else "are"
        whose = "the translation's " if side == "target" else ""
        return f"[…] {whose}{what} {numbers(span)} {verb} not {where}"

    def gap_after(self, covered: int, side: str = "source") -> tuple[int, int] | None:
        """The positions of a side after `covered` (the end of the last exported link there)
        that no link holds: an edition may leave out the end of a text as it may its middle."""
        size = self.source_size if side == "source" else self.target_size
        if size is None or size <= covered:
            return None
        return (covered, size)

    def end_gaps(self, rows: list[ExportLink]) -> tuple[tuple[int, int] | None, ...]:
        """What the end of the source and of the translation leave out after `rows` (the
        translation's only where the source leaves nothing out there: its marker says it)."""
        source = self.gap_after(source_end(rows))
        target = None if source else self.gap_after(source_end(rows, "target"), "target")
        return source, target

    def citation(self) -> str:
        """The citation a reader copies: the document's own, else one built from metadata."""
        doc = self.document
        if doc.get("citation"):
            base = doc["citation"].strip()
        else:
            parts = [f"“{self.title}”", doc.get("date"), doc.get("archive_reference")]
            base = ", ".join(p for p in parts if p)
            if doc.get("translator"):
                base += f". Translated by {doc['translator']}"
            base += "."
        when = (self.edition or {}).get("published_at") or self.generated_at
        return f"{base} {self.state}, {when[:10]}."

    def metadata(self) -> list[tuple[str, str]]:
        """(label, value) rows of the citation block, only those that are known."""
        doc = self.document
        rows = [
            ("Title", self.title),
            ("Date", doc.get("date")),
            ("Archive reference", doc.get("archive_reference")),
            ("Translator", doc.get("translator")),
            ("Licence", doc.get("licence")),
            ("Summary", doc.get("summary")),
            ("Source", f"{self.source_label} ({self.source_language})"),
            ("Translation", f"{self.target_label} ({self.target_language})"),
            ("State", self.state),
            ("Notes", self.notes_about),
        ]
        if self.edition:
            rows += [
                ("Published", self.edition.get("published_at")),
                ("Published by", self.edition.get("published_by")),
                ("Note", self.edition.get("note")),
            ]
        rows.append(("Citation", self.citation()))
        return [(label, clean(str(value))) for label, value in rows if value]

    def title_direction(self) -> tuple[str | None, str]:
        """(lang, dir) of the title, whose language nobody recorded: a language of the
        document when its letters are in that language's own script, else "auto"
        (`languages.text_direction`), as the app's pages set it."""
        return languages.text_direction(self.title, self.source_language, self.target_language)

    def metadata_directions(self) -> list[tuple[str, str, str | None, str | None]]:
        """The citation block's rows (`metadata`) as (label, value, lang, dir): what people
        wrote (the title, a summary, a version's label...) in a language of the document when
        its letters tell (a version's label, in its version's), else with dir "auto", so that
        an Arabic title reads right to left on an English page; the rows the workbench writes
        in English (`OUR_ROWS`) with neither, unless their letters say otherwise (a citation
        the document gave in Hebrew)."""
        own = {"Source": (self.source_language,), "Translation": (self.target_language,)}
        rows = []
        for label, value in self.metadata():
            candidates = own.get(label, (self.source_language, self.target_language))
            lang, direction = languages.text_direction(value, *candidates)
            rows.append((label, value, lang, None if label in OUR_ROWS and not lang else direction))
        return rows


#: The citation block's rows the workbench writes itself, in English (`ExportData.metadata`).
OUR_ROWS = frozenset({"State", "Notes", "Published", "Citation"})


def settled(status: str | None) -> int:
    """How settled a link status is (`SETTLED`'s order; an unknown one counts as settled)."""
    return SETTLED.index(status) if status in SETTLED else len(SETTLED)


def overall(stage: str, done: int, total: int) -> int:
    """How far the whole export is, out of SCALE: the stages before `stage` are done, and
    `done`/`total` of this one (an unknown stage counts as finished)."""
    if stage not in STAGES:
        return SCALE
    names = list(STAGES)
    before = sum(STAGES[name] for name in names[: names.index(stage)])
    share = min(done / total, 1.0) if total > 0 else 0.0
    return int(SCALE * (before + STAGES[stage] * share) / sum(STAGES.values()))


def numbers(span: tuple[int, int]) -> str:
    """1-based inclusive positions for a reader: "3", "3–4" (en dash), "" for an empty side."""
    start, end = span
    if end <= start:
        return ""
    return str(start + 1) if end == start + 1 else f"{start + 1}–{end}"


def source_end(links: Iterable[ExportLink], side: str = "source") -> int:
    """How far into a side the links reach: where a gap after the last of them starts."""
    return max(((link.src if side == "source" else link.tgt)[1] for link in links), default=0)


def label_of(links: list[ExportLink]) -> str:
    """The source numbers a run of links covers ("1–12"), for headings; the link numbers when
    none of them has a source side."""
    spans = [link.src for link in links if link.src[1] > link.src[0]]
    if spans:
        return numbers((spans[0][0], spans[-1][1]))
    first, last = links[0].number, links[-1].number
    return str(first) if first == last else f"{first}–{last}"


def positions(span: tuple[int, int]) -> str:
    """1-based inclusive positions for people: "3", "3-4", or "" for an empty side."""
    start, end = span
    if end <= start:
        return ""
    return str(start + 1) if end == start + 1 else f"{start + 1}-{end}"
