"""Publishing an edition of a long document: how long it takes, and how long a link confirmed
meanwhile by someone else waits.

The document is the Bible verses of Genesis and Mark (Albanian and English ASV, from
`--corpora`), each verse a paragraph, repeated `--times` times (×2 is about the 4,422
paragraphs a side a tester published). Its paragraph links are the gold verse pairs; the
sentences inside each pair are linked one to one (one link for the pair when their counts
differ); every fourth paragraph link is confirmed. Each size runs in a process of its own:
the first edition is published with nobody else working ("publish"), then one more link is
confirmed and the second edition is published while another thread, with a connection of
its own, confirms a link a quarter of the way into it ("publish, busy"; "confirm waits":
that confirmation's latency, a few ms when nothing publishes; "in it": whether the second
edition holds that link).

    .venv/bin/python bench/publish_bench.py [--corpora PATH] [--times 1,2] [--code DIR]

`--code DIR` runs the workbench package found in DIR (`git archive COMMIT workbench templates |
tar -x -C DIR`), for "before" figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ("GEN", "MRK")
SOURCE, TARGET = "sq-alb", "en-asv"


def verses(corpora: Path, book: str, version: str) -> list[str]:
    rows = (corpora / "bible" / f"{book}.{version}.verses.tsv").read_text("utf-8").splitlines()
    return [row.split("\t", 1)[1] for row in rows]


def build(store, corpora: Path, times: int) -> int:
    """The document, aligned as described above; the alignment's id."""
    from workbench import services

    pairs = [
        pair
        for book in BOOKS
        for pair in zip(verses(corpora, book, SOURCE), verses(corpora, book, TARGET), strict=True)
        if all(text.strip() for text in pair)  # five verses the ASV leaves out
    ] * times
    source, target = [s for s, _ in pairs], [t for _, t in pairs]
    document = services.import_file(
        store, "\n\n".join(source).encode(), filename="s.txt", language="sq", role="source"
    ).document
    services.import_file(
        store,
        "\n\n".join(target).encode(),
        filename="t.txt",
        document_id=document,
        language="en",
        role="translation",
    )
    versions = store.versions(document)
    sv, tv = versions[0]["id"], versions[1]["id"]
    counts = {
        version: [len(sentences) for sentences in store.sentences_by_paragraph(version)]
        for version in (sv, tv)
    }
    assert len(counts[sv]) == len(counts[tv]) == len(source), "a verse is not one paragraph"
    paragraphs, sentences = [], []
    s = t = 0
    for k, (ns, nt) in enumerate(zip(counts[sv], counts[tv], strict=True)):
        confirmed = k % 4 == 1
        status = {"status": "confirmed", "set_by": "reviewer"} if confirmed else {"status": "auto"}
        link = {"score": 0.9, "confidence": 0.9, "reasons": [], **status}
        paragraphs.append(
            {**link, "src_start": k, "src_end": k + 1, "tgt_start": k, "tgt_end": k + 1}
        )
        pairs = [(s + j, s + j + 1, t + j, t + j + 1) for j in range(ns)] if ns == nt else []
        for a, b, c, d in pairs or [(s, s + ns, t, t + nt)]:
            sentences.append({**link, "src_start": a, "src_end": b, "tgt_start": c, "tgt_end": d})
        s, t = s + ns, t + nt
    with store.transaction():
        alignment = store.add_alignment(document, sv, tv, method="gold", created_by="bench")
        store.replace_links(alignment, "paragraph", paragraphs)
        store.replace_links(alignment, "sentence", sentences)
    return alignment


def run_case(corpora: Path, times: int) -> dict:
    from workbench import editions, review
    from workbench.store import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = Store(path)
        alignment = build(store, corpora, times)
        waiting = [link for link in store.links(alignment) if link.status != "confirmed"]
        paragraphs = len(store.segments(store.alignment(alignment)["source_version_id"]))
        sentences = store.count_export_links(alignment, "sentence", False)

        start = time.perf_counter()
        editions.publish(store, alignment, user="editor")
        quiet = time.perf_counter() - start

        review.set_status(store, alignment, [waiting[0].id], user="reviewer")
        confirmed: dict[str, float] = {}

        def confirm_meanwhile() -> None:
            time.sleep(quiet / 4)
            other = Store(path)
            try:
                confirmed["at"] = time.perf_counter()
                review.set_status(other, alignment, [waiting[1].id], user="other")
                confirmed["done"] = time.perf_counter()
            finally:
                other.close()

        thread = threading.Thread(target=confirm_meanwhile)
        start = time.perf_counter()
        thread.start()
        second = editions.publish(store, alignment, user="editor")
        busy = time.perf_counter() - start
        ended = time.perf_counter()
        thread.join()
        during = confirmed["at"] < ended
        included = store.edition_covers(second, "paragraph", "source", waiting[1].src_start)
        store.close()
    return {
        "paragraphs": paragraphs,
        "sentence_links": sentences,
        "publish": quiet,
        "busy": busy,
        "confirm_ms": (confirmed["done"] - confirmed["at"]) * 1000,
        "during": during,
        "included": included,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--times", default="1,2")
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    ap.add_argument("--case", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (args.corpora / "bible").is_dir():
        ap.error(f"--corpora {args.corpora}: no bible folder there")
    if args.case:
        print(json.dumps(run_case(args.corpora, args.case)))
        return
    print(
        "| verses | paragraphs a side | sentence links | publish s | publish, busy s"
        " | confirm waits ms | in it |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for times in (int(x) for x in args.times.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--corpora", str(args.corpora), "--case", str(times)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(args.code)},
        )
        r = json.loads(out.stdout)
        during = "" if r["during"] else " (after it)"
        print(
            f"| GEN+MRK ×{times} | {r['paragraphs']:,} | {r['sentence_links']:,}"
            f" | {r['publish']:.2f} | {r['busy']:.2f} | {r['confirm_ms']:,.0f}{during}"
            f" | {'yes' if r['included'] else 'no'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
