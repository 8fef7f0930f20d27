"""QA benchmark: recall of the checks on injected errors, false findings on clean pairs.

Usage: python bench/qa_bench.py [--corpora PATH] [--seed N] [--share 0.05] [--rounds 3] [--show N]
       [--check CHECK] [--missed N] [--kind KIND]
       python bench/qa_bench.py --long [--corpora PATH]

Aligned pairs come from the gold alignments in the corpora (UDHR sq–en and ru–en paragraphs,
Bible verses sq/ru vs en-asv, Text+Berg de–fr sentences). Each corpus is one document. First
every check runs on the untouched pairs: every finding there counts as false (the texts are
published translations, so a few may be real). Then each kind of error is injected, in the
target, into up to `share` of the pairs at a time (pairs that allow that kind, each pair at
most once per kind, up to `rounds` passes with a fixed seed); an error counts as found when
its check reports something on that pair that it did not report on the clean pair. Only
reported findings count (`run`'s default confidence threshold) on both sides. Prints
Markdown tables; the recall cells give found/injected, so the sample sizes show. Diagnostics:
`--show N` prints false findings (`--check` only those of one check), `--missed N` the
injected errors no check caught (`--kind` only one kind).

`--long` times instead a whole book as one paragraph pair (Genesis, Albanian and Russian
against English, ~200 KB a side: an archival record pasted without blank lines): seconds per
check on one run, the document-wide models counted with the first check that learns them
(the word table with omission, the names model with names).
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.align.anchors import name_similarity  # noqa: E402
from workbench.qa import CHECKS, Pair, build_context, check_pair, learn, run  # noqa: E402
from workbench.segment import sentence_spans  # noqa: E402

#: The checks that should catch each kind of injected error.
CATCHES = {
    "number": {"numbers"},
    "omission": {"omission"},
    "name": {"names"},
    "repeat": {"repeated-word"},
    "untranslated": {"untranslated"},
    "quote": {"quotes"},
}
QUOTES = '„“”«»‹›"'
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def read_gold(path: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            s, t = line.split(":")
            beads.append((ast.literal_eval(s), ast.literal_eval(t)))
    return beads


def blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").strip("\n")
    return [b.strip() for b in re.split(r"\n\s*\n", text)]


def rows(path: Path) -> list[str]:
    return [
        ln.split("\t", 1)[1] if "\t" in ln else ""
        for ln in path.read_text("utf-8").split("\n")[:-1]
    ]


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def pairs_from(src: list[str], tgt: list[str], gold: Path, joiner: str) -> list[tuple[str, str]]:
    """Gold beads with both sides non-empty, each side's units joined."""
    out = []
    for s, t in read_gold(gold):
        source = joiner.join(src[i] for i in s if src[i].strip())
        target = joiner.join(tgt[i] for i in t if tgt[i].strip())
        if source.strip() and target.strip():
            out.append((source, target))
    return out


