"""Alignment benchmark: strict/lax P/R/F1, time, memory and confidence ranking on every gold set.

Usage: python bench/align_bench.py [--corpora PATH] [--quick]
Each case runs in its own subprocess so that time and peak memory are its own.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.align import align, align_document  # noqa: E402
from workbench.align.score import score  # noqa: E402

BIBLE = [
    (book, src, lang)
    for book in ("GEN", "MRK")
    for src, lang in (("sq-alb", "sq"), ("ru-synodal", "ru"))
]


def read_gold(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads in vecalign's format, one per line: [0, 1]:[2]."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            s, t = line.split(":")
            out.append((tuple(ast.literal_eval(s)), tuple(ast.literal_eval(t))))
    return out


def lines(path: Path) -> list[str]:
    """One unit per line."""
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def blocks(path: Path) -> list[str]:
    """One unit per blank-line-separated block."""
    text = path.read_text(encoding="utf-8").strip("\n")
    return [b.strip() for b in re.split(r"\n\s*\n", text)]


def tsv(path: Path) -> list[str]:
    """One unit per TSV row (the text column, possibly empty)."""
    return [ln.split("\t", 1)[1] if "\t" in ln else "" for ln in lines(path)]


def split_sentences(text: str, lang: str) -> list[str]:
    """The project's sentence splitter (workbench.segment)."""
    from workbench.segment import split_sentences as split

    return split(text, lang)


def _nonempty_align(src: list[str], tgt: list[str], sl: str, tl: str):
    """Align the non-empty rows only and map indices back (empty rows belong to no bead)."""
    si = [k for k, s in enumerate(src) if s.strip()]
    ti = [k for k, t in enumerate(tgt) if t.strip()]
    beads = align([src[k] for k in si], [tgt[k] for k in ti], src_lang=sl, tgt_lang=tl)
    return [(tuple(si[k] for k in b.src), tuple(ti[k] for k in b.tgt), b.confidence) for b in beads]


def repeat_case(base: Path, times: int):
    """Text+Berg dev repeated `times` times, with its gold shifted to match."""
    de, fr = lines(base / "dev.de"), lines(base / "dev.fr")
    gold0 = read_gold(base / "dev.defr")
    gold = []
    for r in range(times):
        gold += [
            (tuple(s + r * len(de) for s in a), tuple(t + r * len(fr) for t in b)) for a, b in gold0
        ]
    return de * times, fr * times, gold


