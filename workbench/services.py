"""Use cases: each public function is one transaction over the store.

The CLI and the web views call these; they parse input and render output, nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench import flags, formats, languages, textio
from workbench.errors import Conflict, InputError, TooLarge
from workbench.formats import comments
from workbench.formats.bilingual import LINK_STATUSES
from workbench.model import (
    FileComment,
    FileSentence,
    ParsedDocument,
    ParsedVersion,
    ReadOptions,
)
from workbench.segment import split_sentences
from workbench.store import DOCUMENT_FIELDS, Store
from workbench.typed import file_line, replace_surrogates, typed_line

VERSION_ROLES = ("source", "translation")
#: Document metadata with columns of their own (besides title and languages).
METADATA_COLUMNS = tuple(
    f for f in DOCUMENT_FIELDS if f not in {"title", "source_language", "target_language"}
)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: The longest paragraph a file to import or align may hold, in characters (code points).
#: Longer is no paragraph but a text whose paragraph breaks were lost (a file saved as one
#: line), and all that is done with a paragraph grows with it, some of it with its square: a
#: word diff of two versions of it (compare, revisions) takes up to 16 s at 1,000,000
#: characters and hours at 50 MB; the review page shows it in one row, QA reads it as one pair.
#: Genesis pasted as one paragraph (300,000 characters) fits three times; spaCy's default
#: `max_length` is the same. Readers keep such a paragraph whole (formats never cut text):
#: the refusal is here.
MAX_PARAGRAPH_CHARS = 1_000_000
#: A document's title, typed (longer is refused) or from a file (longer is cut, with "…"):
#: a title is listed on one line; 500 holds the longest archival titles with their subtitle.
MAX_TITLE = 500
#: A version's label ("English translation, 2011, revised by the archive's editors"): like a
#: title it is shown on one line, and the same 500 holds a translator credit with its source.
MAX_LABEL = 500


@dataclass
class ImportResult:
    document: int
    versions: list[int]
    alignment: int | None = None
    created_document: bool = False
    segments: dict[int, int] = field(default_factory=dict)
    #: What the reader left out (`ParsedDocument.notes`).
    notes: list[str] = field(default_factory=list)
    #: A bilingual file's paragraph links by status (auto, edited, confirmed): how much of it
    #: came in reviewed.
    links: dict[str, int] = field(default_factory=dict)
    #: Flags raised from the comments the file makes on its links (CAT tools', or our
    #: exports' notes: `_raise_file_comments`).
    flags: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "version": self.versions[0],
            "versions": self.versions,
            "alignment": self.alignment,
            "created_document": self.created_document,
            "paragraphs": self.segments,
            "notes": self.notes,
            "links": self.links,
            "flags": self.flags,
        }

    def links_summary(self) -> str:
        """ "6 links: 1 confirmed, 1 edited, 4 auto" (most settled first), or "" without an
        alignment."""
        if not self.alignment:
            return ""
        total = sum(self.links.values())
        parts = [f"{self.links[s]} {s}" for s in ("confirmed", "edited", "auto") if s in self.links]
        flagged = (
            f"; {self.flags} flag{'' if self.flags == 1 else 's'} from its comments"
            if self.flags
            else ""
        )
        return f"{total} link{'' if total == 1 else 's'}: {', '.join(parts)}{flagged}"


def read_document(
    data: bytes,
    *,
    filename: str,
    format: str | None = None,
    one_per_line: bool = False,
    source_language: str | None = None,
    target_language: str | None = None,
    format_option: str = "--format",
    document_languages: tuple[str | None, str | None] | None = None,
) -> ParsedDocument:
    """Parse a file's bytes with the reader its name or `format` picks (`format_option`: how
    the caller names the format, for the error when neither says)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"{filename} is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    options = ReadOptions(
        filename=filename,
        one_per_line=one_per_line,
        source_language=source_language,
        target_language=target_language,
        format_option=format_option,
        document_languages=document_languages,
    )
    parsed = formats.read_file(data, options, format)
    check_paragraphs(parsed, filename)
    return parsed


