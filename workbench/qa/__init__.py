"""Automatic QA checks on aligned pairs: pure functions, no Flask, no database.

Each check takes one `Pair` and the document's `Context` and returns `Finding`s; `run` applies
every check to every pair of a document, and `recheck` does the same after a change while
running again only what the change can affect. The findings service (workbench/findings.py)
builds the pairs from a stored alignment, fills in paragraph positions and applies dismissals.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from workbench.qa.consistency import check_consistency
from workbench.qa.context import Context, LengthModel, build_context
from workbench.qa.coverage import Lexicon, learn
from workbench.qa.model import REPORT_CONFIDENCE, SEVERITIES, Finding, Pair, Term, severity_rank
from workbench.qa.names import check_names
from workbench.qa.numbers import check_numbers
from workbench.qa.omission import check_omission
from workbench.qa.terms import check_glossary
from workbench.qa.typography import (
    RUN_ON,
    check_brackets,
    check_final_punctuation,
    check_repeated_words,
    check_spacing,
)
from workbench.qa.untranslated import check_untranslated

Check = Callable[[Pair, Context], list[Finding]]

#: Every check, in the order their findings are listed for a pair.
CHECKS: dict[str, Check] = {
    "omission": check_omission,
    "untranslated": check_untranslated,
    "numbers": check_numbers,
    "names": check_names,
    "glossary": check_glossary,
    "inconsistency": check_consistency,
    "brackets": check_brackets,
    "final-punctuation": check_final_punctuation,
    "spacing": check_spacing,
    "repeated-word": check_repeated_words,
}

#: What a check reads besides its own pair (texts, sentence counts) and the languages:
#: nothing; the targets of the pairs up to typography.RUN_ON away (a quotation or a
#: parenthesis running on over several verses); the glossary; or models learned from every
#: pair of the document (length and clause-mark norms, the word table, names, the sentence
#: alignment, repeated texts). `recheck` reuses a check's findings on a pair while what it
#: reads is unchanged, so a check missing here counts as reading the whole document.
PAIR, NEIGHBOURS, GLOSSARY, DOCUMENT = "pair", "neighbours", "glossary", "document"
READS: dict[str, str] = {
    "omission": DOCUMENT,
    "untranslated": PAIR,
    "numbers": PAIR,
    "names": DOCUMENT,
    "glossary": GLOSSARY,
    "inconsistency": DOCUMENT,
    "brackets": NEIGHBOURS,
    "final-punctuation": PAIR,
    "spacing": PAIR,
    "repeated-word": PAIR,
}

#: One pair as the checks see it: source, target and their sentence counts.
PairKey = tuple[str, str, int | None, int | None]


def check_pair(
    pair: Pair,
    ctx: Context,
    checks: Sequence[str] | None = None,
    min_confidence: float = REPORT_CONFIDENCE,
) -> list[Finding]:
    """Every (or the named) check on one pair; findings carry the pair's index.

    Findings with weaker evidence than `min_confidence` are left out (0 keeps them all).
    """
    findings = []
    one_sided = not pair.source.strip() or not pair.target.strip()
    for name, check in CHECKS.items():
        if checks is not None and name not in checks:
            continue
        if one_sided and name != "omission":
            continue  # a 1-0 / 0-1 link is one finding, not one per number or name
        for finding in check(pair, ctx):
            if finding.confidence < min_confidence:
                continue
            finding.pair = pair.index
            findings.append(finding)
    return findings


def _indexed(pairs: Sequence[Pair]) -> list[Pair]:
    """The pairs with `Pair.index` set to each pair's position (checks find neighbours by it)."""
    return [
        p if p.index == i else Pair(p.source, p.target, i, p.source_sentences, p.target_sentences)
        for i, p in enumerate(pairs)
    ]


def run(
    pairs: Sequence[Pair],
    src_lang: str | None,
    tgt_lang: str | None,
    glossary: Sequence[Term] = (),
    checks: Sequence[str] | None = None,
    min_confidence: float = REPORT_CONFIDENCE,
    lexicon: Lexicon | None = None,
) -> list[Finding]:
    """Check a whole document: pairs in order, `Pair.index` set to each pair's position.

    Only findings with at least `min_confidence` are returned (0: every finding). `lexicon`:
    the document's word-translation table if already learned (see `build_context`).
    """
    indexed = _indexed(pairs)
    ctx = build_context(indexed, src_lang, tgt_lang, glossary, lexicon)
    return [f for pair in indexed for f in check_pair(pair, ctx, checks, min_confidence)]


