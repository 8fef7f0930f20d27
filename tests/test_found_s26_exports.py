"""Reader editions (HTML, PDF, DOCX, EPUB) set every text as it is written, read back by real
readers: lxml for HTML, pdftotext (poppler) for PDF, python-docx, zipfile and lxml for EPUB.

- An edition's sentence-level rows keep the white space that stood between the sentences of
  one sentence link in their paragraph, as the draft does: none between Japanese sentences,
  a line break between the lines of a poem (the edition kept where each sentence lies at
  publication); an edition published before it kept that (m015) shows its stored text.
- Every language written right to left is set right to left, whatever its tag says it by: a
  language whose script is Arabic, Hebrew, Syriac, Thaana… (Pashto, Sorani, Uyghur, Dhivehi,
  the Arabic varieties), a script subtag (`ku-Arab`, but not `ku-Latn`), an old tag (`iw`).
- DOCX calls the note of an untranslated paragraph after its source, as the others do.
- The title and what people wrote of the document (summary, labels) carry a language and a
  direction on a page whose own language is English: the document's language where their
  letters are in its script, else `dir="auto"`.
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

from tests.test_edition_exports_stable import published_before_m015
from tests.test_export import exported, make_document
from tests.test_export_readers import pdftotext
from tests.test_reader_edition_notes import note, publish
from tests.test_review import SOURCE, TARGET
from workbench import editions, languages, review, services
from workbench.store import Store

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

JAPANESE_TMX = """<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header \
creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" adminlang="en" \
srclang="ja" datatype="plaintext"/><body>
<tu><prop type="x-status">confirmed</prop><tuv xml:lang="ja"><seg>これは一つ目の文です。\
これは二つ目の文です。</seg></tuv><tuv xml:lang="zh"><seg>这是一个句子。</seg></tuv></tu>
<tu><prop type="x-status">confirmed</prop><tuv xml:lang="ja"><seg>東京は大きい。大阪も大きい。\
京都は古い。</seg></tuv><tuv xml:lang="zh"><seg>东京很大，大阪也很大。京都很古老。</seg></tuv></tu>
</body></tmx>"""
#: Two Japanese sentences one sentence link holds: nothing stands between them.
JAPANESE = "これは一つ目の文です。これは二つ目の文です。"

VERSE_TMX = """<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header \
creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" adminlang="en" \
srclang="en" datatype="plaintext"/><body>
<tu><prop type="x-status">confirmed</prop><tuv xml:lang="en"><seg xml:space="preserve">The \
rose is red.
The sky is blue.</seg></tuv><tuv xml:lang="de"><seg>Die Rose ist rot, der Himmel ist blau.\
</seg></tuv></tu></body></tmx>"""
#: Two lines of verse one sentence link holds, a line break between them.
VERSE = ["The rose is red.", "The sky is blue."]


def sentence_edition(store: Store, tmx: str, source: str, target: str) -> int:
    """A TMX imported, every sentence link confirmed, edition 1 published: the document."""
    imported = services.import_file(
        store, tmx.encode(), filename="poem.tmx", language=source, target_language=target
    )
    alignment = imported.alignment
    links = store.links(alignment, "sentence")
    review.set_status(store, alignment, [link.id for link in links], user="rita")
    editions.publish(store, alignment, user="eva")
    return store.alignment(alignment)["document_id"]


def html_texts(data: bytes, lang: str) -> list[str]:
    """The text of each paragraph in `lang` of an HTML edition, a <br> as a line break."""
    page = lxml.html.document_fromstring(data)
    for br in page.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [p.text_content() for p in page.xpath(f"//main//p[@lang='{lang}']")]


def epub_texts(data: bytes, lang: str) -> list[str]:
    """The text of each paragraph in `lang` of an EPUB's chapters, a <br/> as a line break."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in sorted(n for n in book.namelist() if Path(n).name.startswith("text-")):
            page = etree.fromstring(book.read(name))
            for br in page.iter(f"{XHTML}br"):
                br.tail = "\n" + (br.tail or "")
            paragraphs = page.iter(f"{XHTML}p")
            texts += ["".join(p.itertext()) for p in paragraphs if p.get("lang") == lang]
    return texts


def docx_sources(data: bytes) -> list[str]:
    """The source column of a DOCX edition's table (a line break read as one)."""
    word = docx.Document(io.BytesIO(data))
    return [row.cells[1].text for row in word.tables[0].rows[1:]]


# -- 1. an edition keeps the white space between the sentences of a sentence link ------------


@pytest.fixture
def japanese(store: Store) -> int:
    return sentence_edition(store, JAPANESE_TMX, "ja", "zh")


@pytest.fixture
def verse(store: Store) -> int:
    return sentence_edition(store, VERSE_TMX, "en", "de")


def test_a_sentence_level_html_edition_puts_no_space_between_japanese_sentences(
    store: Store, japanese: int
) -> None:
    """As its draft does, and as its own TMX says (`x-space-before ""`)."""
    edition = html_texts(exported(store, japanese, "html", level="sentence"), "ja")
    draft = html_texts(exported(store, japanese, "html", edition=None, level="sentence"), "ja")
    assert JAPANESE in edition
    assert edition == draft
    assert not [text for text in edition if "。 " in text]


