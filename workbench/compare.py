"""Comparing two translations of one source, row by row, with word-level diffs.

With a source version, both translations are aligned to it (the stored alignment, or one
computed now and not stored) and the rows are the smallest source stretches on which both
alignments agree. Without a source, the two translations are aligned to each other in the
aligner's same-language mode. An editor can then pick, per row, the wording of a new version:
only between two versions in one language (a version has one language), and only a mix that
differs from both A and B (anything else is a copy, or nothing to choose).

Links already stored are used (source → A and source → B, or A and B aligned to each other in
either direction); an alignment computed now is not stored, but a comparison is kept in this
process (`_KEPT`, a few pairs, least recently used out) while a cheap stamp of what it read
stays the same (the versions' segments and their revisions, the latest text change, the links
used), so a page of rows after the first, or a compose, does not align the document again.
Word diffs are made when a row's `changes` or `similarity` is first read: a page shows its own
rows only (`page_of`), so only those are diffed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from workbench import aligning, languages, review, services
from workbench.diff import Change, changed_words, word_diff
from workbench.diff import similarity as text_similarity
from workbench.errors import Conflict, InputError, NotFound
from workbench.kept import StampedCache
from workbench.linkops import Span
from workbench.model import ParsedSegment
from workbench.store import Store
from workbench.textio import one_line
from workbench.typed import check_length


@dataclass
class CompareRow:
    index: int
    source: tuple[int, int]  # paragraph positions [start, end) in the source version
    a: tuple[int, int]
    b: tuple[int, int]
    source_text: str
    a_text: str
    b_text: str
    _diff: tuple[list[Change], float] | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return self.a_text != self.b_text

    @property
    def changes(self) -> list[Change]:
        """The word diff from A to B, made when first asked for."""
        return self._diffed()[0]

    @property
    def similarity(self) -> float:
        return self._diffed()[1]

    def _diffed(self) -> tuple[list[Change], float]:
        if self._diff is None:
            changes = word_diff(self.a_text, self.b_text)
            self._diff = (changes, text_similarity(self.a_text, self.b_text, changes))
        return self._diff

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.index,
            "source": list(range(*self.source)),
            "a": list(range(*self.a)),
            "b": list(range(*self.b)),
            "source_text": self.source_text,
            "a_text": self.a_text,
            "b_text": self.b_text,
            "similarity": round(self.similarity, 4),
            "changed_words": changed_words(self.changes),
            "diff": [{"kind": c.kind, "a": c.old, "b": c.new} for c in self.changes],
        }


@dataclass
class Comparison:
    document: dict[str, Any]
    source: dict[str, Any] | None
    a: dict[str, Any]
    b: dict[str, Any]
    rows: list[CompareRow]
    mode: str  # "via source" | "direct"
    #: the rows A and B word differently, and the digest of all rows (`fingerprint`): made
    #: once with the rows, and kept with them
    changed_rows: list[CompareRow] = field(default_factory=list, repr=False)
    digest: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not self.digest:
            self.changed_rows = [row for row in self.rows if row.changed]
            digest = hashlib.sha256()
            for row in self.rows:
                digest.update(repr((row.source, row.a, row.b, row.a_text, row.b_text)).encode())
            self.digest = digest.hexdigest()[:16]

    @property
    def same_language(self) -> bool:
        """A and B share a language (en-GB and en-US do): word differences mean something."""
        return languages.primary(self.a["language"]) == languages.primary(self.b["language"])

    @property
    def changed(self) -> int:
        """How many rows A and B word differently."""
        return len(self.changed_rows)


#: Rows on one page of the compare page.
PAGE_ROWS = 100


@dataclass
class Page:
    """One page of rows: `number` from 1 of `pages`, and the rows paged over (all of them, or
    the changed ones only) counted in `total`."""

    rows: list[CompareRow]
    number: int
    pages: int
    total: int
    first: int  # offset of the page's first row among the rows paged over

    @property
    def last(self) -> int:
        return self.first + len(self.rows)


def page_of(rows: list[CompareRow], number: int | None, size: int | None = None) -> Page:
    """Page `number` (from 1; None: the first; past the end: the last) of `rows`, `size` rows
    to a page (PAGE_ROWS unless said)."""
    size = size or PAGE_ROWS
    number = 1 if number is None else number
    if number < 1:
        raise InputError(f"page is a whole number from 1, not {number}")
    pages = max(1, -(-len(rows) // size))
    number = min(number, pages)
    first = (number - 1) * size
    return Page(rows[first : first + size], number, pages, len(rows), first)


def _spans(store: Store, source_id: int, target_id: int) -> list[tuple[int, int, int, int]]:
    """Paragraph links source→target: stored if aligned (either way round), else computed now
    (not stored)."""
    alignment_id = store.alignment_between(source_id, target_id)
    if alignment_id is not None:
        return [
            (link.src_start, link.src_end, link.tgt_start, link.tgt_end)
            for link in store.links(alignment_id)
        ]
    reverse_id = store.alignment_between(target_id, source_id)
    if reverse_id is not None:
        return sorted(
            (link.tgt_start, link.tgt_end, link.src_start, link.src_end)
            for link in store.links(reverse_id)
        )
    from workbench.align import align_document

    source, target = store.version(source_id), store.version(target_id)
    result = align_document(
        store.sentences_by_paragraph(source_id),
        store.sentences_by_paragraph(target_id),
        src_lang=languages.primary(source["language"]),
        tgt_lang=languages.primary(target["language"]),
    )
    return [
        (r["src_start"], r["src_end"], r["tgt_start"], r["tgt_end"])
        for r in aligning.link_rows(result.paragraphs)
    ]


def _common_rows(
    a_links: list[tuple[int, int, int, int]], b_links: list[tuple[int, int, int, int]]
) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """Group both link lists into rows that end at the same source position."""
    rows = []
    i = j = 0
    while i < len(a_links) or j < len(b_links):
        a_group, b_group = [], []
        if i < len(a_links):
            a_group.append(a_links[i])
            i += 1
        if j < len(b_links):
            b_group.append(b_links[j])
            j += 1
        while True:
            a_end = a_group[-1][1] if a_group else 0
            b_end = b_group[-1][1] if b_group else 0
            if a_end < b_end and i < len(a_links):
                a_group.append(a_links[i])
                i += 1
            elif b_end < a_end and j < len(b_links):
                b_group.append(b_links[j])
                j += 1
            else:
                break
        # target-only links (empty source side) right after the row belong to it
        while i < len(a_links) and a_links[i][0] == a_links[i][1] == (a_group or [(0, 0)])[-1][1]:
            a_group.append(a_links[i])
            i += 1
        while j < len(b_links) and b_links[j][0] == b_links[j][1] == (b_group or [(0, 0)])[-1][1]:
            b_group.append(b_links[j])
            j += 1
        group = a_group or b_group
        source = (group[0][0], group[-1][1])
        a_span = (a_group[0][2], a_group[-1][3]) if a_group else (0, 0)
        b_span = (b_group[0][2], b_group[-1][3]) if b_group else (0, 0)
        rows.append((source, a_span, b_span))
    return rows


def default_pair(
    versions: list[dict[str, Any]], a: int | None = None, b: int | None = None
) -> tuple[int | None, int | None]:
    """The versions to compare when the reader named none (or one): the first two
    translations, which is what the page is for; with a single translation, the source and
    that translation (shown side by side, aligned directly); None where the document has
    fewer than two versions. A version named is kept, and the other is the first one that
    differs from it, translations first."""
    translations = [v["id"] for v in versions if v["role"] != "source"]
    sources = [v["id"] for v in versions if v["role"] == "source"]
    # with one translation, the source first: the stored alignment source → translation is used
    order = translations + sources if len(translations) >= 2 else sources + translations
    if a is None and b is None:
        return (order[0], order[1]) if len(order) >= 2 else (order[0] if order else None, None)
    if a is None:
        a = next((v for v in order if v != b), None)
    if b is None:
        b = next((v for v in order if v != a), None)
    return a, b


def compare(store: Store, document_id: int, a_id: int, b_id: int) -> Comparison:
    """Rows of source | translation A | translation B with a word diff from A to B (made when
    a row's diff is first read); kept while what it was made from is the same (`_KEPT`)."""
    document = store.document(document_id)
    a, b = store.version(a_id), store.version(b_id)
    for version in (a, b):
        if version["document_id"] != document_id:
            raise NotFound(f"version {version['id']} is not part of document {document_id}")
    if a_id == b_id:
        raise InputError(f"choose two different versions: A and B are both version {a_id}")
    sources = [v for v in store.versions(document_id) if v["role"] == "source"]
    source = next((v for v in sources if v["id"] not in (a_id, b_id)), None)
    key = (_database(store), document_id, a_id, b_id, source["id"] if source else None)
    stamp = _stamp(store, [v for v in (a, b, source) if v], source)
    kept = _KEPT.get(key, stamp, lambda: _compared(store, document, a, b, source))
    # the rows as kept; the document and versions as read now (a label may change)
    return replace(kept, document=document, a=a, b=b, source=source)


#: (database, document, A, B, source) -> the pairs compared last, each with its rows' texts
#: (some 20 MB for 17,000 rows) and the diffs of the rows shown so far.
_KEPT: StampedCache[Comparison] = StampedCache(4)


def _database(store: Store) -> str | int:
    """Which database: its file, or the in-memory one itself."""
    return str(store.path.resolve()) if store.path is not None else id(store.db)


def _stamp(store: Store, versions: list[dict[str, Any]], source: dict[str, Any] | None) -> tuple:
    """What a comparison reads, in cheap aggregates (no text is read): each version's
    language and its paragraphs (count, ids, revisions: an approved revision raises one), the
    latest text change in any of them, and the links it may use (see `_spans`), read by
    `alignment_inputs` (whether the pair is aligned, a checksum of its links)."""
    ids = [v["id"] for v in versions]
    marks = ",".join("?" * len(ids))
    segments = store.db.execute(
        f"select version_id, count(*), total(id), total(revision) from segments"
        f" where level = 'paragraph' and version_id in ({marks})"
        f" group by version_id order by version_id",
        ids,
    ).fetchall()
    history = store.db.execute(
        f"select max(h.id) from segment_history h join segments s on s.id = h.segment_id"
        f" where s.version_id in ({marks})",
        ids,
    ).fetchone()
    a_id, b_id = ids[0], ids[1]
    pairs = [(source["id"], a_id), (source["id"], b_id)] if source else [(a_id, b_id)]
    links = [store.alignment_inputs(x, y)[:2] + store.alignment_inputs(y, x)[:2] for x, y in pairs]
    languages_ = tuple(v["language"] for v in versions)
    return (languages_, tuple(map(tuple, segments)), tuple(history), tuple(links))


def _compared(
    store: Store,
    document: dict[str, Any],
    a: dict[str, Any],
    b: dict[str, Any],
    source: dict[str, Any] | None,
) -> Comparison:
    a_id, b_id = a["id"], b["id"]
    texts = {v["id"]: [s["text"] for s in store.segments(v["id"])] for v in (a, b, source) if v}
    if source is not None:
        spans = _common_rows(_spans(store, source["id"], a_id), _spans(store, source["id"], b_id))
        mode = "via source"
    else:
        spans = [((s0, s1), (s0, s1), (t0, t1)) for s0, s1, t0, t1 in _spans(store, a_id, b_id)]
        mode = "direct"
    rows = []
    for index, (src, a_span, b_span) in enumerate(spans):
        a_text = "\n\n".join(texts[a_id][a_span[0] : a_span[1]])
        b_text = "\n\n".join(texts[b_id][b_span[0] : b_span[1]])
        source_text = (
            "\n\n".join(texts[source["id"]][src[0] : src[1]]) if source is not None else ""
        )
        rows.append(CompareRow(index, src, a_span, b_span, source_text, a_text, b_text))
    return Comparison(document, source, a, b, rows, mode)


def compose_refusal(comparison: Comparison) -> str | None:
    """Why no new version can be made from this pair, or None when one can: the page hides
    its form with this reason and make_version refuses with it (a form is never trusted)."""
    a, b = comparison.a, comparison.b
    if not comparison.same_language:
        return (
            f"A is in {languages.name(a['language'])} and B in "
            f"{languages.name(b['language'])}, so a version made from both would mix two "
            "languages; compose from two versions in the same language"
        )
    if not comparison.changed:
        return "A and B have the same wording in every row, so there is nothing to choose between"
    return None


def fingerprint(comparison: Comparison) -> str:
    """A digest of the rows as compared (their spans and wording): choices are posted by row
    number, so a page whose rows have changed since would put them on the wrong rows."""
    return comparison.digest


def composed_language(comparison: Comparison) -> str:
    """The language of a version made from A and B: theirs, or the one they share when they
    differ in region or script only (en-GB and en-US make 'en')."""
    a, b = comparison.a["language"], comparison.b["language"]
    return a if a == b else languages.primary(a) or a


def sides(comparison: Comparison, choices: dict[int, str], rest: str = "a") -> dict[int, str]:
    """The side ('a' or 'b') each row takes: its choice, or `rest` (A's unless said) where it
    has none; anything else is refused."""
    if rest not in ("a", "b"):
        raise InputError("rows without a choice keep A's or B's wording: choose A or B")
    picked = {row.index: choices.get(row.index, rest) for row in comparison.rows}
    for index, side in picked.items():
        if side not in ("a", "b"):
            raise InputError(f"row {index + 1}: choose A or B")
    return picked


def tally(comparison: Comparison, picked: dict[int, str], rest: str = "a") -> dict[str, int]:
    """How many of the rows that differ take A's and B's wording (the others are the same in
    both, so which side they take says nothing); rows not in `picked` take `rest`."""
    changed = [picked.get(row.index, rest) for row in comparison.changed_rows]
    return {"a": changed.count("a"), "b": changed.count("b")}


def row_ranges(rows: list[int]) -> str:
    """Row numbers (from 0) as ranges, `0-99,105,200-210`: how a page's form carries the
    choices made on other pages in a few bytes."""
    parts: list[str] = []
    start = previous = None
    for row in sorted(set(rows)):
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            parts.append(f"{start}-{previous}" if previous != start else str(start))
        start = previous = row
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else str(start))
    return ",".join(parts)


