"""Huge one-line files: what importing, aligning, checking and reviewing them costs.

A file of one line holds one paragraph, however long it is. Each case is generated
(deterministic), imported as a document's source (`--lang en`) and again as its translation
(`--lang sq`), aligned, checked (`workbench qa`) and its review page requested once, each step
in a process of its own through the real CLI (the review page through the Flask test client),
so that every step's wall time and peak memory (the child's own maximum resident set) are its
own. A step that is refused (exit code 2) ends its case; so does one that fails, is killed
past the memory cap or runs out of time.

Cases: one line of words and no sentence punctuation ("word word …"); one line of sentences
("The delegation arrived in Moscow on 4 May 1961. ", day and year varying); the same sentences
as a book of paragraphs of five sentences; and both one-line kinds at the paragraph limit
(`services.MAX_PARAGRAPH_CHARS`, 1,000,000 characters).

    .venv/bin/python bench/import_huge_bench.py [--mb 50] [--cases words,sentences,book,...]
        [--code DIR] [--timeout 1800] [--memory-cap-gb 16]

`--code DIR` runs the workbench package found in DIR instead of this checkout's (how the
"before" figures were taken: `git archive 6723485 workbench templates | tar -x -C DIR`).

Before this change (commit 6723485) the one-line files of 50 MB were stored, and aligning and
checking them did not end: the "before" columns (BEFORE below) were taken by this script with
`--code` on an export of that commit, `--timeout 900 --memory-cap-gb 16`, on this 2-core
machine. Without a cap, aligning the one line of sentences (the same sentence repeated) was
killed by the kernel at 187 s and 23.2 GB; with the old code, QA of a 5 MB one-line pair took
718 s (quadratic: 500 KB took 6.4 s), and aligning a 5 MB book of one paragraph repeated
(109,000 sentences) 387 s and 2.7 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH_LIMIT = 1_000_000  # services.MAX_PARAGRAPH_CHARS (not imported: --code may be older)

#: (case, step) -> (seconds, peak MB, result) measured with `--code` on commit 6723485
#: (the code before this change), --mb 50, --timeout 1800, --memory-cap-gb 16.
BEFORE: dict[tuple[str, str], tuple[float, float, str]] = {
    ("words", "import source"): (10.7, 557, "ok"),
    ("words", "import translation"): (11.4, 556, "ok"),
    ("words", "align"): (80.3, 1072, "ok"),
    ("words", "qa"): (900.2, 3849, "not finished in 900 s"),
    ("sentences", "import source"): (25.9, 588, "ok"),
    ("sentences", "import translation"): (27.5, 586, "ok"),
    ("sentences", "align"): (137.4, 12960, "out of memory (cap 16 GB)"),
    ("book", "import source"): (35.2, 468, "ok"),
    ("book", "import translation"): (41.1, 467, "ok"),
    ("book", "align"): (900.1, 4566, "not finished in 900 s"),
    ("words-at-limit", "import source"): (0.6, 56, "ok"),
    ("words-at-limit", "import translation"): (0.5, 55, "ok"),
    ("words-at-limit", "align"): (1.7, 70, "ok"),
    ("words-at-limit", "qa"): (22.9, 201, "ok"),
    ("words-at-limit", "review page"): (3.5, 154, "ok, page 2,018,514 bytes in 2.3 s"),
    ("sentences-at-limit", "import source"): (0.8, 59, "ok"),
    ("sentences-at-limit", "import translation"): (0.9, 58, "ok"),
    ("sentences-at-limit", "align"): (14.5, 397, "ok"),
    ("sentences-at-limit", "qa"): (10.8, 169, "ok"),
    ("sentences-at-limit", "review page"): (4.1, 153, "ok, page 2,018,438 bytes in 2.7 s"),
}


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float
    result: str  # "ok…", "refused: …", "failed: …", "out of memory …", "not finished …"

    @property
    def ok(self) -> bool:
        return self.result.startswith("ok")


def sentence(k: int) -> str:
    """The k-th sentence: its numbers vary (anchors for the aligner, as real text has)."""
    return f"The delegation arrived in Moscow on {k % 28 + 1} May {1900 + k % 97}. "


def fill(size: int, unit: int, separator: str) -> str:
    """At most `size` characters of runs of `unit` whole sentences, each ended by
    `separator` (a space: one line; a blank line: a book of paragraphs)."""
    out, length, k = [], 0, 0
    while True:
        part = "".join(sentence(k + i) for i in range(unit)).rstrip() + separator
        if length + len(part) > size:
            return "".join(out)
        out.append(part)
        length += len(part)
        k += unit


def make_file(case: str, mb: float, folder: Path) -> Path:
    """The case's text file (ASCII, so bytes and characters count alike)."""
    size = int(mb * 2**20)
    if case == "words":
        text = ("word " * (size // 5 + 1))[:size]
    elif case == "sentences":
        text = fill(size, 1, " ")
    elif case == "book":
        text = fill(size, 5, "\n\n")
    elif case == "words-at-limit":
        text = ("word " * (PARAGRAPH_LIMIT // 5 + 1))[:PARAGRAPH_LIMIT]
    elif case == "sentences-at-limit":
        text = fill(PARAGRAPH_LIMIT, 1, " ")
    else:
        raise SystemExit(f"error: unknown case {case!r}")
    path = folder / f"{case}.txt"
    path.write_text(text, "ascii")
    return path


REVIEW = """
import sys, time
from workbench import users
from workbench.store import Store
from workbench.web import create_app

db, alignment = sys.argv[1], int(sys.argv[2])
store = Store(db)
users.add_user(store, "bench", "reviewer", "bench-password", by="bench")
store.close()
app = create_app({"TESTING": True, "DATABASE": db})
client = app.test_client()
page = client.get("/login").get_data(as_text=True)
marker = 'name="csrf-token" content="'
token = page[page.index(marker) + len(marker):].split('"', 1)[0]
client.post("/login", data={"username": "bench", "password": "bench-password",
                            "csrf_token": token})
t0 = time.perf_counter()
response = client.get(f"/alignments/{alignment}/review")
print(f"page {len(response.data):,} bytes in {time.perf_counter() - t0:.1f} s")
sys.exit(0 if response.status_code == 200 else 1)
"""


def run(argv: list[str], code: Path, timeout: float, cap_gb: float) -> Step:
    """One step in a child process: its wall time, its own peak RSS (`os.wait4` reports the
    child's alone) and how it ended. Its address space is capped, so that a step that would
    take the machine's memory fails instead."""
    cap = int(cap_gb * 2**30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *argv],
            env={**os.environ, "PYTHONPATH": str(code)},
            cwd=code,  # `python -c` looks in the working folder first
            stdout=out,
            stderr=err,
            preexec_fn=limit,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        exit_code = os.waitstatus_to_exitcode(status)
        child.returncode = exit_code  # reaped here: Popen must not wait for it again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak = usage.ru_maxrss / 1024
    last = (stderr.strip().splitlines() or [""])[-1]
    if timed_out:
        result = f"not finished in {timeout:,.0f} s"
    elif exit_code == 0:
        result = "ok" + (f", {stdout.strip()}" if stdout.strip().startswith("page") else "")
    elif exit_code == 2 and last.startswith("error:"):
        result = "refused: " + last[len("error: ") :]
    elif "MemoryError" in stderr or exit_code < 0:
        result = f"out of memory (cap {cap_gb:g} GB)"
    else:
        result = f"failed: {last[:200]}"
    return Step("", seconds, peak, result)


def cli(*args: str) -> list[str]:
    return ["-c", "from workbench.cli import main; main()", *args]


def run_case(
    case: str, mb: float, code: Path, timeout: float, cap_gb: float
) -> tuple[list[Step], float]:
    """Import twice, align, check, review: the steps until one does not end well."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_file(case, mb, folder)
        db = str(folder / "bench.db")
        init = run(cli("--db", db, "init"), code, timeout, cap_gb)
        if not init.ok:
            raise SystemExit(f"error: init failed: {init.result}")
        done: list[Step] = []
        for name, argv in (
            ("import source", cli("--db", db, "import", str(path), "--lang", "en")),
            (
                "import translation",
                cli("--db", db, "import", str(path), "--document", "1", "--lang", "sq"),
            ),
            ("align", cli("--db", db, "align", "--document", "1")),
            ("qa", cli("--db", db, "qa", "1")),
            ("review page", ["-c", REVIEW, db, "1"]),
        ):
            step = run(argv, code, timeout, cap_gb)
            step.name = name
            done.append(step)
            if not step.ok:
                break
        return done, path.stat().st_size / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the words/sentences/book files")
    ap.add_argument("--cases", default="words,sentences,book,words-at-limit,sentences-at-limit")
    ap.add_argument("--code", type=Path, default=ROOT, help="folder holding the workbench package")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds a step may take")
    ap.add_argument("--memory-cap-gb", type=float, default=16.0, help="address space per step")
    args = ap.parse_args()
    print("| case | MB | step | s | peak MB | result | before s | before peak MB | before |")
    print("|---|---:|---|---:|---:|---|---:|---:|---|")
    for case in args.cases.split(","):
        steps, size = run_case(case, args.mb, args.code.resolve(), args.timeout, args.memory_cap_gb)
        for step in steps:
            before = BEFORE.get((case, step.name))
            was = (f"{before[0]:.1f}", f"{before[1]:,.0f}", before[2]) if before else ("", "", "")
            print(
                f"| {case} | {size:.1f} | {step.name} | {step.seconds:.1f} | {step.peak_mb:,.0f} |"
                f" {_short(step.result)} | {was[0]} | {was[1]} | {_short(was[2])} |",
                flush=True,
            )


def _short(result: str, width: int = 90) -> str:
    return result if len(result) <= width else result[: width - 1] + "…"


if __name__ == "__main__":
    main()
