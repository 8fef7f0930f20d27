"""XLIFF 1.2 and 2.x: source and target as two versions, one link per unit (1.2; 2.x from our
exports or of one segment) or per segment (other 2.x units of several segments).

1.2: <file source-language target-language>/<body>/(<group>)*/<trans-unit>/<source>, <target>;
2.x: <xliff srcLang trgLang>/<file>/(<group>)*/<unit>/<segment>/<source>, <target> (an
<ignorable> holds what lies between segments, spaces mostly: part of the unit's text where the
unit is one link, skipped where each segment is). A missing or empty target makes a 1-0 link.
Inline codes keep their text where they wrap text (g, pc, mrk) and vanish where they stand for
formatting (x, bx, ex, ph, bpt, ept, it, sub; sc, ec, sm, em, cp), but for a standalone code
(<x>, <ph>) that is a placeholder: its `equiv-text` (1.2) or `equiv` (2.x), else its content,
when that is "{0}", "%s" and the like (bilingual.placeholder). Elements from other
namespaces (tool extensions) are ignored, but for the Metadata module's
<mda:meta type="reviewer"> in a 2.x unit (our exports write who set each link's status there):
it becomes the link's reviewer. The languages come from the file; options may swap
source and target (e.g. to read a de->en file as en->de) but not invent a language, nor name
one language for both sides. A file of ours may declare one language for both (srcLang ==
trgLang, which XLIFF 2 allows: two versions in one language compared), and is read as it is:
<source> is the source version, <target> the other; any other file that does is refused, as
a mistake. A unit needs its <source>: a target alone is refused.

Statuses: XLIFF 2's `state` (initial, translated, reviewed, final) and XLIFF 1.2's `state` and
`approved` become link statuses as the README's status model has them: confirmed only where a
person reviewed or approved the translation; our own subState="workbench:<status>" is read back
exactly. The two most used CAT tools keep review state in marks of their own, which win where
present: Trados Studio's confirmation levels (<sdl:seg conf="ApprovedSignOff"> …, per segment
of a unit; its translate="no" units are structure and skipped, and text a reviewer struck out
with tracked changes is left out) and memoQ's row status (mq:status="Proofread" …); who set
a status is the last to change its segment (Trados <sdl:value key="last_modified_by">) or row
(memoQ mq:lastchanginguser).

A side's blank lines separate paragraphs (our exports join an n-m link's that way),
but for those inside a paragraph, which our exports tell apart with the unit's <mda:meta
type="source-paragraph-blocks"> and "target-paragraph-blocks" (see bilingual.py); spaces
inside one are kept under xml:space="preserve". A gettext header (a PO file's metadata
entry, as po2xliff writes it) is skipped. The title note our exports write on the <file> names
the document. A unit's comments (1.2 and 2.x <note>s, Trados comment marks with their threads
from <cmt-defs>, memoQ <mq:comment>s) are raised as flags on import (formats/comments.py).

A file our exports wrote (a <file original="workbench:…">, kept by the CAT tools that
translate it) is read as XLIFF 2 means it: one paragraph link per <unit>, its <segment>s the
sentences a tool (or our sentence-level export) cut it into. Each side's text is its segments'
and <ignorable>s' in order (an ignorable without a <target> gives its <source> to both sides),
cut into paragraphs at blank lines as above; two segment texts that meet with no white space
between them (a tool filled in a target our export left empty, so the ignorable there is
empty too, or wrote no ignorables) are joined by a space unless a script written without
spaces (Chinese, Japanese, Thai…) meets there. The link's status is the least settled of its
segments' (auto, then edited, then confirmed), or the paragraph link's own where our
sentence-level export wrote it (<mda:meta type="paragraph-status">) and it is more settled
(`tmx.group_status`); so XLIFF 1.2's <seg-source> units and XLIFF 2
units are both one paragraph link, whatever their <mrk>s or segments.

Our exports also write the record's metadata as notes of the <file> (`METADATA_NOTES`:
categories date, summary, document-citation — the record's own citation, not the "citation"
note built for a reader —, archive-reference, translator, licence, source-url,
original-language), read into the document's metadata from our files only; and headings, as
the unit's type="workbench:heading" when all its paragraphs are headings, else as <mda:meta
type="source-paragraph-kinds"> ("heading paragraph", one kind per paragraph). In files from
other tools each segment of a unit of several is still a link of its own.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench import textio
from workbench.errors import InputError
from workbench.formats.bilingual import (
    Pairs,
    children,
    descendants,
    inline_text,
    is_gettext_header,
    paragraphs,
    parse_xml,
    preserves,
    same_tag,
    sentence_gap,
    split_tag,
    text_key,
)
from workbench.formats.comments import comment
from workbench.formats.tmx import (
    Said,
    add_link,
    group_status,
    kinds_of,
    least_settled,
    metadata,
)
from workbench.model import METADATA_KEYS, FileComment, FileSentence, ParsedDocument, ReadOptions
from workbench.typology import SEVERITIES

NAME = "xliff"
EXTENSIONS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")

_V1_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"}
_V2_CODES = {"ph", "sc", "ec", "sm", "em", "cp"}
_MDA_META = "{urn:oasis:names:tc:xliff:metadata:2.0}meta"
#: What our exports write in <file original="…">: the mark of a file we wrote.
OURS = "workbench:"
#: The <file>'s notes our exports write for the document's metadata, by metadata key.
METADATA_NOTES = {
    key: "document-citation" if key == "citation" else key.replace("_", "-")
    for key in METADATA_KEYS
}
_GRAVITY = SEVERITIES  # from the least grave
HEADING = "workbench:heading"  # a unit's type when all its paragraphs are headings


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    root = parse_xml(data, options.filename)
    ns, local = split_tag(root.tag)
    if local != "xliff":
        raise InputError(f"{name} is not an XLIFF file (its root element is <{local}>)")
    version = (root.get("version") or "").strip()
    pairs = Pairs()
    ours = False
    notes_left: list[str] = []  # what was left out, for the person importing
    if ns.endswith(":2.0") or version.startswith("2"):
        source, target = root.get("srcLang"), root.get("trgLang")
        ours = any(
            (file.get("original") or "").startswith(OURS) for file in children(root, "file", ns)
        )
        _read_v2(root, ns, pairs, options.filename, ours)
    else:
        source, target = _read_v1(root, ns, pairs, options.filename, notes_left)
    same = ours and bool(source and target) and same_tag(source or "") == same_tag(target or "")
    pairs, source, target = _oriented(pairs, source, target, options, name, same=same)
    source, target = source or options.source_language, target or options.target_language
    if source and target and source.lower() == target.lower() and not same:
        raise InputError(f"{name}: source and target language are both {source!r}")
    doc = pairs.document(source, target, options.filename)
    doc.notes.extend(notes_left)
    notes = _file_notes(root, ns)
    doc.title = textio.squash(notes.get("title", "")) or None
    if ours:
        doc.metadata = metadata(notes, METADATA_NOTES)
    return doc


def _file_notes(root, ns: str) -> dict[str, str]:
    """The notes of the first <file> (XLIFF 2) by category, the first of each: our exports
    write the title and the document's metadata there."""
    found: dict[str, str] = {}
    for file in children(root, "file", ns):
        for notes in children(file, "notes", ns):
            for note in children(notes, "note", ns):
                found.setdefault(note.get("category") or "", "".join(note.itertext()))
        break
    return found


