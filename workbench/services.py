"""Use cases: each public function is one transaction over the store.

The CLI and the web views call these; they parse input and render output, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import formats, languages
from workbench.errors import Conflict, InputError, NotFound
from workbench.model import ParsedDocument, ReadOptions
from workbench.segment import split_sentences
from workbench.store import DOCUMENT_FIELDS, Store

VERSION_ROLES = ("source", "translation")
#: Document metadata with columns of their own (besides title and languages).
METADATA_COLUMNS = tuple(
    f for f in DOCUMENT_FIELDS if f not in {"title", "source_language", "target_language"}
)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class ImportResult:
    document: int
    versions: list[int]
    alignment: int | None = None
    created_document: bool = False
    segments: dict[int, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "version": self.versions[0],
            "versions": self.versions,
            "alignment": self.alignment,
            "created_document": self.created_document,
            "paragraphs": self.segments,
        }


def read_document(
    data: bytes,
    *,
    filename: str,
    format: str | None = None,
    one_per_line: bool = False,
    source_language: str | None = None,
    target_language: str | None = None,
) -> ParsedDocument:
    """Parse a file's bytes with the reader its name or `format` picks."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"{filename} is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    options = ReadOptions(
        filename=filename,
        one_per_line=one_per_line,
        source_language=source_language,
        target_language=target_language,
    )
    return formats.read_file(data, options, format)


def paragraph_rows(segments: Sequence[Any], language: str) -> list[tuple[str, str, list[str]]]:
    """(kind, text, sentences) per paragraph; a heading is one sentence."""
    rows = []
    for segment in segments:
        text = segment.text.strip()
        if not text:
            continue
        if segment.kind == "heading":
            sentences = [text]
        else:
            sentences = split_sentences(text, languages.primary(language)) or [text]
        rows.append((segment.kind, text, sentences))
    return rows


def import_file(
    store: Store,
    data: bytes,
    *,
    filename: str,
    format: str | None = None,
    document_id: int | None = None,
    title: str | None = None,
    language: str | None = None,
    target_language: str | None = None,
    role: str | None = None,
    label: str | None = None,
    one_per_line: bool = False,
    user: str | None = None,
) -> ImportResult:
    """Read a file and store it as a new document or as a new version of `document_id`.

    Bilingual files (TMX, XLIFF) become two versions and a confirmed alignment.
    """
    if role is not None and role not in VERSION_ROLES:
        raise InputError(f"role must be one of {', '.join(VERSION_ROLES)}, not '{role}'")
    language = languages.normalise(language) if language else None
    target_language = languages.normalise(target_language) if target_language else None
    if document_id is not None:
        store.document(document_id)  # NotFound before any parsing work
    parsed = read_document(
        data,
        filename=filename,
        format=format,
        one_per_line=one_per_line,
        source_language=language,
        target_language=target_language,
    )
    with store.transaction():
        if len(parsed.versions) == 2:
            return _store_bilingual(store, parsed, document_id, title, filename, user)
        return _store_monolingual(
            store, parsed, document_id, title, language, role, label, filename, user
        )


def _store_monolingual(
    store: Store,
    parsed: ParsedDocument,
    document_id: int | None,
    title: str | None,
    language: str | None,
    role: str | None,
    label: str | None,
    filename: str,
    user: str | None,
) -> ImportResult:
    version = parsed.versions[0]
    language = language or (languages.normalise(version.language) if version.language else None)
    if not language:
        raise InputError(f"the language of {filename} is unknown: give it with --lang")
    role = role or version.role
    if role not in VERSION_ROLES:
        raise InputError("say whether the file is the source or a translation (--role)")
    created = document_id is None
    if created:
        document_id = store.add_document(
            title or parsed.title or Path(filename).stem or "Untitled",
            {
                **parsed.metadata,
                "source_language": language if role == "source" else None,
                "target_language": language if role == "translation" else None,
            },
        )
    else:
        _check_single_source(store, document_id, role)
        _fill_document_languages(store, document_id, role, language)
    rows = paragraph_rows(version.segments, language)
    version_id = store.add_version(
        document_id,
        language=language,
        role=role,
        label=label or version.label or f"{languages.name(language)} {role}",
        author=parsed.metadata.get("translator") if role == "translation" else None,
        format=parsed.format,
        filename=filename,
        created_by=user,
    )
    store.add_segments(version_id, rows)
    store.log_event(
        "import",
        "version",
        version_id,
        user=user,
        document_id=document_id,
        after={"filename": filename, "format": parsed.format, "paragraphs": len(rows)},
    )
    return ImportResult(document_id, [version_id], None, created, {version_id: len(rows)})


