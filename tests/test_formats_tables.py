"""Bilingual tables (CSV and TSV) come in as two versions and their links.

An alignment travels as a table more often than as anything else: LF Aligner saves one, a
reviewer opens our CSV in a spreadsheet, corrects a cell and sends it back. Our own tables
come back as they were exported (paragraphs of n-m links, statuses, notes as flags, in all
three variants), a row a spreadsheet changed comes back `edited`, and other tools' tables
(no header, or a header of language tags, commas or semicolons) read as one link per row.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli, cli_import, upload
from workbench import export, flags, review, services
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
def test_our_table_gives_back_who_set_each_status(
    store: Store, reviewed: int, fmt: str, excel: bool, filename: str
) -> None:
    first = store.links(reviewed)[0].id
    review.set_status(store, reviewed, [first], user="eva", status="auto")
    review.set_status(store, reviewed, [first], user="=eva", status="confirmed")
    before = [(link.status, link.set_by) for link in store.links(reviewed)]
    assert before[0] == ("confirmed", "=eva")  # a name Excel would run as a formula
    result = imported(store, exported(store, reviewed, fmt, excel), filename)
    assert [(link.status, link.set_by) for link in store.links(result.alignment)] == before
    # a row changed since: edited by whoever imports it, not as the reviewer left it
    changed = exported(store, reviewed, fmt, excel).replace(b"Hrushovi spoke", b"K spoke")
    result = imported(store, changed, filename)
    changed_link = store.links(result.alignment)[0]
    assert (changed_link.status, changed_link.set_by) == ("edited", "ida")


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


def test_a_note_typed_into_our_table_is_raised_when_it_comes_back_to_its_document(
    store: Store, reviewed: int
) -> None:
    """The flags the export wrote are the document's already; a reviewer's new note in the
    same shape is not, and must not be dropped as if it were."""
    document = store.alignment(reviewed)["document_id"]
    rows = list(csv.reader(io.StringIO(exported(store, reviewed, "csv", False).decode())))
    assert rows[0][-1] == "notes" and rows[2][-1] == ""
    rows[2][-1] = "[2] accuracy/omission (major, open) by ida: The source says when."
    edited = io.StringIO()
    csv.writer(edited).writerows(rows)
    result = imported(store, edited.getvalue().encode(), "back.csv", document_id=document)
    [new] = store.flags(alignment_id=result.alignment)
    assert (new["category"], new["severity"], new["created_by"]) == (
        "accuracy/omission",
        "major",
        "ida",
    )
    assert result.flags == 1
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


# --- tables edited by hand --------------------------------------------------------------------


def test_a_status_typed_by_hand_is_read_whatever_its_case_and_an_unknown_one_is_auto() -> None:
    """A typo never promotes a row to a reviewed translation; the import says what it read."""
    header = "number,source,target,status\n"
    rows = [("Confirmed", "confirmed"), ("EDITED", "edited"), (" auto ", "auto")]
    rows += [("pending", "auto"), ("rejected", "auto"), ("", "auto"), ("Pending", "auto")]
    table = header + "".join(f"{n},Një {n}.,One {n}.,{s}\n" for n, (s, _) in enumerate(rows, 1))
    doc = read(table, "edited.csv", source_language="sq", target_language="en")
    assert doc.link_statuses == [status for _, status in rows]
    assert doc.notes == [
        "4 rows had a status other than auto, edited or confirmed ('pending', 'rejected', empty,"
        " 'Pending'): imported as auto, to be reviewed"
    ]


def test_an_excel_cells_own_apostrophe_before_a_formula_character_comes_back(
    store: Store,
) -> None:
    """ "'=x" is text a translator typed; the Excel variant writes "''=x" for it, and the
    import takes only the export's apostrophe away."""
    table = "sq,en\n'=x burim,'=y target\n'-- citim,- item\nNormal,Normal\n"
    first = imported(store, table.encode(), "ap.csv")
    data = exported(store, first.alignment, "csv", True)
    assert b"''=y target" in data  # the export's apostrophe before the text's own
    again = imported(store, data, "ap-excel.csv")
    assert shape(store, again.alignment) == shape(store, first.alignment)
    assert shape(store, again.alignment)["target"] == ["'=y target", "- item", "Normal"]


def test_a_comments_own_numbered_lines_stay_in_its_note(store: Store, reviewed: int) -> None:
    flags.raise_flag(
        store,
        reviewed,
        category="grammar",
        severity="minor",
        link_id=store.links(reviewed)[1].id,
        comment="Two points:\n[a] agreement\n[2] word order, see [5] above",
        user="rita",
    )
    result = imported(store, exported(store, reviewed, "csv", False), "nb.csv")
    found = sorted(store.flags(alignment_id=result.alignment), key=lambda f: f["id"])
    assert [f["category"] for f in found] == ["terminology", "grammar"]
    threads = store.flag_comments(f["id"] for f in found)
    assert [c["body"] for c in threads[found[1]["id"]]] == [
        "Two points:\n[a] agreement\n[2] word order, see [5] above"
    ]


