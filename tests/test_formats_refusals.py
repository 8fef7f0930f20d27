"""Files that look like a format but break its rules are refused with a message about the file.

DOCX parts that declare a DTD (entities would silently cut text short), packages that are not
Word documents, XLIFF files read with contradictory languages or with targets that have no
source: each gives one InputError that names the file and says what is wrong in words, never
an internal exception text, and the CLI stores nothing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import snapshot
from workbench.errors import InputError
from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions

DATA = Path(__file__).parent / "data" / "formats"
INTERNALS = ("lxml", "_Element", "object at 0x", "BytesIO", "attribute", "Traceback", "<string>")


def read(data: bytes | str, filename: str, **options) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename, **options))


def texts(doc: ParsedDocument, version: int = 0) -> list[str]:
    return [seg.text for seg in doc.versions[version].segments]


def refusal(data: bytes | str, filename: str, **options) -> str:
    """The message of the InputError reading the file raises; it never shows internals."""
    with pytest.raises(InputError) as caught:
        read(data, filename, **options)
    message = str(caught.value)
    assert message.startswith(filename) or f" {filename} " in message, message
    assert not any(word in message for word in INTERNALS), message
    assert "\n" not in message
    return message


# --- DOCX -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made_by() -> bytes:
    document = Document()
    document.add_paragraph("Made by ACME Ltd in 1999")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repack(docx: bytes, change=None, drop: tuple[str, ...] = (), add=None) -> bytes:
    """The package with `change(member, body)` applied, members dropped or added."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            if info.filename in drop:
                continue
            body = source.read(info)
            archive.writestr(info, change(info.filename, body) if change else body)
        for member, body in (add or {}).items():
            archive.writestr(member, body)
    return buffer.getvalue()


def with_doctype(part: str, doctype: bytes, text: bytes = b"Made by &co; in 1999"):
    def change(member: str, body: bytes) -> bytes:
        if member != part:
            return body
        body = body.replace(b"?>", b"?>" + doctype, 1)
        return body.replace(b"Made by ACME Ltd in 1999", text)

    return change


def test_a_plain_docx_reads_its_text(made_by: bytes) -> None:
    assert texts(read(made_by, "made.docx")) == ["Made by ACME Ltd in 1999"]


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE d [<!ENTITY co "ACME Ltd">]>',
        b'<!DOCTYPE d [<!ENTITY co SYSTEM "file:///etc/hostname">]>',
        b'<!DOCTYPE d SYSTEM "http://example.org/word.dtd">',
    ],
    ids=["internal-entity", "external-entity", "external-dtd"],
)
def test_a_docx_whose_document_declares_a_dtd_is_refused(made_by: bytes, doctype: bytes) -> None:
    data = repack(made_by, with_doctype("word/document.xml", doctype))
    message = refusal(data, "made.docx")
    assert message.startswith("made.docx is not a DOCX file as Word writes it: its part")
    assert "word/document.xml declares a DTD" in message


def test_a_dtd_in_any_other_xml_part_is_refused_too(made_by: bytes) -> None:
    data = repack(made_by, with_doctype("word/styles.xml", b'<!DOCTYPE s [<!ENTITY x "y">]>'))
    assert "word/styles.xml declares a DTD" in refusal(data, "made.docx")


def test_text_that_mentions_a_doctype_is_not_a_dtd(made_by: bytes) -> None:
    def change(member: str, body: bytes) -> bytes:
        if member != "word/document.xml":
            return body
        return body.replace(b"Made by ACME Ltd in 1999", b"Write &lt;!DOCTYPE html&gt; first")

    assert texts(read(repack(made_by, change), "made.docx")) == ["Write <!DOCTYPE html> first"]


def test_a_fake_docx_is_refused_in_words() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<x/>")
    message = refusal(buffer.getvalue(), "fake.docx")
    assert message == (
        "fake.docx is not a DOCX file (its part [Content_Types].xml is not a list of content types)"
    )