def corpora(base: Path) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(name, source language, target language, pairs) for every data set."""
    sets = []
    udhr = base / "udhr"
    eng = blocks(udhr / "udhr_eng.txt")
    for code, lang in (("als", "sq"), ("rus", "ru")):
        src = blocks(udhr / f"udhr_{code}.txt")
        sets.append(
            (
                f"udhr {lang}-en",
                lang,
                "en",
                pairs_from(src, eng, udhr / f"udhr_{code}-eng.paras.gold", "\n\n"),
            )
        )
    bible = base / "bible"
    for book in ("GEN", "MRK"):
        en = rows(bible / f"{book}.en-asv.verses.tsv")
        for tag, lang in (("sq-alb", "sq"), ("ru-synodal", "ru")):
            src = rows(bible / f"{book}.{tag}.verses.tsv")
            gold = bible / f"{book}.{tag}_en-asv.verses.gold"
            sets.append((f"bible {book} {lang}-en", lang, "en", pairs_from(src, en, gold, " ")))
    tb = base / "textberg-dev"
    sets.append(
        (
            "textberg de-fr",
            "de",
            "fr",
            pairs_from(lines(tb / "dev.de"), lines(tb / "dev.fr"), tb / "dev.defr", " "),
        )
    )
    return sets


# -- injectors: each returns the new target, or None when the pair does not allow it ---------


def inject_number(rng: random.Random, source: str, target: str, **_: object) -> str | None:
    found = list(re.finditer(r"\d+", target))
    if not found:
        return None
    m = rng.choice(found)
    old = m.group()
    new = old
    while new == old:
        i = rng.randrange(len(old))
        new = old[:i] + str(rng.randrange(10)) + old[i + 1 :]
        if new.startswith("0") and len(new) > 1:
            new = old
    return target[: m.start()] + new + target[m.end() :]


def inject_omission(
    rng: random.Random, source: str, target: str, lang: str, **_: object
) -> str | None:
    spans = sentence_spans(target, lang)
    if len(spans) < 2:
        return None
    drop = rng.randrange(len(spans))
    return " ".join(target[s:e] for k, (s, e) in enumerate(spans) if k != drop)


def _names(text: str, lowercase: set[str]) -> list[re.Match[str]]:
    """Capitalised words in mid-sentence that the document never writes in lower case."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        before = text[: m.start()].rstrip(" \"'“„«»‘(")
        if (
            len(w) >= 3
            and w[0].isupper()
            and not w.isupper()
            and before
            and before[-1] not in ".!?:;"
            and w.casefold() not in lowercase
        ):
            out.append(m)
    return out


def inject_name(
    rng: random.Random,
    source: str,
    target: str,
    lowercase: set[str],
    others: list[str],
    **_: object,
) -> str | None:
    src_words = _WORD.findall(source)
    candidates = [
        m
        for m in _names(target, lowercase)
        if any(name_similarity(m.group(), w) >= 0.8 for w in src_words)
    ]
    if not candidates:
        return None
    m = rng.choice(candidates)
    if rng.random() < 0.5:  # drop
        return (target[: m.start()].rstrip() + " " + target[m.end() :].lstrip()).strip()
    swaps = [
        o
        for o in others
        if name_similarity(o, m.group()) < 0.7
        and all(name_similarity(o, w) < 0.7 for w in src_words)
    ]
    if not swaps:
        return None
    return target[: m.start()] + rng.choice(swaps) + target[m.end() :]


def inject_repeat(rng: random.Random, source: str, target: str, **_: object) -> str | None:
    words = [m for m in _WORD.finditer(target) if len(m.group()) >= 2]
    if not words:
        return None
    m = rng.choice(words)
    return target[: m.end()] + " " + m.group() + target[m.end() :]


def inject_untranslated(rng: random.Random, source: str, target: str, **_: object) -> str | None:
    return source if len(source.split()) >= 4 else None


def inject_quote(rng: random.Random, source: str, target: str, **_: object) -> str | None:
    marks = [i for i, c in enumerate(target) if c in QUOTES]
    if not marks:
        return None
    i = rng.choice(marks)
    return target[:i] + target[i + 1 :]


INJECTORS = {
    "number": inject_number,
    "omission": inject_omission,
    "name": inject_name,
    "repeat": inject_repeat,
    "untranslated": inject_untranslated,
    "quote": inject_quote,
}


def signature(findings) -> dict[int, set[tuple[str, str]]]:
    out: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for f in findings:
        out[f.pair].add((f.check, f.message))
    return out


def _inject_pass(
    kind: str,
    chosen: list[int],
    pairs: list[tuple[str, str]],
    rng: random.Random,
    tgt_lang: str,
    lowercase: set[str],
    others: list[str],
) -> dict[int, tuple[str, str]]:
    out = {}
    for k in chosen:
        source, target = pairs[k]
        new = INJECTORS[kind](
            rng, source, target, lang=tgt_lang, lowercase=lowercase, others=others
        )
        if new is not None and new != target:
            out[k] = (source, new)
    return out


