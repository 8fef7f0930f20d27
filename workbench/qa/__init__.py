"""Automatic QA checks on aligned pairs: pure functions, no Flask, no database.

Each check takes one `Pair` and the document's `Context` and returns `Finding`s; `run` applies
every check to every pair of a document. The findings service (workbench/findings.py) builds
the pairs from a stored alignment, fills in paragraph positions and applies dismissals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workbench.qa.consistency import check_consistency
from workbench.qa.context import Context, LengthModel, build_context
from workbench.qa.coverage import Lexicon, learn
from workbench.qa.model import REPORT_CONFIDENCE, SEVERITIES, Finding, Pair, Term, severity_rank
from workbench.qa.names import check_names
from workbench.qa.numbers import check_numbers
from workbench.qa.omission import check_omission
from workbench.qa.terms import check_glossary
from workbench.qa.typography import (
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
    indexed = [
        p if p.index == i else Pair(p.source, p.target, i, p.source_sentences, p.target_sentences)
        for i, p in enumerate(pairs)
    ]
    ctx = build_context(indexed, src_lang, tgt_lang, glossary, lexicon)
    return [f for pair in indexed for f in check_pair(pair, ctx, checks, min_confidence)]


__all__ = [
    "CHECKS",
    "REPORT_CONFIDENCE",
    "SEVERITIES",
    "Context",
    "Finding",
    "LengthModel",
    "Lexicon",
    "Pair",
    "Term",
    "build_context",
    "check_pair",
    "learn",
    "run",
    "severity_rank",
]
