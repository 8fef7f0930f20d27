"""Word diff and similarity of two long paragraphs: what a compare or edition-diff row costs.

Usage: python bench/diff_bench.py [--sizes 50000,200000,800000] [--code DIR]

Two unlike texts (random words, different draws) and two alike ones (the second with a
sentence inserted in the middle), each size in its own process so that timings are their
own. `--code DIR` runs another checkout's `workbench` (for before/after figures in one run).
Prints a Markdown table: characters a side, seconds for the word diff, for the similarity
given the diff (as the compare page asks), and for the similarity alone.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def texts(size: int, alike: bool) -> tuple[str, str]:
    draw = random.Random(size)
    a = " ".join(draw.choice(WORDS) for _ in range(size // 6))
    if alike:
        middle = len(a) // 2
        return a, a[:middle] + " A sentence put in here. " + a[middle:]
    return a, " ".join(draw.choice(WORDS) for _ in range(size // 6))


def measure(size: int, alike: bool) -> dict:
    from workbench import diff

    a, b = texts(size, alike)
    t0 = time.perf_counter()
    changes = diff.word_diff(a, b)
    t1 = time.perf_counter()
    try:
        given = diff.similarity(a, b, changes)
    except TypeError:  # code before similarity took the diff
        given = diff.similarity(a, b)
    t2 = time.perf_counter()
    diff.similarity(a, b)
    t3 = time.perf_counter()
    return {
        "chars": len(a),
        "alike": alike,
        "diff_s": t1 - t0,
        "similarity_given_s": t2 - t1,
        "similarity_alone_s": t3 - t2,
        "similarity": round(given, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50000,200000,800000")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose workbench to time")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        sys.path.insert(0, str(args.code))
        size, alike = args.one.split(":")
        print(json.dumps(measure(int(size), alike == "1")))
        return
    print("| chars a side | texts | word diff s | similarity (diff given) s | similarity alone s |")
    print("|---:|---|---:|---:|---:|")
    for size in map(int, args.sizes.split(",")):
        for alike in (True, False):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--code",
                    str(args.code),
                    "--one",
                    f"{size}:{int(alike)}",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"| {r['chars']:,} | {'alike' if alike else 'unlike'} | {r['diff_s']:.2f}"
                f" | {r['similarity_given_s']:.2f} | {r['similarity_alone_s']:.2f} |"
            )


if __name__ == "__main__":
    main()