def parse_row_ranges(text: str, rows: int, *, field_name: str) -> list[int]:
    """The rows (from 0) that `row_ranges` wrote, those past `rows` left out; anything else
    is refused (a form is never trusted)."""
    found: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        digits = [first] if last == "" else [first, last]
        if not all(d.isascii() and d.isdigit() and len(d) <= 18 for d in digits):
            raise InputError(f"{field_name}: {part[:40]!r} is not a row or a range of rows")
        start, end = int(first), int(last or first)
        if end < start:
            raise InputError(f"{field_name}: {part[:40]!r} ends before it starts")
        found.extend(range(min(start, rows), min(end + 1, rows)))
    return found


def _refuse_copies(comparison: Comparison, picked: dict[int, str]) -> None:
    """A mix that takes every differing row from one side is that side again: refused."""
    counts = tally(comparison, picked)
    for side, other in (("a", "b"), ("b", "a")):
        if not counts[other]:
            version = comparison.a if side == "a" else comparison.b
            raise InputError(
                f"every row that differs keeps {side.upper()}'s wording, so the new version "
                f"would be a copy of version {version['id']} ({version['label']}); choose "
                f"{other.upper()} on at least one row that differs"
            )


def make_version(
    store: Store,
    comparison: Comparison,
    choices: dict[int, str],
    *,
    label: str,
    user: str,
    seen: str | None = None,
    rest: str = "a",
) -> int:
    """A new translation made of the chosen wording per row ('a' or 'b'; `rest`, 'a' unless
    said, for a row without a choice).

    Its paragraphs are those of the chosen side, and when the comparison went through the
    source, it comes aligned to the source already (links by row). Refused (InputError) for
    A and B in two languages, without a label, and when the mix is a copy of A or of B;
    refused (Conflict) when `seen`, the fingerprint of the rows chosen on, is not theirs now.
    """
    if seen is not None and seen != fingerprint(comparison):
        raise Conflict(
            "A or B changed since the comparison was opened: compare them again and check "
            "your choices"
        )
    refusal = compose_refusal(comparison)
    if refusal:
        raise InputError(refusal)
    label = one_line(label)  # shown in lists and printed by the CLI: one clean line
    check_length(label, field="label", max_chars=services.MAX_LABEL)
    if not label:
        raise InputError("give the new version a label")
    picked = sides(comparison, choices, rest)
    _refuse_copies(comparison, picked)
    language = composed_language(comparison)
    paragraphs, spans = _chosen_paragraphs(store, comparison, picked, language)
    with store.transaction():
        version_id = store.add_version(
            comparison.document["id"],
            language=language,
            role="translation",
            label=label,
            format="comparison",
            created_by=user,
        )
        store.add_segments(version_id, paragraphs)
        if comparison.source is not None:
            _align_to_source(store, comparison.source["id"], version_id, spans, user)
        store.log_event(
            "version.compose",
            "version",
            version_id,
            user=user,
            document_id=comparison.document["id"],
            after={"a": comparison.a["id"], "b": comparison.b["id"], "label": label},
        )
    return version_id


