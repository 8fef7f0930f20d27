"""What an alignment's flags cost to list: the query, the review page, the API and an export.

Builds, in a temporary database, a document of two generated texts and an alignment of about
`--sizes` paragraph links (mostly 1-1, with 2-1, 1-2, 2-2, 1-0 and 0-1 links, inserted in
bulk, not aligned), with about one link in ten flagged: on whole links and on spans of either
side, some resolved or dismissed, some with comments. Then it times, through the code under
test (each size in a process of its own):

* the all-flags query (`store.flags(alignment_id=...)`, what every listing builds on);
* the review page (`GET /alignments/<id>/review`, Flask test client, logged in), and its
  flagged links only (`?flagged=1`);
* the API's first page of the alignment's flags (`GET /api/v1/alignments/<id>/flags?limit=50`);
* a CSV export with the flags as notes (`export.build` with `flags=True`, written out).

Each is the median of `--repeat` runs after a warm-up, with the QA report the review page's
badges read computed beforehand (as the production server prewarms it: the checks are not
what is measured). Prints a Markdown table of seconds.

    .venv/bin/python bench/flags_bench.py [--sizes 4000,16000] [--repeat 3] [--code DIR]

`--code DIR` runs the workbench package found in DIR (`git archive COMMIT | tar -x -C DIR`),
for "before" figures; the database is built by that code too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

VOCABULARY = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which council article state law right people treaty record minister delegation"
)
WORDS = VOCABULARY.split()
CATEGORIES = ("accuracy/omission", "grammar", "terminology", "style")

#: Link shapes (source paragraphs, target paragraphs) and how often each occurs.
BEADS = ((1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1))
WEIGHTS = (85, 4, 4, 3, 2, 2)


def paragraph(rng: random.Random, number: int, upper: bool) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24))).capitalize()
    text = f"{words} {number}."
    return text.upper() if upper else text


def build(path: Path, links: int, seed: int = 7) -> tuple[int, int, str]:
    """The document and its alignment: `links` paragraph links, a tenth of them flagged."""
    from workbench import services, users
    from workbench.store import Store

    rng = random.Random(seed)
    beads = rng.choices(BEADS, WEIGHTS, k=links)
    source: list[str] = []
    target: list[str] = []
    rows = []
    for k, (n_src, n_tgt) in enumerate(beads):
        rows.append(
            {
                "src_start": len(source),
                "src_end": len(source) + n_src,
                "tgt_start": len(target),
                "tgt_end": len(target) + n_tgt,
                "score": 1.0,
                "confidence": rng.random(),
                "reasons": [],
                "status": "confirmed" if k % 3 == 0 else "auto",
                "set_by": None,
                "set_at": None,
            }
        )
        source += [paragraph(rng, len(source), False) for _ in range(n_src)]
        target += [paragraph(rng, len(target), True) for _ in range(n_tgt)]
    store = Store(path)
    try:
        document = services.import_file(
            store, "\n\n".join(source).encode(), filename="s.txt", language="en", role="source"
        ).document
        services.import_file(
            store,
            "\n\n".join(target).encode(),
            filename="t.txt",
            document_id=document,
            language="de",
            role="translation",
        )
        versions = store.versions(document)
        assert [v["paragraphs"] for v in versions] == [len(source), len(target)], versions
        with store.transaction():
            alignment = store.add_alignment(
                document, versions[0]["id"], versions[1]["id"], method="bench", created_by="bench"
            )
            store.replace_links(alignment, "paragraph", rows)
            for k, row in enumerate(rows):
                if rng.random() >= 0.1:
                    continue
                flag: dict[str, Any] = {
                    "alignment_id": alignment,
                    "link_id": None,
                    **{c: row[c] for c in ("src_start", "src_end", "tgt_start", "tgt_end")},
                    "category": rng.choice(CATEGORIES),
                    "severity": rng.choice(("minor", "major", "critical", "neutral")),
                    "status": rng.choices(("open", "resolved", "dismissed"), (6, 3, 1))[0],
                    "created_by": "bench",
                }
                sides = [
                    side
                    for side, (low, high) in (
                        ("source", (row["src_start"], row["src_end"])),
                        ("target", (row["tgt_start"], row["tgt_end"])),
                    )
                    if high > low
                ]
                if rng.random() < 0.6:  # a span: the first words of one of the paragraphs
                    side = rng.choice(sides)
                    low, high = (
                        (row["src_start"], row["src_end"])
                        if side == "source"
                        else (row["tgt_start"], row["tgt_end"])
                    )
                    position = rng.randrange(low, high)
                    text = (source if side == "source" else target)[position]
                    flag.update(
                        span_side=side,
                        span_position=position,
                        span_start=0,
                        span_end=5,
                        quote=text[:5],
                    )
                flag_id = store.add_flag(flag)
                if k % 4 == 0:
                    store.add_flag_comment(flag_id, "bench", f"Comment on link {k}.")
        users.add_user(store, "bench", "editor", "bench-password", by="bench")
        token = users.issue_token(store, "bench")
    finally:
        store.close()
    return alignment, document, token


def median_seconds(run: Any, repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_case(links: int, repeat: int) -> dict[str, Any]:
    from workbench import export, findings
    from workbench.exports.base import ExportOptions
    from workbench.store import Store
    from workbench.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        start = time.perf_counter()
        alignment, document, token = build(path, links)
        built = time.perf_counter() - start
        store = Store(path)
        n_links = len(store.links(alignment))
        n_flags = len(store.flags(alignment_id=alignment))
        # the QA report the review page's badges read, as the production server prewarms it:
        # the page then waits for no checks, and its time is its own (and its flags')
        findings.cached_report(store, alignment)
        app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench"})
        client = app.test_client()
        client.get("/login")
        with client.session_transaction() as session:
            csrf = session["csrf_token"]
        client.post(
            "/login", data={"username": "bench", "password": "bench-password", "csrf_token": csrf}
        )
        api = app.test_client()
        bearer = {"Authorization": f"Bearer {token}"}

        def get(test_client: Any, url: str, **kwargs: Any) -> None:
            response = test_client.get(url, **kwargs)
            assert response.status_code == 200, (url, response.status_code)

        def csv_export() -> None:
            writer = export.exporter("csv")
            data = export.build(store, document, options=ExportOptions(flags=True))
            with tempfile.TemporaryFile() as out:
                for chunk in writer.write(data):
                    out.write(chunk)

        cases = {
            "query": lambda: store.flags(alignment_id=alignment),
            "review": lambda: get(client, f"/alignments/{alignment}/review"),
            "flagged": lambda: get(client, f"/alignments/{alignment}/review?flagged=1"),
            "api": lambda: get(
                api, f"/api/v1/alignments/{alignment}/flags?limit=50", headers=bearer
            ),
            "csv": csv_export,
        }
        result: dict[str, Any] = {"links": n_links, "flags": n_flags, "built": built}
        for name, run in cases.items():
            result[name] = median_seconds(run, repeat)
        store.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="4000,16000", help="paragraph links, comma-separated")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    ap.add_argument("--case", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.repeat)))
        return
    print(f"code: {args.code.resolve()}; median of {args.repeat} runs, in seconds\n")
    print(
        "| links | flags | all-flags query | review page | review ?flagged=1 | API flags page"
        " | CSV with flags |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--case", str(size), "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
            cwd=args.code,
            env={**os.environ, "PYTHONPATH": str(args.code.resolve())},
        )
        r = json.loads(out.stdout)
        print(
            f"| {r['links']:,} | {r['flags']:,} | {r['query']:.3f} | {r['review']:.3f}"
            f" | {r.get('flagged', float('nan')):.3f} | {r['api']:.3f} | {r['csv']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
