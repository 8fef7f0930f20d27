"""Importing a translation memory (TMX): what linking the sentences inside its units costs.

A bilingual file's import stores its paragraph links and links the sentences inside each of
them (`services._sentence_links`). Each case is a generated TMX (deterministic, Albanian to
English, numbers varying as real text has them) imported into a fresh database through the real
CLI, in a process of its own (its wall time and its own peak resident memory).

    .venv/bin/python bench/import_tmx_bench.py [--cases 20000x1,2000x3] [--code DIR]
        [--timeout 1800]

A case `NxK` is N units of K sentences a side; `NxKc`, the same with a reviewer's comment
(a <note>) on every unit, which the import raises as a flag each. `--code DIR` runs the
workbench package found in DIR instead of this checkout's (`git archive COMMIT workbench
templates | tar -x -C DIR`), for "before" figures.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from import_huge_bench import ROOT, cli, run

SQ = [
    "delegacioni",
    "arriti",
    "në",
    "Moskë",
    "dhe",
    "takoi",
    "shokët",
    "e",
    "partisë",
    "së",
    "komitetit",
    "qendror",
]
EN = [
    "the",
    "delegation",
    "arrived",
    "in",
    "Moscow",
    "and",
    "met",
    "the",
    "comrades",
    "of",
    "the",
    "central",
    "committee",
]


def unit_text(words: list[str], rng: random.Random, unit: int, sentences: int) -> str:
    return " ".join(
        " ".join(rng.choice(words) for _ in range(9)).capitalize()
        + f" {1900 + (unit * 7 + k) % 97}."
        for k in range(sentences)
    )


def make_tmx(units: int, sentences: int, folder: Path, comments: bool = False) -> Path:
    rng = random.Random(units * 10 + sentences)
    body = []
    for u in range(units):
        sq, en = unit_text(SQ, rng, u, sentences), unit_text(EN, rng, u, sentences)
        note = (
            f"<note>Check the year against the original, unit {u + 1}.</note>" if comments else ""
        )
        body.append(
            f'<tu>{note}<tuv xml:lang="sq"><seg>{sq}</seg></tuv>'
            f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        )
    path = folder / f"memory-{units}x{sentences}{'c' if comments else ''}.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="sq"'
        ' datatype="plaintext"/><body>\n' + "\n".join(body) + "\n</body></tmx>\n",
        "utf-8",
    )
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="20000x1,2000x3,20000x3")
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    ap.add_argument("--timeout", type=float, default=1800.0)
    args = ap.parse_args()
    print("| units × sentences a side | MB | s | peak MB | result |")
    print("|---|---:|---:|---:|---|")
    for case in args.cases.split(","):
        comments = case.endswith("c")
        units, sentences = (int(x) for x in case.removesuffix("c").split("x"))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            path = make_tmx(units, sentences, folder, comments)
            db = str(folder / "bench.db")
            init = run(cli("--db", db, "init"), args.code, args.timeout, 16)
            if not init.ok:
                raise SystemExit(f"error: init failed: {init.result}")
            step = run(cli("--db", db, "import", str(path)), args.code, args.timeout, 16)
            mb = path.stat().st_size / 2**20
            label = f"{units:,} × {sentences}" + (", a comment each" if comments else "")
            print(
                f"| {label} | {mb:.1f} | {step.seconds:.1f} | {step.peak_mb:.0f} | {step.result} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