def run_case(name: str, corpora: Path) -> dict:
    """Align one case and return its measurements."""
    tb = corpora / "textberg-dev"
    t0 = time.perf_counter()
    if name.startswith("textberg"):
        times = int(name.split("-x")[-1]) if "-x" in name else 1
        de, fr, gold = repeat_case(tb, times)
        units = f"{len(de)}×{len(fr)} sentences"
        beads = [(b.src, b.tgt, b.confidence) for b in align(de, fr, src_lang="de", tgt_lang="fr")]
    elif name.startswith("udhr"):
        lang = name.split("-")[1]
        code = {"sq": "als", "ru": "rus"}[lang]
        d = corpora / "udhr"
        src, tgt = blocks(d / f"udhr_{code}.txt"), blocks(d / "udhr_eng.txt")
        gold = read_gold(d / f"udhr_{code}-eng.paras.gold")
        units = f"{len(src)}×{len(tgt)} paragraphs"
        beads = [
            (b.src, b.tgt, b.confidence) for b in align(src, tgt, src_lang=lang, tgt_lang="en")
        ]
    else:
        book, tag, level = name.split("-")[1], name.split("-")[2], name.split("-")[3]
        src_tag = {"sq": "sq-alb", "ru": "ru-synodal"}[tag]
        d = corpora / "bible"
        if level == "verses":
            src, tgt = tsv(d / f"{book}.{src_tag}.verses.tsv"), tsv(d / f"{book}.en-asv.verses.tsv")
            gold = read_gold(d / f"{book}.{src_tag}_en-asv.verses.gold")
            units = f"{len(src)}×{len(tgt)} verses"
            beads = _nonempty_align(src, tgt, tag, "en")
        else:
            sp = blocks(d / f"{book}.{src_tag}.paras.txt")
            tp = blocks(d / f"{book}.en-asv.paras.txt")
            gold = read_gold(d / f"{book}.{src_tag}_en-asv.paras.gold")
            ss = [split_sentences(p, tag) for p in sp]
            ts = [split_sentences(p, "en") for p in tp]
            n_s, n_t = sum(map(len, ss)), sum(map(len, ts))
            doc = align_document(ss, ts, src_lang=tag, tgt_lang="en")
            units = f"{len(sp)}×{len(tp)} paras ({n_s}×{n_t} sent., {doc.method})"
            beads = [(b.src, b.tgt, b.confidence) for b in doc.paragraphs]
    seconds = time.perf_counter() - t0
    res = score(gold, [(s, t) for s, t, _ in beads])
    gold_set = set(gold)
    wrong = [k for k, (s, t, _) in enumerate(beads) if (s, t) not in gold_set]
    order = sorted(range(len(beads)), key=lambda k: beads[k][2])
    low = set(order[: max(1, len(beads) // 10)])
    res.update(
        case=name,
        units=units,
        seconds=seconds,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        beads=len(beads),
        wrong=len(wrong),
        wrong_low10=sum(k in low for k in wrong),
        low_slots=len(low),
        ranked=[[c, (s, t) not in gold_set] for s, t, c in beads],
    )
    return res


def pooled_ranking(rows: list[dict]) -> tuple[int, int]:
    """Wrong beads among the 10 % least-confident beads of all cases together, and the most
    a perfect ranking would put there: the other reading of "the 10 % least-confident beads",
    which also asks that a 0.6 in one text means what it means in another."""
    ranked = sorted(((c, w) for r in rows for c, w in r["ranked"]), key=lambda cw: cw[0])
    slots = max(1, len(ranked) // 10)
    wrong = sum(w for _, w in ranked)
    return sum(w for _, w in ranked[:slots]), min(wrong, slots)


def in_subprocess(name: str, corpora: Path) -> dict:
    """Run a case in a fresh interpreter (own time and peak RSS)."""
    out = subprocess.run(
        [sys.executable, __file__, "--corpora", str(corpora), "--case", name],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    """Markdown table of the measurements."""
    head = (
        "| case | units | P strict | R strict | F1 strict | P lax | R lax | F1 lax "
        "| s | peak MB | wrong | wrong in low 10 % |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    body = ""
    for r in rows:
        share = f"{r['wrong_low10']}/{r['wrong']}" if r["wrong"] else "0/0"
        body += (
            f"| {r['case']} | {r['units']} | {r['precision_strict']:.3f} | {r['recall_strict']:.3f}"
            f" | **{r['f1_strict']:.3f}** | {r['precision_lax']:.3f} | {r['recall_lax']:.3f}"
            f" | {r['f1_lax']:.3f} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | {r['wrong']}"
            f" | {share} |\n"
        )
    return head + body


def main() -> None:
    """Run every case (or one, with --case) and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--quick", action="store_true", help="skip the scaling rows")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.corpora.is_dir():
        ap.error(
            f"--corpora {args.corpora}: no such folder (the parallel corpora with gold alignments)"
        )
    if args.case:
        print(json.dumps(run_case(args.case, args.corpora)))
        return
    cases = ["textberg-dev", "udhr-sq-en", "udhr-ru-en"]
    cases += [f"bible-{b}-{lang}-verses" for b, _, lang in BIBLE]
    cases += [f"bible-{b}-{lang}-paras" for b, _, lang in BIBLE]
    rows = [in_subprocess(c, args.corpora) for c in cases]
    print("## Accuracy\n")
    print(table(rows))
    wrong = sum(r["wrong"] for r in rows)
    low = sum(r["wrong_low10"] for r in rows)
    best = sum(min(r["wrong"], r["low_slots"]) for r in rows)
    print(
        f"Wrong beads in the 10 % least-confident beads of their case: {low}/{wrong}"
        f" = {low / max(wrong, 1):.0%} (a perfect ranking: {best}/{wrong}"
        f" = {best / max(wrong, 1):.0%})\n"
    )
    pooled, pooled_best = pooled_ranking(rows)
    print(
        f"Wrong beads in the 10 % least-confident beads of the whole benchmark (all cases pooled,"
        f" so confidences must also compare across texts): {pooled}/{wrong}"
        f" = {pooled / max(wrong, 1):.0%} (a perfect ranking: {pooled_best}/{wrong})\n"
    )
    if not args.quick:
        scale = [in_subprocess(f"textberg-dev-x{k}", args.corpora) for k in (1, 10, 20)]
        print("## Scaling (Text+Berg dev repeated)\n")
        print(table(scale))
        growth = scale[2]["seconds"] / max(scale[1]["seconds"], 1e-9)
        print(f"Time growth ×10 → ×20: {growth:.2f}×\n")


if __name__ == "__main__":
    main()
