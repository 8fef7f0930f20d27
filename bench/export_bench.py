"""Export benchmark: time and peak memory of the streaming exports at 10k and 100k links.

Usage: python bench/export_bench.py [--sizes 10000,100000] [--formats tmx,xliff,tei,csv,json]
Builds each alignment in a temporary database in bulk (segments and links inserted directly,
not aligned), then runs every export in its own subprocess, so its time, Python peak
(tracemalloc) and peak RSS are its own. Prints a Markdown table: flat memory means streaming.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import export  # noqa: E402
from workbench.exports.base import ExportOptions  # noqa: E402
from workbench.store import Store  # noqa: E402

WORDS = [
    "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy",
    "dog", "and", "runs", "far", "away", "into", "the", "hills",
]  # fmt: skip


def sentence(i: int, lang: str) -> str:
    words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(12 + i % 9))
    return f"{lang} {i}: {words.capitalize()}."


def build(path: Path, links: int) -> int:
    """A document of two versions with `links` paragraphs each and 1-1 links; returns its id."""
    store = Store(path)
    with store.transaction():
        document = store.add_document(f"Bench {links}", {"translator": "Bench"})
        versions = [
            store.add_version(document, language=lang, role=role, label=f"{lang} {role}")
            for lang, role in (("sq", "source"), ("en", "translation"))
        ]
        for version, lang in zip(versions, ("sq", "en"), strict=True):
            store.db["segments"].insert_all(
                (
                    {
                        "version_id": version,
                        "level": "paragraph",
                        "position": i,
                        "kind": "paragraph",
                        "parent_id": None,
                        "text": sentence(i, lang),
                    }
                    for i in range(links)
                ),
                batch_size=5000,
            )
        alignment = store.add_alignment(
            document, versions[0], versions[1], method="bench", created_by="bench"
        )
        store.replace_links(
            alignment,
            "paragraph",
            (
                {
                    "src_start": i,
                    "src_end": i + 1,
                    "tgt_start": i,
                    "tgt_end": i + 1,
                    "score": 1.0,
                    "confidence": 0.9,
                    "reasons": [],
                    "status": "confirmed" if i % 3 else "auto",
                    "set_by": "bench" if i % 3 else None,
                    "set_at": None,
                }
                for i in range(links)
            ),
        )
    store.close()
    return document


def child(db: str, document: int, format_name: str) -> dict[str, float]:
    """One export to a temporary file: time, then Python peak in a second traced run."""
    store = Store(db)
    writer = export.exporter(format_name)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        for chunk in writer.write(export.build(store, document, options=ExportOptions())):
            out.write(chunk)
        seconds = time.perf_counter() - start
        size = out.tell()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    with tempfile.TemporaryFile() as out:
        for chunk in writer.write(export.build(store, document, options=ExportOptions())):
            out.write(chunk)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "peak_mib": peak,
        "rss_mib": rss,
        "rss_growth_mib": rss - baseline,
        "output_mib": size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="tmx,xliff,tei,csv,json")
    parser.add_argument("--child", nargs=3, metavar=("DB", "DOCUMENT", "FORMAT"))
    args = parser.parse_args()
    if args.child:
        db, document, format_name = args.child
        print(json.dumps(child(db, int(document), format_name)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            db = Path(folder) / f"bench-{size}.db"
            start = time.perf_counter()
            document = build(db, size)
            print(f"built {size} links in {time.perf_counter() - start:.1f}s", file=sys.stderr)
            for format_name in args.formats.split(","):
                result = subprocess.run(
                    [sys.executable, __file__, "--child", str(db), str(document), format_name],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                rows.append((format_name, size, json.loads(result.stdout)))
    print(
        "| format | links | time (s) | links/s | Python peak (MiB) | max RSS (MiB) "
        "| RSS growth (MiB) | output (MiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for format_name, size, r in sorted(rows):
        print(
            f"| {format_name} | {size:,} | {r['seconds']:.2f} | {size / r['seconds']:,.0f} "
            f"| {r['peak_mib']:.2f} | {r['rss_mib']:.0f} | {r['rss_growth_mib']:.1f} "
            f"| {r['output_mib']:.1f} |"
        )


if __name__ == "__main__":
    main()
