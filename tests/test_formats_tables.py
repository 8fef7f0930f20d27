"""Bilingual tables (CSV and TSV) come in as two versions and their links.

An alignment travels as a table more often than as anything else: LF Aligner saves one, a
reviewer opens our CSV in a spreadsheet, corrects a cell and sends it back. Our own tables
come back as they were exported (paragraphs of n-m links, statuses, notes as flags, in all
three variants), a row a spreadsheet changed comes back `edited`, and other tools' tables
(no header, or a header of language tags, commas or semicolons) read as one link per row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, cli_import, upload
from workbench import export, flags, services
from workbench.errors import InputError
from workbench.exports.base import ExportOptions
from workbench.formats import read_file
from workbench.model import ReadOptions
from workbench.store import Store

SOURCE = ["Shoku Hrushovi foli gjatë.", "Delegacioni u largua.", "Takimi mbaroi.", "Fund."]
TARGET = [
    "Comrade Hrushovi spoke at length.",
    "The delegation left.",
    "The meeting ended.",
    "=The end, as a spreadsheet would run it.",
]
VARIANTS = [("csv", False, "links.csv"), ("tsv", False, "links.tsv"), ("csv", True, "excel.csv")]


def read(data: str | bytes, filename: str, **languages: str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename, **languages))


def texts(doc, side: int) -> list[str]:
    return [segment.text for segment in doc.versions[side].segments]


def memory(units: list[tuple[str, str, str]]) -> bytes:
    """A TMX of (source, target, x-status) units."""
    body = "".join(
        f'<tu><prop type="x-status">{status}</prop><tuv xml:lang="sq"><seg>{s}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{t}</seg></tuv></tu>'
        for s, t, status in units
    )
    return (
        '<tmx version="1.4"><header srclang="sq" datatype="plaintext" segtype="paragraph"'
        ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
        f"<body>{body}</body></tmx>"
    ).encode()


@pytest.fixture
def reviewed(store: Store) -> int:
    """An alignment with a 2-1 link, each status and a flag on words: its id."""
    data = memory(
        [
            (f"{SOURCE[0]}\n\n{SOURCE[1]}", f"{TARGET[0]} {TARGET[1]}", "confirmed"),
            (SOURCE[2], TARGET[2], "edited"),
            (SOURCE[3], TARGET[3], "auto"),
        ]
    )
    alignment = services.import_file(store, data, filename="r.tmx", user="rita").alignment
    flags.raise_flag(
        store,
        alignment,
        category="terminology",
        severity="major",
        link_id=store.links(alignment)[0].id,
        side="target",
        quote="Hrushovi",
        comment="Khrushchev, as the glossary has it.",
        user="rita",
    )
    return alignment


def shape(store: Store, alignment_id: int) -> dict:
    """What a round trip must keep: both texts' paragraphs and the links with statuses."""
    row = store.alignment(alignment_id)
    return {
        "source": [p["text"] for p in store.segments(row["source_version_id"])],
        "target": [p["text"] for p in store.segments(row["target_version_id"])],
        "links": [
            (link.src_start, link.src_end, link.tgt_start, link.tgt_end, link.status)
            for link in store.links(alignment_id)
        ],
    }


def exported(store: Store, alignment_id: int, fmt: str, excel: bool) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    options = ExportOptions(flags=True, excel=excel)
    data = export.build(store, document, edition=None, options=options)
    return b"".join(export.exporter(fmt).write(data))


def imported(store: Store, data: bytes, filename: str, **options) -> services.ImportResult:
    return services.import_file(
        store, data, filename=filename, language="sq", target_language="en", user="ida", **options
    )


# --- our own tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "excel", "filename"), VARIANTS)
def test_our_table_comes_back_as_it_was_exported(
    store: Store, reviewed: int, fmt: str, excel: bool, filename: str
) -> None:
    data = exported(store, reviewed, fmt, excel)
    result = imported(store, data, filename)
    assert result.created_document
    assert shape(store, result.alignment) == shape(store, reviewed)
    # the formula-looking translation is text again, without the Excel variant's apostrophe
    assert shape(store, result.alignment)["target"][-1] == TARGET[3]
    [flag] = store.flags(alignment_id=result.alignment)
    assert (flag["category"], flag["severity"], flag["quote"]) == (
        "terminology",
        "major",
        "Hrushovi",
    )
    assert result.flags == 1 and result.links == {"auto": 1, "confirmed": 1, "edited": 1}


@pytest.mark.parametrize(("fmt", "excel", "filename"), VARIANTS)
def test_a_row_changed_in_a_spreadsheet_comes_back_edited(
    store: Store, reviewed: int, fmt: str, excel: bool, filename: str
) -> None:
    data = exported(store, reviewed, fmt, excel).replace(
        b"Comrade Hrushovi spoke", b"Comrade Khrushchev spoke"
    )
    result = imported(store, data, filename)
    statuses = [link[-1] for link in shape(store, result.alignment)["links"]]
    assert statuses == ["edited", "edited", "auto"]  # the confirmed row's text changed
    assert shape(store, result.alignment)["target"][0].startswith("Comrade Khrushchev spoke")


