"""PDF export benchmark: where the time of a book's PDF goes, per layout of the export menu.

Usage: .venv/bin/python bench/export_pdf_bench.py [--corpora PATH] [--level sentence] [--runs N]

Builds the demo's largest document (the Gospel of Mark, Albanian and the English ASV, about
80 kB a side) in a temporary database, aligns it, confirms every link and publishes an edition;
with --corpora (e.g. ../shared/corpora) Genesis as well (bible/GEN.sq-alb and GEN.en-asv
paragraphs, about 200 kB a side). Then, for each layout the export menu offers (usual, which is
facing pages for a PDF; facing; columns), it times the three stages of pdf.render: our HTML
(reading the links and filling the template), WeasyPrint's layout, and writing the PDF; and a
second export of the same edition, which the export cache answers. Times are CPU seconds of
this process (the machine is shared, so wall time is noisy; the wall time of the whole export
is shown too); the best of --runs runs. Prints a Markdown table. Not a test.
"""

from __future__ import annotations

import argparse
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


def run_once(store: Store, edition: int, options: ExportOptions, timing: Timing) -> None:
    """One uncached export stage by stage, then the same export twice through a new cache."""
    data = export.build_edition(store, edition, options)
    wall = time.perf_counter()
    (page, estimate), html_s = clocked(lambda: pdf.page(data))
    document, layout_s = clocked(lambda: pdf.layout(data, page, estimate))
    content, write_s = clocked(lambda: pdf.write_pdf(data, document))
    wall = time.perf_counter() - wall
    with tempfile.TemporaryDirectory() as folder:
        cache = ExportCache(Path(folder))
        export.whole(export.build_edition(store, edition, options), "pdf", cache)
        _, cached_s = clocked(
            lambda: export.whole(export.build_edition(store, edition, options), "pdf", cache)
        )
    timing.html = min(timing.html, html_s)
    timing.layout = min(timing.layout, layout_s)
    timing.write = min(timing.write, write_s)
    timing.wall = min(timing.wall, wall)
    timing.cached = min(timing.cached, cached_s)
    timing.pages, timing.size = len(document.pages), len(content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, help="folder with bible/GEN.*.paras.txt")
    parser.add_argument("--level", choices=("paragraph", "sentence"), default="paragraph")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    texts = [largest_demo_text()]
    if args.corpora and (extra := genesis(args.corpora)):
        texts.append(extra)
    warm_up()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        for text in texts:
            start = time.perf_counter()
            edition, links = publish(store, text)
            built = time.perf_counter() - start
            print(f"{text.name}: {links} links, built in {built:.1f} s", file=sys.stderr)
            for layout in LAYOUTS:
                timing = Timing()
                options = ExportOptions(level=args.level, layout=layout or None)
                for _ in range(args.runs):
                    run_once(store, edition, options, timing)
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
        print(
            f"| {name} | {links} | {layout} | {t.pages} | {t.html:.2f} | {t.layout:.2f} "
            f"| {t.write:.2f} | {total:.2f} | {t.wall:.2f} | {t.cached:.3f} | {t.size // 1024} |"
        )


if __name__ == "__main__":
    main()