def check_paragraphs(doc: ParsedDocument, filename: str) -> None:
    """TooLarge, naming the first paragraph over MAX_PARAGRAPH_CHARS, its length and what to
    do, for a file holding one (every file imported or aligned passes this, before anything
    is stored)."""
    for version in doc.versions:
        for number, segment in enumerate(version.segments, 1):
            if len(segment.text) > MAX_PARAGRAPH_CHARS:
                raise TooLarge(
                    paragraph_too_long(
                        filename, number, len(segment.text), version, bool(doc.links)
                    )
                )


def paragraph_too_long(
    filename: str, number: int, length: int, version: ParsedVersion, bilingual: bool = False
) -> str:
    """The refusal of a paragraph over MAX_PARAGRAPH_CHARS; what to do depends on whether
    the file's units (a table's cells, a memory's segments) or its lines make paragraphs."""
    side = f" of the {version.role}" if version.role else ""
    head = (
        f"{textio.label(filename)}: paragraph {number:,}{side} has {length:,} characters, more"
        f" than the {MAX_PARAGRAPH_CHARS:,} a paragraph may have"
    )
    if bilingual:
        return (
            head + "; a paragraph of a bilingual file is a unit (a row's cell, a segment) or"
            " its part between blank lines: split that unit into several, or separate its"
            " paragraphs by blank lines"
        )
    return (
        head + "; the file does not mark its paragraphs there: separate them by blank lines,"
        " or, if each line is a paragraph, import it with one paragraph per line"
        " (--one-per-line)"
    )


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
    may_review: bool = True,
) -> ImportResult:
    """Read a file and store it as a new document or as a new version of `document_id`.

    Bilingual files (TMX, XLIFF, CSV and TSV tables) become two versions and an alignment.
    `may_review`: whether the importer may confirm links and raise flags; a file brought in by
    someone who may not (a translator) says no more than they could (`_unreviewed`).
    A title or label is one line of text wherever it comes from (see `textio.one_line`). One
    given (typed in a form, an option) that holds nothing else, or more than MAX_TITLE /
    MAX_LABEL characters, is refused (`typed.typed_line`); one from the file or its name is
    cut to the limit with an ellipsis instead (`typed.file_line`).
    """
    if role is not None and role not in VERSION_ROLES:
        raise InputError(f"role must be one of {', '.join(VERSION_ROLES)}, not '{role}'")
    if title is not None:
        title = typed_line(title, field="title", max_chars=MAX_TITLE)
    if label is not None:
        label = typed_line(label, field="label", max_chars=MAX_LABEL)
    # a name given on the command line in bytes that are not UTF-8 is stored, not a crash
    filename = replace_surrogates(filename)
    language = languages.normalise(language) if language else None
    target_language = languages.normalise(target_language) if target_language else None
    into = None
    if document_id is not None:
        document = store.document(document_id)  # NotFound before any parsing work
        into = (document["source_language"], document["target_language"])
    parsed = read_document(
        data,
        filename=filename,
        format=format,
        one_per_line=one_per_line,
        source_language=language,
        target_language=target_language,
        document_languages=into,
    )
    _refuse_ignored(parsed, filename, target_language=target_language, one_per_line=one_per_line)
    if len(parsed.versions) == 2:
        if role is not None:
            raise InputError(
                f"{filename} holds a source and its translation ({parsed.format}), stored as"
                " both: a role is for a file of one language (leave it automatic)"
            )
        if not may_review:
            parsed = _unreviewed(parsed)
        with store.transaction():
            result = _store_bilingual(store, parsed, document_id, title, label, filename, user)
        result.notes = list(parsed.notes) + result.notes
        return result
    version = parsed.versions[0]
    language = language or (languages.normalise(version.language) if version.language else None)
    if not language:
        raise InputError(f"the language of {filename} is unknown: give it with --lang")
    # sentence splitting takes a while on a book: not while holding the write lock
    rows = paragraph_rows(version.segments, language)
    with store.transaction():
        result = _store_monolingual(
            store, parsed, rows, document_id, title, language, role, label, filename, user
        )
    result.notes = list(parsed.notes)
    return result


def _refuse_ignored(
    parsed: ParsedDocument, filename: str, *, target_language: str | None, one_per_line: bool
) -> None:
    """Refuse an option the file's format ignores, as `export` refuses one: a script that
    passed it would otherwise take it to have done something."""
    if target_language is not None and len(parsed.versions) == 1:
        raise InputError(
            f"{filename} is a text in one language ({parsed.format}): --target-lang is for a"
            " bilingual file (TMX, XLIFF, a table); give its language with --lang"
        )
    if one_per_line and parsed.format != "txt":
        raise InputError(
            f"{filename} is read as {parsed.format}, whose paragraphs its format marks:"
            " --one-per-line is for plain text (--format txt reads it as such)"
        )


