"""Comparing two translations of one source, row by row, with word-level diffs.

With a source version, both translations are aligned to it (the stored alignment, or one
computed now and not stored) and the rows are the smallest source stretches on which both
alignments agree. Without a source, the two translations are aligned to each other in the
aligner's same-language mode. An editor can then pick, per row, the wording of a new version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench import aligning, languages, review, services
from workbench.diff import Change, changed_words, similarity, word_diff
from workbench.errors import InputError, NotFound
from workbench.linkops import Span
from workbench.model import ParsedSegment
from workbench.store import Store


@dataclass
class CompareRow:
    index: int
    source: tuple[int, int]  # paragraph positions [start, end) in the source version
    a: tuple[int, int]
    b: tuple[int, int]
    source_text: str
    a_text: str
    b_text: str
    changes: list[Change] = field(default_factory=list)
    similarity: float = 1.0

    @property
    def changed(self) -> bool:
        return self.a_text != self.b_text

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


def _spans(store: Store, source_id: int, target_id: int) -> list[tuple[int, int, int, int]]:
    """Paragraph links source→target: stored if aligned, else computed now (not stored)."""
    alignment_id = store.alignment_between(source_id, target_id)
    if alignment_id is not None:
        return [
            (link.src_start, link.src_end, link.tgt_start, link.tgt_end)
            for link in store.links(alignment_id)
        ]
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
    """Rows of source | translation A | translation B with a word diff from A to B."""
    document = store.document(document_id)
    a, b = store.version(a_id), store.version(b_id)
    for version in (a, b):
        if version["document_id"] != document_id:
            raise NotFound(f"version {version['id']} is not part of document {document_id}")
    if a_id == b_id:
        raise InputError("compare two different versions")
    sources = [v for v in store.versions(document_id) if v["role"] == "source"]
    source = next((v for v in sources if v["id"] not in (a_id, b_id)), None)
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
        rows.append(
            CompareRow(
                index,
                src,
                a_span,
                b_span,
                source_text,
                a_text,
                b_text,
                word_diff(a_text, b_text),
                similarity(a_text, b_text),
            )
        )
    return Comparison(document, source, a, b, rows, mode)


def make_version(
    store: Store,
    comparison: Comparison,
    choices: dict[int, str],
    *,
    label: str,
    user: str,
) -> int:
    """A new translation made of the chosen wording per row ('a' or 'b'; default 'a').

    Its paragraphs are those of the chosen side, and when the comparison went through the
    source, it comes aligned to the source already (links by row).
    """
    if not label.strip():
        raise InputError("give the new version a label")
    language = comparison.a["language"]
    paragraphs: list[tuple[str, str, list[str]]] = []
    links = []
    for row in comparison.rows:
        side = choices.get(row.index, "a")
        if side not in ("a", "b"):
            raise InputError(f"row {row.index}: choose a or b")
        version = comparison.a if side == "a" else comparison.b
        span = row.a if side == "a" else row.b
        start = len(paragraphs)
        segments = store.segments(version["id"])[span[0] : span[1]]
        paragraphs.extend(
            services.paragraph_rows(
                [ParsedSegment(s["text"], s["kind"]) for s in segments], language
            )
        )
        links.append((row.source, (start, len(paragraphs))))
    with store.transaction():
        version_id = store.add_version(
            comparison.document["id"],
            language=language,
            role="translation",
            label=label.strip(),
            format="comparison",
            created_by=user,
        )
        store.add_segments(version_id, paragraphs)
        if comparison.source is not None:
            alignment_id = store.add_alignment(
                comparison.document["id"],
                comparison.source["id"],
                version_id,
                method="from a comparison",
                created_by=user,
            )
            spans = [Span(s[0], s[1], t[0], t[1]) for s, t in links]
            spans = [span for span in spans if not span.empty]
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
        store.log_event(
            "version.compose",
            "version",
            version_id,
            user=user,
            document_id=comparison.document["id"],
            after={"a": comparison.a["id"], "b": comparison.b["id"], "label": label},
        )
    return version_id
