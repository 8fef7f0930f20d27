"""Exports: the data of an edition, or of the current state marked as a draft, and its file.

An edition is the thing that gets cited, so it is the default; a draft of the current state
carries every link with its status (or only confirmed ones) and says DRAFT everywhere. Links
stream from the database in batches (see store/exports.py), so writers that stream keep
memory flat. Flags become translator's notes when asked for: each is attached to the link that
covers its first position at the export's level, and numbered in reading order.

At sentence level each link also says where the paragraphs are (`ExportLink.paragraph`,
`source_starts`, `source_kinds`…), so that TMX and XLIFF can write them and our readers give
the paragraphs and paragraph links back (`_Paragraphs`): from the paragraph links, numbered by
the paragraphs they hold (one query per pass), and the paragraph each sentence lies in (read
with the batch's texts), in one pass that does constant work per sentence.

An edition is fixed, so its exports are too: its segments (texts, kinds, where each sentence
lies in its paragraph) and its texts' lengths are those it kept at publication, not today's
(an edition published before m015 kept none: it reads today's where they still hold its text).
Its notes are only the flags raised up to its publication, with the status and comments they
had then (the status from the events log), told by the last flag, comment and event it
recorded (by the time, to the second, before m015), and only those whose position lies inside
one of the edition's links. A draft takes the flags as they are now. Either way the export
says which flags it holds (`ExportData.notes_about`).

A PDF, DOCX or EPUB of an edition is made once and kept beside the database (`whole`, see
exports/cache.py); `ExportData.stamp` digests what such a file shows besides the edition's
links, so that a change to the document's metadata makes a new file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from types import ModuleType
from typing import Any
from urllib.parse import quote

from workbench import __version__, languages
from workbench.errors import InputError, NotFound
from workbench.exports import EXPORTERS
from workbench.exports import cache as export_cache
from workbench.exports.base import (
    LEVELS,
    ExportData,
    ExportLink,
    ExportOptions,
    Note,
    Progress,
    settled,
)
from workbench.flags import locate
from workbench.segment import sentence_starts, split_sentences
from workbench.store import Store, now
from workbench.store.exports import Numbers, Place

#: Flags that are notes to a reader: dismissed ones were judged not to be issues.
NOTE_STATUSES = ("open", "resolved")


def exporter(format_name: str) -> ModuleType:
    """The writer module for a format name, or InputError listing the ones we have."""
    try:
        return EXPORTERS[format_name]
    except KeyError:
        raise InputError(
            f"unknown export format {format_name!r}; use one of {', '.join(EXPORTERS)}"
        ) from None


def resolve_alignment(
    store: Store, document_id: int, alignment_id: int | None, *, action: str = "export"
) -> int:
    """The alignment asked for (it must belong to the document), else the document's first.
    `action` ("export", "publish") says in the error what the user was about to do with it."""
    store.document(document_id)
    if alignment_id is not None:
        if store.alignment(alignment_id)["document_id"] != document_id:
            raise NotFound(f"alignment {alignment_id} is not part of document {document_id}")
        return alignment_id
    alignments = store.alignments(document_id)
    if not alignments:
        raise InputError(f"document {document_id} has no alignment to {action} yet: align it first")
    return alignments[0]["id"]


def build(
    store: Store,
    document_id: int,
    *,
    edition: int | None = None,
    alignment_id: int | None = None,
    options: ExportOptions | None = None,
) -> ExportData:
    """Export data for edition number `edition` of the alignment, or the draft if None."""
    options = options or ExportOptions()
    alignment_id = resolve_alignment(store, document_id, alignment_id)
    if edition is None:
        return _data(store, store.alignment(alignment_id), None, options)
    row = store.edition_by_number(alignment_id, edition)
    return _data(store, store.alignment(alignment_id), row, options)


def build_edition(store: Store, edition_id: int, options: ExportOptions) -> ExportData:
    """Export data of an edition by its id (what /editions/<id> shows)."""
    row = store.edition(edition_id)
    return _data(store, store.alignment(row["alignment_id"]), row, options)


def _data(
    store: Store,
    alignment: dict[str, Any],
    edition: dict[str, Any] | None,
    options: ExportOptions,
) -> ExportData:
    if options.level not in LEVELS:
        raise InputError(f"level is {' or '.join(LEVELS)}, not {options.level!r}")
    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    level = options.level
    if edition is not None:
        count = store.count_edition_links(edition["id"], level)
    else:
        count = store.count_export_links(alignment["id"], level, options.approved_only)
    if count == 0:
        what = "confirmed links" if options.approved_only or edition else "links"
        raise InputError(
            f"there are no {what} at {level} level to export" + _hint(store, alignment, options)
        )
    # what an edition kept of its texts at publication (None: published before m015)
    state = store.edition_state(edition["id"]) if edition is not None else None
    anchors, about = (
        _notes(store, alignment, edition, state, options) if options.flags else ({}, None)
    )

    def rows() -> Iterator[ExportLink]:
        if edition is not None:
            sides = ((source["id"], source["language"]), (target["id"], target["language"]))
            links = _edition_rows(store, edition["id"], level, sides, kept=state is not None)
        else:
            links = _draft_rows(store, alignment["id"], level, options.approved_only)
        return _with_notes(_with_gaps(links), anchors)

    document = store.document(alignment["document_id"])
    return ExportData(
        document=document,
        alignment=alignment,
        source_language=(edition or {}).get("source_language") or source["language"],
        target_language=(edition or {}).get("target_language") or target["language"],
        source_label=source["label"],
        target_label=target["label"],
        edition=edition,
        options=options,
        count=count,
        generated_at=now(),
        tool_version=__version__,
        rows=rows,
        notes_about=about,
        stamp=None if edition is None else _stamp(document, edition, anchors),
        source_size=_size(store, source, level, state, "source"),
        target_size=_size(store, target, level, state, "target"),
    )


def _size(
    store: Store, version: dict[str, Any], level: str, state: dict[str, Any] | None, side: str
) -> int:
    """How many paragraphs (or sentences) a version has: where a text ends, so that a gap
    after the last exported link can be marked. An edition's are those it recorded at
    publication (`state`); sentences move when a paragraph is revised, so the sentence count
    of an edition published before they were recorded (m015) is today's."""
    unit = "paragraphs" if level == "paragraph" else "sentences"
    if state is not None:
        return state[f"{side}_{unit}"]
    [row] = [v for v in store.versions(version["document_id"]) if v["id"] == version["id"]]
    return row[unit]