def test_a_sentence_level_epub_edition_puts_no_space_between_japanese_sentences(
    store: Store, japanese: int
) -> None:
    texts = epub_texts(exported(store, japanese, "epub", level="sentence"), "ja")
    assert JAPANESE in texts
    assert not [text for text in texts if "。 " in text]


def test_a_sentence_level_docx_edition_keeps_the_lines_of_a_poem(store: Store, verse: int) -> None:
    assert docx_sources(exported(store, verse, "docx", level="sentence")) == ["\n".join(VERSE)]


def test_a_sentence_level_html_and_epub_edition_keep_the_lines_of_a_poem(
    store: Store, verse: int
) -> None:
    assert html_texts(exported(store, verse, "html", level="sentence"), "en") == ["\n".join(VERSE)]
    assert epub_texts(exported(store, verse, "epub", level="sentence"), "en") == ["\n".join(VERSE)]


def test_a_sentence_level_pdf_edition_prints_each_line_of_a_poem_on_its_own(
    store: Store, verse: int, tmp_path: Path
) -> None:
    text = pdftotext(exported(store, verse, "pdf", level="sentence"), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    assert VERSE[0] in lines and VERSE[1] in lines, "not run on as prose"


def test_an_edition_published_before_m015_shows_the_text_it_stored(
    store: Store, japanese: int, tmp_path: Path
) -> None:
    """It kept no segments to tell its spacing by: the text it stored (sentences joined by a
    space) stands, as the README says of such editions; one that kept them has none."""
    old = published_before_m015(store, tmp_path / "old.db")
    assert old.edition_state(1) is None
    assert "これは一つ目の文です。 これは二つ目の文です。" in html_texts(
        exported(old, japanese, "html", level="sentence"), "ja"
    )
    assert JAPANESE in html_texts(exported(store, japanese, "html", level="sentence"), "ja")


# -- 2. every right-to-left language is set right to left ------------------------------------


def test_languages_written_in_right_to_left_scripts_are_right_to_left() -> None:
    """Pashto, Sorani, Uyghur, Sindhi, Dhivehi (Thaana), Syriac, N'Ko, Rohingya, Mandaic."""
    for code in ("ps", "ckb", "ug", "sd", "dv", "syr", "nqo", "rhg", "mid", "ks", "ff-Adlm"):
        assert languages.direction(code) == "rtl", code


def test_arabic_and_persian_varieties_are_right_to_left_by_their_macrolanguage() -> None:
    """Egyptian, Moroccan, Levantine, Mesopotamian Arabic…; Dari and Iranian Persian."""
    for code in ("arz", "ary", "apc", "acm", "ajp", "aeb", "arq", "prs", "pes", "arz-EG"):
        assert languages.direction(code) == "rtl", code


def test_a_script_subtag_decides_the_direction() -> None:
    for code in ("ku-Arab", "pa-Arab", "az-Arab", "uz-Arab", "ms-Arab", "ku-arab", "ha-Arab"):
        assert languages.direction(code) == "rtl", code
    for code in ("ku-Latn", "az-Latn", "ar-Latn", "he-Latn", "sd-Deva", "ku", "az", "pa"):
        assert languages.direction(code) == "ltr", code
    # without one, the script usual in the region: Punjabi in Pakistan, Azerbaijani in Iran
    assert languages.direction("pa-PK") == languages.direction("az-IR") == "rtl"


def test_old_language_tags_are_read_and_stored_as_their_replacements() -> None:
    assert languages.direction("iw") == languages.direction("ji") == "rtl"
    assert [languages.normalise(code) for code in ("iw", "iw-IL", "ji", "in", "mo")] == [
        "he",
        "he-IL",
        "yi",
        "id",
        "ro",
    ]
    assert languages.normalise("ku-arab") == "ku-Arab", "a script subtag in title case"


PASHTO = ["لومړۍ ماده", "ټول انسانان آزاد پیدا شوي دي."]


@pytest.fixture
def pashto(store: Store) -> int:
    """Edition 1 of a Pashto translation of two Albanian paragraphs."""
    return publish(store, make_document(store, SOURCE[:2], PASHTO, ("sq", "ps")))


def test_the_html_edition_of_a_pashto_translation_is_right_to_left(
    store: Store, pashto: int
) -> None:
    page = lxml.html.document_fromstring(exported(store, pashto, "html"))
    paragraphs = page.xpath("//main//p[@lang='ps']")
    assert len(paragraphs) == 2
    assert {p.get("dir") for p in paragraphs} == {"rtl"}
    assert {p.get("dir") for p in page.xpath("//main//p[@lang='sq']")} == {"ltr"}


def test_the_docx_edition_of_a_pashto_translation_sets_its_style_right_to_left(
    store: Store, pashto: int
) -> None:
    word = docx.Document(io.BytesIO(exported(store, pashto, "docx")))
    assert word.styles["Target Text"].element.pPr.find(f"{W}bidi") is not None
    source = word.styles["Source Text"].element.pPr
    assert source is None or source.find(f"{W}bidi") is None


def test_the_epub_edition_of_a_sorani_translation_is_right_to_left(store: Store) -> None:
    sorani = ["ماددەی یەکەم", "هەموو مرۆڤەکان بە ئازادی لەدایک دەبن."]
    document = publish(store, make_document(store, SOURCE[:2], sorani, ("sq", "ckb")))
    with zipfile.ZipFile(io.BytesIO(exported(store, document, "epub"))) as book:
        [name] = [n for n in book.namelist() if Path(n).name.startswith("text-")]
        page = etree.fromstring(book.read(name))
    translated = [p for p in page.iter(f"{XHTML}p") if p.get("lang") == "ckb"]
    assert len(translated) == 2
    assert {p.get("dir") for p in translated} == {"rtl"}


# -- 4. DOCX calls an untranslated paragraph's note after its source -------------------------


def test_docx_calls_the_note_of_an_untranslated_paragraph_after_its_source(
    store: Store,
) -> None:
    """¶ 3 left untranslated (a 1-0 link) with a note: its call ends the source's cell, as the
    HTML, PDF and EPUB editions put it, and the empty translation cell stays empty."""
    alignment = make_document(store, SOURCE, TARGET)
    review.detach(store, alignment, store.links(alignment)[2].id, user="rita")
    links = store.links(alignment)
    assert (links[2].src, links[2].tgt) == ([2], [])
    note(store, alignment, links[1].id, "on the second")
    note(store, alignment, links[2].id, "on the untranslated")
    document = publish(store, alignment)
    word = docx.Document(io.BytesIO(exported(store, document, "docx", flags=True)))
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows[1:]]
    [untranslated] = [row for row in rows if row[0] == "3"]
    assert untranslated[1].endswith("[2]") and untranslated[2] == ""
    assert re.findall(r"\[(\d)\]", " ".join(cell for row in rows for cell in row)) == ["1", "2"]


