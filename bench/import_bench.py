"""Import benchmark: a book-length plain text into a fresh SQLite file, and how long the write
lock is held meanwhile (other people's saves wait that long).

The text is generated (deterministic): `--paragraphs` paragraphs of 1–4 French sentences made
of words from the demo's texts. Prints a Markdown table: seconds for the whole import, seconds
inside the write transaction, paragraphs and sentences per second.

    .venv/bin/python bench/import_bench.py [--paragraphs 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import services  # noqa: E402
from workbench.store import Store  # noqa: E402


def book(paragraphs: int) -> bytes:
    """A deterministic text of `paragraphs` blank-line-separated paragraphs."""
    words = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "translations").rglob("*.txt")))
    vocab = [w for w in words.split() if w.isalpha()] or ["mot"]
    rng = random.Random(7)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            s = " ".join(rng.choices(vocab, k=rng.randint(8, 25)))
            sentences.append(s[0].upper() + s[1:] + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out).encode("utf-8")


@contextmanager
def lock_timer(store: Store, held: list[float]):
    """Time every outermost transaction of `store` (the write lock is held inside it)."""
    original = store.transaction

    @contextmanager
    def timed():
        outer = not store.db.conn.in_transaction
        t0 = time.perf_counter()
        with original():
            yield store
        if outer:
            held.append(time.perf_counter() - t0)

    store.transaction = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        store.transaction = original  # type: ignore[method-assign]


def run(data: bytes) -> tuple[float, float, int]:
    """Seconds for one import, seconds under the write lock, sentences stored."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        held: list[float] = []
        with lock_timer(store, held):
            t0 = time.perf_counter()
            services.import_file(store, data, filename="book.txt", language="fr")
            total = time.perf_counter() - t0
        sentences = store.db.execute(
            "select count(*) from segments where level = 'sentence'"
        ).fetchone()[0]
        store.db.conn.close()
        return total, sum(held), sentences


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    data = book(args.paragraphs)
    results = [run(data) for _ in range(args.runs)]
    total = statistics.median(r[0] for r in results)
    held = statistics.median(r[1] for r in results)
    sentences = results[0][2]
    print(f"{len(data) / 2**20:.1f} MB, {args.paragraphs} paragraphs, {sentences} sentences\n")
    print("| import s | write lock s | paragraphs/s | sentences/s |")
    print("|---|---|---|---|")
    print(
        f"| {total:.2f} | {held:.2f} | {args.paragraphs / total:,.0f} | {sentences / total:,.0f} |"
    )


if __name__ == "__main__":
    main()