#: XLIFF 2 segment states as our link statuses (reviewed and final: a person checked them).
_V2_STATES = {
    "initial": "auto",
    "translated": "edited",
    "reviewed": "confirmed",
    "final": "confirmed",
}

#: XLIFF 1.2 target states as our link statuses: signed-off and final are a person's approval;
#: a translation still to be reviewed or adapted is edited; one not made yet is auto.
_V1_STATES = {
    "new": "auto",
    "needs-translation": "auto",
    "needs-adaptation": "edited",
    "needs-l10n": "edited",
    "needs-review-adaptation": "edited",
    "needs-review-l10n": "edited",
    "needs-review-translation": "edited",
    "translated": "edited",
    "signed-off": "confirmed",
    "final": "confirmed",
}
#: States that say work is left, which approved="yes" does not override.
_V1_WORK_LEFT = {state for state in _V1_STATES if state.startswith(("new", "needs-"))}

#: Trados Studio (SDLXLIFF): a segment's confirmation level, <sdl:seg conf="…"> in the unit's
#: <sdl:seg-defs>, as our link statuses. A segment without `conf` is "Not Translated"; a
#: rejected translation and a draft (often pre-translated from a memory or MT) are unreviewed.
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
_SDL_CONF = {
    "": "auto",
    "Draft": "auto",
    "RejectedTranslation": "auto",
    "RejectedSignOff": "auto",
    "Translated": "edited",
    "ApprovedTranslation": "confirmed",
    "ApprovedSignOff": "confirmed",
}
#: memoQ (MQXliff): the unit's mq:status. Reviewer 1 (Proofread) and reviewer 2 confirmed a
#: pair; a translator who confirmed or edited it did not review it; not started,
#: pre-translated, machine-translated or rejected rows are unreviewed.
MEMOQ = "MQXliff"


