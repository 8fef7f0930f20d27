"""Aligning a document of many paragraphs: what solving sentences inside regions costs.

A document is aligned both ways (`align_document`): paragraph-first aligns the paragraphs and
then the sentences inside each paragraph link, sentence-first aligns all sentences and derives
the paragraphs; re-aligning with links a person confirmed solves the sentences between and
inside them. Each of those solves many small regions. The text is Text+Berg dev (German–French,
from `--corpora`) repeated 1, 10 and 20 times and cut into paragraphs of three gold beads a
side; "kept" re-aligns with every fifth paragraph link of the first result confirmed. Each case
runs in a process of its own (wall time, peak resident memory).

    .venv/bin/python bench/align_document_bench.py [--corpora PATH] [--times 1,10,20]
        [--code DIR]

`--code DIR` runs the workbench package found in DIR (`git archive COMMIT workbench templates |
tar -x -C DIR`), for "before" figures.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def paragraphs(corpora: Path, times: int) -> tuple[list[list[str]], list[list[str]]]:
    """Text+Berg dev repeated, three gold beads to a paragraph on each side."""
    base = corpora / "textberg-dev"
    de = (base / "dev.de").read_text("utf-8").split("\n")
    fr = (base / "dev.fr").read_text("utf-8").split("\n")
    gold = []
    for line in (base / "dev.defr").read_text("utf-8").splitlines():
        src, tgt = line.split(":")
        gold.append((ast.literal_eval(src), ast.literal_eval(tgt)))
    sp, tp = [], []
    for _ in range(times):
        for k in range(0, len(gold), 3):
            group = gold[k : k + 3]
            src = sorted(i for s, _ in group for i in s)
            tgt = sorted(j for _, t in group for j in t)
            if src:
                sp.append([de[i] for i in src])
            if tgt:
                tp.append([fr[j] for j in tgt])
    return sp, tp


def run_case(corpora: Path, times: int, kept: bool) -> dict:
    from workbench.align import align_document

    sp, tp = paragraphs(corpora, times)
    keep = []
    if kept:
        first = align_document(sp, tp, src_lang="de", tgt_lang="fr")
        keep = [(b.src, b.tgt) for k, b in enumerate(first.paragraphs) if k % 5 == 2]
        keep = [(s, t) for s, t in keep if s and t]
    t0 = time.perf_counter()
    result = align_document(sp, tp, src_lang="de", tgt_lang="fr", keep_paragraphs=keep)
    return {
        "paragraphs": f"{len(sp):,}×{len(tp):,}",
        "sentences": f"{sum(map(len, sp)):,}×{sum(map(len, tp)):,}",
        "kept": len(keep),
        "method": result.method,
        "seconds": time.perf_counter() - t0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--times", default="1,10,20")
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (args.corpora / "textberg-dev").is_dir():
        ap.error(f"--corpora {args.corpora}: no textberg-dev folder there")
    if args.case:
        times, kept = args.case.split(":")
        print(json.dumps(run_case(args.corpora, int(times), kept == "kept")))
        return
    print("| text | paragraphs | sentences | kept links | chosen | s | peak MB |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for times in (int(x) for x in args.times.split(",")):
        for kept in ("none", "kept"):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--corpora",
                    str(args.corpora),
                    "--case",
                    f"{times}:{kept}",
                ],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(args.code)},
            )
            r = json.loads(out.stdout)
            print(
                f"| Text+Berg dev ×{times} | {r['paragraphs']} | {r['sentences']} | {r['kept']:,}"
                f" | {r['method']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
