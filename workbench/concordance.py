"""Bilingual concordance: every occurrence of a term with its context, the aligned text on the
other side with the term's likely translation marked, and how often each translation was used.

Occurrences come from the full-text index at sentence level (a sentence link pins the
translation more tightly than a paragraph); the likely translation is scored per alignment by
a Dice co-occurrence table over its confident links, with cognates (kwic.TranslationTable).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench import kwic, languages
from workbench.errors import InputError
from workbench.kept import StampedCache
from workbench.search import MAX_ID, covered_languages, language_tags, review_path, whole_number
from workbench.store import Store
from workbench.store.search import SegmentFilter

#: Links a person confirmed, or automatic ones at least this confident, teach the table.
CONFIDENT = 0.8
#: Occurrences looked at in all (the counts of translations are over these).
MAX_OCCURRENCES = 2_000
MAX_LIMIT = 200
MAX_TERM = 100  # characters: a term, not a passage (the API description says so)


@dataclass(frozen=True)
class ConcordanceQuery:
    term: str
    language: str
    document_id: int | None = None
    target_language: str | None = None
    width: int = 60
    limit: int = 50
    offset: int = 0


@dataclass
class Concordance:
    query: ConcordanceQuery
    lines: list[dict[str, Any]]
    total: int
    complete: bool
    candidates: list[tuple[str, str, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.lines,
            "total": self.total,
            "total_exact": self.complete,
            "limit": self.query.limit,
            "offset": self.query.offset,
            "term": self.query.term,
            "language": self.query.language,
            "candidates": [
                {"text": text, "language": language, "count": n}
                for text, language, n in self.candidates
            ],
        }


def parse_concordance(args: Mapping[str, Any]) -> ConcordanceQuery:
    """term, lang (of the term), document, target_lang, width, limit, offset."""
    term = str(args.get("term") or args.get("q") or "").strip()
    if not term:
        raise InputError("give a term to look up (term)")
    if len(term) > MAX_TERM:
        raise InputError(f"a term is at most {MAX_TERM} characters")
    language = str(args.get("lang") or "").strip()
    if not language:
        raise InputError("say which language the term is in (lang)")
    target = str(args.get("target_lang") or "").strip()
    limit = whole_number(args, "limit", 50)
    width = whole_number(args, "width", 60)
    offset = whole_number(args, "offset", 0) or 0
    if not (1 <= limit <= MAX_LIMIT and 1 <= width <= 500) or offset > MAX_OCCURRENCES:
        raise InputError(
            f"limit is between 1 and {MAX_LIMIT}, width between 1 and 500, offset at most"
            f" {MAX_OCCURRENCES}"
        )
    return ConcordanceQuery(
        term=term,
        language=languages.normalise(language),
        document_id=whole_number(args, "document"),
        target_language=languages.normalise(target) if target else None,
        width=width,
        limit=limit,
        offset=offset,
    )


def concordance(store: Store, query: ConcordanceQuery) -> Concordance:
    """Every occurrence (up to MAX_OCCURRENCES), one page of lines, and translation counts."""
    words = tuple(w for t in kwic.parse_terms(query.term) for w in t.words)
    if not words:
        raise InputError("the term has no words (letters or digits)")
    term = kwic.Term(words, prefix=query.term.rstrip().endswith("*"))  # "declar*", as in search
    tables = _Tables(store, term)
    lines: list[dict[str, Any]] = []
    complete = True
    for sentence in _occurrences(store, query, term):
        for start, end in kwic.term_spans(sentence["text"], [term]):
            if len(lines) >= MAX_OCCURRENCES:
                complete = False
                break
            lines.append(_line(store, query, tables, sentence, start, end))
        if not complete:
            break
    found = [
        (a["translation"], a["version"]["language"])
        for line in lines
        for a in line["aligned"]
        if a["translation"]
    ]
    page = lines[query.offset : query.offset + query.limit]
    return Concordance(query, page, len(lines), complete, kwic.candidate_counts(found))


def _occurrences(store: Store, query: ConcordanceQuery, term: kwic.Term):
    """Sentences holding the term, in document order, fetched in batches; in the term's
    language and, for a primary subtag alone (`en`), in its regions (en-GB, en-US)."""
    covered = covered_languages(store, query.language)
    tags = f"sentence AND {language_tags(query.language, covered)}"
    tags += f" AND d{query.document_id}" if query.document_id else ""
    match = f"text : ({term.fts()}) AND tags : ({tags})"
    where = SegmentFilter("sentence", query.document_id, languages=covered)
    offset = 0
    while offset < MAX_OCCURRENCES:
        rows = store.fts_hits(match, where, limit=500, offset=offset)
        yield from rows
        if len(rows) < 500:
            return
        offset += 500


def _line(
    store: Store,
    query: ConcordanceQuery,
    tables: _Tables,
    sentence: dict[str, Any],
    start: int,
    end: int,
) -> dict[str, Any]:
    """One KWIC line: context from the sentence's paragraph, and each aligned counterpart."""
    paragraph = store.segment(sentence["parent_id"]) if sentence["parent_id"] else sentence
    at = (
        store.offset_in_paragraph(paragraph["id"], paragraph["text"], sentence["position"])
        if sentence["parent_id"]
        else 0
    )
    text, shift = (paragraph["text"], at) if at is not None else (sentence["text"], 0)
    context = kwic.kwic(text, start + shift, end + shift, query.width)
    aligned = []
    for alignment, side in store.alignments_of_version(sentence["version_id"]):
        other_side = "target" if side == "source" else "source"
        other = store.version(alignment[f"{other_side}_version_id"])
        if query.target_language and not languages.covers(query.target_language, other["language"]):
            continue
        counterpart = _counterpart(store, alignment, side, sentence, paragraph)
        if counterpart is None:
            continue
        link_id, other_text = counterpart
        span = tables.get(alignment, side).best(other_text)
        aligned.append(
            {
                "alignment": alignment["id"],
                "link": link_id,
                "version": {
                    "id": other["id"],
                    "label": other["label"],
                    "language": other["language"],
                    "dir": languages.direction(other["language"]),
                },
                "text": other_text,
                "highlight": list(span) if span else None,
                "translation": other_text[span[0] : span[1]] if span else None,
                "review_url": review_path(alignment["id"], link_id),
            }
        )
    return {
        "segment": sentence["id"],
        "paragraph": paragraph["id"],
        "document": {"id": sentence["document_id"], "title": sentence["document_title"]},
        "version": {
            "id": sentence["version_id"],
            "label": sentence["version_label"],
            "language": sentence["language"],
            "dir": languages.direction(sentence["language"]),
        },
        "left": context.left,
        "keyword": context.keyword,
        "right": context.right,
        "aligned": aligned,
    }