def _store_bilingual(
    store: Store,
    parsed: ParsedDocument,
    document_id: int | None,
    title: str | None,
    filename: str,
    user: str | None,
) -> ImportResult:
    """Two versions from one file, aligned as the file says; every link confirmed unless the
    file records each link's status (our own TMX and XLIFF exports do). A link's status is set
    by the reviewer the file names, else by whoever imports it (an auto link: by no one)."""
    source, target = parsed.versions
    if not source.language or not target.language:
        raise InputError(f"{filename} does not say the languages of both sides")
    src_lang = languages.normalise(source.language)
    tgt_lang = languages.normalise(target.language)
    created = document_id is None
    if created:
        document_id = store.add_document(
            title or parsed.title or Path(filename).stem,
            {**parsed.metadata, "source_language": src_lang, "target_language": tgt_lang},
        )
    else:
        _check_single_source(store, document_id, "source")
    ids = []
    counts = {}
    for version, language, role in (
        (source, src_lang, "source"),
        (target, tgt_lang, "translation"),
    ):
        rows = paragraph_rows(version.segments, language)
        version_id = store.add_version(
            document_id,
            language=language,
            role=role,
            label=version.label or f"{languages.name(language)} {role} ({parsed.format})",
            format=parsed.format,
            filename=filename,
            created_by=user,
        )
        store.add_segments(version_id, rows)
        ids.append(version_id)
        counts[version_id] = len(rows)
    alignment_id = store.add_alignment(
        document_id, ids[0], ids[1], method=f"imported from {parsed.format}", created_by=user
    )
    statuses = parsed.link_statuses or []
    reviewers = parsed.link_reviewers or []
    links = []
    for index, (src, tgt) in enumerate(parsed.links or []):
        status = statuses[index] if index < len(statuses) else "confirmed"
        reviewer = reviewers[index] if index < len(reviewers) else None
        by = reviewer or (None if status == "auto" else user)
        links.append(
            _link_from_positions(src, tgt, status=status, user=by, reasons=["from the file"])
        )
    _check_links_cover(links, counts[ids[0]], counts[ids[1]], filename)
    store.replace_links(alignment_id, "paragraph", links)
    store.log_event(
        "import",
        "alignment",
        alignment_id,
        user=user,
        document_id=document_id,
        after={"filename": filename, "format": parsed.format, "links": len(links)},
    )
    return ImportResult(document_id, ids, alignment_id, created, counts)


def _link_from_positions(
    src: Sequence[int], tgt: Sequence[int], *, status: str, user: str | None, reasons: list[str]
) -> dict[str, Any]:
    return {
        "src_start": src[0] if src else None,
        "src_end": src[-1] + 1 if src else None,
        "tgt_start": tgt[0] if tgt else None,
        "tgt_end": tgt[-1] + 1 if tgt else None,
        "score": None,
        "confidence": 1.0,
        "reasons": reasons,
        "status": status,
        "set_by": user,
        "set_at": None,
    }


def _check_links_cover(links: list[dict[str, Any]], n_src: int, n_tgt: int, filename: str) -> None:
    """The links of a bilingual file must tile both versions in order, as beads do."""
    src_at = tgt_at = 0
    for link in _fill_empty_sides(links):
        if (link["src_start"], link["tgt_start"]) != (src_at, tgt_at):
            raise InputError(f"the units of {filename} are not in document order")
        src_at, tgt_at = link["src_end"], link["tgt_end"]
    if (src_at, tgt_at) != (n_src, n_tgt):
        raise InputError(f"the links of {filename} do not cover both texts")


def _check_single_source(store: Store, document_id: int, role: str) -> None:
    if role != "source":
        return
    for version in store.versions(document_id):
        if version["role"] == "source":
            raise Conflict(
                f"document {document_id} already has a source version "
                f"(version {version['id']}, {version['label']})"
            )


def _fill_document_languages(store: Store, document_id: int, role: str, language: str) -> None:
    document = store.document(document_id)
    column = "source_language" if role == "source" else "target_language"
    if not document[column]:
        store.update_document(document_id, **{column: language})


# -- alignment ------------------------------------------------------------------------------


def _default_pair(store: Store, document_id: int) -> tuple[int, int]:
    versions = store.versions(document_id)
    sources = [v["id"] for v in versions if v["role"] == "source"]
    translations = [v["id"] for v in versions if v["role"] == "translation"]
    if not sources or not translations:
        raise InputError(
            f"document {document_id} needs a source and a translation version to align"
        )
    return sources[0], translations[0]


