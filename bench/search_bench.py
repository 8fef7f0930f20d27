"""Search over ~1,000,000 segments: build a database from the corpora, time ~50 queries.

    .venv/bin/python bench/search_bench.py [--corpora ../shared/corpora] [--segments 1000000]

The corpora's lines (Bible verses in sq/en/ru, the UDHR in sq/en/ru, Text+Berg de/fr, the
archive record) are repeated with small perturbations (words swapped, numbers shifted) until
the database holds the segments asked for: half paragraphs, half their sentences, with 1-1
paragraph links between the versions of each copy (a third of them confirmed). Segments are
bulk-inserted with the index triggers dropped, then the FTS5 index is built with 'rebuild'
and the triggers put back. Prints the build time and a Markdown table of median / p95 times
of `workbench.search.search` (one page of 20 hits with counterparts, and the capped total).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from workbench import search
from workbench.store import Store

REPO = Path(__file__).resolve().parent.parent
RARE = ("quokkaberg", "zebrafinchola", "Xylomantë")

#: (text family, version label, language, file, reader)
SOURCES = (
    ("Genesis", "Albanian", "sq", "bible/GEN.sq-alb.verses.tsv", "tsv"),
    ("Genesis", "ASV", "en", "bible/GEN.en-asv.verses.tsv", "tsv"),
    ("Genesis", "BBE", "en", "bible/GEN.en-bbe.verses.tsv", "tsv"),
    ("Genesis", "Synodal", "ru", "bible/GEN.ru-synodal.verses.tsv", "tsv"),
    ("Mark", "Albanian", "sq", "bible/MRK.sq-alb.verses.tsv", "tsv"),
    ("Mark", "ASV", "en", "bible/MRK.en-asv.verses.tsv", "tsv"),
    ("Mark", "BBE", "en", "bible/MRK.en-bbe.verses.tsv", "tsv"),
    ("Mark", "Synodal", "ru", "bible/MRK.ru-synodal.verses.tsv", "tsv"),
    ("UDHR", "Albanian", "sq", "udhr/udhr_als.txt", "lines"),
    ("UDHR", "English", "en", "udhr/udhr_eng.txt", "lines"),
    ("UDHR", "Russian", "ru", "udhr/udhr_rus.txt", "lines"),
    ("Alpine Club yearbook", "German", "de", "textberg-dev/dev.de", "lines"),
    ("Alpine Club yearbook", "French", "fr", "textberg-dev/dev.fr", "lines"),
    ("Record 1961-10-04", "English", "en", "archive-record/record-1961-10-04.en.txt", "lines"),
)

#: (kind, query arguments); "{doc}" and "{version}" are filled with ids from the database.
QUERIES = [
    *[("common word", {"q": q}) for q in ("the", "and", "e", "и", "und", "de", "të", "God")],
    *[("rare word", {"q": q}) for q in ("quokkaberg", "zebrafinchola", "Dyhrenfurth", "Manush")],
    *[
        ("Albanian diacritics", {"q": q})
        for q in ("pergjithshme", "perendia", "Perëndia", "token", "shenjte", "xylomante")
    ],
    *[("Cyrillic", {"q": q}) for q in ("Иисус", "человек", "декларация", "земля", "Бог", "сказал")],
    *[
        ("phrase", {"q": q})
        for q in ('"son of man"', '"human rights"', '"in the beginning"', '"der Gipfel"')
    ],
    *[("prefix", {"q": q}) for q in ("declar*", "berg*", "Perëndi*")],
    ("filter: language", {"q": "e", "lang": "sq"}),
    ("filter: language", {"q": "the", "lang": "en"}),
    ("filter: language", {"q": "God", "lang": "ru"}),
    ("filter: language", {"q": "Иисус", "lang": "ru"}),
    ("filter: document", {"q": "the", "document": "{doc}"}),
    ("filter: document", {"q": "Jesus", "document": "{doc}"}),
    ("filter: document", {"q": "e", "document": "{doc}", "lang": "sq"}),
    ("filter: version", {"q": "and", "version": "{version}"}),
    ("filter: version", {"q": "the", "version": "{version}"}),
    ("filter: version", {"q": "Gipfel", "version": "{version}"}),
    ("filter: level", {"q": "God", "level": "sentence"}),
    ("filter: level", {"q": "pergjithshme", "level": "sentence"}),
    ("filter: link status", {"q": "God", "link_status": "confirmed"}),
    ("filter: link status", {"q": "Jesus", "link_status": "unconfirmed"}),
    ("filter: link status", {"q": "Perëndia", "link_status": "confirmed", "lang": "sq"}),
    ("filter: link status", {"q": "quokkaberg", "link_status": "unlinked"}),
    ("fts syntax", {"q": "God AND earth", "syntax": "fts"}),
    ("fts syntax", {"q": "NEAR(Jesus disciples, 5)", "syntax": "fts"}),
    ("fts syntax", {"q": "human NOT rights", "syntax": "fts"}),
    ("page 5", {"q": "the", "offset": "80"}),
    ("page 5", {"q": "Perëndia", "offset": "80"}),
]


def read_lines(corpora: Path, path: str, reader: str) -> list[str]:
    text = (corpora / path).read_text(encoding="utf-8")
    lines = [line.split("\t", 1)[-1] if reader == "tsv" else line for line in text.splitlines()]
    return [line.strip() for line in lines if line.strip()]


def perturb(line: str, copy: int, rng: random.Random) -> str:
    """A slightly different line: numbers shifted by the copy, sometimes two words swapped."""
    if copy == 0:
        return line
    line = re.sub(r"\d+", lambda m: str(int(m.group()) + copy), line)
    words = line.split(" ")
    if len(words) > 3 and rng.random() < 0.3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def build(db_path: Path, corpora: Path, target: int, seed: int = 7) -> tuple[Store, float]:
    """Fill a new database with about `target` segments; return it and the seconds taken."""
    started = time.perf_counter()
    store = Store(db_path)
    db = store.db
    rng = random.Random(seed)
    texts = [
        (family, label, lang, read_lines(corpora, p, r)) for family, label, lang, p, r in SOURCES
    ]
    per_copy = 2 * sum(len(lines) for *_, lines in texts)
    copies = max(1, round(target / per_copy))
    triggers = db.execute(
        "select name, sql from sqlite_master where type = 'trigger' and name like 'segments_fts_%'"
    ).fetchall()
    db.execute("pragma synchronous = off")
    for name, _ in triggers:
        db.execute(f"drop trigger {name}")
    segment_id, link_rows, seg_rows = 0, [], []
    with db.atomic():
        for copy in range(copies):
            families: dict[str, tuple[int, list[tuple[int, int]]]] = {}
            for family, label, lang, lines in texts:
                if family not in families:
                    doc = store.add_document(f"{family} (copy {copy + 1})", {})
                    families[family] = (doc, [])
                doc, versions = families[family]
                version = store.add_version(
                    doc, language=lang, role="source" if not versions else "translation",
                    label=f"{label} {copy + 1}",
                )  # fmt: skip
                versions.append((version, len(lines)))
                for position, line in enumerate(lines):
                    text = perturb(line, copy, rng)
                    if rng.random() < 0.00001 * 50:
                        text += " " + rng.choice(RARE)
                    segment_id += 2
                    seg_rows.append(
                        (segment_id - 1, version, "paragraph", position, "paragraph", None, text)
                    )
                    seg_rows.append(
                        (
                            segment_id,
                            version,
                            "sentence",
                            position,
                            "sentence",
                            segment_id - 1,
                            text,
                        )
                    )
            for doc, versions in families.values():
                (source, n), *others = versions
                for target_version, m in others:
                    alignment = store.add_alignment(
                        doc, source, target_version, method="bench", created_by=None
                    )
                    for i in range(min(n, m)):
                        status = "confirmed" if i % 3 == 0 else "auto"
                        link_rows.append((alignment, "paragraph", i, i + 1, i, i + 1, 0.9, status))
            if len(seg_rows) > 200_000:
                _flush(db, seg_rows, link_rows)
        _flush(db, seg_rows, link_rows)
    db.execute("insert into segments_fts(segments_fts) values ('rebuild')")
    for _, sql in triggers:
        db.execute(sql)
    db.execute("pragma synchronous = normal")
    db.execute("analyze")
    return store, time.perf_counter() - started


def _flush(db, seg_rows: list, link_rows: list) -> None:
    db.conn.executemany(
        "insert into segments (id, version_id, level, position, kind, parent_id, text)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        seg_rows,
    )
    db.conn.executemany(
        "insert into links (alignment_id, level, src_start, src_end, tgt_start, tgt_end,"
        " confidence, status) values (?, ?, ?, ?, ?, ?, ?, ?)",
        link_rows,
    )
    seg_rows.clear()
    link_rows.clear()


def run(store: Store, rounds: int = 3) -> list[tuple[str, float, int]]:
    """Each query `rounds` times (the first warms the cache); the median time of each."""
    doc = store.db.execute("select max(id) from documents where title like 'Mark%'").fetchone()[0]
    version = store.db.execute("select max(id) from versions where language = 'de'").fetchone()[0]
    results = []
    for kind, args in QUERIES:
        filled = {k: v.format(doc=doc, version=version) for k, v in args.items()}
        query = search.parse_query(filled)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            result = search.search(store, query)
            times.append((time.perf_counter() - started) * 1000)
        results.append((kind, statistics.median(times), result.total))
    return results


def table(results: list[tuple[str, float, int]]) -> str:
    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    kinds = list(dict.fromkeys(kind for kind, _, _ in results))
    lines = ["| queries | n | median ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for kind in [*kinds, "all"]:
        times = [t for k, t, _ in results if kind in (k, "all")]
        lines.append(
            f"| {kind} | {len(times)} | {statistics.median(times):.1f} | {p95(times):.1f}"
            f" | {max(times):.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temp dir)")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        parser.error(
            f"--corpora {args.corpora}: no such folder (the parallel corpora with gold alignments)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        path.unlink(missing_ok=True)
        store, seconds = build(path, args.corpora, args.segments)
        count = store.db.execute("select count(*) from segments").fetchone()[0]
        print(f"built {count:,} segments in {seconds:.0f} s ({path.stat().st_size / 2**20:.0f} MB)")
        results = run(store)
        print()
        print(table(results))
        store.close()


if __name__ == "__main__":
    main()