def _unreviewed(parsed: ParsedDocument) -> ParsedDocument:
    """A bilingual file as someone who may not review can bring it in: what it says is
    confirmed comes in edited (a reviewer confirms it here), in the importer's name rather
    than the reviewers' the file names, and its comments are not raised as flags. Otherwise
    a translator could import confirmed links "by" the editor, and flags signed by anyone,
    that the confirm and flag buttons refuse them; a note says what was held back."""
    links = parsed.links or []
    said = parsed.link_statuses or []
    statuses = [said[k] if k < len(said) else "confirmed" for k in range(len(links))]
    confirmed = statuses.count("confirmed")
    sentences = [
        [unit._replace(status=_unconfirmed(unit.status), reviewer=None) for unit in units]
        if units
        else units
        for units in parsed.sentence_links or []
    ]
    comments = sum(len(c) for c in parsed.comments or [])
    notes = list(parsed.notes)
    if confirmed:
        notes.append(
            f"{confirmed:,} link{'s' if confirmed > 1 else ''} the file marks confirmed came in"
            " edited: your role may not confirm links, so a reviewer confirms them here"
        )
    if comments:
        notes.append(
            f"{comments:,} comment{'s' if comments > 1 else ''} in the file not raised as"
            " flags: your role may not raise flags"
        )
    return replace(
        parsed,
        link_statuses=[_unconfirmed(status) for status in statuses],
        link_reviewers=[None] * len(links),
        sentence_links=sentences if parsed.sentence_links is not None else None,
        comments=None,
        notes=notes,
    )


def _unconfirmed(status: str | None) -> str | None:
    """A status a file gives, as one who may not confirm can set it."""
    return "edited" if status == "confirmed" else status


def _store_monolingual(
    store: Store,
    parsed: ParsedDocument,
    rows: list[tuple[str, str, list[str]]],
    document_id: int | None,
    title: str | None,
    language: str,
    role: str | None,
    label: str | None,
    filename: str,
    user: str | None,
) -> ImportResult:
    version = parsed.versions[0]
    role = role or version.role or _default_role(store, document_id)
    created = document_id is None
    if created:
        document_id = store.add_document(
            _first_line(title, parsed.title, Path(filename).stem, limit=MAX_TITLE) or "Untitled",
            {
                **parsed.metadata,
                "source_language": language if role == "source" else None,
                "target_language": language if role == "translation" else None,
            },
        )
    else:
        _check_single_source(store, document_id, role)
        _fill_document_languages(store, document_id, role, language)
    version_id = store.add_version(
        document_id,
        language=language,
        role=role,
        label=_first_line(label, version.label, limit=MAX_LABEL)
        or f"{languages.name(language)} {role}",
        author=(
            _first_line(parsed.metadata.get("translator"), limit=MAX_TITLE)
            if role == "translation"
            else None
        ),
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
    label: str | None,
    filename: str,
    user: str | None,
) -> ImportResult:
    """Two versions from one file, aligned as the file says (`label`, if given, names the
    translation: what the file brings that the project did not have), each link with the status the
    reader found (our own `x-status`/`subState`, XLIFF `state`/`approved`; a unit with target
    text and no status is confirmed, one without target text is not). A link's status is set
    by the reviewer the file names, else by whoever imports it (an auto link: by no one).

    Into an existing document: one without a source version takes both versions, and the
    languages it does not have yet (a source language it has must be the file's). One with a
    source version takes only the file's translation, as a new translation version aligned to
    that source as the file says, when the file's source side is that source (same language,
    same paragraphs: `_check_same_source`), as a file exported from it comes back from a CAT
    tool; else the import is refused (Conflict), naming the first paragraph that differs."""
    source, target = parsed.versions
    if not source.language or not target.language:
        raise InputError(f"{filename} does not say the languages of both sides")
    src_lang = languages.normalise(source.language)
    tgt_lang = languages.normalise(target.language)
    created = document_id is None
    if created:
        document_id = store.add_document(
            _first_line(title, parsed.title, Path(filename).stem, limit=MAX_TITLE) or "Untitled",
            {**parsed.metadata, "source_language": src_lang, "target_language": tgt_lang},
        )
    else:
        existing = _source_version(store, document_id)
        if existing is not None:
            return _store_translation(
                store, parsed, document_id, existing, (src_lang, tgt_lang), label, filename, user
            )
        _check_source_language(store, document_id, src_lang, filename)
        _fill_document_languages(store, document_id, "source", src_lang)
        _fill_document_languages(store, document_id, "translation", tgt_lang)
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
            label=(label if role == "translation" else None)
            or _first_line(version.label, limit=MAX_LABEL)
            or f"{languages.name(language)} {role} ({parsed.format})",
            format=parsed.format,
            filename=filename,
            created_by=user,
        )
        store.add_segments(version_id, rows)
        ids.append(version_id)
        counts[version_id] = len(rows)
    alignment_id, statuses = _store_file_links(
        store,
        parsed,
        document_id,
        (ids[0], counts[ids[0]]),
        (ids[1], counts[ids[1]]),
        filename,
        user,
    )
    raised, _ = _raise_file_comments(store, parsed, alignment_id, ours=True, user=user)
    return ImportResult(
        document_id, ids, alignment_id, created, counts, links=statuses, flags=raised
    )