def _read_v2(root, ns: str, pairs: Pairs, filename: str, ours: bool) -> None:
    """Every <unit> (inside groups nested to any depth) as a link, when the file is `ours` or
    the unit has one <segment>; else each <segment> of a unit as a link."""
    for unit, keep in descendants(root, f"{{{ns}}}unit" if ns else "unit", False):
        segments = list(children(unit, "segment", ns))
        if ours or len(segments) == 1:
            _add_v2_unit(unit, ns, pairs, filename, keep)
            continue
        reviewer = _v2_meta(unit, "reviewer")
        comments = _v2_comments(unit, ns)  # on the unit: with its first segment's link
        for segment in segments:
            texts = _sides(segment, ns, _V2_CODES, filename, unit)
            status, recorded = _v2_status(segment)
            if is_gettext_header(*texts) and not recorded:  # our exports write no header
                continue
            sides = _split(segment, ns, texts, preserves(segment, keep))
            pairs.add(*sides, status, reviewer, recorded=recorded, comments=comments)
            comments = []


def _add_v2_unit(unit, ns: str, pairs: Pairs, filename: str, keep: bool) -> None:
    """A <unit> as one link: each side's segments and ignorables joined, then cut into its
    paragraphs (see the module's docstring); `keep`: xml:space="preserve" at the unit."""
    pieces: tuple[list[_Piece], list[_Piece]] = ([], [])
    statuses: list[str | None] = []
    states: list[str | None] = []  # each segment's own `state`, as a status
    segment_texts: list[tuple[str, str]] = []
    segment_ids: list[str] = []
    recorded = True
    for child in unit:
        child_ns, local = split_tag(child.tag)
        if child_ns != ns or local not in ("segment", "ignorable"):
            continue
        texts = _sides(child, ns, _V2_CODES, filename, unit)
        if local == "segment":
            status, said = _v2_status(child)
            if is_gettext_header(*texts) and not said:  # our exports write no header
                continue
            statuses.append(status)
            states.append(_V2_STATES.get((child.get("state") or "").strip()))
            segment_texts.append((texts[0] or "", texts[1] or ""))
            segment_ids.append(child.get("id") or "")
            recorded = recorded and said
        elif texts[1] is None:  # an ignorable's source stands for both sides
            texts = (texts[0], texts[0])
        held = preserves(child, keep)
        for side, name, text in zip(pieces, ("source", "target"), texts, strict=True):
            el = next(children(child, name, ns), None)
            if el is None and name == "target" and local == "ignorable":
                el = next(children(child, "source", ns), None)
            side.append(_Piece(text or "", preserves(el, held) if el is not None else held, local))
    if not statuses:
        return
    heading = (unit.get("type") or "").strip() == HEADING
    joined = [_joined(side) for side in pieces]
    key = _v2_meta(unit, "text-key")
    paragraph_said: Said = (
        _v2_meta(unit, "paragraph-status"),
        _v2_meta(unit, "paragraph-reviewer"),
    )
    reviewer = _v2_meta(unit, "reviewer")
    sentence_level = paragraph_said[0] is not None  # our sentence-level export wrote it
    changed = bool(key) and key != text_key([joined[0][0]], [joined[1][0]])
    if changed:
        # changed in a CAT tool since our export: what we recorded was said of another text
        statuses = [least_settled(["edited", state]) for state in states]
        recorded, reviewer, paragraph_said = False, None, (None, None)
    sides = []
    for (text, preserve), name in zip(joined, ("source", "target"), strict=True):
        parts = paragraphs(text, preserve, _v2_meta(unit, f"{name}-paragraph-blocks"))
        kinds = kinds_of(_v2_meta(unit, f"{name}-paragraph-kinds"), len(parts))
        default = "heading" if heading else "paragraph"
        sides.append((parts, [kind or default for kind in kinds]))
    least = least_settled(statuses)
    sentences = [
        FileSentence(
            src,
            tgt,
            status,
            None
            if changed
            else _v2_meta(unit, f"reviewer/{segment_id}")
            or (reviewer if status == least else None),
        )
        for (src, tgt), status, segment_id in zip(segment_texts, statuses, segment_ids, strict=True)
    ]
    status, reviewer = group_status([(status, reviewer) for status in statuses], [paragraph_said])
    add_link(
        pairs,
        sides[0],
        sides[1],
        status,
        reviewer,
        recorded=recorded,
        sentences=sentences if sentence_level else None,
        comments=_v2_comments(unit, ns),
    )


