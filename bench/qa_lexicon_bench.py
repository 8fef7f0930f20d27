"""QA's word table: how long learning it takes on whole chapters (`qa.coverage.learn`).

Each document is a book of the Bible by chapter (Albanian and Russian against the ASV, one
pair per gold paragraph bead, as the demo's Mark). With `--code DIR` the same is timed with
the workbench package found in DIR (`git archive COMMIT workbench | tar -x -C DIR`), the two
interleaved round by round in fresh processes, so that both see the same machine. Each process
learns each table `--repeat` times in a row: the first call, and the median of the calls after
it, as a server that checks a document again after every change makes them.

    .venv/bin/python bench/qa_lexicon_bench.py [--corpora PATH] [--rounds 5] [--code DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [("MRK", "sq-alb"), ("GEN", "sq-alb"), ("MRK", "ru-synodal"), ("GEN", "ru-synodal")]

CHILD = """
import ast, json, sys, time
sys.path.insert(0, sys.argv[4])  # before the current folder, which `-c` puts first
from pathlib import Path
from workbench.qa import Pair, coverage
bible = Path(sys.argv[1])
out = {}
for book, tag in json.loads(sys.argv[2]):
    def blocks(name):
        return [p.strip() for p in (bible / name).read_text().split("\\n\\n") if p.strip()]
    src, tgt = blocks(f"{book}.{tag}.paras.txt"), blocks(f"{book}.en-asv.paras.txt")
    gold = (bible / f"{book}.{tag}_en-asv.paras.gold").read_text().splitlines()
    beads = [[ast.literal_eval(side) for side in line.split(":")] for line in gold]
    join = "\\n\\n".join
    pairs = [Pair(join(src[i] for i in s), join(tgt[j] for j in t)) for s, t in beads]
    took = []
    for _ in range(int(sys.argv[3])):
        start = time.perf_counter()
        coverage.learn(pairs)
        took.append(time.perf_counter() - start)
    out[f"{book} {tag}"] = [len(pairs), took]
print(json.dumps(out))
"""


def timed(code: Path, bible: Path, repeat: int) -> dict[str, list]:
    """One round in a fresh interpreter running the package under `code`: each document's
    pair count and the seconds of `repeat` calls in a row."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(bible), json.dumps(DOCUMENTS), str(repeat), str(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5, help="calls in a row in one process")
    ap.add_argument("--code", type=Path, help="another checkout's folder, timed alongside")
    args = ap.parse_args()
    bible = args.corpora / "bible"
    if not bible.is_dir():
        ap.error(f"--corpora {args.corpora}: no bible folder there")
    codes = {"this": ROOT} | ({"--code": args.code} if args.code else {})
    first: dict[str, dict[str, list[float]]] = {name: {} for name in codes}
    again: dict[str, dict[str, list[float]]] = {name: {} for name in codes}
    sizes: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, code in codes.items():
            for document, (pairs, took) in timed(code, bible, args.repeat).items():
                sizes[document] = int(pairs)
                first[name].setdefault(document, []).append(took[0])
                again[name].setdefault(document, []).extend(took[1:])
    cols = [f"{name} {kind}" for name in codes for kind in ("first call s", "calls after s")]
    print("| document | pairs | " + " | ".join(cols) + " |")
    print("|---|---:|" + "---:|" * len(cols))
    for document, pairs in sizes.items():
        cells = []
        for name in codes:
            for table in (first, again):
                values = table[name].get(document) or [float("nan")]
                cells.append(f"{statistics.median(values):.2f}")
        print(f"| {document} by chapter | {pairs} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
