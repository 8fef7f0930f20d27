"""Reader editions read by real readers: pdftotext (poppler), python-docx, ebooklib, lxml.html,
and Chromium (a screenshot of the HTML edition in tests/artifacts/edition.png)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.test_export import exported, make_document
from workbench import editions, review
from workbench.store import Store

RU = [
    "Статья 1.",
    "Все люди рождаются свободными и равными в своем достоинстве и правах.",
    "Статья 2.",
    "Каждый человек должен обладать всеми правами и всеми свободами.",
]
EN = [
    "Article 1.",
    "All human beings are born free and equal in dignity and rights.",
    "Article 2.",
    "Everyone is entitled to all the rights and freedoms.",
]
ZH = ["第一条", "人人生而自由，在尊严和权利上一律平等。"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def published(store: Store, source: list[str], target: list[str], langs: tuple[str, str]) -> int:
    alignment = make_document(store, source, target, langs)
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rita")
    editions.publish(store, alignment, user="eva")
    return store.alignment(alignment)["document_id"]


def pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "edition.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_pdf_has_both_languages_in_reading_order(store: Store, tmp_path: Path, layout) -> None:
    document = published(store, RU, EN, ("ru", "en"))
    data = exported(store, document, "pdf", layout=layout)
    assert data.startswith(b"%PDF")
    text = " ".join(pdftotext(data, tmp_path).split())
    assert "Edition 1" in text and "Декларация" in text  # the title, in Cyrillic
    for source, target in zip(RU, EN, strict=True):
        start, end = text.index(" ".join(source.split()[:3])), text.index(target.split(".")[0])
        assert start < end, f"{source!r} should come before {target!r}"
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "edition.pdf")], capture_output=True, text=True
    ).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:]), "every font embedded"


def test_pdf_renders_cjk_and_marks_a_draft(store: Store, tmp_path: Path) -> None:
    document = published(store, ZH, EN[:2], ("zh", "en"))
    text = pdftotext(exported(store, document, "pdf", edition=None), tmp_path)
    assert "人人生而自由" in text and "DRAFT" in text


def test_docx_table_styles_and_properties(store: Store) -> None:
    import docx

    document = published(store, RU, EN, ("ru", "en"))
    word = docx.Document(io.BytesIO(exported(store, document, "docx", flags=True)))
    table = word.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1:] == [[str(i + 1), s, t] for i, (s, t) in enumerate(zip(RU, EN, strict=True))]
    assert table.rows[1].cells[1].paragraphs[0].style.name == "Source Text"
    assert table.rows[1].cells[2].paragraphs[0].style.name == "Target Text"
    assert table.rows[1].cells[0].paragraphs[0].style.name == "Paragraph Number"
    lang = word.styles["Source Text"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
    )
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "ru"
    props = word.core_properties
    assert props.title == "Deklarata — Декларация" and props.content_status == "Edition 1"
    assert word.paragraphs[0].style.name == "Title"


def test_docx_says_when_the_edition_was_published_and_who_translated_it(store: Store) -> None:
    import docx

    document = published(store, RU, EN, ("ru", "en"))
    (edition,) = store.editions(document_id=document)
    word = docx.Document(io.BytesIO(exported(store, document, "docx")))
    props = word.core_properties
    published_at = datetime.fromisoformat(edition["published_at"].replace("Z", "+00:00"))
    assert props.created == props.modified == published_at
    assert props.last_modified_by == "Workbench"
    assert "python-docx" not in (props.author, props.comments, props.last_modified_by)


def test_epub_is_a_valid_package(store: Store, tmp_path: Path) -> None:
    from ebooklib import epub

    document = published(store, RU, EN, ("ru", "en"))
    data = exported(store, document, "epub", flags=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/epub+zip"
    path = tmp_path / "edition.epub"
    path.write_bytes(data)
    book = epub.read_epub(str(path))
    assert book.get_metadata("DC", "title")[0][0] == "Deklarata — Декларация"
    assert book.get_metadata("DC", "language")[0][0] == "en"
    text = b"".join(item.get_content() for item in book.get_items_of_type(9)).decode()
    assert 'lang="ru"' in text and "Все люди рождаются" in text


def test_html_edition_parses_with_lang_and_dir_on_every_text_block(store: Store) -> None:
    import lxml.html

    document = published(store, RU, EN, ("ru", "en"))
    page = exported(store, document, "html")
    tree = lxml.html.document_fromstring(page)
    paragraphs = tree.findall(".//main//p")
    assert len(paragraphs) == 8
    assert {(p.get("lang"), p.get("dir")) for p in paragraphs} == {("ru", "ltr"), ("en", "ltr")}
    style = tree.find(".//style")
    assert style is not None and '"Noto Serif"' in style.text, "standalone, CSS not escaped"
    assert next(dd.text for dd in tree.findall(".//dl/dd")) == "Deklarata — Декларация"


@pytest.mark.browser
def test_chromium_screenshot_of_the_edition(store: Store, tmp_path: Path) -> None:
    from playwright import sync_api as playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    alignment = make_document(store, RU, EN, ("ru", "en"))
    links = store.links(alignment)
    review.set_status(store, alignment, [links[0].id, links[1].id], user="rita")
    document = store.alignment(alignment)["document_id"]
    path = tmp_path / "edition.html"
    path.write_bytes(exported(store, document, "html", edition=None))
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.screenshot(path=str(ARTIFACTS / "edition.png"), full_page=True)
        columns = page.eval_on_selector_all(
            ".columns .pair:not(.head)",
            "rows => rows.map(r => [r.querySelector('.src').getBoundingClientRect().left,"
            " r.querySelector('.tgt').getBoundingClientRect().left])",
        )
        browser.close()
    assert dialogs == []
    assert all(src < tgt for src, tgt in columns), "source left, translation right"
    assert (ARTIFACTS / "edition.png").stat().st_size > 10_000


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    """pdftotext of each page on its own (-f N -l N), whitespace squashed."""
    path = tmp_path / "notes.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    count = int(next(line.split()[1] for line in info.stdout.splitlines() if line[:6] == "Pages:"))
    return [
        " ".join(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
        )
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_pdf_footnotes_share_the_page_of_their_call(store: Store, tmp_path: Path, layout) -> None:
    """Every translator's note is set at the foot of the page that has its call: the
    translation's paragraph ends in a word of its own (omegaK) followed by the call number."""
    from workbench import flags

    n = 14
    source = [f"Neni {i}. " + "Tekst i gjatë shqip me fjalë. " * (8 + i % 5 * 6) for i in range(n)]
    target = [
        f"Article {i}. " + "A long English text, many words. " * (8 + i % 5 * 6) + f"omega{i}"
        for i in range(n)
    ]
    alignment = make_document(store, source, target)
    links = store.links(alignment)
    review.set_status(store, alignment, [link.id for link in links], user="rita")
    flagged = [0, 3, 6, 9, 12]
    for k in flagged:
        flags.raise_flag(
            store,
            alignment,
            category="terminology",
            severity="minor",
            link_id=links[k].id,
            comment=f"notebody{k}",
            user="rita",
        )
    editions.publish(store, alignment, user="eva")
    document = store.alignment(alignment)["document_id"]
    pages = page_texts(exported(store, document, "pdf", flags=True, layout=layout), tmp_path)
    for number, k in enumerate(flagged, start=1):
        [call] = [i for i, text in enumerate(pages) if f"omega{k}{number}" in text.replace(" ", "")]
        [note] = [i for i, text in enumerate(pages) if f"notebody{k}" in text]
        assert note == call, f"note {number} is on page {note + 1}, its call on page {call + 1}"
        assert f"{number}. terminology" in pages[note]