def _store_translation(
    store: Store,
    parsed: ParsedDocument,
    document_id: int,
    source_version: dict[str, Any],
    pair: tuple[str, str],
    label: str | None,
    filename: str,
    user: str | None,
) -> ImportResult:
    """A bilingual file's translation as a new translation version of a document whose source
    version is the file's source side, aligned to it as the file says (see _store_bilingual);
    `pair`: the file's source and target languages."""
    source, target = parsed.versions
    src_lang, tgt_lang = pair
    stored_lang = source_version["language"]
    if languages.primary(src_lang) != languages.primary(stored_lang):
        hint = ""
        if languages.primary(tgt_lang) == languages.primary(stored_lang):
            hint = f" (its target is {tgt_lang}: choose {tgt_lang} with --lang to read it reversed)"
        raise Conflict(
            f"{filename} is a translation from {src_lang}{hint}, but the source of document"
            f" {document_id} (version {source_version['id']}, {source_version['label']}) is"
            f" {stored_lang}; import it as a new document instead"
        )
    paragraphs = store.segments(source_version["id"])
    _check_same_source(source.segments, paragraphs, document_id, source_version, filename)
    rows = paragraph_rows(target.segments, tgt_lang)
    if not rows:
        raise InputError(
            f"{filename} has no translation to add to document {document_id}: its {tgt_lang}"
            " side is empty"
        )
    version_id = store.add_version(
        document_id,
        language=tgt_lang,
        role="translation",
        label=label
        or _first_line(target.label, limit=MAX_LABEL)
        or f"{languages.name(tgt_lang)} translation ({parsed.format})",
        format=parsed.format,
        filename=filename,
        created_by=user,
    )
    store.add_segments(version_id, rows)
    _fill_document_languages(store, document_id, "source", stored_lang)
    _fill_document_languages(store, document_id, "translation", tgt_lang)
    alignment_id, statuses = _store_file_links(
        store,
        parsed,
        document_id,
        (source_version["id"], len(paragraphs)),
        (version_id, len(rows)),
        filename,
        user,
    )
    raised, left = _raise_file_comments(store, parsed, alignment_id, ours=False, user=user)
    result = ImportResult(
        document_id,
        [version_id],
        alignment_id,
        False,
        {version_id: len(rows)},
        links=statuses,
        flags=raised,
    )
    if left:
        result.notes.append(
            f"{left:,} note{'s' if left > 1 else ''} in the file {'are' if left > 1 else 'is a'}"
            f" flag{'s' if left > 1 else ''} our export wrote, raised on the version it was"
            " exported from already: not raised again on this one"
        )
    return result