def _v2_comments(unit, ns: str) -> list[FileComment]:
    """The <note>s of a 2.x unit as comments: on the side its `appliesTo` names, in its
    `category` (our exports write a flag's there, and the flag itself in the text)."""
    return [
        found
        for notes in children(unit, "notes", ns)
        for note in children(notes, "note", ns)
        if (
            found := comment(
                "".join(note.itertext()),
                side=(note.get("appliesTo") or "").strip(),
                category=note.get("category"),
            )
        )
    ]


class _Piece(NamedTuple):
    """A segment's or ignorable's text on one side, whether its spaces are text, and which
    of the two it came from."""

    text: str
    preserve: bool
    kind: str  # "segment" or "ignorable"


def _joined(pieces: list[_Piece]) -> tuple[str, bool]:
    """One side of a unit: its pieces' texts in order, and whether its spaces are text (all of
    its pieces with text preserve them). Between two texts goes the white space of the
    ignorables between them; where there is none (a tool filled in a target our export left
    empty, or writes no ignorables), two segments get a space unless a script written without
    spaces meets there (see the module's docstring)."""
    text = ""
    gap = ""  # the white space of the ignorables since the last text
    previous = ""  # the kind of the piece the last text came from
    for piece in pieces:
        if piece.kind == "ignorable" and not piece.text.strip():
            gap += piece.text
            continue
        if not piece.text:
            continue
        if text and not gap and piece.kind == previous == "segment":
            touching = not (text[-1].isspace() or piece.text[0].isspace())
            if touching:
                gap = sentence_gap(text, piece.text)
        text += (gap if text else "") + piece.text
        gap, previous = "", piece.kind
    preserve = all(piece.preserve for piece in pieces if piece.text.strip())
    return text, preserve


def _v2_status(segment) -> tuple[str | None, bool]:
    """Our status from subState="workbench:<status>" (our exports: recorded), else from
    `state`."""
    prefix, _, value = (segment.get("subState") or "").partition(":")
    if prefix == "workbench" and value:
        return value, True
    return _V2_STATES.get((segment.get("state") or "").strip()), False


def _v2_meta(unit, kind: str) -> str | None:
    """The unit's Metadata module <mda:meta type=`kind`>, if any: "reviewer" (who set the
    unit's status), "source-paragraph-blocks" and "target-paragraph-blocks"."""
    for meta in unit.iter(_MDA_META):
        if meta.get("type") == kind and (meta.text or "").strip():
            return meta.text.strip()
    return None


