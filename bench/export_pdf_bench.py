"""PDF export benchmark: where the time of a book's PDF goes, per layout of the export menu.

Usage: .venv/bin/python bench/export_pdf_bench.py [--corpora PATH] [--level sentence] [--runs N]
       .venv/bin/python bench/export_pdf_bench.py --long [--runs N]

Builds the demo's largest document (the Gospel of Mark, Albanian and the English ASV, about
80 kB a side) in a temporary database, aligns it, confirms every link and publishes an edition;
with --corpora (e.g. ../shared/corpora) Genesis as well (bible/GEN.sq-alb and GEN.en-asv
paragraphs, about 200 kB a side). Then, for each layout the export menu offers (usual, which is
facing pages for a PDF; facing; columns), it times the three stages of pdf.render: our HTML
(reading the links and filling the template), WeasyPrint's layout, and writing the PDF; and a
second export of the same edition, which the export cache answers. Times are CPU seconds of
this process (the machine is shared, so wall time is noisy; the wall time of the whole export
is shown too); the best of --runs runs. Prints a Markdown table. Not a test.

--long times instead single paragraphs far longer than a page (each side one paragraph): run-on
text without a sentence end (3,000 and 6,000 words a side), one unbroken 10,000-character word
a side, and 50,000 characters a side made of sentences. A paragraph longer than a page is set in
parts (exports/html.py `_pieces`); WeasyPrint's time grows about with the square of a block's
length, so a part that cannot be cut at a sentence end is cut at spaces, else between
characters, or it takes minutes. Only facing pages (the usual layout) and columns are timed,
and not the cached export.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import aligning, demo, editions, export, review, services  # noqa: E402
from workbench.exports import pdf  # noqa: E402
from workbench.exports.base import ExportOptions  # noqa: E402
from workbench.exports.cache import ExportCache  # noqa: E402
from workbench.store import Store  # noqa: E402

LAYOUTS = ("", "facing", "columns")  # the menu's options: "" is the usual layout


@dataclass(frozen=True)
class Text:
    name: str
    source: tuple[Path, str]  # (file, language)
    target: tuple[Path, str]


@dataclass
class Timing:
    html: float = float("inf")
    layout: float = float("inf")
    write: float = float("inf")
    wall: float = float("inf")
    cached: float = float("inf")
    pages: int = 0
    size: int = 0


def largest_demo_text() -> Text:
    """The demo text with the most bytes on its two sides (a source and its translation)."""
    folder = demo.translations_dir()
    texts = [t for t in demo.DEMO_TEXTS if t.source is not None]

    def size(text: demo.DemoText) -> int:
        return sum((folder / name).stat().st_size for name, _ in (text.source, text.translation))

    text = max(texts, key=size)
    assert text.source is not None
    source, target = text.source, text.translation
    name = f"{source[0].split('.')[0]} (demo)"
    return Text(name, (folder / source[0], source[1]), (folder / target[0], target[1]))


def genesis(corpora: Path) -> Text | None:
    folder = corpora / "bible"
    source, target = folder / "GEN.sq-alb.paras.txt", folder / "GEN.en-asv.paras.txt"
    if not (source.is_file() and target.is_file()):
        print(f"no Genesis in {folder}: skipped", file=sys.stderr)
        return None
    return Text("GEN (corpora)", (source, "sq"), (target, "en"))


#: Syllables of the made-up words of the long paragraphs (--long): no sentence end among them.
SYLLABLES = ("ka", "ri", "to", "men", "sa", "lu", "de", "vor", "ni", "pa", "shë", "ën")


def words(count: int, seed: int) -> str:
    """`count` made-up words, lowercase, no punctuation: one run-on sentence."""
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count)
    )


def sentences(characters: int, seed: int) -> str:
    """About `characters` of sentences of 8 to 20 made-up words each."""
    rng, found, size = random.Random(seed), [], 0
    while size < characters:
        sentence = words(rng.randint(8, 20), rng.random()).capitalize() + "."
        found.append(sentence)
        size += len(sentence) + 1
    return " ".join(found)


def long_texts(folder: Path) -> list[Text]:
    """Texts of one paragraph a side far longer than a page, written into `folder`."""
    made = {
        "run-on, 3,000 words": (words(3000, 1), words(3000, 2)),
        "run-on, 6,000 words": (words(6000, 3), words(6000, 4)),
        "one 10,000-character word": ("ab" * 5000, "xy" * 5000),
        "50,000 characters of sentences": (sentences(50_000, 5), sentences(50_000, 6)),
    }
    texts = []
    for number, (name, (source, target)) in enumerate(made.items()):
        paths = folder / f"long-{number}.sq.txt", folder / f"long-{number}.en.txt"
        for path, text in zip(paths, (source, target), strict=True):
            path.write_text(text + "\n", encoding="utf-8")
        texts.append(Text(name, (paths[0], "sq"), (paths[1], "en")))
    return texts


def publish(store: Store, text: Text) -> tuple[int, int]:
    """Import, align, confirm every link and publish: (edition id, paragraph links)."""
    (source, src_lang), (target, tgt_lang) = text.source, text.target
    document = services.import_file(
        store, source.read_bytes(), filename=source.name, title=text.name,
        language=src_lang, role="source", user="bench",
    ).document  # fmt: skip
    services.import_file(
        store, target.read_bytes(), filename=target.name, document_id=document,
        language=tgt_lang, role="translation", user="bench",
    )  # fmt: skip
    alignment = aligning.align_versions(store, document, user="bench")
    links = store.links(alignment)
    review.set_status(store, alignment, [link.id for link in links], user="bench")
    return editions.publish(store, alignment, user="bench"), len(links)


def warm_up() -> None:
    """Load WeasyPrint and the fonts once, so the first layout timed does not pay for it."""
    from weasyprint import HTML

    HTML(string="<p>warm-up</p>").write_pdf()


def clocked(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    result = work()
    return result, time.process_time() - start


def run_once(
    store: Store, edition: int, options: ExportOptions, timing: Timing, cached: bool = True
) -> None:
    """One uncached export stage by stage, then (`cached`) the same export twice through a
    new cache."""
    data = export.build_edition(store, edition, options)
    wall = time.perf_counter()
    (page, estimate), html_s = clocked(lambda: pdf.page(data))
    document, layout_s = clocked(lambda: pdf.layout(data, page, estimate))
    content, write_s = clocked(lambda: pdf.write_pdf(data, document))
    wall = time.perf_counter() - wall
    timing.pages, timing.size = len(document.pages), len(content)
    timing.html = min(timing.html, html_s)
    timing.layout = min(timing.layout, layout_s)
    timing.write = min(timing.write, write_s)
    timing.wall = min(timing.wall, wall)
    if not cached:
        return
    with tempfile.TemporaryDirectory() as folder:
        cache = ExportCache(Path(folder))
        export.whole(export.build_edition(store, edition, options), "pdf", cache)
        _, cached_s = clocked(
            lambda: export.whole(export.build_edition(store, edition, options), "pdf", cache)
        )
    timing.cached = min(timing.cached, cached_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, help="folder with bible/GEN.*.paras.txt")
    parser.add_argument("--level", choices=("paragraph", "sentence"), default="paragraph")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="paragraphs longer than a page")
    args = parser.parse_args()
    warm_up()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        if args.long:
            texts = long_texts(Path(folder))
        else:
            texts = [largest_demo_text()]
            if args.corpora and (extra := genesis(args.corpora)):
                texts.append(extra)
        store = Store(Path(folder) / "bench.db")
        for text in texts:
            start = time.perf_counter()
            edition, links = publish(store, text)
            built = time.perf_counter() - start
            print(f"{text.name}: {links} links, built in {built:.1f} s", file=sys.stderr)
            # the usual layout of a PDF is facing pages: --long, slow, times it once
            for layout in ("facing", "columns") if args.long else LAYOUTS:
                timing = Timing()
                options = ExportOptions(level=args.level, layout=layout or None)
                for _ in range(args.runs):
                    run_once(store, edition, options, timing, cached=not args.long)
                rows.append((text.name, links, layout or "usual (facing)", timing))
        store.close()
    print_table(rows)


def print_table(rows: list[tuple[str, int, str, Timing]]) -> None:
    print(
        "| text | links | layout | pages | our HTML (s) | WeasyPrint layout (s) | PDF write (s) "
        "| total CPU (s) | total wall (s) | again, cached (s) | KiB |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, links, layout, t in rows:
        total = t.html + t.layout + t.write
        cached = "–" if t.cached == float("inf") else f"{t.cached:.3f}"  # not timed (--long)
        print(
            f"| {name} | {links} | {layout} | {t.pages} | {t.html:.2f} | {t.layout:.2f} "
            f"| {t.write:.2f} | {total:.2f} | {t.wall:.2f} | {cached} | {t.size // 1024} |"
        )


if __name__ == "__main__":
    main()