def test_pdf_facing_pages_keep_chapter_length_paragraphs_face_to_face(
    store: Store, tmp_path: Path
) -> None:
    """Chapters longer than a page are cut at sentence ends into page-sized passages, each on
    a verso facing its translation on the recto: no page holds the other language, none is
    left nearly blank."""
    import re

    def chapter(word: str, c: int) -> str:
        return " ".join(f"{word} {c}x{i} e tekstit të gjatë me shumë fjalë." for i in range(200))

    source = [chapter("Fjalia", c) for c in range(3)]
    target = [
        chapter("Sentence", c).replace("e tekstit të gjatë me shumë fjalë", "of a long text")
        for c in range(3)
    ]
    document = published(store, source, target, ("sq", "en"))
    pages = page_texts(exported(store, document, "pdf", layout="facing"), tmp_path)
    body = [(n, text) for n, text in enumerate(pages) if "Fjalia" in text or "Sentence" in text]
    assert len(body) >= 6
    for n, text in body:
        assert not ("Fjalia" in text and "Sentence" in text), f"page {n + 1} mixes languages"
        header = "Albanian source" if "Fjalia" in text else "English translation"
        assert text.startswith(header), f"page {n + 1} is headed {text[:20]!r}"
    sparse = [n + 1 for n, text in enumerate(pages[1:], start=1) if len(text.split()) < 15]
    assert sparse == [], f"nearly empty pages: {sparse}"
    marks = {n: set(re.findall(r"(\d+)x(\d+)", text)) for n, text in body}
    for n, text in body:
        if "Fjalia" in text:  # a verso: the next page is its recto, with the same passage
            assert "Sentence" in pages[n + 1], f"page {n + 2} should face page {n + 1}"
            verso = sorted((int(c), int(i)) for c, i in marks[n])
            recto = sorted((int(c), int(i)) for c, i in marks[n + 1])
            assert recto[0] <= verso[-1] and verso[0] <= recto[-1], (n + 1, verso, recto)
    assert {(str(c), str(i)) for c in range(3) for i in range(200)} <= set().union(
        *(marks[n] for n, text in body if "Fjalia" in text)
    )