def _read_v1(
    root, ns: str, pairs: Pairs, filename: str, notes: list[str]
) -> tuple[str | None, str | None]:
    """The units of a 1.2 file into `pairs`; its languages. What is left out that the person
    importing should know goes to `notes`."""
    langs: tuple[str | None, str | None] | None = None
    top = preserves(root, False)
    trados = next(root.iter(f"{{{SDL}}}seg-defs"), None) is not None
    threads = _sdl_threads(root)
    notes.extend(_file_comments(root, threads))
    for file in children(root, "file", ns):
        these = (file.get("source-language"), file.get("target-language"))
        if langs is None or not all(langs):
            langs = these if all(these) or langs is None else langs
        elif all(these) and [same_tag(t) for t in these] != [same_tag(t) for t in langs]:
            raise InputError(
                f"{textio.label(filename)} mixes language pairs ({' → '.join(langs)} and"
                f" {' → '.join(these)}); split it"
            )
        for body in children(file, "body", ns):
            tag = f"{{{ns}}}trans-unit" if ns else "trans-unit"
            for unit, keep in descendants(body, tag, preserves(file, top)):
                if trados and unit.get("translate") == "no":
                    continue  # structure (tags, layout names): not a segment Trados shows
                _add_v1(unit, ns, pairs, filename, keep, threads)
    return langs or (None, None)


def _add_v1(
    unit, ns: str, pairs: Pairs, filename: str, keep: bool, threads: dict[str, list[_Said]]
) -> None:
    """One <trans-unit> as a link, unless it is a gettext header."""
    texts = _sides(unit, ns, _V1_CODES, filename)
    if "gettext-domain-header" in (unit.get("restype") or "") or is_gettext_header(*texts):
        return
    target = next(children(unit, "target", ns), None)
    state = (target.get("state") or "").strip() if target is not None else ""
    status = _tool_status(unit) or _v1_status(state, (unit.get("approved") or "").strip())
    pairs.add(
        *_split(unit, ns, texts, keep),
        status,
        _tool_reviewer(unit, status),
        comments=_v1_comments(unit, ns, threads, filename),
    )


class _Said(NamedTuple):
    """One comment of a Trados comment thread (<Comment> in the file's <cmt-defs>)."""

    author: str | None
    severity: str
    text: str


#: Trados comment severities (shown as "For information", "Warning" and "Error").
_SDL_SEVERITIES = {"Low": "neutral", "Medium": "minor", "High": "major"}


def _sdl_threads(root) -> dict[str, list[_Said]]:
    """Trados comment threads by id, from <doc-info><cmt-defs><cmt-def id>: each holds
    <Comments><Comment user severity>text</Comment>…</Comments>, the text's comment marks
    (<mrk mtype="x-sdl-comment" sdl:cid>) point at one."""
    threads: dict[str, list[_Said]] = {}
    for thread in root.iter(f"{{{SDL}}}cmt-def"):
        threads[thread.get("id") or ""] = [
            _Said(
                said.get("user"),
                _SDL_SEVERITIES.get((said.get("severity") or "").strip(), "neutral"),
                "".join(said.itertext()),
            )
            for said in thread.iter(f"{{{SDL}}}Comment")
        ]
    return threads


def _file_comments(root, threads: dict[str, list[_Said]], shown: int = 5) -> list[str]:
    """A line for each Trados comment on the whole file (<sdl:cmt id> in a file's header),
    which no link holds, so it is not raised as a flag (the first `shown`, then a count)."""
    lines = []
    for number, mark in enumerate(root.iter(f"{{{SDL}}}cmt")):
        if number == shown:
            left = sum(1 for _ in root.iter(f"{{{SDL}}}cmt")) - shown
            lines.append(f"and {left:,} more Trados comment{'s' if left > 1 else ''} on the file")
            break
        for said in threads.get(mark.get("id") or "", []):
            text = textio.squash(said.text)
            text = text if len(text) <= 200 else text[:199] + "…"
            by = f" ({textio.squash(said.author)})" if said.author else ""
            lines.append(
                f"left out, a Trados comment on the whole file (flags go on links): “{text}”{by}"
            )
    return lines