def test_a_number_in_brackets_inside_a_notes_text_is_kept() -> None:
    header = "number,source,target,status,notes\n"
    row = '1,Një.,One.,confirmed,"see [3] above for context"\n'
    [[said]] = read(header + row, "n.csv", source_language="sq", target_language="en").comments
    assert said.text == "see [3] above for context"


def test_commas_in_a_first_rows_text_do_not_outvote_the_semicolons_of_every_row() -> None:
    table = "Hallo, Welt, wie geht es;Hello, world, how are you\nZweite Zeile;Second line\n"
    doc = read(table, "semi.csv", source_language="de", target_language="en")
    assert texts(doc, 0) == ["Hallo, Welt, wie geht es", "Zweite Zeile"]
    assert texts(doc, 1) == ["Hello, world, how are you", "Second line"]


def test_excels_sep_line_says_the_delimiter_and_is_no_text() -> None:
    doc = read("sep=;\r\nsq;en\r\nNjë, dy;One, two\r\n", "sep.csv")
    assert [v.language for v in doc.versions] == ["sq", "en"]
    assert texts(doc, 0) == ["Një, dy"] and texts(doc, 1) == ["One, two"]


def test_a_quote_never_closed_is_refused_naming_its_line() -> None:
    rows = "".join(f"Rresht {n},Row {n}\n" for n in range(5))
    table = rows + '"Gabim,Error\n' + rows
    with pytest.raises(InputError, match="quote that opens a cell on line 6 is never closed"):
        read(table, "open.csv", source_language="sq", target_language="en")


@pytest.mark.parametrize(
    ("first", "languages"),
    [
        ("Ja;Yes", {"source_language": "de", "target_language": "en"}),  # tags, not these
        ("Ja;Yes", {}),  # capitalised words: text, so the languages are asked for
        ("Art;Art", {"source_language": "de", "target_language": "en"}),
        ("Es;It", {"source_language": "de", "target_language": "en"}),
    ],
)
def test_a_first_row_of_words_that_are_also_language_tags_is_text(
    first: str, languages: dict
) -> None:
    table = f"{first}\nNein;No\nDanke;Thanks\n"
    if not languages:
        with pytest.raises(InputError, match="--lang"):
            read(table, "words.csv")
        return
    doc = read(table, "words.csv", **languages)
    assert texts(doc, 0) == [first.split(";")[0], "Nein", "Danke"]
    assert [v.language for v in doc.versions] == ["de", "en"]


@pytest.mark.parametrize(
    "given",
    [
        {"source_language": "sq", "target_language": "en"},
        {"source_language": "sq"},
        {"target_language": "en"},
    ],
)
def test_a_header_of_the_given_languages_is_still_a_header(given: dict) -> None:
    """In either order: "en;sq" over an import from Albanian swaps the columns."""
    doc = read("en;sq\nOne;Një\n", "h.csv", **given)
    assert [v.language for v in doc.versions] == ["sq", "en"]
    assert texts(doc, 0) == ["Një"] and texts(doc, 1) == ["One"]


@pytest.mark.parametrize(
    "given",
    [{"source_language": "de", "target_language": "en"}, {"source_language": "de"}],
)
def test_lowercase_words_that_are_tags_but_not_the_given_languages_are_text(given: dict) -> None:
    table = "ja;yes\nnein;no\n"
    if "target_language" not in given:  # no header then, so the translation's is asked for
        with pytest.raises(InputError, match="--target-lang"):
            read(table, "w.csv", **given)
        return
    doc = read(table, "w.csv", **given)
    assert [v.language for v in doc.versions] == ["de", "en"]
    assert texts(doc, 0) == ["ja", "nein"] and texts(doc, 1) == ["yes", "no"]


@pytest.mark.parametrize(("table", "fmt"), [("sq,en\nNjë,One\n", "tsv"), ("Një\nDy\n", "csv")])
def test_a_table_with_no_second_column_anywhere_is_refused(table: str, fmt: str) -> None:
    """The wrong delimiter (a CSV read as TSV) or a list with no translation at all."""
    options = ReadOptions(filename="x.csv", source_language="sq", target_language="en")
    with pytest.raises(InputError, match="no row has a second column"):
        read_file(table.encode(), options, fmt)


def test_a_translation_without_its_source_is_an_automatic_link() -> None:
    doc = read(
        "Një;One\n;Orphan target\nDy;Two\n", "o.csv", source_language="sq", target_language="en"
    )
    assert doc.links == [([0], [0]), ([], [1]), ([1], [2])]
    assert doc.link_statuses == ["confirmed", "auto", "confirmed"]


def test_a_cell_over_the_paragraph_limit_is_refused_with_advice_for_tables(
    cli: Cli, tmp_path: Path
) -> None:
    from workbench.services import MAX_PARAGRAPH_CHARS

    table = "sq,en\n" + "a" * (MAX_PARAGRAPH_CHARS + 1) + ",One\n"
    result = cli_import(cli, tmp_path, table.encode(), "huge.csv")
    assert result.exit_code == 2
    assert "split that unit into several" in result.stderr
    assert "--one-per-line" not in result.stderr
