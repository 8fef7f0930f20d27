"""Aligning: stored versions (keeping human work) and files (for `workbench align`).

Each public function is one use case; aligning stored versions is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench import languages
from workbench.errors import Conflict, InputError, NotFound, TooLarge
from workbench.formats import check_size
from workbench.segment import split_sentences
from workbench.services import MAX_PARAGRAPH_CHARS, link_rows, read_document
from workbench.store import Store
from workbench.store.base import LinkRow

# -- alignment ------------------------------------------------------------------------------

#: The most sentences (segments) a side may have for the aligner. Its dynamic programme keeps a
#: band of about 80 cells around the diagonal for every sentence, some 20 KB each: 47,000 ×
#: 55,000 sentences took 1.0 GB, 84,000 × 100,000 1.7 GB, and the million of a 50 MB text in
#: sentences would take twenty (the process was killed at 23 GB). The whole Bible (31,102
#: verses) fits three times over.
MAX_ALIGN_SENTENCES = 100_000
#: The most characters a side may have for the aligner: its features and the QA checks that
#: follow an alignment read every word (QA keeps some 50 MB per million characters), and the
#: review page shows whole paragraphs; a text of few long paragraphs would pass the sentence
#: limit with any length. "In Search of Lost Time" has some 7.5 million characters.
MAX_ALIGN_CHARS = 10_000_000
#: How many times aligning starts again when links or texts changed while the aligner ran.
ALIGN_ATTEMPTS = 3


def check_alignable(sizes: dict[str, tuple[int, int]]) -> None:
    """InputError, before any aligning, when a side (named by its key: "version 3",
    "book.txt") has more than MAX_ALIGN_SENTENCES sentences or MAX_ALIGN_CHARS characters;
    `sizes`: (sentences, characters) per side."""
    for what, (sentences, characters) in sizes.items():
        for count, limit, unit in (
            (sentences, MAX_ALIGN_SENTENCES, "sentences"),
            (characters, MAX_ALIGN_CHARS, "characters"),
        ):
            if count > limit:
                raise InputError(
                    f"{what} has {count:,} {unit}, more than the {limit:,} a side the aligner"
                    " takes; split the text into parts (volumes, chapters) and import each as"
                    " a document of its own"
                )


def _default_pair(store: Store, document_id: int) -> tuple[int, int]:
    versions = store.versions(document_id)
    sources = [v["id"] for v in versions if v["role"] == "source"]
    translations = [v["id"] for v in versions if v["role"] == "translation"]
    if not sources or not translations:
        raise InputError(
            f"document {document_id} needs a source and a translation version to align"
        )
    return sources[0], translations[0]


def version_pair(
    store: Store, document_id: int, source_version_id: int | None, target_version_id: int | None
) -> tuple[int, int]:
    """The two versions an alignment would join (defaults filled in), or the error it would
    end with: cheap checks that the web views run before starting a background job, so a
    request that cannot succeed is refused at once rather than by a job that fails later."""
    store.document(document_id)
    if source_version_id is None or target_version_id is None:
        default_source, default_target = _default_pair(store, document_id)
        source_version_id = source_version_id or default_source
        target_version_id = target_version_id or default_target
    for version_id in (source_version_id, target_version_id):
        if store.version(version_id)["document_id"] != document_id:
            raise NotFound(f"version {version_id} is not part of document {document_id}")
    if source_version_id == target_version_id:
        raise InputError("a version cannot be aligned with itself")
    check_alignable(
        {f"version {v}": store.version_size(v) for v in (source_version_id, target_version_id)}
    )
    return source_version_id, target_version_id


def kept_bead(link: LinkRow, start: tuple[int, int] = (0, 0)) -> tuple[range, range]:
    """A stored link as the aligner keeps it: position ranges, so that an empty side keeps
    its place (a detached paragraph stays where it was), counted from `start`."""
    return (
        range(link.src_start - start[0], link.src_end - start[0]),
        range(link.tgt_start - start[1], link.tgt_end - start[1]),
    )


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
    between them (a one-sided link keeps its place); sentence links a person confirmed or
    edited are kept wherever they lie inside one paragraph link of the result.
    """
    from workbench.align import align_document  # heavy (numpy): only when aligning

    source_version_id, target_version_id = version_pair(
        store, document_id, source_version_id, target_version_id
    )
    source = store.version(source_version_id)
    target = store.version(target_version_id)
    # The aligner runs outside the write transaction (a long text takes seconds, and the
    # review page must not wait for it); what it read is then checked in the transaction. A
    # link confirmed or a revision approved meanwhile would be lost, or the new links would
    # point at sentences that moved: align again from what is there now.
    for _attempt in range(ALIGN_ATTEMPTS):
        inputs = store.alignment_inputs(source_version_id, target_version_id)
        alignment_id = inputs[0]
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
            keep_paragraphs=[kept_bead(link) for link in kept_paragraphs],
            keep_sentences=[kept_bead(link) for link in kept_sentences],
            progress=progress,
        )
        with store.transaction():
            if store.alignment_inputs(source_version_id, target_version_id) != inputs:
                continue
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
            store.replace_links(
                alignment_id, "sentence", link_rows(result.sentences, kept_sentences)
            )
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
    raise Conflict(
        f"the document changed each of the {ALIGN_ATTEMPTS} times it was aligned (links or"
        " texts edited meanwhile): align again when the edits are done"
    )


