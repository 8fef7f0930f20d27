"""Edges of an archive record page: where its header ends, who its translator is, its date.

Three rules, each checked on a page like the Wilson Center's:
- once the header has ended (the language tab, "share document"), a "Key: value" line is the
  record's text, unless it is a short field the header does not know yet ("Original language:
  Russian"): nothing the page says is dropped;
- the translator is the name after "Translated by", without the credit that goes on after it
  ("and included in…", ", with edits by…"), but with every translator it names;
- a date line that is only a year ("1953", "c. 1950", "undated") is a date like "March 12, 1953":
  the page is a record page, its date goes to the metadata, never into the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, cli_import
from workbench import services
from workbench.formats import read_file, record
from workbench.model import ParsedDocument, ReadOptions
from workbench.store import Store

CITATION = (
    '"Information Report on the Soviet Leadership," {date}, Wilson Center Digital Archive,'
    " CIA FOIA, CIA-RDP80-00810A000100110001-2. {credit}"
)
PAGE = """\
Search in

Digital Archive International History Declassified

{date}

Citation

get citation

A CIA information report on Soviet leadership after Stalin's death.
{citation}

share document

English HTML

{opening}

The source stated that Malenkov would lead the party.

Rights

Free to use.
"""
OPENING = "March 10, 1953"
TEXT = [OPENING, "The source stated that Malenkov would lead the party."]
FURNITURE = {"Search in", "Citation", "get citation", "share document", "English HTML", "Rights"}


def page(
    date: str = "March 12, 1953",
    credit: str = "Translated by John Smith.",
    opening: str = OPENING,
) -> str:
    citation = CITATION.format(date=date, credit=credit)
    return PAGE.format(date=date, citation=citation, opening=opening)


def read(text: str, format: str | None = None) -> ParsedDocument:
    return read_file(text.encode("utf-8"), ReadOptions(filename="x.txt"), format)


def texts(doc: ParsedDocument) -> list[str]:
    return [seg.text for seg in doc.versions[0].segments]


# --- the header ends at the language tab --------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "SOURCE: A former official of the Soviet Ministry of Foreign Affairs.",
        "Source: CIA FOIA",  # the citation gave the archive reference already
        "Translator: Jeong Yong",  # and the translator
        "Translated by: the source himself, from memory.",
        "Rights: The report may be quoted with its source named.",
        "Original language: Russian, as the source recalled it.",
        "Licence: none was ever given, the source said.",
    ],
)
def test_a_key_value_line_opening_the_record_is_its_text(line: str) -> None:
    doc = read(page(opening=f"{line}\n\n{OPENING}"))
    assert doc.format == "record"
    assert texts(doc) == [line, *TEXT]
    assert doc.metadata["archive_reference"] == "CIA FOIA, CIA-RDP80-00810A000100110001-2"
    assert doc.metadata["translator"] == "John Smith"
    assert doc.metadata["licence"] == "Free to use."


def test_a_short_field_the_header_does_not_know_yet_is_metadata_after_the_tab() -> None:
    doc = read(page(opening=f"Original language: Russian\n\n{OPENING}"))
    assert doc.metadata["original_language"] == "Russian"
    assert texts(doc) == TEXT


def test_key_value_lines_of_the_header_itself_are_still_metadata() -> None:
    text = page().replace("share document", "Original language: Russian\n\nshare document")
    doc = read(text)
    assert doc.metadata["original_language"] == "Russian"
    assert texts(doc) == TEXT


def test_the_tester_page_keeps_its_source_line_through_import(store: Store) -> None:
    source = "SOURCE: A former official of the Soviet Ministry of Foreign Affairs."
    data = page(opening=f"{source}\n\n{OPENING}").encode("utf-8")
    result = services.import_file(store, data, filename="report.txt", language="en")
    [version] = result.versions
    stored = [segment["text"] for segment in store.segments(version)]
    assert stored == [source, *TEXT]
    document = store.document(result.document)
    assert document["archive_reference"] == "CIA FOIA, CIA-RDP80-00810A000100110001-2"


# --- the translator -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "translator"),
    [
        ("Translated by Vladislav Zubok and included in CWIHP Bulletin 6-7.", "Vladislav Zubok"),
        ("Translated by Jeong Yong, with edits by Charles Kraus.", "Jeong Yong"),
        ("Translated by Jeong Yong with edits by Charles Kraus.", "Jeong Yong"),
        ("Translated by Jeong Yong, edited by Charles Kraus.", "Jeong Yong"),
        ("Translated by J. K. Smith and edited by Ann Doe.", "J. K. Smith"),
        ("Translated by Gary Goldberg. Included in CWIHP Bulletin 6-7.", "Gary Goldberg"),
        ("Translated by Ann Smith and John Doe.", "Ann Smith and John Doe"),
        ("Translated by J. K. Smith and John Doe.", "J. K. Smith and John Doe"),
        ("Translated by Jeong Yong. Edited by Charles Kraus.", "Jeong Yong"),
        ("Translated by Ann Smith, John Doe, and Jane Roe.", "Ann Smith, John Doe, and Jane Roe"),
        ("Translated by Ludwig van Beethoven.", "Ludwig van Beethoven"),
    ],
)
def test_the_translator_is_the_name_without_the_credit_after_it(
    credit: str, translator: str
) -> None:
    doc = read(page(credit=credit))
    assert doc.metadata["translator"] == translator
    assert doc.metadata["archive_reference"] == "CIA FOIA, CIA-RDP80-00810A000100110001-2"


def test_the_translator_of_an_imported_translation_is_its_author(cli: Cli, tmp_path: Path) -> None:
    credit = "Translated by Vladislav Zubok and included in CWIHP Bulletin 6-7."
    data = page(credit=credit).encode("utf-8")
    result = cli_import(cli, tmp_path, data, "report.txt", "--lang", "en", "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    store = Store(cli.db_path)
    try:
        assert store.document(imported["document"])["translator"] == "Vladislav Zubok"
    finally:
        store.close()


# --- a date that is only a year -----------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("1953", "1953"),
        ("c. 1950", None),  # about then: no exact ISO date to give
        ("circa 1950", None),
        ("undated", None),
        ("n.d.", None),
        ("Summer 1961", "1961"),
        ("Oct. 4, 1961", "1961-10-04"),
        ("Sept. 1961", "1961-09"),
    ],
)
def test_a_date_of_any_form_the_citation_takes_makes_a_record_page(
    date: str, iso: str | None
) -> None:
    text = page(date=date)
    assert record.looks_like(text)
    doc = read(text)
    assert doc.format == "record"
    assert doc.title == "Information Report on the Soviet Leadership"
    assert doc.metadata["date"] == date
    assert doc.metadata.get("date_iso") == iso
    assert texts(doc) == TEXT
    assert not FURNITURE & set(texts(doc))


def test_a_year_only_page_reads_as_the_full_date_page_does() -> None:
    full, year = read(page()), read(page(date="1953"))
    assert texts(year) == texts(full)
    assert [s.kind for s in year.versions[0].segments] == [
        s.kind for s in full.versions[0].segments
    ]
    assert {k: v for k, v in year.metadata.items() if not k.startswith(("date", "citation"))} == {
        k: v for k, v in full.metadata.items() if not k.startswith(("date", "citation"))
    }


def test_a_year_only_date_through_format_record_is_no_heading(cli: Cli, tmp_path: Path) -> None:
    data = page(date="1953").encode("utf-8")
    result = cli_import(
        cli, tmp_path, data, "report.txt", "--format", "record", "--lang", "en", "--json"
    )
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    store = Store(cli.db_path)
    try:
        assert store.document(imported["document"])["date"] == "1953"
        stored = store.segments(imported["version"])
        assert [segment["text"] for segment in stored] == TEXT  # no "1953" heading
        full = read(page()).versions[0].segments
        assert [segment["kind"] for segment in stored] == [s.kind for s in full]
    finally:
        store.close()


@pytest.mark.parametrize(
    "text",
    [
        "Chapter one\n\n1953\n\nThe year the war ended. We moved to the city.",
        "1953\n\nCitation\n\nHow to cite a source in a paper.",
        'undated\n\n"Archive," she wrote, "is a word I love."\n\nThe end.',
    ],
)
def test_a_year_in_ordinary_text_does_not_make_a_record(text: str) -> None:
    assert not record.looks_like(text)
    assert read(text).format == "txt"