def _counterpart(
    store: Store,
    alignment: dict[str, Any],
    side: str,
    sentence: dict[str, Any],
    paragraph: dict[str, Any],
) -> tuple[int, str] | None:
    """(paragraph link id, other side's text): its sentence link's, else its paragraph link's."""
    link = store.covering_link(alignment["id"], "paragraph", side, paragraph["position"])
    if link is None:
        return None
    col = "tgt" if side == "source" else "src"
    other_version = alignment["target_version_id" if side == "source" else "source_version_id"]
    shown, level = link, "paragraph"
    fine = store.covering_link(alignment["id"], "sentence", side, sentence["position"])
    if fine is not None and fine[f"{col}_end"] > fine[f"{col}_start"]:
        shown, level = fine, "sentence"
    texts = store.texts(other_version, level, shown[f"{col}_start"], shown[f"{col}_end"])
    joined = (" " if level == "sentence" else "\n\n").join(t["text"] for t in texts)
    return (link["id"], joined) if joined else None


class _Tables:
    """Translation tables, one per alignment and side of the term, from each alignment's
    confident links (`_LinkTexts`, kept between requests while the alignment is unchanged)."""

    def __init__(self, store: Store, term: kwic.Term) -> None:
        self.store, self.term = store, term
        self.tables: dict[tuple[int, str], kwic.TranslationTable] = {}

    def get(self, alignment: dict[str, Any], side: str) -> kwic.TranslationTable:
        key = (alignment["id"], side)
        if key not in self.tables:
            self.tables[key] = link_texts(self.store, alignment, side).table(self.term)
        return self.tables[key]