def _chosen_paragraphs(
    store: Store, comparison: Comparison, picked: dict[int, str], language: str
) -> tuple[list[tuple[str, str, list[str]]], list[Span]]:
    """The new version's paragraphs, row after row from the side chosen, and the source span
    each row's paragraphs stand for (empty ones dropped). Each side is read once."""
    segments = {
        side: store.segments(version["id"])
        for side, version in (("a", comparison.a), ("b", comparison.b))
    }
    paragraphs: list[tuple[str, str, list[str]]] = []
    spans = []
    for row in comparison.rows:
        side = picked[row.index]
        start, end = row.a if side == "a" else row.b
        chosen = [ParsedSegment(s["text"], s["kind"]) for s in segments[side][start:end]]
        first = len(paragraphs)
        paragraphs.extend(services.paragraph_rows(chosen, language))
        spans.append(Span(row.source[0], row.source[1], first, len(paragraphs)))
    return paragraphs, [span for span in spans if not span.empty]


def _align_to_source(
    store: Store, source_id: int, version_id: int, spans: list[Span], user: str
) -> None:
    """Store the new version aligned to the source by row, paragraphs and sentences, so it
    opens in review without an aligner run."""
    alignment_id = store.add_alignment(
        store.version(version_id)["document_id"],
        source_id,
        version_id,
        method="from a comparison",
        created_by=user,
    )
    store.replace_links(
        alignment_id,
        "paragraph",
        [
            {
                "src_start": span.src_start,
                "src_end": span.src_end,
                "tgt_start": span.tgt_start,
                "tgt_end": span.tgt_end,
                "score": None,
                "confidence": 1.0,
                "reasons": ["from a comparison"],
                "status": "auto",
                "set_by": user,
                "set_at": None,
            }
            for span in spans
        ],
    )
    alignment = store.alignment(alignment_id)
    store.insert_links(alignment_id, review.sentence_links(store, alignment, spans, []))
