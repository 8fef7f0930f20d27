"""How fast the compare page opens, and pages on, for two translations of a long document.

Builds a document in a temporary database from Bible verses (`--corpora`, default
../shared/corpora: Genesis and Mark in the ASV and the BBE, one verse a paragraph, repeated to
the size asked; without the corpora, generated English), the ASV as the source and the BBE as a
translation, not aligned: the page compares them directly, which aligns them. Then times,
through the Flask test client as an editor (the compose form is on the page): the first page
of rows (`?a=&b=`, the alignment is made), the next page (`&page=2`), the first page of changed
rows only (`&changed=1`), and the first page again. Each size runs in a process of its own
(wall time, response bytes, peak resident memory).

    .venv/bin/python bench/compare_bench.py [--corpora PATH] [--sizes 2000,8000] [--code DIR]

`--code DIR` runs the workbench package found in DIR (`git archive HEAD | tar -x -C DIR`),
for "before" figures (a checkout without pages shows every row whatever `page` says).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ("GEN", "MRK")
#: Words of the generated verses, when there are no corpora.
VOCABULARY = (
    "and",
    "the",
    "earth",
    "was",
    "waste",
    "void",
    "darkness",
    "upon",
    "face",
    "of",
    "deep",
)


def verses(corpora: Path, size: int) -> tuple[list[str], list[str]]:
    """`size` verses of the ASV and of the BBE, in step (the books repeated as needed)."""
    folder = corpora / "bible"
    if all((folder / f"{book}.en-asv.verses.tsv").is_file() for book in BOOKS):
        asv, bbe = [], []
        for book in BOOKS:
            for name, into in (("asv", asv), ("bbe", bbe)):
                lines = (folder / f"{book}.en-{name}.verses.tsv").read_text("utf-8").splitlines()
                into.extend(line.split("\t", 1)[1].strip() or "…" for line in lines)
    else:  # generated: one word in ten reworded
        rng = random.Random(7)
        words = VOCABULARY
        asv = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 30))) for _ in range(500)]
        bbe = [" ".join(w if rng.random() > 0.1 else w.upper() for w in v.split()) for v in asv]
    times = -(-size // len(asv))
    return (asv * times)[:size], (bbe * times)[:size]


def build(path: Path, corpora: Path, size: int) -> tuple[int, int, int]:
    from workbench import services, users
    from workbench.store import Store

    store = Store(path)
    try:
        asv, bbe = verses(corpora, size)
        imported = services.import_file(
            store, "\n\n".join(asv).encode(), filename="asv.txt", language="en", role="source"
        )
        document, a = imported.document, imported.versions[0]
        b = services.import_file(
            store,
            "\n\n".join(bbe).encode(),
            filename="bbe.txt",
            document_id=document,
            language="en",
            role="translation",
            label="BBE",
        ).versions[0]
        users.add_user(store, "bench", "editor", "bench-password", by="bench")
        return document, a, b
    finally:
        store.close()


def run_case(corpora: Path, size: int) -> dict:
    from workbench.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        document, a, b = build(path, corpora, size)
        app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench"})
        client = app.test_client()
        client.get("/login")
        with client.session_transaction() as session:
            token = session["csrf_token"]
        client.post(
            "/login", data={"username": "bench", "password": "bench-password", "csrf_token": token}
        )
        base = f"/documents/{document}/compare?a={a}&b={b}"
        cases = [
            ("first page", base),
            ("next page", f"{base}&page=2"),
            ("changed rows, first page", f"{base}&changed=1"),
            ("first page again", base),
        ]
        timings = []
        for name, url in cases:
            start = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            timings.append((name, seconds, len(response.data)))
        return {
            "size": size,
            "timings": timings,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--sizes", default="2000,8000", help="paragraphs a version, comma-separated")
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    ap.add_argument("--case", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.corpora, args.case)))
        return
    print(f"code: {args.code}\n")
    print("| paragraphs ×2 | request | s | bytes | peak MB |")
    print("|---:|---|---:|---:|---:|")
    for size in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--corpora", str(args.corpora), "--case", str(size)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(args.code)},
        )
        result = json.loads(out.stdout)
        for name, seconds, size_bytes in result["timings"]:
            print(
                f"| {size:,} | {name} | {seconds:.2f} | {size_bytes:,} | {result['peak_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