def test_a_word_template_renamed_docx_is_named_for_what_it_is(made_by: bytes) -> None:
    def change(member: str, body: bytes) -> bytes:
        if member == "[Content_Types].xml":
            return body.replace(b"document.main+xml", b"template.main+xml")
        return body

    assert refusal(repack(made_by, change), "letter.docx") == (
        "letter.docx is not a DOCX file (it is a Word template (.dotx); save it in Word as a"
        " Word document, .docx)"
    )


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ({"drop": ("_rels/.rels",)}, "letter.docx is not a DOCX file (it has no main document"),
        (
            {"drop": ("word/document.xml",)},
            "letter.docx is not a DOCX file (the part word/document.xml is missing)",
        ),
        (
            {"change": lambda m, b: b"<x/>" if m == "_rels/.rels" else b},
            "letter.docx is not a DOCX file (its part _rels/.rels is not a list of relationships)",
        ),
        (
            {"change": lambda m, b: b"<x/>" if m == "word/document.xml" else b},
            "letter.docx is not a DOCX file (its main part is not a Word document body)",
        ),
        (
            {"change": lambda m, b: b[: len(b) // 2] if m == "word/document.xml" else b},
            "cannot read letter.docx as DOCX: word/document.xml is damaged XML (",
        ),
        (
            {"change": lambda m, b: b"<x/>" if m == "docProps/core.xml" else b},
            "letter.docx is not a DOCX file (its document properties are damaged)",
        ),
    ],
    ids=["no-relationships", "no-main-part", "bad-rels", "foreign-root", "cut-xml", "bad-core"],
)
def test_broken_packages_get_messages_about_the_file(made_by: bytes, damage, expected) -> None:
    assert refusal(repack(made_by, **damage), "letter.docx").startswith(expected)


# --- XLIFF: languages -------------------------------------------------------------------------

EN_DE = (
    '<xliff version="1.2"><file source-language="{src}" target-language="{tgt}"'
    ' datatype="plaintext" original="a"><body>'
    '<trans-unit id="1"><source>Good morning.</source><target>Guten Morgen.</target></trans-unit>'
    '<trans-unit id="2"><source>Thank you.</source><target>Danke.</target></trans-unit>'
    "</body></file></xliff>"
)


def test_the_same_language_for_source_and_target_is_refused_not_swapped() -> None:
    message = refusal(
        EN_DE.format(src="en", tgt="de"), "v12.xlf", source_language="en", target_language="en"
    )
    assert message == "v12.xlf: source and target language are both 'en'; the file is en -> de"


def test_a_file_that_declares_one_language_on_both_sides_is_refused() -> None:
    message = refusal(EN_DE.format(src="en", tgt="EN"), "same.xlf")
    assert message == "same.xlf: source and target language are both 'en'"


def test_a_language_the_file_does_not_have_is_refused() -> None:
    message = refusal(EN_DE.format(src="en", tgt="de"), "v12.xlf", source_language="fr")
    assert message == "v12.xlf is en -> de; it has no 'fr' text"


@pytest.mark.parametrize(
    ("options", "languages", "source_texts"),
    [
        ({"source_language": "en"}, ("en", "de"), ["Good morning.", "Thank you."]),
        ({"source_language": "de"}, ("de", "en"), ["Guten Morgen.", "Danke."]),
        ({"source_language": "de", "target_language": "en"}, ("de", "en"), ["Guten Morgen."]),
        ({"target_language": "de"}, ("en", "de"), ["Good morning."]),
        ({"target_language": "en"}, ("de", "en"), ["Guten Morgen."]),
    ],
    ids=[
        "as-declared",
        "reversed-by-source",
        "reversed-by-both",
        "as-declared-by-target",
        "reversed-by-target",
    ],
)
def test_consistent_options_read_the_file_as_declared_or_reversed(
    options, languages, source_texts
) -> None:
    doc = read(EN_DE.format(src="en", tgt="de"), "v12.xlf", **options)
    assert (doc.versions[0].language, doc.versions[1].language) == languages
    assert texts(doc)[: len(source_texts)] == source_texts