# -- 5. the title and the metadata carry their language and direction -------------------------


ARABIC_TITLE = "محضر الاستقبال"
ARABIC = ["المادة 1", "يولد جميع الناس أحراراً."]


@pytest.fixture
def arabic(store: Store) -> int:
    """Edition 1 of an Arabic source with an English translation, its title and summary
    typed in Arabic, its translator's name in Latin letters."""
    alignment = make_document(store, ARABIC, ["Article 1", "All are born free."], ("ar", "en"))
    document = store.alignment(alignment)["document_id"]
    store.update_document(
        document, title=ARABIC_TITLE, summary="ملخص الوثيقة", translator="Enkel Daljani"
    )
    return publish(store, alignment)


def test_the_html_edition_sets_an_arabic_title_and_summary_right_to_left(
    store: Store, arabic: int
) -> None:
    page = lxml.html.document_fromstring(exported(store, arabic, "html"))
    assert page.get("lang") == "en"
    [title] = page.xpath("//h1")
    assert (title.text, title.get("lang"), title.get("dir")) == (ARABIC_TITLE, "ar", "rtl")
    values = {
        dt.text: (dd.get("lang"), dd.get("dir"))
        for dt, dd in zip(page.xpath("//dl/dt"), page.xpath("//dl/dd"), strict=True)
    }
    assert values["Title"] == values["Summary"] == ("ar", "rtl")
    # a name in Latin letters may be in any language: its direction from its letters
    assert values["Translator"] == (None, "auto")
    assert values["State"] == (None, None), "the workbench's own English"


def test_the_html_edition_gives_an_english_title_of_an_arabic_document_dir_auto(
    store: Store,
) -> None:
    """Latin letters cannot tell English from Albanian: not said to be Arabic, nor English."""
    alignment = make_document(store, ARABIC, ["Article 1", "All free."], ("ar", "en"))
    store.update_document(
        store.alignment(alignment)["document_id"], title="Minutes of the reception"
    )
    document = publish(store, alignment)
    page = lxml.html.document_fromstring(exported(store, document, "html"))
    [title] = page.xpath("//h1")
    assert (title.get("lang"), title.get("dir")) == (None, "auto")


def test_the_epub_front_matter_sets_an_arabic_title_and_summary_right_to_left(
    store: Store, arabic: int
) -> None:
    with zipfile.ZipFile(io.BytesIO(exported(store, arabic, "epub"))) as book:
        [name] = [n for n in book.namelist() if n.endswith("front.xhtml")]
        page = etree.fromstring(book.read(name))
    [title] = page.iter(f"{XHTML}h1")
    assert (title.text, title.get("lang"), title.get(XML_LANG), title.get("dir")) == (
        ARABIC_TITLE,
        "ar",
        "ar",
        "rtl",
    )
    values = {
        dt.text: (dd.get("lang"), dd.get("dir"))
        for dt, dd in zip(page.iter(f"{XHTML}dt"), page.iter(f"{XHTML}dd"), strict=True)
    }
    assert values["Summary"] == ("ar", "rtl")
    assert values["Translator"] == (None, "auto")