def _store_file_links(
    store: Store,
    parsed: ParsedDocument,
    document_id: int,
    source: tuple[int, int],
    target: tuple[int, int],
    filename: str,
    user: str | None,
) -> tuple[int, dict[str, int]]:
    """An alignment of two versions ((id, paragraph count) each) with the file's links; its
    id, and how many links have each status."""
    alignment_id = store.add_alignment(
        document_id, source[0], target[0], method=f"imported from {parsed.format}", created_by=user
    )
    statuses = parsed.link_statuses or []
    reviewers = parsed.link_reviewers or []
    links = []
    for index, (src, tgt) in enumerate(parsed.links or []):
        status = statuses[index] if index < len(statuses) else "confirmed"
        reviewer = reviewers[index] if index < len(reviewers) else None
        by = reviewer or (None if status == "auto" else user)
        link = link_from_positions(src, tgt, status=status, user=by, reasons=["from the file"])
        if not (src and tgt) and status != "confirmed":
            # an untranslated unit (or a translation of nothing): the first thing a reviewer
            # should see, so the least confident, not vouched for at 1.0
            link["confidence"] = 0.0
            link["reasons"] = ["no translation in the file" if src else "no source in the file"]
        links.append(link)
    _check_links_cover(links, source[1], target[1], filename)
    store.replace_links(alignment_id, "paragraph", links)
    store.replace_links(
        alignment_id,
        "sentence",
        _sentence_links(
            store,
            source[0],
            target[0],
            parsed.links or [],
            parsed.sentence_links or [],
            user,
            omitted=[
                (link["status"], link["set_by"])
                if link["status"] == "confirmed" and not (src and tgt)
                else None
                for link, (src, tgt) in zip(links, parsed.links or [], strict=True)
            ],
        ),
    )
    store.log_event(
        "import",
        "alignment",
        alignment_id,
        user=user,
        document_id=document_id,
        after={"filename": filename, "format": parsed.format, "links": len(links)},
    )
    statuses = [link["status"] for link in links]
    return alignment_id, {status: statuses.count(status) for status in sorted(set(statuses))}


def _raise_file_comments(
    store: Store, parsed: ParsedDocument, alignment_id: int, *, ours: bool, user: str | None
) -> tuple[int, int]:
    """Flags on the stored links for the comments the file makes on its links; (raised, left).

    The flags our own export wrote as notes are raised again when `ours` (the file's
    versions are new here); a file that comes back to the document it was exported from has
    them on the version it was exported from already, so those the document holds are left
    and counted, and only a note in our shape that none of its flags wrote (typed into a
    spreadsheet's notes column) is raised. A note on most units is a tool's label
    (`_labels`), not raised: said in `parsed.notes`."""
    if not parsed.comments:
        return 0, 0
    held = set() if ours else _held_flags(store, store.alignment(alignment_id)["document_id"])
    labels = _labels(parsed.comments)
    for text, count in labels.items():
        shown = text if len(text) <= 80 else text[:79] + "…"
        parsed.notes.append(
            f"{count:,} units carry the same note, “{shown}”: taken for a label the tool"
            " writes, not a reviewer's comment, so not raised as flags"
        )
    stored = store.links(alignment_id, "paragraph")  # in file order: the links tile in order
    wanted = [
        (link, said)
        for link, comments in zip(stored, parsed.comments, strict=True)
        for said in comments
        if (said.status is None and said.text not in labels)
        or (said.status is not None and _flag_key(said) not in held)
    ]
    total = sum(len(comments) for comments in parsed.comments)
    left = total - len(wanted) - sum(labels.values())
    return flags.raise_from_file(store, alignment_id, wanted, user=user), left


def _flag_key(said: FileComment) -> tuple[str, str, str | None, str]:
    """What a note of ours says of its flag: category, severity, quoted words, first comment."""
    return said.category, said.severity, said.quote, said.text


def _held_flags(store: Store, document_id: int) -> set[tuple[str, str, str | None, str]]:
    """The keys (`_flag_key`) of the flags a document holds, their comments as a note's read
    back (a long one cut as it was): the notes our export wrote."""
    found = store.flags(document_id=document_id)
    threads = store.flag_comments(flag["id"] for flag in found)
    return {
        (
            flag["category"],
            flag["severity"],
            flag["quote"],
            comments.clean(threads[flag["id"]][0]["body"]) if threads[flag["id"]] else "",
        )
        for flag in found
    }


#: A note on at least this many units, and on at least half of them, is a tool's label.
LABEL_MIN_UNITS = 10