@dataclass
class _LinkTexts:
    """An alignment's confident links as the concordance reads them, for one side of a term:
    each link's text on that side (`own`) and on the other (`theirs`), which links hold each
    word of `own` (folded), and in how many links each word key of `theirs` stands.

    Reading and tokenising every link cost seconds a lookup on a long document (17,688 Bible
    verses: 2.4–8.5 s for a rare term); this is built once per alignment and side, and a
    lookup reads only the links that hold its term."""

    own: list[str]
    theirs: list[str]
    holding: dict[str, list[int]]
    vocabulary: list[str]  # the folded words of `own`, sorted (a prefix's words are a range)
    other: Counter[str]

    @classmethod
    def of(cls, pairs: list[tuple[str, str]]) -> _LinkTexts:
        holding: dict[str, list[int]] = {}
        other: Counter[str] = Counter()
        for k, (own, theirs) in enumerate(pairs):
            for word in {t.folded for t in kwic.tokens(own)}:
                holding.setdefault(word, []).append(k)
            other.update({key for _, _, key in kwic.word_keys(theirs)})
        return cls(
            [own for own, _ in pairs], [t for _, t in pairs], holding, sorted(holding), other
        )

    def _with(self, word: str, prefix: bool) -> set[int]:
        if not prefix:
            return set(self.holding.get(word, ()))
        start = bisect.bisect_left(self.vocabulary, word)
        found: set[int] = set()
        for known in itertools.takewhile(
            lambda w: w.startswith(word), itertools.islice(self.vocabulary, start, None)
        ):
            found.update(self.holding[known])
        return found

    def table(self, term: kwic.Term) -> kwic.TranslationTable:
        """The term's table: as `TranslationTable.learn` over every pair, reading only the
        links that hold all of its words (then checked for the phrase in order)."""
        candidates = self._with(term.words[-1], term.prefix)
        for word in term.words[:-1]:
            candidates &= self._with(word, False)
        pair: Counter[str] = Counter()
        with_term = 0
        for k in sorted(candidates):
            if len(term.words) == 1 or kwic.contains_term(self.own[k], term):
                with_term += 1
                pair.update({key for _, _, key in kwic.word_keys(self.theirs[k])})
        return kwic.TranslationTable(term, with_term, pair, self.other)


#: (alignment id, side) -> its link texts; a few long alignments' worth (each holds its links'
#: texts and words: some tens of MB for 20,000 links).
_LINK_TEXTS: StampedCache[_LinkTexts] = StampedCache(4)


def link_texts(store: Store, alignment: dict[str, Any], side: str) -> _LinkTexts:
    """The alignment's `_LinkTexts` for `side`, built again only when its links or its
    versions' texts changed (`alignment_inputs`, a few cheap aggregates)."""
    stamp = store.alignment_inputs(alignment["source_version_id"], alignment["target_version_id"])
    return _LINK_TEXTS.get(
        (alignment["id"], side), stamp, lambda: _LinkTexts.of(_pairs(store, alignment, side))
    )


def _pairs(store: Store, alignment: dict[str, Any], side: str) -> list[tuple[str, str]]:
    """(text on the term's side, text on the other) of each confident link, at sentence level
    where the alignment has sentence links."""
    level = "sentence" if store.has_links(alignment["id"], "sentence") else "paragraph"
    source = [s["text"] for s in store.segments(alignment["source_version_id"], level)]
    target = [s["text"] for s in store.segments(alignment["target_version_id"], level)]
    pairs = []
    for link in store.confident_links(alignment["id"], level, CONFIDENT):
        src = " ".join(source[link["src_start"] : link["src_end"]])
        tgt = " ".join(target[link["tgt_start"] : link["tgt_end"]])
        pairs.append((src, tgt) if side == "source" else (tgt, src))
    return pairs


__all__ = ["MAX_ID", "Concordance", "ConcordanceQuery", "concordance", "parse_concordance"]