# -- aligning files without storing them ------------------------------------------------------


@dataclass
class TextAlignment:
    beads: list[Any]
    source: list[str]
    target: list[str]


def _units(
    data: bytes, name: str, language: str | None, unit: str, input_format: str | None = None
) -> list[str]:
    """The segments of a file for `workbench align`: its lines, or its paragraphs (read as
    `input_format`, else as its extension says)."""
    if unit == "line":
        from workbench.textio import decode

        check_size(data, name)  # the readers check it for the other units
        # line N is the file's line N as tools count lines (a page break is no line end)
        lines = decode(data, name, language=language, other_breaks=" ").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_PARAGRAPH_CHARS:
                raise TooLarge(
                    f"{name}: line {number:,} has {len(line):,} characters, more than the"
                    f" {MAX_PARAGRAPH_CHARS:,} a segment may have"
                )
        return lines
    parsed = read_document(
        data,
        filename=name,
        format=input_format,
        source_language=language,
        format_option="--input-format",
    )
    return [s.text for s in parsed.versions[0].segments]


def _sentences(paragraphs: list[str], language: str | None) -> list[list[str]]:
    """Each paragraph's sentences (a paragraph the splitter finds none in is one)."""
    lang = languages.primary(language)
    return [split_sentences(text, lang) or [text] for text in paragraphs]


def align_texts(
    src_data: bytes,
    tgt_data: bytes,
    *,
    src_name: str,
    tgt_name: str,
    src_lang: str | None,
    tgt_lang: str | None,
    unit: str = "paragraph",
    input_format: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TextAlignment:
    """Align two files segment by segment (nothing is stored).

    Paragraphs and sentences are aligned as a stored document's are (`align_document`): both
    ways, paragraph-first and sentence-first, the better kept, so that a chapter printed as one
    block against twelve paragraphs still gets its n-m links. Lines are aligned as they are.
    """
    from workbench.align import align, align_document

    src_lang = languages.normalise(src_lang) if src_lang else None
    tgt_lang = languages.normalise(tgt_lang) if tgt_lang else None
    if unit == "line":
        if input_format:
            raise InputError(
                "--input-format is for --unit paragraph or sentence: --unit line reads each"
                " line of the file as it is"
            )
        source = _units(src_data, src_name, src_lang, unit)
        target = _units(tgt_data, tgt_name, tgt_lang, unit)
        check_alignable(
            {
                src_name: (len(source), sum(map(len, source))),
                tgt_name: (len(target), sum(map(len, target))),
            }
        )
        beads = align(
            source,
            target,
            src_lang=languages.primary(src_lang),
            tgt_lang=languages.primary(tgt_lang),
            progress=progress,
        )
        return TextAlignment(beads, source, target)
    src_paragraphs = _units(src_data, src_name, src_lang, "paragraph", input_format)
    tgt_paragraphs = _units(tgt_data, tgt_name, tgt_lang, "paragraph", input_format)
    src_sentences = _sentences(src_paragraphs, src_lang)
    tgt_sentences = _sentences(tgt_paragraphs, tgt_lang)
    check_alignable(
        {
            src_name: (sum(map(len, src_sentences)), sum(map(len, src_paragraphs))),
            tgt_name: (sum(map(len, tgt_sentences)), sum(map(len, tgt_paragraphs))),
        }
    )
    document = align_document(
        src_sentences,
        tgt_sentences,
        src_lang=languages.primary(src_lang),
        tgt_lang=languages.primary(tgt_lang),
        progress=progress,
    )
    if unit == "paragraph":
        return TextAlignment(document.paragraphs, src_paragraphs, tgt_paragraphs)
    source = [sentence for sentences in src_sentences for sentence in sentences]
    target = [sentence for sentences in tgt_sentences for sentence in sentences]
    return TextAlignment(document.sentences, source, target)