def _labels(comments: Sequence[Sequence[FileComment]]) -> dict[str, int]:
    """The texts of notes a file puts on most of its units (at least LABEL_MIN_UNITS, and
    half of them), by how many: what a tool stamps on every unit it wrote ("Machine
    translated", a project name) is no reviewer's comment, and thousands of flags saying it
    would bury the review. Our own flags' notes are never labels."""
    seen: dict[str, int] = {}
    for link in comments:
        for text in {said.text for said in link if said.status is None and not said.quote}:
            seen[text] = seen.get(text, 0) + 1
    least = max(LABEL_MIN_UNITS, (len(comments) + 1) // 2)
    return {text: count for text, count in seen.items() if count >= least}


def _sentence_links(
    store: Store,
    source_version_id: int,
    target_version_id: int,
    paragraph_links: Sequence[tuple[Sequence[int], Sequence[int]]],
    file_sentences: Sequence[list[FileSentence] | None] = (),
    user: str | None = None,
    *,
    omitted: Sequence[tuple[str, str | None] | None] = (),
) -> list[dict[str, Any]]:
    """Sentence links inside the paragraph links a bilingual file brings, never across one
    (the file's links are kept whole), so the sentence view, sentence-level exports and the
    QA's sentence checks work on an imported file as on an aligned one.

    A link with at most one sentence on a side (every unit of a sentence-level TMX) pairs its
    sentences one way only: that link is made at once, as sure as the file's link. The
    aligner solves the others, all in one run so that it learns from the whole file; a run
    per link cost milliseconds a link whatever it held (a TMX of 20,000 units took minutes).
    Links the aligner made are automatic: the file vouches for its paragraphs, not for how
    their sentences pair.

    But a file of ours at sentence level says how they pair (`file_sentences`: a TMX unit or
    an XLIFF 2 segment per sentence link, with its status and who set it): where each of its
    sentence links holds whole sentences of the link, in order, they are the sentence links,
    with their statuses, so that a reviewer's work on sentences comes back with them.

    `omitted`: per link, (status, who set it) where the file confirms a one-sided link (a
    deliberate omission): its sentences are confirmed as left out too, by the same person,
    not put before a reviewer again as sentences without a counterpart."""
    src_paras = store.sentences_by_paragraph(source_version_id)
    tgt_paras = store.sentences_by_paragraph(target_version_id)
    src_first, tgt_first = _running_starts(src_paras), _running_starts(tgt_paras)
    same = languages.primary(store.version(source_version_id)["language"]) == languages.primary(
        store.version(target_version_id)["language"]
    )
    spans = []
    for src, tgt in paragraph_links:
        s0, s1 = _sentence_span(src, src_first)
        t0, t1 = _sentence_span(tgt, tgt_first)
        spans.append((s0, s1, t0, t1))
    src_all = [sentence for paragraph in src_paras for sentence in paragraph]
    tgt_all = [sentence for paragraph in tgt_paras for sentence in paragraph]
    given = [
        _file_beads(span, units, src_all, tgt_all) if units else None
        for span, units in zip(spans, _padded(file_sentences, len(spans)), strict=True)
    ]
    regions = [
        span
        for span, said in zip(spans, given, strict=True)
        if said is None and _needs_aligning(span)
    ]
    solved = iter(_align_regions(src_paras, tgt_paras, regions, same=same))
    rows: list[dict[str, Any]] = []
    for span, said, settled in zip(spans, given, _padded(omitted, len(spans)), strict=True):
        if said is None:
            beads = _take_beads(solved, span) if _needs_aligning(span) else _implied_beads(span)
            if settled:
                reasons = ("left out, as the file's confirmed link says",)
                said = [
                    (replace(bead, confidence=1.0, reasons=reasons), *settled) for bead in beads
                ]
            else:
                said = [(bead, "auto", None) for bead in beads]
        rows += [_bead_row(bead, status, reviewer, user) for bead, status, reviewer in said]
    return fill_empty_sides(rows)


def _padded(items: Sequence[Any], length: int) -> list[Any]:
    """`items` cut or padded with None to `length`."""
    return list(items[:length]) + [None] * (length - len(items))


def _file_beads(
    span: tuple[int, int, int, int],
    units: Sequence[FileSentence],
    src_sentences: Sequence[str],
    tgt_sentences: Sequence[str],
) -> list[tuple[Any, str, str | None]] | None:
    """A file's sentence links of one link as (bead, status, reviewer), each holding the run
    of the link's stored sentences its text is (white space aside), in order; None when they
    do not tile the link's sentences so (a tool re-segmented them, or the text changed)."""
    from workbench.align import Bead

    s, s1, t, t1 = span
    out = []
    for unit in units:
        s_next = _run(src_sentences, s, s1, unit.source)
        t_next = _run(tgt_sentences, t, t1, unit.target)
        if s_next is None or t_next is None:
            return None
        src, tgt = tuple(range(s, s_next)), tuple(range(t, t_next))
        s, t = s_next, t_next
        if not (src or tgt):
            continue
        status = unit.status if unit.status in LINK_STATUSES else "auto"
        two_sided = bool(src and tgt)
        confidence = 1.0 if two_sided or status == "confirmed" else 0.0
        reason = "sentence link from the file" if two_sided else "one side only in the file"
        out.append((Bead(src, tgt, 0.0, confidence, (reason,)), status, unit.reviewer))
    return out if (s, t) == (s1, t1) else None


def _run(sentences: Sequence[str], start: int, end: int, text: str) -> int | None:
    """Where the run of `sentences` from `start` whose text is `text` (white space aside)
    ends, or None when no run is."""
    wanted = "".join(text.split())
    found, k = "", start
    while len(found) < len(wanted) and k < end:
        found += "".join(sentences[k].split())
        k += 1
    return k if found == wanted else None


def _bead_row(bead: Any, status: str, reviewer: str | None, user: str | None) -> dict[str, Any]:
    """A sentence link to store: its status, and who set it (the importer vouches for what a
    file says is settled where it names no one)."""
    by = reviewer or (None if status == "auto" else user)
    row = link_from_positions(
        bead.src, bead.tgt, status=status, user=by, reasons=list(bead.reasons)
    )
    row.update(score=bead.score, confidence=bead.confidence)
    return row


def _running_starts(paragraphs: Sequence[Sequence[str]]) -> list[int]:
    """The running index of each paragraph's first sentence, and then the sentence count."""
    starts = [0]
    for sentences in paragraphs:
        starts.append(starts[-1] + len(sentences))
    return starts


def _sentence_span(paragraphs: Sequence[int], starts: Sequence[int]) -> tuple[int, int]:
    """The running sentence range [a, b) of a link's (contiguous) paragraphs."""
    if not paragraphs:
        return 0, 0
    return starts[paragraphs[0]], starts[paragraphs[-1] + 1]


def _needs_aligning(span: tuple[int, int, int, int]) -> bool:
    """Whether a link's sentences pair in more than one way: several on both sides."""
    s0, s1, t0, t1 = span
    return s1 - s0 > 1 and t1 - t0 > 1


def _implied_beads(span: tuple[int, int, int, int]) -> list[Any]:
    """The sentence links a file's link implies: one sentence against all of the other
    side's (confidence 1.0: the file pairs them), or each sentence of a one-sided link on its
    own (confidence 0.0: a sentence without a counterpart is for a reviewer to look at)."""
    from workbench.align import Bead

    s0, s1, t0, t1 = span
    src, tgt = tuple(range(s0, s1)), tuple(range(t0, t1))
    if src and tgt:
        return [Bead(src, tgt, 0.0, 1.0, ("one sentence on a side of the file's link",))]
    return [Bead((k,), (), 0.0, 0.0, ("source only in the file",)) for k in src] + [
        Bead((), (k,), 0.0, 0.0, ("target only in the file",)) for k in tgt
    ]


def _align_regions(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
    regions: Sequence[tuple[int, int, int, int]],
    *,
    same: bool,
) -> list[Any]:
    """The aligner's beads for the sentences of `regions` (running indices), in order."""
    if not regions:
        return []
    import numpy as np  # heavy, as the aligner: only when a file has links to solve

    from workbench.align.aligner import align_regions

    sides = []
    for paragraphs in (src_paragraphs, tgt_paragraphs):
        sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
        opens = np.zeros(len(sentences), dtype=bool)
        opens[[k for k in _running_starts(paragraphs)[:-1] if k < len(sentences)]] = True
        sides.append((sentences, opens))
    (src, src_opens), (tgt, tgt_opens) = sides
    return align_regions(src, tgt, regions, same=same, src_starts=src_opens, tgt_starts=tgt_opens)


def _take_beads(solved: Any, span: tuple[int, int, int, int]) -> list[Any]:
    """The next beads of `solved` that cover one region's sentences."""
    s0, s1, t0, t1 = span
    out, src, tgt = [], 0, 0
    while src < s1 - s0 or tgt < t1 - t0:
        bead = next(solved)
        out.append(bead)
        src, tgt = src + len(bead.src), tgt + len(bead.tgt)
    return out


def _source_version(store: Store, document_id: int) -> dict[str, Any] | None:
    """The document's source version, if it has one (it has at most one)."""
    return next((v for v in store.versions(document_id) if v["role"] == "source"), None)


def _check_source_language(store: Store, document_id: int, language: str, filename: str) -> None:
    """A document that says its source language (and has no source version yet) takes a
    bilingual file from that language only."""
    said = store.document(document_id)["source_language"]
    if said and languages.primary(said) != languages.primary(language):
        raise Conflict(
            f"{filename} is a translation from {language}, but the source language of document"
            f" {document_id} is {said}; import it as a new document instead"
        )


def _check_same_source(
    given: Sequence[Any],
    stored: Sequence[dict[str, Any]],
    document_id: int,
    version: dict[str, Any],
    filename: str,
) -> None:
    """Refuse (Conflict) a file whose source side is not the document's source version:
    paragraph by paragraph, their texts compared but for white space (a CAT tool may reflow
    it; a sentence-level export joins sentences with a space), naming the first that
    differs."""
    where = f"the source of document {document_id} (version {version['id']}, {version['label']})"
    advice = "; import it as a new document instead"
    for index, (mine, theirs) in enumerate(zip(given, stored, strict=False)):
        if _comparable(mine.text) != _comparable(theirs["text"]):
            raise Conflict(
                f"{filename} is not a translation of {where}: source paragraph {index + 1}"
                f" differs (the file: {_excerpt(mine.text, theirs['text'])}; the document:"
                f" {_excerpt(theirs['text'], mine.text)}){advice}"
            )
    if len(given) != len(stored):
        at = min(len(given), len(stored)) + 1
        raise Conflict(
            f"{filename} is not a translation of {where}: the file's source has"
            f" {len(given)} paragraphs, the document's {len(stored)}, so paragraph {at} is"
            f" only in {'the document' if len(stored) > len(given) else 'the file'}{advice}"
        )


def _comparable(text: str) -> str:
    """A paragraph's text as the same-source check compares it: NFC, no white space."""
    return "".join(textio.normalise(text).split())


def _excerpt(text: str, other: str, width: int = 60) -> str:
    """Where `text` first differs from `other`, quoted on one line: a few words before it and
    what follows, cut with an ellipsis."""
    mine, theirs = textio.squash(text), textio.squash(other)
    same = 0
    while same < min(len(mine), len(theirs)) and mine[same] == theirs[same]:
        same += 1
    start = max(0, same - 20)
    if start:
        space = mine.rfind(" ", 0, start + 1)
        start = space + 1 if space > 0 else start
    piece = mine[start : start + width]
    before = "…" if start else ""
    after = "…" if start + width < len(mine) else ""
    return f"“{before}{piece}{after}”"


def _first_line(*candidates: str | None, limit: int) -> str | None:
    """The first candidate with text left as one line of at most `limit` characters (a title
    from a file or its name may hold anything: `typed.file_line`), or None."""
    for candidate in candidates:
        cleaned = file_line(candidate, max_chars=limit)
        if cleaned:
            return cleaned
    return None


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
        row = link_from_positions(
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
    return fill_empty_sides(rows, start)


def link_from_positions(
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
    for link in fill_empty_sides(links):
        if (link["src_start"], link["tgt_start"]) != (src_at, tgt_at):
            raise InputError(f"the units of {filename} are not in document order")
        src_at, tgt_at = link["src_end"], link["tgt_end"]
    if (src_at, tgt_at) != (n_src, n_tgt):
        raise InputError(f"the links of {filename} do not cover both texts")


def _default_role(store: Store, document_id: int | None) -> str:
    """A file that does not say its role: a new document starts with its source, and a file
    added to a document that has one is a translation (the only role it can take there)."""
    if document_id is None:
        return "source"
    has_source = any(v["role"] == "source" for v in store.versions(document_id))
    return "translation" if has_source else "source"


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


def fill_empty_sides(
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
