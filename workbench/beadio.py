"""The bead text format of vecalign and ../shared/corpora: `[1, 2]:[1]`, one bead per line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from workbench.errors import InputError

_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def format_bead(src: Sequence[int], tgt: Sequence[int]) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def parse_beads(text: str) -> list[tuple[list[int], list[int]]]:
    """Parse bead lines; blank lines are skipped, anything else is an InputError."""
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _BEAD.match(line)
        if not match:
            raise InputError(f"line {number} is not a bead like [0]:[0, 1]: {line[:60]!r}")
        src, tgt = ([int(x) for x in part.split(",") if x.strip()] for part in match.groups())
        beads.append((src, tgt))
    return beads


def write_beads(
    beads: Iterable[Any], output: str, src: Sequence[str] = (), tgt: Sequence[str] = ()
) -> str:
    """Beads as `beads` lines, `tsv` (ids, confidence, texts) or `json`."""
    beads = list(beads)
    if output == "beads":
        return "".join(format_bead(b.src, b.tgt) + "\n" for b in beads)
    if output == "tsv":
        lines = ["source\ttarget\tconfidence\tsource_text\ttarget_text"]
        for b in beads:
            lines.append(
                "\t".join(
                    [
                        ",".join(map(str, b.src)),
                        ",".join(map(str, b.tgt)),
                        f"{b.confidence:.3f}",
                        _tsv_field(" ".join(src[i] for i in b.src)),
                        _tsv_field(" ".join(tgt[i] for i in b.tgt)),
                    ]
                )
            )
        return "\n".join(lines) + "\n"
    if output == "json":
        rows = [
            {
                "source": list(b.src),
                "target": list(b.tgt),
                "score": b.score,
                "confidence": b.confidence,
                "reasons": list(b.reasons),
            }
            for b in beads
        ]
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    raise InputError(f"unknown output format '{output}'")


#: A TSV field holds no tab or line break: they are written as escapes, and so is the
#: backslash that starts one (as PostgreSQL's COPY and "linear TSV" do), so that a line of
#: verse or a tab inside a paragraph keeps its row and can be read back exactly.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_field(text: str) -> str:
    return text.translate(_TSV_ESCAPES)
