"""Round trips of the demo through our sentence-level TMX and XLIFF: what comes back, and the
time the exports and imports take.

Every demo alignment is confirmed and published; each is exported at sentence level as TMX
and as XLIFF, as a draft and as its edition, and imported again (16 round trips). For each the
script checks that paragraph counts, paragraph links with their statuses, and sentence links
with their statuses come back as they were, and times the exports and imports together. With
`--code DIR` the same runs with the workbench package found in DIR (`git archive COMMIT
workbench translations | tar -x -C DIR`: the demo reads its texts beside the package), for
"before" figures.

    .venv/bin/python bench/roundtrip_bench.py [--code DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])  # before the current folder, which `-c` puts first
from pathlib import Path
from workbench import demo, editions, export, review, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

store = Store(Path(tempfile.mkdtemp()) / "roundtrip.db")
demo.load_demo(store)
rows = list(store.db.query("select id, document_id from alignments order by id"))
for row in rows:
    links = store.links(row["id"], "paragraph")
    review.set_status(store, row["id"], [link.id for link in links], user="rita")
    editions.publish(store, row["id"], user="eva")

def shape(alignment):
    row = store.alignment(alignment)
    counts = [len(store.segments(row[f"{side}_version_id"])) for side in ("source", "target")]
    return {
        level: [(link.src, link.tgt, link.status) for link in store.links(alignment, level)]
        for level in ("paragraph", "sentence")
    } | {"paragraphs": counts}

out, seconds = [], 0.0
for row in rows:
    before = shape(row["id"])
    number = store.db.execute(
        "select max(number) from editions where alignment_id = ?", [row["id"]]
    ).fetchone()[0]
    for fmt, name in (("tmx", "a.tmx"), ("xliff", "a.xlf")):
        for edition in (None, number):
            start = time.perf_counter()
            data = export.build(store, row["document_id"], alignment_id=row["id"],
                                edition=edition, options=ExportOptions("sentence"))
            body = b"".join(export.exporter(fmt).write(data))
            result = services.import_file(store, body, filename=name, user="cli")
            seconds += time.perf_counter() - start
            after = shape(result.alignment)
            same = {key: after[key] == before[key] for key in before}
            if edition is not None:  # an edition's links are all confirmed: compare spans
                same["sentence"] = [l[:2] for l in after["sentence"]] == [
                    l[:2] for l in before["sentence"]
                ]
            out.append([row["id"], fmt, "edition" if edition else "draft", same,
                        len(before["sentence"])])
print(json.dumps({"cases": out, "seconds": seconds}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--code", type=Path, default=ROOT, help="a checkout's folder (default: this)")
    args = ap.parse_args()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(args.code)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        "| alignment | format | text | sentence links | paragraphs back | paragraph links back",
        end="",
    )
    print(" | sentence links back |")
    print("|---:|---|---|---:|---|---|---|")
    for alignment, fmt, text, same, count in result["cases"]:
        marks = [
            "same" if same[key] else "DIFFERENT" for key in ("paragraphs", "paragraph", "sentence")
        ]
        print(f"| {alignment} | {fmt} | {text} | {count} | " + " | ".join(marks) + " |")
    cases, seconds = len(result["cases"]), result["seconds"]
    print(f"\nexports and imports of the {cases} round trips: {seconds:.1f} s")


if __name__ == "__main__":
    main()