def align_versions(
    store: Store,
    document_id: int,
    source_version_id: int | None = None,
    target_version_id: int | None = None,
    *,
    user: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Align two versions (default: the source and the first translation) and store the links.

    Aligning again keeps every link a person confirmed or edited and re-solves only the spans
    between them; sentence links inside kept paragraph links are kept too.
    """
    from workbench.align import align_document  # heavy (numpy): only when aligning

    store.document(document_id)
    if source_version_id is None or target_version_id is None:
        default_source, default_target = _default_pair(store, document_id)
        source_version_id = source_version_id or default_source
        target_version_id = target_version_id or default_target
    source = store.version(source_version_id)
    target = store.version(target_version_id)
    for version in (source, target):
        if version["document_id"] != document_id:
            raise NotFound(f"version {version['id']} is not part of document {document_id}")
    if source_version_id == target_version_id:
        raise InputError("a version cannot be aligned with itself")
    alignment_id = store.alignment_between(source_version_id, target_version_id)
    kept_paragraphs = []
    kept_sentences = []
    if alignment_id is not None:
        kept_paragraphs = [
            link for link in store.links(alignment_id, "paragraph") if link.status != "auto"
        ]
        kept_sentences = [
            link for link in store.links(alignment_id, "sentence") if link.status != "auto"
        ]
    result = align_document(
        store.sentences_by_paragraph(source_version_id),
        store.sentences_by_paragraph(target_version_id),
        src_lang=languages.primary(source["language"]),
        tgt_lang=languages.primary(target["language"]),
        keep_paragraphs=[(link.src, link.tgt) for link in kept_paragraphs],
        progress=progress,
    )
    with store.transaction():
        if alignment_id is None:
            alignment_id = store.add_alignment(
                document_id,
                source_version_id,
                target_version_id,
                method=result.method,
                created_by=user,
            )
        else:
            store.set_alignment_method(alignment_id, result.method)
        store.replace_links(
            alignment_id, "paragraph", link_rows(result.paragraphs, kept_paragraphs)
        )
        store.replace_links(alignment_id, "sentence", link_rows(result.sentences, kept_sentences))
        store.touch_document(document_id)
        store.log_event(
            "align",
            "alignment",
            alignment_id,
            user=user,
            document_id=document_id,
            after={
                "method": result.method,
                "paragraph_links": len(result.paragraphs),
                "kept": len(kept_paragraphs),
            },
        )
    return alignment_id


def link_rows(
    beads: Sequence[Any], kept: Sequence[Any] = (), start: tuple[int, int] = (0, 0)
) -> list[dict[str, Any]]:
    """Rows for beads whose positions begin at `start`; a bead equal to a kept link keeps
    that link's status and who set it."""
    by_span = {(tuple(link.src), tuple(link.tgt)): link for link in kept}
    rows = []
    for bead in beads:
        src = [start[0] + i for i in bead.src]
        tgt = [start[1] + i for i in bead.tgt]
        link = by_span.get((tuple(src), tuple(tgt)))
        row = _link_from_positions(
            src,
            tgt,
            status=link.status if link else "auto",
            user=link.set_by if link else None,
            reasons=list(bead.reasons),
        )
        row.update(score=bead.score, confidence=bead.confidence)
        if link:
            row["set_at"] = link.set_at
        rows.append(row)
    return _fill_empty_sides(rows, start)


def _fill_empty_sides(
    rows: list[dict[str, Any]], start: tuple[int, int] = (0, 0)
) -> list[dict[str, Any]]:
    """Give the empty side of a 1-0 / 0-1 link the position where it stands."""
    src_at, tgt_at = start
    for row in rows:
        if row["src_start"] is None:
            row["src_start"] = row["src_end"] = src_at
        if row["tgt_start"] is None:
            row["tgt_start"] = row["tgt_end"] = tgt_at
        src_at, tgt_at = row["src_end"], row["tgt_end"]
    return rows


# -- aligning files without storing them ------------------------------------------------------


@dataclass
class TextAlignment:
    beads: list[Any]
    source: list[str]
    target: list[str]


def _units(data: bytes, name: str, language: str | None, unit: str) -> list[str]:
    """The segments of a file for `workbench align`: lines, paragraphs or sentences."""
    if unit == "line":
        from workbench.textio import decode

        lines = decode(data, name).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines
    parsed = read_document(data, filename=name)
    paragraphs = [s.text for s in parsed.versions[0].segments]
    if unit == "paragraph":
        return paragraphs
    lang = languages.primary(language)
    return [sentence for text in paragraphs for sentence in (split_sentences(text, lang) or [text])]


def align_texts(
    src_data: bytes,
    tgt_data: bytes,
    *,
    src_name: str,
    tgt_name: str,
    src_lang: str | None,
    tgt_lang: str | None,
    unit: str = "paragraph",
    progress: Callable[[int, int], None] | None = None,
) -> TextAlignment:
    """Align two files segment by segment (nothing is stored)."""
    from workbench.align import align

    src_lang = languages.normalise(src_lang) if src_lang else None
    tgt_lang = languages.normalise(tgt_lang) if tgt_lang else None
    source = _units(src_data, src_name, src_lang, unit)
    target = _units(tgt_data, tgt_name, tgt_lang, unit)
    beads = align(
        source,
        target,
        src_lang=languages.primary(src_lang),
        tgt_lang=languages.primary(tgt_lang),
        progress=progress,
    )
    return TextAlignment(beads, source, target)