def _v1_comments(
    unit, ns: str, threads: dict[str, list[_Said]], filename: str
) -> list[FileComment]:
    """The comments on a 1.2 unit: its <note>s (`from` their author, `annotates` the side),
    Trados comment marks around the words they are about (a thread each), memoQ's
    <mq:comment>s (`creatoruser`, `appliesto`; deleted ones left out)."""
    found = [
        comment(
            "".join(note.itertext()),
            side=(note.get("annotates") or "").strip(),
            author=note.get("from"),
        )
        for note in children(unit, "note", ns)
    ]
    segmented = next(children(unit, "seg-source", ns), None)
    for side, local in (
        ("source", "source" if segmented is None else "seg-source"),
        ("target", "target"),
    ):
        el = next(children(unit, local, ns), None)
        marks = el.iter(f"{{{ns}}}mrk" if ns else "mrk") if el is not None else ()
        for mark in marks:
            thread = threads.get(mark.get(f"{{{SDL}}}cid") or "") or []
            if mark.get("mtype") != "x-sdl-comment" or not thread:
                continue
            first = comment(
                thread[0].text,
                side=side,
                quote=inline_text(mark, ns, _V1_CODES, filename),
                author=thread[0].author,
                severity=max((said.severity for said in thread), key=_GRAVITY.index),
            )
            replies = tuple(
                (said.author, said.text.strip()) for said in thread[1:] if said.text.strip()
            )
            found.append(first._replace(replies=replies) if first else None)
    for said in unit.iter(f"{{{MEMOQ}}}comment"):
        if (said.get("deleted") or "").strip().lower() == "true":
            continue
        applies = (said.get("appliesto") or "").strip().lower()
        found.append(
            comment("".join(said.itertext()), side=applies, author=said.get("creatoruser"))
        )
    return [one for one in found if one is not None]


def _tool_status(unit) -> str | None:
    """The status a CAT tool's own mark gives a 1.2 unit (None: no such mark): the least
    settled of its Trados segments' confirmation levels, or its memoQ row status."""
    confs = [seg.get("conf") or "" for seg in unit.iter(f"{{{SDL}}}seg")]
    if confs:
        return least_settled([_SDL_CONF.get(conf.strip(), "auto") for conf in confs])
    memoq = (unit.get(f"{{{MEMOQ}}}status") or "").strip().lower()
    if not memoq:
        return None
    if "reject" in memoq:
        return "auto"
    if "proofread" in memoq or "reviewer" in memoq:
        return "confirmed"
    return "edited" if "confirmed" in memoq or "edited" in memoq else "auto"


#: Who last changed a Trados segment (<sdl:value key="…"> in its <sdl:seg>), newest key first.
_SDL_CHANGED_BY = ("last_modified_by", "modified_by")


def _tool_reviewer(unit, status: str | None) -> str | None:
    """Who set a 1.2 unit's status, as a CAT tool records it: the last to change the Trados
    segment the unit's status comes from (its first least settled one), or memoQ's last
    changing user of the row. None for an unreviewed unit: no one set "auto"."""
    if status in (None, "auto"):
        return None
    for seg in unit.iter(f"{{{SDL}}}seg"):
        if _SDL_CONF.get((seg.get("conf") or "").strip(), "auto") != status:
            continue
        values = {value.get("key"): (value.text or "").strip() for value in seg}
        return next((values[key] for key in _SDL_CHANGED_BY if values.get(key)), None)
    return (unit.get(f"{{{MEMOQ}}}lastchanginguser") or "").strip() or None


def _v1_status(state: str, approved: str) -> str | None:
    """Our status from a 1.2 target's `state` and its unit's `approved` (None: neither says).

    approved="yes" confirms a translation no state calls unfinished; approved="no" keeps any
    state from confirming it."""
    status = _V1_STATES.get(state)
    if approved == "yes" and state not in _V1_WORK_LEFT:
        return "confirmed"
    if approved == "no" and status in (None, "confirmed"):
        return "edited"
    return status


