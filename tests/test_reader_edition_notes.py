"""Translator's notes in the reader editions (HTML, PDF, DOCX, EPUB, TEI), read back by real
readers: lxml for HTML and TEI, pdftotext (poppler) for PDF, python-docx, zipfile and lxml for
EPUB.

Every note an export lists has a numbered reference in the text, with the same number in every
format: at the end of the translation, or of the source when the link has no translation (a
1-0 link); a note on quoted words sits in the paragraph that holds them (TEI). A paragraph
with more notes than text keeps them all on paper, and a long paragraph cut into page-sized
parts keeps its line breaks and the white space between its sentences as typed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from lxml import etree

from tests.test_export import exported, make_document
from tests.test_export_readers import pdftotext
from tests.test_review import SOURCE, TARGET
from workbench import editions, flags, review, revisions
from workbench.store import Store

TEI = "{http://www.tei-c.org/ns/1.0}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def note(store: Store, alignment: int, link_id: int, comment: str, **span: str) -> None:
    """A minor terminology flag with `comment` on a link (or on words of one side: `span`
    gives side and quote)."""
    flags.raise_flag(
        store,
        alignment,
        category="terminology",
        severity="minor",
        link_id=link_id,
        comment=comment,
        user="rita",
        **span,
    )


def publish(store: Store, alignment: int) -> int:
    """Confirm every link, publish edition 1; returns the document."""
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rita")
    editions.publish(store, alignment, user="eva")
    return store.alignment(alignment)["document_id"]


# -- a note on a link without a translation, and the way back from a note ----------------------


@pytest.fixture
def untranslated(store: Store) -> int:
    """¶ 3 left untranslated (a 1-0 link, its translation a 0-1 link of its own), with three
    notes: note 1 on ¶ 2, note 2 on the untranslated ¶ 3, note 3 on ¶ 4; edition 1 published.
    Returns the document."""
    alignment = make_document(store, SOURCE, TARGET)
    review.detach(store, alignment, store.links(alignment)[2].id, user="rita")
    links = store.links(alignment)
    assert [(link.src, link.tgt) for link in links[1:5]] == [
        ([1], [1]),
        ([2], []),
        ([], [2]),
        ([3], [3]),
    ]
    for number, k in enumerate((1, 2, 4), start=1):
        note(store, alignment, links[k].id, f"notebody{number}")
    return publish(store, alignment)


@pytest.mark.parametrize("layout", ["columns", "facing"])
def test_html_every_listed_note_has_its_reference_in_the_text(
    store: Store, untranslated: int, layout: str
) -> None:
    page = lxml.html.document_fromstring(
        exported(store, untranslated, "html", flags=True, layout=layout)
    )
    listed = [li.get("id") for li in page.xpath("//section[@class='notes']//li")]
    refs = page.xpath("//main//a[@class='note-ref']")
    assert listed == ["note-1", "note-2", "note-3"]
    assert sorted((a.get("href"), a.get("id"), a.text) for a in refs) == [
        (f"#note-{n}", f"ref-{n}", str(n)) for n in (1, 2, 3)
    ]
    [untranslated_ref] = [a for a in refs if a.text == "2"]
    assert "Neni 2." in untranslated_ref.getparent().text_content(), "after the source's text"


def test_epub_every_note_has_its_reference_and_links_back_to_it(
    store: Store, untranslated: int
) -> None:
    with zipfile.ZipFile(io.BytesIO(exported(store, untranslated, "epub", flags=True))) as book:
        pages = {
            Path(name).name: etree.fromstring(book.read(name))
            for name in book.namelist()
            if name.endswith(".xhtml")
        }
    refs = {
        (name, a.get("id")): a
        for name, page in pages.items()
        for a in page.iter(f"{XHTML}a")
        if a.get(EPUB_TYPE) == "noteref"
    }
    assert sorted(a.text for a in refs.values()) == ["[1]", "[2]", "[3]"]
    assert all(a.get("href") == f"notes.xhtml#note-{a.text[1:-1]}" for a in refs.values())
    endnotes = list(pages["notes.xhtml"].iter(f"{XHTML}li"))
    assert [li.get("id") for li in endnotes] == ["note-1", "note-2", "note-3"]
    for li in endnotes:
        [back] = li.iter(f"{XHTML}a")
        name, _, anchor = back.get("href").partition("#")
        assert anchor == "ref-" + li.get("id")[5:] and (name, anchor) in refs, "links back"


def test_epub_lists_no_note_reference_as_a_page(store: Store, untranslated: int) -> None:
    with zipfile.ZipFile(io.BytesIO(exported(store, untranslated, "epub", flags=True))) as book:
        [nav] = [name for name in book.namelist() if name.endswith("nav.xhtml")]
        navigation = etree.fromstring(book.read(nav))
    assert [n.get(EPUB_TYPE) for n in navigation.iter(f"{XHTML}nav")] == ["toc"]
    assert b"ref-" not in etree.tostring(navigation)


def test_tei_keeps_the_note_of_an_untranslated_paragraph_with_its_source(
    store: Store, untranslated: int
) -> None:
    root = etree.fromstring(exported(store, untranslated, "tei", flags=True))
    notes = {
        n.get("n"): n.getparent().get(XML_ID)
        for n in root.iter(f"{TEI}note")
        if n.get("type") == "translator"
    }
    assert notes == {"1": "tgt-p2", "2": "src-p3", "3": "tgt-p4"}


def test_docx_marks_every_note_in_the_text(store: Store, untranslated: int) -> None:
    word = docx.Document(io.BytesIO(exported(store, untranslated, "docx", flags=True)))
    cells = " ".join(cell.text for row in word.tables[0].rows for cell in row.cells)
    assert re.findall(r"\[(\d)\]", cells) == ["1", "2", "3"]


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_pdf_prints_every_note_with_its_own_number(
    store: Store, untranslated: int, tmp_path: Path, layout: str
) -> None:
    """The footnote's number is the note's, not a count of the footnotes before it on paper
    (on facing pages the untranslated paragraph's note is on the verso, before note 1)."""
    data = exported(store, untranslated, "pdf", flags=True, layout=layout)
    text = squeeze(pdftotext(data, tmp_path))
    for number in (1, 2, 3):
        assert f"{number}. terminology (minor, open): notebody{number}" in text
    assert "Neni2.2" in text.replace(" ", ""), "the call follows the untranslated source"


# -- a short paragraph with long notes ---------------------------------------------------------


@pytest.fixture
def annotated(store: Store) -> int:
    """Article 2 (one short sentence) with a 1,500-character note and a short one, and
    Article 3 with sixteen notes of some 200 characters; edition 1 published."""
    alignment = make_document(store, SOURCE, TARGET)
    links = store.links(alignment)
    note(store, alignment, links[3].id, "longnote " + "A very long remark. " * 75)
    note(store, alignment, links[3].id, "shortnote")
    for k in range(16):
        note(store, alignment, links[5].id, f"many{k} " + "A remark of some length. " * 8)
    return publish(store, alignment)


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_pdf_prints_every_note_of_a_short_paragraph_however_long(
    store: Store, annotated: int, tmp_path: Path, layout: str
) -> None:
    text = squeeze(
        pdftotext(exported(store, annotated, "pdf", flags=True, layout=layout), tmp_path)
    )
    words = ["longnote", "shortnote"] + [f"many{k}" for k in range(16)]
    assert [word for word in words if word not in text] == []
    for number, word in enumerate(words, start=1):
        assert f"{number}. terminology (minor, open): {word}" in text


def test_facing_html_references_every_note_of_a_short_paragraph(
    store: Store, annotated: int
) -> None:
    page = lxml.html.document_fromstring(
        exported(store, annotated, "html", flags=True, layout="facing")
    )
    listed = [li.get("value") for li in page.xpath("//section[@class='notes']//li")]
    refs = [a.text for a in page.xpath("//main//a[@class='note-ref']")]
    assert listed == refs == [str(n) for n in range(1, 19)]


# -- a long paragraph cut into parts keeps its white space -------------------------------------


def revise(store: Store, segment_id: int, text: str) -> None:
    """`text` for a paragraph, proposed by a translator and approved by an editor (a poem's
    lines are typed so: a plain text file makes a paragraph of each line)."""
    segment = store.segment(segment_id)
    proposed = revisions.propose(
        store, segment_id, text, base_revision=segment["revision"], user="ana"
    )
    revisions.approve(store, proposed, user="eva")


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_pdf_keeps_the_lines_of_a_long_poem(store: Store, tmp_path: Path, layout: str) -> None:
    """120 lines of verse in one paragraph (over 4,000 characters: cut into parts in both
    layouts) are printed one a line, not run on as prose."""
    alignment = make_document(store, ["Psalmi."], ["The psalm."])
    versions = store.alignment(alignment)
    for version, line in (
        ("source_version_id", "Vargu {} i psalmit këndohet këtu."),
        ("target_version_id", "Line {} of the psalm is sung here."),
    ):
        [segment] = store.segments(versions[version])
        revise(store, segment["id"], "\n".join(line.format(n) for n in range(1, 121)))
    text = pdftotext(exported(store, publish(store, alignment), "pdf", layout=layout), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    assert [n for n in range(1, 121) if f"Line {n} of the psalm is sung here." not in lines] == []
    assert [n for n in range(1, 121) if f"Vargu {n} i psalmit këndohet këtu." not in lines] == []


def test_pdf_puts_no_space_between_japanese_sentences_of_a_long_paragraph(
    store: Store, tmp_path: Path
) -> None:
    source = [" ".join(f"Fjalia {n} e tekstit të gjatë." for n in range(200))]
    target = ["".join(f"これは長い文章の{n}番目の文です。" for n in range(200))]
    document = publish(store, make_document(store, source, target, ("sq", "ja")))
    text = pdftotext(exported(store, document, "pdf", layout="columns"), tmp_path)
    assert "番目の文です。これは" in text.replace("\n", "")
    assert "。 " not in text


# -- a note on quoted words goes with them -----------------------------------------------------


def test_tei_puts_a_note_on_quoted_words_in_the_paragraph_that_holds_them(
    store: Store,
) -> None:
    """Source ¶ 3 translated by target ¶ 3–4 (a 1-2 link): a note on words of target ¶ 3 is in
    tgt-p3, one on the link as a whole at the end of the translation (tgt-p4)."""
    alignment = make_document(store, SOURCE, TARGET)
    review.shift(store, alignment, store.links(alignment)[3].id, "target", "up", user="rita")
    link = store.links(alignment)[2]
    assert (link.src, link.tgt) == ([2], [2, 3])
    note(store, alignment, link.id, "quoted", side="target", quote="Article 2")
    note(store, alignment, link.id, "whole")
    root = etree.fromstring(exported(store, publish(store, alignment), "tei", flags=True))
    where = {
        n.text.split(": ")[-1]: n.getparent().get(XML_ID)
        for n in root.iter(f"{TEI}note")
        if n.get("type") == "translator"
    }
    assert where == {"quoted": "tgt-p3", "whole": "tgt-p4"}


# -- right-to-left styles in DOCX --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "target"),
    [("ar", ["المادة 1", "يولد جميع الناس أحراراً."]), ("he", ["סעיף 1", "כל בני האדם נולדו."])],
)
def test_docx_right_to_left_styles_follow_the_schema_and_set_the_complex_script_font(
    store: Store, language: str, target: list[str]
) -> None:
    """Word sets Arabic and Hebrew in the complex-script font and size (w:cs, w:szCs), and
    ECMA-376 puts a paragraph's w:bidi before its w:spacing."""
    document = publish(store, make_document(store, SOURCE[:2], target, ("sq", language)))
    word = docx.Document(io.BytesIO(exported(store, document, "docx")))
    style = word.styles["Target Text"].element
    order = [child.tag for child in style.pPr]
    assert f"{W}bidi" in order and order.index(f"{W}bidi") < order.index(f"{W}spacing")
    fonts, size, size_cs = (style.rPr.find(f"{W}{tag}") for tag in ("rFonts", "sz", "szCs"))
    assert fonts.get(f"{W}cs") == fonts.get(f"{W}ascii") == "Noto Serif"
    assert size_cs is not None and size_cs.get(f"{W}val") == size.get(f"{W}val") == "21"
    rpr = [child.tag for child in style.rPr]
    assert rpr.index(f"{W}sz") < rpr.index(f"{W}szCs") < rpr.index(f"{W}lang")
