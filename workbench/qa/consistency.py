"""Inconsistency: the same source text translated differently, or different sources alike.

Texts are compared after normalising case, punctuation and spacing; very short segments
(headings, "Amen.") are ignored because they legitimately recur with different renderings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from workbench.qa.context import Context
from workbench.qa.model import Finding, Pair
from workbench.qa.untranslated import normalise

MIN_WORDS = 4
MIN_CHARS = 20


def _key(text: str) -> str | None:
    norm = normalise(text)
    if len(norm.split()) < MIN_WORDS or len(norm) < MIN_CHARS:
        return None
    return norm


@dataclass
class _Index:
    by_source: dict[str, set[str]]
    by_target: dict[str, set[str]]


def _index(ctx: Context) -> _Index:
    by_source: dict[str, set[str]] = defaultdict(set)
    by_target: dict[str, set[str]] = defaultdict(set)
    for pair in ctx.pairs:
        s, t = _key(pair.source), _key(pair.target)
        if s and t:
            by_source[s].add(t)
            by_target[t].add(s)
    return _Index(by_source, by_target)


def check_consistency(pair: Pair, ctx: Context) -> list[Finding]:
    """Report a pair whose source (or target) has other counterparts elsewhere in the document."""
    s, t = _key(pair.source), _key(pair.target)
    if not s or not t:
        return []
    index: _Index = ctx.cached("consistency", _index)
    findings = []
    variants = len(index.by_source.get(s, ()))
    if variants > 1:
        findings.append(
            Finding(
                "inconsistency",
                "minor",
                f"the same source text has {variants} different translations in this document",
            )
        )
    sources = len(index.by_target.get(t, ()))
    if sources > 1:
        findings.append(
            Finding(
                "inconsistency",
                "minor",
                f"the same translation stands for {sources} different source texts",
            )
        )
    return findings
