"""What a check sees (one aligned pair and a per-document context) and what it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Ordered from least to most serious; `--fail-on` compares by this order.
SEVERITIES = ("minor", "major", "critical")
Span = tuple[int, int]
#: Findings whose evidence is weaker than this are not reported (see `Finding.confidence`).
REPORT_CONFIDENCE = 0.5


def severity_rank(severity: str) -> int:
    """Position of a severity in SEVERITIES (ValueError for an unknown one)."""
    return SEVERITIES.index(severity)


@dataclass
class Finding:
    """One problem an automatic check reports on one aligned pair.

    Spans are [start, end) character offsets into the pair's texts (a pair's text is its
    paragraphs joined with a blank line). `confidence` (0-1) is how strong the check's evidence
    is: a number swapped for another is near certain, a year a translator left out is not;
    `run` reports findings from REPORT_CONFIDENCE up. `source`/`target` (0-based paragraph
    positions), `link` and `key` are filled in by the service that knows where the pair comes from.
    """

    check: str
    severity: str
    message: str
    source_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)
    pair: int | None = None
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    link: int | None = None
    key: str = ""
    confidence: float = 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "confidence": round(self.confidence, 2),
            "link": self.link,
            "source": list(self.source),
            "target": list(self.target),
            "source_spans": [list(s) for s in self.source_spans],
            "target_spans": [list(s) for s in self.target_spans],
        }


@dataclass(frozen=True)
class Pair:
    """The texts of one link: each side's paragraphs joined by a blank line.

    Sentence counts come from the stored segmentation when there is one (None: split here).
    """

    source: str
    target: str
    index: int = 0
    source_sentences: int | None = None
    target_sentences: int | None = None


@dataclass(frozen=True)
class Term:
    """One glossary entry as the glossary check needs it."""

    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    note: str | None = None