def _stamp(
    document: dict[str, Any], edition: dict[str, Any], anchors: dict[tuple[str, int], list[_Flag]]
) -> str:
    """A digest of what an edition's file shows besides its links (which never change): the
    document's metadata (not the time it was last touched) and the notes with their anchors."""
    shown = {
        "document": {k: v for k, v in document.items() if k != "updated"},
        "edition": edition,
        "notes": sorted(
            (side, at, [asdict(f) for f in flags]) for (side, at), flags in anchors.items()
        ),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def check_size(data: ExportData, format_name: str) -> None:
    """Refuse (InputError) an export too large for its format's layout, before any of it is
    laid out: a writer with a `check` (the PDF's) says what it can take."""
    check = getattr(exporter(format_name), "check", None)
    if check is not None:
        check(data)


def whole(
    data: ExportData,
    format_name: str,
    cache: export_cache.ExportCache | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The whole file of `data` in a format, from `cache` when an edition's identical file was
    made before (see exports/cache.py), reporting to `progress` (it becomes `data.progress`)
    while a slow one is made."""
    writer = exporter(format_name)
    data.progress = progress

    def render() -> bytes:
        return b"".join(writer.write(data))

    key = export_cache.key(data, format_name) if cache is not None else None
    if key is None or cache is None:
        return render()
    return cache.make(key, render)


def font_warning(data: ExportData) -> str | None:
    """What to tell whoever made a PDF of `data` about characters no font on this machine has
    (the PDF shows them as empty boxes), or None; the same for a file the cache kept."""
    from workbench.exports import fonts

    return fonts.warning(fonts.unrendered(data))


def edition_page(
    store: Store, edition_id: int, offset: int, limit: int, level: str = "paragraph"
) -> list[dict[str, Any]]:
    """One page of an edition's links (ordinals [offset, offset + limit))."""
    return store.edition_links_page(edition_id, level, offset, limit)


def _edition_rows(
    store: Store,
    edition_id: int,
    level: str,
    sides: tuple[tuple[int, str], tuple[int, str]],
    *,
    kept: bool,
) -> Iterator[ExportLink]:
    """An edition's links; `sides`: (version id, language) of its source and its target.

    At sentence level each is placed in its paragraphs (`_Paragraphs`), its sentences joined
    with the white space between them there (`_edition_text`), and at paragraph level given
    its paragraphs' kinds (headings), by the segments the edition `kept` at publication, so
    that a revision since changes none of it. An edition published before they were kept
    (m015) reads today's sentences, where they still are the edition's: a revision since moves
    sentences, and a sentence link whose positions no longer hold its text is left without (a
    unit of its own, paragraphs, as it always was); its paragraphs' kinds are today's, since a
    paragraph never moves or changes kind."""
    (src_version, _), (tgt_version, _) = sides
    paragraphs = None
    if level == "sentence":
        paragraphs = _Paragraphs(store.edition_paragraph_link_numbers(edition_id))
    joiner = " " if level == "sentence" else "\n\n"
    for batch in store.edition_link_batches(edition_id, level):
        # the segments where the batch lies, the edition's or today's: {side: (texts, places)}
        today = {
            side: _segments_under(store, batch, side, level, edition_id if kept else None, version)
            for side, version in (("source", src_version), ("target", tgt_version))
        }
        for row in batch:
            src, tgt = (row["src_start"], row["src_end"]), (row["tgt_start"], row["tgt_end"])
            spans = {"source": src, "target": tgt}
            holds = {
                side: _holds(today[side][0], spans[side], row[f"{side}_text"], joiner)
                for side in spans
            }
            # the texts of its positions: the kept ones (today's, for an edition before m015,
            # where they still are the edition's), else a cut of the joined text, which cannot
            # tell where "Now, therefore," ended a paragraph
            parts = {
                side: tuple(today[side][0][p] for p in range(*spans[side]))
                if holds[side]
                else _split(store, version, row[f"{side}_text"], spans[side], level, lang)
                for side, (version, lang) in zip(spans, sides, strict=True)
            }
            placed = {}
            if paragraphs is None:  # a paragraph's kind is its own, whatever its text now
                placed = {
                    "source_kinds": _kinds(today["source"][1], src),
                    "target_kinds": _kinds(today["target"][1], tgt),
                }
            elif all(holds.values()):
                places = (today["source"][1], today["target"][1])
                placed = paragraphs.place(src, tgt, *places)
            yield ExportLink(
                number=row["ordinal"] + 1,
                source=_edition_text(row, "source", parts["source"], placed, kept),
                target=_edition_text(row, "target", parts["target"], placed, kept),
                status=row["status"] or "confirmed",
                confidence=None,
                src=src,
                tgt=tgt,
                set_by=row["set_by"],
                source_parts=parts["source"],
                target_parts=parts["target"],
                **placed,
            )


def _edition_text(
    row: dict[str, Any], side: str, parts: tuple[str, ...], placed: dict[str, Any], kept: bool
) -> str:
    """A side's text of an edition's link as a reader sees it. The edition stored its
    sentences joined by a space, which puts a space between two Japanese sentences and turns
    a poem's line break into one; the segments it `kept` say what white space stood between
    them in their paragraph (`placed`), so its sentences are joined with that, as a draft's
    are (`_joined`). An edition published before m015 kept none: its stored text stands."""
    stored: str = row[f"{side}_text"]
    if not kept or not placed.get(f"{side}_spaces"):
        return stored
    return _joined(parts, " ", placed, side)


def _segments_under(
    store: Store,
    batch: list[dict[str, Any]],
    side: str,
    level: str,
    edition_id: int | None,
    version_id: int,
) -> tuple[dict[int, str], dict[int, Place]]:
    """The segments of a side at the export's level, (texts, places), at the positions a batch
    of an edition's links spans on that side: those the edition kept at publication, or
    without `edition_id` today's of the version."""
    prefix = "src" if side == "source" else "tgt"
    start = min(row[f"{prefix}_start"] for row in batch)
    end = max(row[f"{prefix}_end"] for row in batch)
    if edition_id is not None:
        return store.edition_segments_between(edition_id, side, level, start, end)
    between = store.sentences_between if level == "sentence" else store.paragraphs_between
    return between(version_id, start, end)


def _holds(texts: dict[int, str], span: tuple[int, int], text: str, joiner: str) -> bool:
    """Whether today's segments at `span` are still the text an edition stored there (it
    joined sentences with a space, paragraphs with a blank line)."""
    return (
        all(p in texts for p in range(*span))
        and joiner.join(texts[p] for p in range(*span)) == text
    )


def _kinds(places: dict[int, Place], span: tuple[int, int]) -> tuple[str, ...]:
    """The kind of each paragraph at `span` (heading or paragraph), () when one is unknown."""
    if not all(p in places for p in range(*span)):
        return ()
    return tuple(places[p].kind for p in range(*span))


def _split(
    store: Store, version_id: int, text: str, span: tuple[int, int], level: str, language: str
) -> tuple[str, ...]:
    """An edition row's text cut back into the texts of the positions it holds (an edition
    stores them joined: paragraphs by a blank line, sentences by a space), or () when the cut
    does not give one text per position (`ExportLink.units` then keeps the text whole).

    A paragraph with a blank line of its own gives one part too many: then the version's
    paragraphs are the parts, if they are still the edition's text (TMX and XLIFF need them
    to say where each paragraph ends, `ExportLink.blocks`)."""
    count = span[1] - span[0]
    if count <= 1:
        return (text,) if count == 1 else ()
    if level == "paragraph":
        parts = text.split("\n\n")
        if len(parts) > count:
            parts = store.paragraph_texts(version_id, *span)
            parts = parts if "\n\n".join(parts) == text else []
    else:
        parts = split_sentences(text, languages.primary(language))
    return tuple(parts) if len(parts) == count else ()


def _hint(store: Store, alignment: dict[str, Any], options: ExportOptions) -> str:
    """Why a draft of confirmed sentence links is empty when paragraphs were confirmed: a
    reviewer confirms a paragraph link's sentence links apart (the sentence level of the
    review page), since confirming the paragraphs says nothing of the sentences inside."""
    if not (options.approved_only and options.level == "sentence"):
        return ""
    paragraphs = store.count_export_links(alignment["id"], "paragraph", True)
    if not paragraphs:
        return ""
    are = "link is" if paragraphs == 1 else "links are"
    return (
        f": {paragraphs} paragraph {are} confirmed, but none of the sentence links inside"
        " (confirm those at sentence level on the review page, or export at paragraph level)"
    )


def _draft_rows(
    store: Store, alignment_id: int, level: str, approved_only: bool
) -> Iterator[ExportLink]:
    joiner = "\n\n" if level == "paragraph" else " "
    paragraphs = None
    if level == "sentence":
        paragraphs = _Paragraphs(store.paragraph_link_numbers(alignment_id))
    number = 0
    for batch in store.link_batches(alignment_id, level, confirmed_only=approved_only):
        for link in batch.links:
            number += 1
            source_parts = tuple(batch.source.get(p, "") for p in link.src)
            target_parts = tuple(batch.target.get(p, "") for p in link.tgt)
            src, tgt = (link.src_start, link.src_end), (link.tgt_start, link.tgt_end)
            if paragraphs is not None:
                placed = paragraphs.place(src, tgt, batch.source_places, batch.target_places)
            else:
                placed = {
                    "source_kinds": _kinds(batch.source_places, src),
                    "target_kinds": _kinds(batch.target_places, tgt),
                }
            yield ExportLink(
                number=number,
                source=_joined(source_parts, joiner, placed, "source"),
                target=_joined(target_parts, joiner, placed, "target"),
                status=link.status,
                confidence=link.confidence,
                src=src,
                tgt=tgt,
                set_by=link.set_by,
                source_parts=source_parts,
                target_parts=target_parts,
                **placed,
            )


class _Paragraphs:
    """Places the sentence links of one pass, in order, in their paragraphs: the fields of
    `ExportLink.paragraph`, `source_starts`, `source_kinds` and the target's. Constant work
    per sentence: the paragraph link of a sentence is `numbers[side][its paragraph]`.

    A sentence link lies in the paragraph link of its first sentence; one that crosses into
    later paragraph links (on either side) joins them to it, and the sentence links inside
    those take its number too, so that the paragraph links a sentence link crosses make one
    unit (what XLIFF's unit and TMX's x-paragraph mean). A sentence begins a paragraph when
    its paragraph is not that of the side's sentence before it in the export: the first of
    its paragraph's sentences, or of those an export of confirmed links holds."""

    def __init__(self, numbers: Numbers) -> None:
        self.numbers = {"source": numbers.source, "target": numbers.target}
        self.statuses = numbers.statuses
        self.last: dict[str, int | None] = {"source": None, "target": None}
        self.unit = 0  # the number the current run of joined paragraph links shares
        self.reach = 0  # the last paragraph link of that run

    def place(
        self,
        src: tuple[int, int],
        tgt: tuple[int, int],
        source: dict[int, Place],
        target: dict[int, Place],
    ) -> dict[str, Any]:
        """The paragraph fields of a sentence link at positions `src`, `tgt`, given where the
        sentences of its batch lie; {} when a sentence is not found (nothing is said)."""
        found: dict[str, list[Place]] = {}
        for side, span, places in (("source", src, source), ("target", tgt, target)):
            if not all(p in places for p in range(*span)):
                return {}
            found[side] = [places[p] for p in range(*span)]
        fields: dict[str, Any] = {}
        touched = []
        for side, at in found.items():
            table, starts = self.numbers[side], []
            for place in at:
                starts.append(place.paragraph != self.last[side])
                self.last[side] = place.paragraph
                if place.paragraph < len(table) and table[place.paragraph]:
                    touched.append(table[place.paragraph])
            fields[f"{side}_starts"] = tuple(starts)
            fields[f"{side}_kinds"] = tuple(place.kind for place in at)
            fields[f"{side}_spaces"] = tuple(place.space for place in at)
        if touched:
            first, last = min(touched), max(touched)
            if self.unit <= first <= self.reach:  # inside the run: it may reach further
                self.reach = max(self.reach, last)
            else:
                self.unit, self.reach = first, last
            fields["paragraph"] = self.unit
            held = [self.statuses[number - 1] for number in range(first, last + 1)]
            status, set_by = min(held, key=lambda held: settled(held[0]))
            fields["paragraph_status"], fields["paragraph_set_by"] = status, set_by
        return fields


def _joined(parts: tuple[str, ...], joiner: str, placed: dict[str, Any], side: str) -> str:
    """A side's text from its positions: paragraphs with a blank line; sentences with a
    space, or where the export knows it (`Place.space`) the white space that stands between
    them in their paragraph (a space still between two paragraphs)."""
    starts, spaces = placed.get(f"{side}_starts"), placed.get(f"{side}_spaces")
    if not (starts and spaces):
        return joiner.join(parts)
    pieces = []
    for part, begins, space in zip(parts, starts, spaces, strict=True):
        pieces += [joiner if begins else space, part] if pieces else [part]
    return "".join(pieces)


def _with_gaps(links: Iterator[ExportLink]) -> Iterator[ExportLink]:
    """Mark each link that follows positions of a side no exported link holds (`gap_before`,
    `target_gap_before`): an edition, or a draft of confirmed links only, leaves unconfirmed
    links out, a paragraph only the translation has among them (marked as the translation's
    only where no source is left out there too: then the source's marker says it). Links come
    in order on both sides, so one pass suffices."""
    covered = {"gap_before": 0, "target_gap_before": 0}
    for link in links:
        for field, (start, end) in (("gap_before", link.src), ("target_gap_before", link.tgt)):
            if end > start and start > covered[field]:
                link = replace(link, **{field: (covered[field], start)})
            covered[field] = max(covered[field], end)
        if link.gap_before and link.target_gap_before:  # the source's marker says it
            link = replace(link, target_gap_before=None)
        yield link


@dataclass(frozen=True)
class _Flag:
    id: int
    category: str
    severity: str
    status: str
    side: str | None
    quote: str | None
    comments: tuple[str, ...]
    raised_by: str | None
    authors: tuple[str | None, ...]


def _notes(
    store: Store,
    alignment: dict[str, Any],
    edition: dict[str, Any] | None,
    state: dict[str, Any] | None,
    options: ExportOptions,
) -> tuple[dict[tuple[str, int], list[_Flag]], str]:
    """The flags that become notes, by anchor, and a sentence saying which they are; an
    edition's as it recorded them at publication (`state`, see `_note_anchors`)."""
    as_of = edition["published_at"] if edition else None
    anchors = _note_anchors(store, alignment, options.level, edition, state)
    anchors = {
        anchor: flags
        for anchor, flags in anchors.items()
        if (
            store.edition_covers(edition["id"], options.level, *anchor)
            if edition
            else _covered(store, alignment["id"], options, *anchor)
        )
    }
    count = sum(len(flags) for flags in anchors.values())
    notes = f"{count} translator’s note{'' if count == 1 else 's'}"
    if edition is not None:
        return anchors, (
            f"{notes} from the flags raised up to publication ({as_of}), with the status and"
            " comments they had then; dismissed flags, and flags outside the edition’s links,"
            " are left out."
        )
    left_out = " and flags on unconfirmed links" if options.approved_only else ""
    return anchors, (
        f"{notes} from the open and resolved flags as they are now; dismissed flags{left_out}"
        " are left out."
    )


def _covered(
    store: Store, alignment_id: int, options: ExportOptions, side: str, position: int
) -> bool:
    """Whether a link of the export's level (a confirmed one, if only those are exported)
    holds a note's anchor: links tile each side in order, so the one holding it is found by
    an index lookup (`covering_link`), not by scanning the links before it for each note."""
    link = store.covering_link(alignment_id, options.level, side, position)
    return link is not None and (not options.approved_only or link["status"] == "confirmed")


def _as_published(
    store: Store,
    alignment: dict[str, Any],
    edition: dict[str, Any],
    state: dict[str, Any] | None,
) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """The alignment's flags as they stood at an edition's publication, with the status they
    had then, and their comments up to then: by the last flag, comment and event the edition
    recorded (ids only grow, so what came after, in the second of publication too, has a
    larger one); for an edition published before m015, which recorded none, by the time."""
    flags = store.flags(alignment_id=alignment["id"])
    if state is not None:
        flags = [f for f in flags if f["id"] <= state["last_flag_id"]]
        changed = store.flags_status_changed_after(alignment["id"], state["last_event_id"])
        events: dict[str, Any] = {"through": state["last_event_id"]}

        def written(comment: dict[str, Any]) -> bool:
            return comment["id"] <= state["last_flag_comment_id"]

    else:
        as_of = edition["published_at"]
        flags = [f for f in flags if f["created_at"] <= as_of]
        changed = {f["id"] for f in flags if (f["status_at"] or "") > as_of}
        events = {"as_of": as_of}

        def written(comment: dict[str, Any]) -> bool:
            return comment["at"] <= as_of

    # a flag changed since is replayed from the events log: raised (open, or as a file said
    # it was), then each change of its status up to then
    ids = [f["id"] for f in flags if f["id"] in changed]
    statuses = dict.fromkeys(ids, "open")
    for flag_id, after in store.flag_status_events(ids, **events) if ids else ():
        statuses[flag_id] = json.loads(after or "{}").get("status", statuses[flag_id])
    flags = [{**f, "status": statuses.get(f["id"], f["status"])} for f in flags]
    threads = store.flag_comments(f["id"] for f in flags if f["status"] in NOTE_STATUSES)
    return flags, {flag_id: list(filter(written, thread)) for flag_id, thread in threads.items()}


def _note_anchors(
    store: Store,
    alignment: dict[str, Any],
    level: str,
    edition: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
) -> dict[tuple[str, int], list[_Flag]]:
    """(side, position at `level`) -> flags anchored there, as they stood at an edition's
    publication (`_as_published`), or now for a draft. Flags are few (people raise them), so
    holding them is cheap; links are many and are only streamed past. At sentence level a
    flag on words goes to the sentence holding them, one on a whole link to its first: an
    edition's sentences as it kept them (`state`), today's for a draft or an edition
    published before m015."""
    if edition is not None:
        flags, threads = _as_published(store, alignment, edition, state)
    else:
        flags = store.flags(alignment_id=alignment["id"])
        threads = store.flag_comments(f["id"] for f in flags if f["status"] in NOTE_STATUSES)
    sentence = _Sentences(store, alignment, edition["id"] if state is not None else None)
    anchors: dict[tuple[str, int], list[_Flag]] = {}
    for flag in flags:
        if flag["status"] not in NOTE_STATUSES:
            continue
        if flag["span_side"]:
            side, position = flag["span_side"], flag["span_position"]
        elif flag["src_end"] > flag["src_start"]:
            side, position = "source", flag["src_start"]
        else:
            side, position = "target", flag["tgt_start"]
        if level == "sentence":  # the sentence holding the flagged words, else the first
            position = sentence.at(side, position, flag if flag["span_side"] else None)
            if position is None:  # a paragraph the edition does not hold
                continue
        comments = threads.get(flag["id"], [])
        anchors.setdefault((side, position), []).append(
            _Flag(
                flag["id"],
                flag["category"],
                flag["severity"],
                flag["status"],
                flag["span_side"],
                flag["quote"],
                tuple(c["body"] for c in comments),
                flag["created_by"],
                tuple(c["author"] for c in comments),
            )
        )
    return anchors


class _Sentences:
    """Which sentence holds a character of a paragraph: an edition's sentences as it kept them
    at publication (`edition_id`), else today's of the alignment's versions."""

    def __init__(self, store: Store, alignment: dict[str, Any], edition_id: int | None) -> None:
        self.store, self.alignment, self.edition_id = store, alignment, edition_id

    def at(self, side: str, paragraph: int, flag: dict[str, Any] | None) -> int | None:
        """The position of the sentence of the paragraph at `paragraph` holding span flag
        `flag`'s words (its first when `flag` is None, or when the words are before all of
        them; its last when after), or None when an edition holds no such paragraph."""
        if self.edition_id is None:
            version = self.alignment[f"{side}_version_id"]
            if flag is None:
                return self.store.sentence_range(version, paragraph, paragraph + 1)[0]
            try:
                text = self.store.paragraph_at(version, paragraph)["text"]
            except NotFound:
                text = ""
            return self.store.sentence_at(version, paragraph, _words_at(flag, text))
        text, sentences = self.store.edition_paragraph_sentences(self.edition_id, side, paragraph)
        if text is None or not sentences:
            return None
        if flag is None:
            return sentences[0][0]
        offset = _words_at(flag, text)
        # each found in the text in order (a repeated "Yes." in its own place): starts grow
        starts = sentence_starts(text, [sentence for _position, sentence in sentences])
        before = [
            position
            for (position, _sentence), start in zip(sentences, starts, strict=True)
            if start is not None and start <= offset
        ]
        return before[-1] if before else sentences[0][0]


def _words_at(flag: dict[str, Any], text: str) -> int:
    """Where a span flag's words begin in its paragraph's `text`: where they are now, as the
    pages find them (`flags.locate`: a revision that moved them moves the note with them),
    else the offset the flag recorded (the words were changed or removed since)."""
    found = locate(flag, text)
    return flag["span_start"] if found is None else found[0]


def _with_notes(
    links: Iterator[ExportLink], anchors: dict[tuple[str, int], list[_Flag]]
) -> Iterator[ExportLink]:
    """Attach each flag to the link covering its anchor; number notes in reading order."""
    if not anchors:
        yield from links
        return
    counter = 0
    for link in links:
        found: list[_Flag] = []
        for side, (start, end) in (("source", link.src), ("target", link.tgt)):
            for position in range(start, end):
                found.extend(anchors.get((side, position), ()))
        if not found:
            yield link
            continue
        notes = []
        for flag in sorted(found, key=lambda f: f.id):
            counter += 1
            notes.append(
                Note(
                    counter,
                    flag.category,
                    flag.severity,
                    flag.status,
                    flag.side,
                    flag.quote,
                    flag.comments,
                    flag.raised_by,
                    flag.authors,
                )
            )
        yield ExportLink(**{**link.__dict__, "notes": tuple(notes)})


# -- file names -------------------------------------------------------------------------------


def slug(title: str, limit: int = 60) -> str:
    """An ASCII file-name slug of a title in any script (Хрущёв -> khrushchiov)."""
    from anyascii import anyascii

    text = re.sub(r"[^A-Za-z0-9]+", "-", anyascii(title or "")).strip("-").lower()
    return text[:limit].rstrip("-") or "document"


def readable_name(title: str, limit: int = 80) -> str:
    """A title as a file name people read, in its own script: letters, digits, marks, dashes,
    parentheses and single spaces are kept; anything else a file system or a shell may mind
    (/ : ? * " and the like) becomes a space, so words stay apart ("ru/en" -> "ru en")."""
    kept = "".join(char if _keeps(char) else " " for char in title or "")
    return " ".join(kept.split())[:limit].strip() or "document"


def _keeps(char: str) -> bool:
    """Letters, digits and marks of any script, dashes, parentheses and the underscore."""
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Pd" or char in "()_"


def filenames(data: ExportData, extension: str) -> tuple[str, str]:
    """(ASCII file name, UTF-8 file name) for a download: title, edition or draft, level."""
    state = f"ed{data.edition['number']}" if data.edition else "draft"
    suffix = "-sentences" if data.level == "sentence" else ""
    ascii_name = f"{slug(data.title)}-{state}{suffix}{extension}"
    return ascii_name, f"{readable_name(data.title)} {state}{suffix}{extension}"


def content_disposition(data: ExportData, extension: str) -> str:
    """attachment; filename="ascii"; filename*=UTF-8''percent-encoded (RFC 6266/5987): the
    ASCII name (transliterated) for old clients, the title in its own script for the rest;
    everything but RFC 5987's attr-chars is percent-encoded, parentheses and spaces too."""
    ascii_name, readable = filenames(data, extension)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(readable, safe='')}"