def bench(
    name: str,
    src_lang: str,
    tgt_lang: str,
    pairs: list[tuple[str, str]],
    rng: random.Random,
    share: float,
    rounds: int,
    relearn: bool = False,
):
    """One corpus: false findings on the clean pairs, then recall per kind of error.

    Each kind gets its own passes: a pass injects that kind into `share` of the document's
    pairs, drawn from the pairs that allow it and not used by an earlier pass, so a document
    is never more than `share` broken (its length model and name statistics stay realistic)
    and up to `rounds` passes make the sample large.
    """
    t0 = time.perf_counter()
    clean = run([Pair(s, t) for s, t in pairs], src_lang, tgt_lang)
    seconds = time.perf_counter() - t0
    # The word-translation table needs several pairs per entry, so breaking `share` of the
    # pairs barely moves it: learn it once per corpus (`--relearn` learns it on every run).
    lexicon = None if relearn else learn([Pair(s, t) for s, t in pairs])
    clean_sig = signature(clean)
    lowercase = {w.casefold() for _, t in pairs for w in _WORD.findall(t) if w[0].islower()}
    others = sorted({m.group() for _, t in pairs for m in _names(t, lowercase)})
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed: list[tuple[str, tuple[str, str], str, list[str]]] = []
    per_pass = max(1, int(len(pairs) * share))
    for kind in INJECTORS:
        probe = random.Random(0)
        eligible = [
            k
            for k, (s, t) in enumerate(pairs)
            if INJECTORS[kind](probe, s, t, lang=tgt_lang, lowercase=lowercase, others=others)
            not in (None, t)
        ]
        rng.shuffle(eligible)
        for r in range(rounds):
            chosen = eligible[r * per_pass : (r + 1) * per_pass]
            if not chosen:
                break
            changed = _inject_pass(kind, chosen, pairs, rng, tgt_lang, lowercase, others)
            injected = [changed.get(k, p) for k, p in enumerate(pairs)]
            dirty_sig = signature(
                run([Pair(s, t) for s, t in injected], src_lang, tgt_lang, lexicon=lexicon)
            )
            for k in changed:
                total[kind] += 1
                new = {c for c, m in dirty_sig[k] - clean_sig[k]}
                found[kind] += bool(new & CATCHES[kind])
                if not new & CATCHES[kind]:
                    before = sorted(m for c, m in clean_sig[k] if c in CATCHES[kind])
                    missed.append((kind, pairs[k], changed[k][1], before))
    by_check = Counter(f.check for f in clean)
    return {
        "name": name,
        "pairs": len(pairs),
        "false": len(clean),
        "by_check": by_check,
        "found": found,
        "total": total,
        "seconds": seconds,
        "examples": [(pairs[f.pair], f.check, f.message) for f in clean],
        "missed": missed,
    }


def long_pairs(base: Path) -> list[tuple[str, str, str, Pair]]:
    """(name, source language, target language, pair): each Genesis text as one paragraph."""
    bible = base / "bible"
    en = " ".join(blocks(bible / "GEN.en-asv.paras.txt"))
    return [
        (
            f"GEN {lang}-en as one pair",
            lang,
            "en",
            Pair(" ".join(blocks(bible / f"GEN.{tag}.paras.txt")), en),
        )
        for tag, lang in (("sq-alb", "sq"), ("ru-synodal", "ru"))
    ]