# -- checking a changed document again -----------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What one `recheck` found, per check and pair, and what that was computed from; the
    next `recheck` of the same document takes over every result whose inputs are unchanged.

    `results` maps (check, key of what it read) to the check's findings on that pair; they are
    never handed out, only copies of them. `models` holds the document-wide models last
    learned for this document (`LEARNED`): after a text change the next ones are learned from
    their per-pair pieces, recomputing only those whose inputs changed.
    """

    languages: tuple[str | None, str | None]
    document: tuple[PairKey, ...]
    glossary: tuple[Term, ...]
    results: dict[tuple[str, Hashable], tuple[Finding, ...]] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)


#: The document-wide models (`Context.cached` names) a re-check learns from the last ones'
#: per-pair pieces instead of from scratch: the word table (coverage.learn) and the names
#: (names._document).
LEARNED = ("lexicon", "names")


def recheck(
    pairs: Sequence[Pair],
    src_lang: str | None,
    tgt_lang: str | None,
    glossary: Sequence[Term] = (),
    previous: Checked | None = None,
) -> tuple[list[Finding], Checked]:
    """What `run` finds (default checks and confidence), running again only the checks whose
    inputs changed since `previous`, the last `Checked` of this document: after a revised
    paragraph, its pair's own checks, its neighbours' bracket checks and the checks that read
    the whole document; after a glossary change, the glossary check; after a change no check
    reads (a link confirmed, a sentence link moved), none. Returns the findings and the state
    to pass next time."""
    indexed = _indexed(pairs)
    document = tuple(map(_pair_key, indexed))
    state = Checked((src_lang, tgt_lang), document, tuple(glossary))
    usable = _usable(previous, state)
    # models of the same languages only: the names model reads them (German nouns)
    models = previous.models if previous and previous.languages == state.languages else {}
    ctx: Context | None = None
    found: list[Finding] = []
    for pair in indexed:
        for name in CHECKS:
            reads = READS.get(name, DOCUMENT)
            key = (name, _input_key(reads, document, pair.index))
            hit = usable[reads].get(key)
            if hit is None:
                if ctx is None:  # built as `run` builds it, and only when something runs
                    ctx = build_context(indexed, src_lang, tgt_lang, glossary, previous=models)
                hit = tuple(check_pair(pair, ctx, [name]))
            state.results[key] = hit
            found += [replace(f, pair=pair.index) for f in hit]
    learned = {} if ctx is None else {k: ctx._cache[k] for k in LEARNED if k in ctx._cache}
    # a model not learned this time stays as a source of pieces (each is keyed by its inputs)
    state.models.update({**models, **learned})
    return found, state


def _pair_key(pair: Pair) -> PairKey:
    return (pair.source, pair.target, pair.source_sentences, pair.target_sentences)


def _usable(
    previous: Checked | None, state: Checked
) -> dict[str, dict[tuple[str, Hashable], tuple[Finding, ...]]]:
    """Per kind of input, the previous results still valid: those of checks reading the
    glossary only with the same glossary, those reading the document only with the same
    document; none at all after a change of languages."""
    if previous is None or previous.languages != state.languages:
        return {reads: {} for reads in (PAIR, NEIGHBOURS, GLOSSARY, DOCUMENT)}
    same_glossary = previous.glossary == state.glossary
    same_document = previous.document == state.document
    return {
        PAIR: previous.results,
        NEIGHBOURS: previous.results,
        GLOSSARY: previous.results if same_glossary else {},
        DOCUMENT: previous.results if same_document else {},
    }


def _input_key(reads: str, document: tuple[PairKey, ...], index: int) -> Hashable:
    """What a check of this kind read on the pair at `index`, beyond what `_usable` gates."""
    if reads in (PAIR, GLOSSARY):
        return document[index]
    if reads == NEIGHBOURS:
        near = range(index - RUN_ON, index + RUN_ON + 1)
        return document[index], tuple(
            document[j][1] if 0 <= j < len(document) else None for j in near
        )
    return index  # the whole document, unchanged: the pair is known by its position


__all__ = [
    "CHECKS",
    "READS",
    "REPORT_CONFIDENCE",
    "SEVERITIES",
    "Checked",
    "Context",
    "Finding",
    "LengthModel",
    "Lexicon",
    "Pair",
    "Term",
    "build_context",
    "check_pair",
    "learn",
    "recheck",
    "run",
    "severity_rank",
]