def test_an_exact_language_tag_wins_over_a_primary_language_match() -> None:
    data = EN_DE.format(src="en-US", tgt="en-GB")
    doc = read(data, "locale.xlf", source_language="en-GB")
    assert (doc.versions[0].language, doc.versions[1].language) == ("en-GB", "en-US")
    doc = read(data, "locale.xlf", source_language="en")
    assert (doc.versions[0].language, doc.versions[1].language) == ("en-US", "en-GB")


# --- XLIFF: a target needs its source ---------------------------------------------------------


def test_an_xliff_12_unit_with_a_target_but_no_source_is_refused() -> None:
    data = (
        '<xliff version="1.2"><file source-language="en" target-language="de"><body>'
        '<trans-unit id="1"><source>Hello.</source><target>Hallo.</target></trans-unit>'
        '<trans-unit id="t7"><target>Nur Ziel.</target></trans-unit>'
        "</body></file></xliff>"
    )
    assert refusal(data, "only-target.xlf") == (
        "only-target.xlf is not valid XLIFF: <trans-unit id='t7'> has a <target> but no"
        " <source>, which every unit needs"
    )


def test_an_xliff_2_segment_with_a_target_but_no_source_is_refused() -> None:
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"'
        ' trgLang="de"><file id="f"><unit id="u9"><segment><target>Nur Ziel.</target>'
        "</segment></unit></file></xliff>"
    )
    assert "<unit id='u9'> has a <target> but no <source>" in refusal(data, "v2.xlf")


def test_a_file_whose_sources_are_all_empty_is_refused_not_stored_without_source() -> None:
    data = EN_DE.replace("<source>Good morning.</source>", "<source/>").replace(
        "<source>Thank you.</source>", "<source> </source>"
    )
    message = refusal(data.format(src="en", tgt="de"), "empty-source.xlf")
    assert message.startswith("empty-source.xlf has no text on its source side (en), only 2")


def test_reading_an_untranslated_job_reversed_would_leave_no_source_and_is_refused() -> None:
    data = (
        '<xliff version="1.2"><file source-language="en" target-language="de"><body>'
        '<trans-unit id="1"><source>Hello.</source></trans-unit></body></file></xliff>'
    )
    assert read(data, "job.xlf").links == [([0], [])]  # as declared: fine, nothing translated
    assert "has no text on its source side (de)" in refusal(data, "job.xlf", source_language="de")


def test_a_tmx_whose_source_language_has_no_text_is_refused() -> None:
    data = (
        '<tmx version="1.4"><header srclang="en"/><body>'
        '<tu><tuv xml:lang="en"><seg></seg></tuv><tuv xml:lang="de"><seg>Hallo.</seg></tuv></tu>'
        "</body></tmx>"
    )
    assert "m.tmx has no text on its source side (en)" in refusal(data, "m.tmx")


# --- through the CLI ------------------------------------------------------------------------


def test_cli_xliff_with_contradictory_languages_stores_nothing(cli, tmp_path, db_path) -> None:
    path = tmp_path / "v12.xlf"
    path.write_text(EN_DE.format(src="en", tgt="de"), encoding="utf-8")
    assert cli("init").exit_code == 0
    before = snapshot(db_path)
    result = cli("import", path, "--lang", "en", "--target-lang", "en")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        "error: v12.xlf: source and target language are both 'en'; the file is en -> de"
    )
    assert snapshot(db_path) == before


def test_cli_docx_with_an_entity_stores_nothing(cli, tmp_path, db_path, made_by: bytes) -> None:
    path = tmp_path / "made.docx"
    doctype = b'<!DOCTYPE d [<!ENTITY co "ACME Ltd">]>'
    path.write_bytes(repack(made_by, with_doctype("word/document.xml", doctype)))
    assert cli("init").exit_code == 0
    before = snapshot(db_path)
    result = cli("import", path, "--lang", "en", "--role", "source")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: made.docx is not a DOCX file as Word writes it")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(db_path) == before