def _sides(parent, ns: str, codes: set[str], filename: str, unit=None) -> tuple[str | None, ...]:
    """Text of the <source> and <target> children (None when absent).

    Both versions of XLIFF require a <source> in every unit (`unit`: the 2.x segment's unit);
    a target without one would be a translation of nothing, so such a file is refused."""
    original = _original_data(unit, ns) if unit is not None else None
    texts = []
    for local in ("source", "target"):
        el = next(children(parent, local, ns), None)
        texts.append(
            inline_text(el, ns, codes, filename, original=original) if el is not None else None
        )
    if texts[0] is None and textio.squash(texts[1] or ""):
        unit = parent if unit is None else unit
        kind, unit_id = split_tag(unit.tag)[1], unit.get("id")
        where = f"<{kind} id={unit_id!r}>" if unit_id else f"a <{kind}>"
        raise InputError(
            f"{textio.label(filename)} is not valid XLIFF: {where} has a <target> but no"
            " <source>, which every unit needs"
        )
    return texts[0], texts[1]


def _original_data(unit, ns: str) -> dict[str, str]:
    """An XLIFF 2 unit's <originalData>: the codes its inline elements name by `dataRef`."""
    return {
        data.get("id") or "": "".join(data.itertext())
        for block in children(unit, "originalData", ns)
        for data in children(block, "data", ns)
    }


def _split(parent, ns: str, texts: tuple[str | None, ...], keep: bool) -> list[list[str]]:
    """Each side's paragraphs; `keep`: whether xml:space="preserve" holds at `parent`."""
    sides = []
    for local, text in zip(("source", "target"), texts, strict=True):
        el = next(children(parent, local, ns), None)
        preserve = preserves(el, keep) if el is not None else keep
        sides.append(paragraphs(text, preserve))
    return sides


def _oriented(
    pairs: Pairs,
    source: str | None,
    target: str | None,
    options: ReadOptions,
    name: str,
    *,
    same: bool = False,
) -> tuple[Pairs, str | None, str | None]:
    """Read the file as it is, or reversed when the options ask for its target as the source;
    refuse options that contradict themselves or name a language the file does not have.
    `same`: the file is ours and its two versions are in one language (two translations
    compared), which options may name twice; it is read as it is.

    Each orientation is scored by how the options match the file's languages (2 the same tag, 1
    the same primary language, 0 the file does not say); one an option contradicts is out. A
    reversed reading needs at least one option that names a language the file declares.
    """
    wanted_source, wanted_target = options.source_language, options.target_language
    if same and all(_same(wanted, source) for wanted in (wanted_source, wanted_target) if wanted):
        return pairs, source, target
    if wanted_source and wanted_target and wanted_source.lower() == wanted_target.lower():
        declared = f"; the file is {source or '?'} -> {target or '?'}" if source or target else ""
        raise InputError(f"{name}: source and target language are both {wanted_source!r}{declared}")
    straight = _fit(((wanted_source, source), (wanted_target, target)), reversed_=False)
    swapped = _fit(((wanted_source, target), (wanted_target, source)), reversed_=True)
    if straight is not None and (swapped is None or straight >= swapped):
        return pairs, source, target
    if swapped is not None:
        return pairs.reversed(), target, source
    wanted = [w for w in (wanted_source, wanted_target) if w]
    missing = next((w for w in wanted if not any(_same(w, d) for d in (source, target))), wanted[0])
    raise InputError(f"{name} is {source or '?'} -> {target or '?'}; it has no {missing!r} text")


def _fit(pairs: tuple[tuple[str | None, str | None], ...], reversed_: bool) -> int | None:
    """How well the wanted languages fit the declared ones in one orientation (None: not)."""
    score = 0
    named = False
    for wanted, declared in pairs:
        if not wanted:
            continue
        if not declared:
            if reversed_:
                return None  # reversing on a guess would swap languages the file never said
            continue
        if wanted.lower() == declared.lower():
            score += 2
        elif _same(wanted, declared):
            score += 1
        else:
            return None
        named = True
    return score if named or not reversed_ else None


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    return a == b or a.split("-")[0] == b.split("-")[0]
