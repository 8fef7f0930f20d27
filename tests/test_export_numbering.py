"""How exports number their links, and what they say about links an edition leaves out.

An edition holds only the confirmed links. Reader formats (HTML, PDF, DOCX, EPUB) number the
text by its source paragraphs, so a reader sees that ¶ 2 is missing instead of a renumbered
text in which chapter 3 is called "2"; a marker says what is left out. Interchange formats
keep their stable ids (1…n in the file) and carry the source positions beside them. CSV and TSV
carry the translator's notes in a last column when notes from flags are asked for.

Every file is read back by a real reader: lxml.html, python-docx, ebooklib, pdftotext, the csv
and json modules, lxml for TMX.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from tests.test_export import exported, make_document
from tests.test_review import SOURCE, TARGET
from workbench import editions, flags, review
from workbench.store import Store

NOTE = "“endowed” is stronger than the source"


@pytest.fixture
def gappy(store: Store) -> dict:
    """Six one-to-one links; ¶ 1, 3 and 6 confirmed (2, 4 and 5 not), a flag on ¶ 3, and
    edition 1 published from that."""
    alignment = make_document(store, SOURCE, TARGET)
    links = store.links(alignment)
    assert [(link.src_start, link.src_end) for link in links] == [(i, i + 1) for i in range(6)]
    review.set_status(store, alignment, [links[i].id for i in (0, 2, 5)], user="rita")
    flags.raise_flag(
        store,
        alignment,
        category="accuracy/mistranslation",
        severity="major",
        link_id=links[2].id,
        comment=NOTE,
        user="rita",
    )
    editions.publish(store, alignment, user="eva")
    return {"document": store.alignment(alignment)["document_id"], "alignment": alignment}


def squeeze(text: str) -> str:
    return " ".join(text.split())


# -- reader formats: the source's numbers, and a marker where paragraphs are left out ----------


@pytest.mark.parametrize("layout", ["columns", "facing"])
def test_the_html_edition_numbers_paragraphs_as_the_source_does(
    store: Store, gappy: dict, layout: str
) -> None:
    page = lxml.html.document_fromstring(exported(store, gappy["document"], "html", layout=layout))
    text_blocks = page.xpath("//main//div[contains(@class, 'src') or contains(@class, 'text')]")
    assert text_blocks, "the edition has its text"
    numbers = [
        squeeze(span.text_content())
        for span in page.xpath(
            "//main//div[(@class='pair' or @class='para') and not(contains(@class, 'gap'))]"
            "/span[@class='num']"
        )
    ]
    expected = ["1", "3", "6"] if layout == "columns" else ["1", "3", "6"] * 2
    assert numbers == expected
    gaps = [squeeze(div.text_content()) for div in page.xpath("//main//div[@role='note']")]
    once = ["2 […] ¶ 2 is not in this edition", "4–5 […] ¶ 4–5 are not in this edition"]
    assert gaps == (once if layout == "columns" else once * 2), "on the verso and the recto"
    # anchors stay unique and stable: the n-th link of the file
    assert page.xpath("//main//div[@id='p3' or @id='s3']")


def test_the_docx_edition_numbers_rows_by_source_paragraph(store: Store, gappy: dict) -> None:
    import docx

    word = docx.Document(io.BytesIO(exported(store, gappy["document"], "docx")))
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows][1:]
    assert [row[0] for row in rows] == ["1", "2", "3", "4–5", "6"]
    assert rows[0][1:] == [SOURCE[0], TARGET[0]]
    assert rows[1][1:] == ["[…] ¶ 2 is not in this edition", ""]
    assert rows[2][1:] == [SOURCE[2], TARGET[2]]
    assert rows[3][1] == "[…] ¶ 4–5 are not in this edition"
    assert rows[4][1:] == [SOURCE[5], TARGET[5]]


def test_the_epub_edition_numbers_paragraphs_by_source_paragraph(
    store: Store, gappy: dict, tmp_path: Path
) -> None:
    from ebooklib import ITEM_DOCUMENT, epub

    path = tmp_path / "edition.epub"
    path.write_bytes(exported(store, gappy["document"], "epub"))
    book = epub.read_epub(str(path))
    [text] = [item for item in book.get_items_of_type(ITEM_DOCUMENT) if "text-" in item.file_name]
    page = lxml.html.document_fromstring(text.get_content())
    assert [p.text_content() for p in page.xpath("//div[@class='pair']/p[@class='num']")] == [
        "1",
        "3",
        "6",
    ]
    gaps = [p.text_content() for p in page.xpath("//p[@class='num gap']")]
    assert gaps == ["[…] ¶ 2 is not in this edition", "[…] ¶ 4–5 are not in this edition"]
    assert page.xpath("string(//h2)") == "1–6", "a chapter is titled by the paragraphs it spans"


def test_the_pdf_edition_shows_the_source_numbers_and_the_gaps(
    store: Store, gappy: dict, tmp_path: Path
) -> None:
    path = tmp_path / "edition.pdf"
    path.write_bytes(exported(store, gappy["document"], "pdf", layout="columns"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [squeeze(line) for line in text.splitlines() if line.strip()]
    assert any(line.startswith("2 […] ¶ 2 is not in this edition") for line in lines)
    assert any(line.startswith("4–5 […] ¶ 4–5 are not in this edition") for line in lines)
    assert any(line.startswith("3 Neni 2. Article 2") for line in lines), lines
    assert any(line.startswith("6 Çdo individ") for line in lines), lines


def test_a_draft_of_confirmed_links_only_marks_what_is_not_confirmed_yet(
    store: Store, gappy: dict
) -> None:
    page = lxml.html.document_fromstring(
        exported(store, gappy["document"], "html", edition=None, approved_only=True)
    )
    gaps = [squeeze(div.text_content()) for div in page.xpath("//main//div[@role='note']")]
    assert gaps == [
        "2 […] ¶ 2 is not confirmed yet",
        "4–5 […] ¶ 4–5 are not confirmed yet",
    ]
    full = lxml.html.document_fromstring(exported(store, gappy["document"], "html", edition=None))
    assert not full.xpath("//main//div[@role='note']"), "a full draft leaves nothing out"
    numbers = full.xpath("//main//div[@class='pair']/span[@class='num']/text()")
    assert numbers == ["1", "2", "3", "4", "5", "6"]


def test_a_merged_link_is_numbered_by_the_source_paragraphs_it_holds(store: Store) -> None:
    alignment = make_document(store, SOURCE, TARGET)
    links = store.links(alignment)
    review.merge(store, alignment, links[2].id, "next", user="rita")
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rita")
    editions.publish(store, alignment, user="eva")
    document = store.alignment(alignment)["document_id"]
    page = lxml.html.document_fromstring(exported(store, document, "html"))
    numbers = page.xpath("//main//div[@class='pair']/span[@class='num']/text()")
    assert numbers == ["1", "2", "3–4", "5", "6"]


# -- interchange formats: stable ids, and the source positions beside them ---------------------


def test_interchange_formats_keep_stable_ids_and_carry_source_positions(
    store: Store, gappy: dict
) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(store, gappy["document"], "csv").decode())))
    assert [(r["number"], r["source positions"]) for r in rows] == [
        ("1", "1"),
        ("2", "3"),
        ("3", "6"),
    ]
    links = json.loads(exported(store, gappy["document"], "json"))["links"]
    assert [(link["number"], link["source_positions"]) for link in links] == [
        (1, [0, 1]),
        (2, [2, 3]),
        (3, [5, 6]),
    ]
    tmx = etree.fromstring(exported(store, gappy["document"], "tmx"))
    assert [tu.get("tuid") for tu in tmx.iter("tu")] == ["1", "2", "3"]


# -- CSV and TSV: translator's notes when asked for ---------------------------------------------


def test_csv_has_a_notes_column_when_notes_from_flags_are_asked_for(
    store: Store, gappy: dict
) -> None:
    plain = list(csv.reader(io.StringIO(exported(store, gappy["document"], "csv").decode())))
    assert "notes" not in plain[0], "no notes unless asked for"
    rows = list(
        csv.DictReader(io.StringIO(exported(store, gappy["document"], "csv", flags=True).decode()))
    )
    assert list(rows[0]) == [
        "number",
        "source",
        "target",
        "status",
        "confidence",
        "source positions",
        "target positions",
        "text key",
        "reviewer",
        "notes",
    ]
    assert [r["notes"] for r in rows] == [
        "",
        f"[1] accuracy/mistranslation (major, open) by rita: {NOTE}",
        "",
    ]
    # the same note as TMX's <note>, signed as interchange files are; the reader's edition
    # (the DOCX endnote) says what the flag says, not who raised it
    tmx = etree.fromstring(exported(store, gappy["document"], "tmx", flags=True))
    [note] = [n.text for n in tmx.iter("note") if n.getparent().tag == "tu"]
    assert rows[1]["notes"] == f"[1] {note}"
    import docx

    word = docx.Document(io.BytesIO(exported(store, gappy["document"], "docx", flags=True)))
    endnotes = [p.text for p in word.paragraphs if p.style.name == "Translator's Note"]
    assert endnotes == [f"[1] accuracy/mistranslation (major, open): {NOTE}"]


def test_tsv_and_excel_variants_carry_the_notes_too(store: Store, gappy: dict) -> None:
    data = exported(store, gappy["document"], "tsv", flags=True, excel=True)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter="\t"))
    assert rows[0][-1] == "notes" and all(len(row) == 10 for row in rows)
    assert rows[2][-1].startswith("[1] accuracy/mistranslation (major, open)")
    draft = exported(store, gappy["document"], "csv", edition=None, flags=True)
    by_number = {r["number"]: r for r in csv.DictReader(io.StringIO(draft.decode()))}
    assert by_number["3"]["notes"].startswith("[1] accuracy/mistranslation"), "a draft's too"


def test_several_notes_on_one_link_are_one_a_line(store: Store, gappy: dict) -> None:
    links = store.links(gappy["alignment"])
    flags.raise_flag(
        store,
        gappy["alignment"],
        category="style",
        severity="minor",
        link_id=links[2].id,
        comment="=SUM(A1) looks like a formula",
        user="rita",
    )
    data = exported(store, gappy["document"], "csv", edition=None, flags=True, excel=True)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[2]["notes"].split("\n") == [
        f"[1] accuracy/mistranslation (major, open) by rita: {NOTE}",
        "[2] style (minor, open) by rita: =SUM(A1) looks like a formula",
    ]
