"""The numbers check on one long paragraph: how its time grows with the paragraph's length.

Usage: python bench/qa_numbers_bench.py [--sizes 1000,2000,4000,32000] [--code DIR]

A German list of numbered points ("Punkt 7) erledigt und weiter") against its English
translation, n points a side, each size in its own process. `--code DIR` runs another
checkout's `workbench` (before/after figures in one run). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(points: int) -> dict:
    from workbench.qa import Pair, run

    source = " ".join(f"Punkt {i % 50 + 1}) erledigt und weiter" for i in range(points))
    target = " ".join(f"Point {i % 50 + 1}) done and further" for i in range(points))
    started = time.perf_counter()
    findings = run([Pair(source, target)], "de", "en", checks=["numbers"])
    return {
        "points": points,
        "chars": len(source),
        "seconds": time.perf_counter() - started,
        "findings": len(findings),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,2000,4000,32000")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code is timed")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    print("| points | chars a side | seconds | findings |")
    print("|---:|---:|---:|---:|")
    for size in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(args.code.resolve()), "PATH": "/usr/bin:/bin"},
        )
        row = json.loads(out.stdout)
        cells = [f"{row['points']:,}", f"{row['chars']:,}", f"{row['seconds']:.2f}"]
        print("| " + " | ".join([*cells, str(row["findings"])]) + " |")


if __name__ == "__main__":
    main()