def test_our_table_comes_back_into_its_document_as_a_new_translation(
    store: Store, reviewed: int
) -> None:
    document = store.alignment(reviewed)["document_id"]
    data = exported(store, reviewed, "csv", False).replace(b"The meeting", b"The session")
    result = imported(store, data, "back.csv", document_id=document)
    assert not result.created_document and len(result.versions) == 1
    after = shape(store, result.alignment)
    assert after["source"] == shape(store, reviewed)["source"]
    assert after["target"][1] == "The session ended."
    assert result.notes == [
        "1 note in the file is a flag our export wrote, raised on the version it was exported"
        " from already: not raised again on this one"
    ]


# --- other tools' tables ---------------------------------------------------------------------


def test_a_headerless_tab_separated_alignment_is_a_link_per_row() -> None:
    """LF Aligner's tab-delimited output: source, target, then other columns (a file name)."""
    table = (
        f"{SOURCE[0]}\t{TARGET[0]}\tletter.docx\n"
        f"{SOURCE[1]}\t\tletter.docx\n"  # not translated: a 1-0 link, not confirmed
        "\n"
        f"{SOURCE[2]}\t{TARGET[2]}\tletter.docx\n"
    )
    doc = read(table, "aligned.tab", source_language="sq", target_language="en")
    assert doc.format == "tsv"
    assert texts(doc, 0) == SOURCE[:3] and texts(doc, 1) == [TARGET[0], TARGET[2]]
    assert doc.links == [([0], [0]), ([1], []), ([2], [1])]
    assert doc.link_statuses == ["confirmed", "auto", "confirmed"]


def test_a_header_of_language_tags_says_the_languages_and_semicolons_are_read() -> None:
    """Excel saves CSV with semicolons where the comma is the decimal sign."""
    table = 'de;fr\n"Er sagte: ""Gut; sehr gut.""";"Il dit : « Bien ; très bien. »"\nEnde.;Fin.\n'
    doc = read(table, "paar.csv")
    assert [v.language for v in doc.versions] == ["de", "fr"]
    assert texts(doc, 0) == ['Er sagte: "Gut; sehr gut."', "Ende."]
    assert texts(doc, 1) == ["Il dit : « Bien ; très bien. »", "Fin."]


def test_a_quoted_cell_keeps_its_paragraphs_and_line_breaks() -> None:
    table = (
        'source,target\n"Strofa e parë\nvazhdon.\n\nStrofa e dytë.",'
        '"Stanza one\ngoes on.\n\nStanza two."\n'
    )
    doc = read(table, "poem.csv", source_language="sq", target_language="en")
    # the header names the columns: not text; the row is one link of two paragraphs a side
    assert texts(doc, 0) == ["Strofa e parë\nvazhdon.", "Strofa e dytë."]
    assert texts(doc, 1) == ["Stanza one\ngoes on.", "Stanza two."]
    assert doc.links == [([0, 1], [0, 1])]


def test_a_table_in_a_legacy_code_page_is_read_in_its_languages_code_pages() -> None:
    table = "Grüße aus Zürich.\tSalutations de Zürich.\n".encode("cp1252")
    doc = read(table, "old.tsv", source_language="de", target_language="fr")
    assert texts(doc, 0) == ["Grüße aus Zürich."] and texts(doc, 1) == ["Salutations de Zürich."]


# --- refusals ----------------------------------------------------------------------------------


def test_a_table_that_does_not_say_its_languages_is_refused_naming_the_options(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    result = cli_import(cli, tmp_path, f"{SOURCE[0]},{TARGET[0]}\n".encode(), "pair.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: pair.csv does not say its languages: give the source language with --lang and"
        " the translation's with --target-lang\n"
    )
    assert json.loads(cli("documents", "--json").stdout) == []  # nothing stored


def test_the_upload_form_names_its_fields_for_a_table_without_languages(client, as_role) -> None:
    page = upload(client, as_role("translator"), b"Eins,Un\n", "pair.csv")
    assert page.status_code == 400
    body = page.get_data(as_text=True)
    assert "give the source language with the Language field" in body
    assert "the translation&#39;s with the Target language field" in body


def test_a_table_with_the_same_language_on_both_sides_is_refused() -> None:
    with pytest.raises(InputError, match="source and target language are both 'sq'"):
        read("Një\tNjë\n", "same.tsv", source_language="sq", target_language="sq")


def test_the_command_line_imports_a_table_and_counts_its_links(cli: Cli, tmp_path: Path) -> None:
    table = "sq,en\n" + "".join(f'"{s}","{t}"\n' for s, t in zip(SOURCE, TARGET, strict=True))
    result = cli_import(cli, tmp_path, table.encode(), "pairs.csv", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["links"] == {"confirmed": 4} and answer["flags"] == 0
    [document] = json.loads(cli("documents", "--json").stdout)
    assert (document["source_language"], document["target_language"]) == ("sq", "en")
    assert document["paragraphs"] == len(SOURCE)  # the source's paragraphs


def test_an_apostrophe_is_the_texts_own_outside_the_excel_variant() -> None:
    """Only the Excel variant (a BOM ahead) writes an apostrophe before "=", "+", "-", "@"."""
    header = "number,source,target,status\n"
    row = "1,Një.,'-- as the record has it,confirmed\n"
    plain = read(header + row, "plain.csv", source_language="sq", target_language="en")
    excel = read("\ufeff" + header + row, "excel.csv", source_language="sq", target_language="en")
    assert texts(plain, 1) == ["'-- as the record has it"]
    assert texts(excel, 1) == ["-- as the record has it"]
