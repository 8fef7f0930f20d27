"""QA report after a change: a full check against the incremental re-check the pages get.

Usage: python bench/qa_incremental_bench.py [--corpora PATH] [--runs 3] [--quick]

Loads the demo into a temporary SQLite database and takes its largest document (the Gospel of
Mark, Albanian–English, one pair per chapter); with the corpora at hand (`--corpora`, default
../shared/corpora) also Genesis, Albanian–English ASV, once by chapter and once by verse (one
paragraph per verse: 1,533 links), unless `--quick`. For each document it checks the
alignment, then `--runs` times makes one change through the services, as people make it, and
times the next report twice: from scratch (`findings.check_alignment`) and as the pages get it
(`findings.cached_report`, which re-checks from the previous report). Both must find the same
findings (the last column). Prints a Markdown table of medians.

The changes: a translator's revision of one target paragraph (approved by an editor), two
paragraph links merged, a glossary term added, and the document touched without a change the
checks read (what a sentence-link edit or an edit of another alignment of the document does).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import aligning, demo, findings, glossary, review, revisions, services  # noqa: E402
from workbench.store import Store  # noqa: E402

GENESIS = (("GEN.sq-alb", "sq", "source"), ("GEN.en-asv", "en", "translation"))
#: Glossary terms the changes add, one per run (Albanian → English, all found in the texts).
TERMS = (("Perëndia", "God"), ("tokë", "earth"), ("Zoti", "Lord"), ("ujë", "water"))


@dataclass
class Case:
    name: str
    alignment: int
    document: int


Change = Callable[[Store, Case, int], None]


# -- the documents ------------------------------------------------------------------------------


def largest_demo_document(store: Store) -> Case:
    """The demo alignment with the most text (the Gospel of Mark, ASV)."""
    demo.load_demo(store)

    def size(alignment: dict) -> int:
        versions = (alignment["source_version_id"], alignment["target_version_id"])
        return sum(len(s["text"]) for v in versions for s in store.segments(v, "paragraph"))

    alignments = [a for d in store.documents() for a in store.alignments(d["id"])]
    best = max(alignments, key=size)
    return Case("demo: Mark by chapter", best["id"], best["document_id"])


def genesis(store: Store, corpora: Path, by_verse: bool) -> Case:
    """Genesis imported and aligned: one paragraph per chapter, or per verse."""
    document = None
    for name, language, role in GENESIS:
        folder = corpora / "bible"
        if by_verse:
            rows = (folder / f"{name}.verses.tsv").read_text(encoding="utf-8").splitlines()
            data = "\n\n".join(row.split("\t", 1)[1] for row in rows if "\t" in row).encode()
        else:
            data = (folder / f"{name}.paras.txt").read_bytes()
        document = services.import_file(
            store,
            data,
            filename=f"{name}.txt",
            title="Genesis by verse" if by_verse else "Genesis by chapter",
            document_id=document,
            language=language,
            role=role,
            user="bench",
        ).document
    assert document is not None
    alignment = aligning.align_versions(store, document, user="bench")
    return Case(f"Genesis by {'verse' if by_verse else 'chapter'}", alignment, document)


# -- the changes --------------------------------------------------------------------------------


def revise_paragraph(store: Store, case: Case, run: int) -> None:
    """A translator revises one target paragraph (a different one each run); an editor
    approves it."""
    target = store.alignment(case.alignment)["target_version_id"]
    paragraphs = store.segments(target, "paragraph")
    paragraph = store.segment(paragraphs[(run + 1) * len(paragraphs) // 5]["id"])
    proposed = revisions.propose(
        store,
        paragraph["id"],
        paragraph["text"] + " And it was so.",
        base_revision=paragraph["revision"],
        user="translator",
    )
    revisions.approve(store, proposed, user="editor")


def merge_links(store: Store, case: Case, run: int) -> None:
    links = store.links(case.alignment, "paragraph")
    link = links[(run + 1) * len(links) // 5]
    review.merge(store, case.alignment, link.id, "next", user="reviewer")


def add_term(store: Store, case: Case, run: int) -> None:
    source, target = TERMS[run % len(TERMS)]
    term = glossary.TermInput(source, target)
    glossary.add(store, term, document_id=case.document, user="terminologist")


def touch(store: Store, case: Case, run: int) -> None:
    store.touch_document(case.document)


CHANGES: dict[str, Change] = {
    "one target paragraph revised": revise_paragraph,
    "two links merged": merge_links,
    "glossary term added": add_term,
    "nothing the checks read": touch,
}


# -- timing -------------------------------------------------------------------------------------


def seconds(work: Callable[[], findings.Report]) -> tuple[float, findings.Report]:
    started = time.perf_counter()
    report = work()
    return time.perf_counter() - started, report


def measure(store: Store, case: Case, change: Change, runs: int) -> tuple[float, float, bool]:
    """Median seconds of a full check and of the re-check after the change, and whether the
    two always found the same."""
    full, incremental, same = [], [], True
    for run in range(runs):
        findings.cached_report(store, case.alignment)  # the report before the change
        change(store, case, run)
        took, cached = seconds(lambda: findings.cached_report(store, case.alignment))
        incremental.append(took)
        took, scratch = seconds(
            lambda: findings.check_alignment(
                store, case.document, case.alignment, include_dismissed=True
            )
        )
        full.append(took)
        same = same and cached.findings == scratch.findings
    return statistics.median(full), statistics.median(incremental), same


#: The change whose speed-up is summed up below the table: a text change re-learns the
#: document-wide models (from their per-pair pieces), the others mostly reuse findings.
TEXT_CHANGE = "one target paragraph revised"


def rows(store: Store, case: Case, runs: int, ratios: dict[str, float]) -> list[str]:
    """The table's rows for one document; its text-change speed-up goes into `ratios`."""
    links = len(store.links(case.alignment, "paragraph"))
    out = []
    for what, change in CHANGES.items():
        full, incremental, same = measure(store, case, change, runs)
        if what == TEXT_CHANGE:
            ratios[case.name] = full / incremental
        out.append(
            f"| {case.name} | {links:,} | {what} | {full:.2f} | {incremental:.3f}"
            f" | {full / incremental:.1f}× | {'yes' if same else '**no**'} |"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--runs", type=int, default=3, help="changes of each kind (median)")
    ap.add_argument("--quick", action="store_true", help="the demo document only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        try:
            cases = [largest_demo_document(store)]
            if not args.quick and (args.corpora / "bible").is_dir():
                cases += [genesis(store, args.corpora, by_verse) for by_verse in (False, True)]
            table = [
                "| document | links | change | full s | incremental s | speed-up | same |",
                "|---|---:|---|---:|---:|---:|---|",
            ]
            ratios: dict[str, float] = {}
            for case in cases:
                table += rows(store, case, args.runs, ratios)
        finally:
            store.close()
    print(f"medians of {args.runs} changes of each kind; links before the changes\n")
    print("\n".join(table))
    print(f"\ntext change ({TEXT_CHANGE}), full / incremental:")
    for name, ratio in ratios.items():
        print(f"  {name}: {ratio:.2f}×")


if __name__ == "__main__":
    main()