def bench_long(base: Path, rounds: int) -> None:
    """Seconds per check on one long pair (median of `rounds` fresh runs)."""
    print("## One long pair\n")
    print("| pair | KB source / target | " + " | ".join(CHECKS) + " | total | findings |")
    print("|---" * (len(CHECKS) + 4) + "|")
    for name, src_lang, tgt_lang, pair in long_pairs(base):
        times: dict[str, list[float]] = defaultdict(list)
        for _ in range(rounds):
            t0 = time.perf_counter()
            ctx = build_context([pair], src_lang, tgt_lang)
            findings = []
            for check in CHECKS:
                t = time.perf_counter()
                findings += check_pair(pair, ctx, [check])
                times[check].append(time.perf_counter() - t)
            times["total"].append(time.perf_counter() - t0)
        cells = [f"{statistics.median(times[c]):.2f}" for c in [*CHECKS, "total"]]
        size = f"{len(pair.source.encode()) // 1000} / {len(pair.target.encode()) // 1000}"
        print(f"| {name} | {size} | " + " | ".join(cells) + f" | {len(findings)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument(
        "--share", type=float, default=0.05, help="share of a document's pairs broken per pass"
    )
    ap.add_argument("--rounds", type=int, default=5, help="passes per kind of error")
    ap.add_argument(
        "--relearn", action="store_true", help="learn the lexicon on every run, not per corpus"
    )
    ap.add_argument("--show", type=int, default=0, help="print N false findings per corpus")
    ap.add_argument("--check", help="with --show: only false findings of this check")
    ap.add_argument(
        "--missed", type=int, default=0, help="print N missed injected errors per corpus"
    )
    ap.add_argument("--kind", help="with --missed: only this kind of error (omission, name, …)")
    ap.add_argument(
        "--long",
        action="store_true",
        help="time each check on a whole book as one paragraph pair instead (--rounds: runs)",
    )
    args = ap.parse_args()
    if not args.corpora.is_dir():
        ap.error(
            f"--corpora {args.corpora}: no such folder (the parallel corpora with gold alignments)"
        )
    if args.long:
        bench_long(args.corpora, max(1, min(args.rounds, 3)))
        return
    rng = random.Random(args.seed)
    results = [
        bench(*c, rng=rng, share=args.share, rounds=args.rounds, relearn=args.relearn)
        for c in corpora(args.corpora)
    ]
    kinds = list(INJECTORS)
    print("## Recall on injected errors\n")
    print("| corpus | " + " | ".join(kinds) + " |")
    print("|---" * (len(kinds) + 1) + "|")
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for r in results:
        found.update(r["found"])
        total.update(r["total"])
        cells = [f"{r['found'][k]}/{r['total'][k]}" if r["total"][k] else "–" for k in kinds]
        print(f"| {r['name']} | " + " | ".join(cells) + " |")
    cells = [
        f"**{found[k] / total[k]:.3f}** ({found[k]}/{total[k]})" if total[k] else "–" for k in kinds
    ]
    print("| **all** | " + " | ".join(cells) + " |")
    print("\n## False findings on clean pairs\n")
    print("| corpus | pairs | findings | per 100 pairs | by check | seconds |")
    print("|---|---|---|---|---|---|")
    pairs = false = 0
    for r in results:
        pairs += r["pairs"]
        false += r["false"]
        checks = ", ".join(f"{c} {n}" for c, n in r["by_check"].most_common()) or "–"
        print(
            f"| {r['name']} | {r['pairs']} | {r['false']} | {100 * r['false'] / r['pairs']:.1f}"
            f" | {checks} | {r['seconds']:.1f} |"
        )
    print(f"| **all** | {pairs} | {false} | **{100 * false / pairs:.1f}** | | |")
    if args.show:
        for r in results:
            print(f"\n### {r['name']}\n")
            shown = [e for e in r["examples"] if args.check in (None, e[1])]
            for (s, t), check, message in shown[: args.show]:
                print(f"- {check}: {message}\n  - S: {s[:300]}\n  - T: {t[:300]}")
    if args.missed:
        for r in results:
            print(f"\n### missed in {r['name']}\n")
            shown = [m for m in r["missed"] if args.kind in (None, m[0])]
            for kind, (s, t), new, before in shown[: args.missed]:
                already = f" (clean pair already: {'; '.join(before)})" if before else ""
                print(f"- {kind}{already}\n  - S: {s[:300]}\n  - T: {t[:300]}")
                print(f"  - now: {new[:300]}")


if __name__ == "__main__":
    main()
