"""Aligning two texts that do not translate each other: time and memory stay bounded.

Usage: python bench/align_unrelated_bench.py [--sizes 2000 5000 10000 20000] [--seed N]

Random paragraphs (a vocabulary of 5,000 made-up words, 5 to 60 words each) on both sides,
so no anchor or learned word links them and the best path keeps running along the edge of
the search band. Before the band was capped (aligner.MAX_BAND_CELLS) it widened towards the
whole n × m matrix. Each size runs in a fresh interpreter, so its peak memory is its own.
Prints a Markdown table: paragraphs a side, seconds, peak MB, beads.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def paragraphs(n: int, rng: random.Random, vocabulary: list[str]) -> list[str]:
    """n paragraphs of random words from `vocabulary`."""
    return [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 60))) + "." for _ in range(n)
    ]


def run(n: int, seed: int) -> dict[str, float]:
    """Align n random paragraphs against n others; seconds, peak MB and bead count."""
    from workbench.align import align

    rng = random.Random(seed)
    letters = "abcdefghijklmnop"
    vocabulary = [
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(5000)
    ]
    src, tgt = paragraphs(n, rng, vocabulary), paragraphs(n, rng, vocabulary)
    started = time.perf_counter()
    beads = align(src, tgt, src_lang="de", tgt_lang="fr")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "seconds": seconds, "peak_mb": peak, "beads": len(beads)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.seed)))
        return
    print("| paragraphs a side | s | peak MB | beads |\n|---:|---:|---:|---:|")
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout)
        print(f"| {n:,} | {row['seconds']:.1f} | {row['peak_mb']:.0f} | {row['beads']:,} |")


if __name__ == "__main__":
    main()
