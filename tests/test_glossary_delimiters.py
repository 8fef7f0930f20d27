"""A glossary CSV is read whatever separates its cells, and the CLI names its own options.

- Excel saves "CSV" with semicolons where the decimal separator is a comma (German, French,
  Albanian Windows…), in the Windows code page or, as "CSV UTF-8", with a BOM; tab-separated
  files come from other tools. Such a file imports as the comma-separated one does.
- The header decides the delimiter, since its column names are known: a comma or semicolon
  inside a quoted term never changes it.
- A file whose first line is no glossary header is refused, saying what the header must be
  and which separators are read, and nothing is stored.
- `workbench glossary import --shared` without languages asks for --src-lang and --tgt-lang,
  the options the user types; the web form keeps naming its fields src_lang and tgt_lang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.test_glossary_inputs import IMPORT, document, error_of, stored_terms, upload  # noqa: F401
from workbench.store import Store

#: What each separator's file holds: the same three terms, one with a comma and one with
#: semicolons inside quoted cells.
TERMS = [
    ("de", "en", "Arbeit", "work", ["Werk", "Schaffen"]),
    ("de", "en", "Ja, bitte", "yes, please", []),
    ("de", "en", "Straße", "street", []),
]


def excel_csv(delimiter: str) -> str:
    """The glossary as a spreadsheet writes it with this delimiter: CRLF, cells quoted only
    where they hold the delimiter (or a `;`, the forbidden variants' separator)."""
    d = delimiter
    return (
        f"source{d}target{d}note{d}forbidden\r\n"
        f'Arbeit{d}work{d}{d}"Werk;Schaffen"\r\n'
        f'"Ja, bitte"{d}"yes, please"{d}{d}\r\n'
        f"Straße{d}street{d}{d}\r\n"
    )


@pytest.fixture
def db(db_path: Path, cli) -> Path:
    """An empty workbench database."""
    assert cli("init").exit_code == 0
    return db_path


def import_shared(cli, path: Path, *languages: str):
    return cli("glossary", "import", path, "--shared", *languages)


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [
        (";", "cp1252"),  # Excel "CSV (Trennzeichen-getrennt)" on German Windows
        (";", "utf-8-sig"),  # Excel "CSV UTF-8"
        ("\t", "utf-8"),
        (",", "utf-8"),
    ],
    ids=["semicolon-cp1252", "semicolon-utf8-bom", "tab", "comma"],
)
def test_a_glossary_imports_whatever_separates_its_cells(
    cli, db: Path, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    path = tmp_path / "glossar.csv"
    path.write_bytes(excel_csv(delimiter).encode(encoding))
    result = import_shared(cli, path, "--src-lang", "de", "--tgt-lang", "en")
    assert result.exit_code == 0, result.output
    assert "3 terms added" in result.stdout
    assert sorted(stored_terms(db)) == sorted(TERMS)


def test_a_semicolon_inside_a_quoted_term_does_not_make_a_comma_file_semicolon_separated(
    cli, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        'source,target,forbidden\n"a;b;c",x,"y;z"\nArbeit,work,Werk;Schaffen\n', encoding="utf-8"
    )
    assert import_shared(cli, path, "--src-lang", "de", "--tgt-lang", "en").exit_code == 0
    assert sorted(stored_terms(db)) == [
        ("de", "en", "Arbeit", "work", ["Werk", "Schaffen"]),
        ("de", "en", "a;b;c", "x", ["y", "z"]),
    ]


def test_a_comma_in_a_quoted_header_or_term_does_not_make_a_semicolon_file_comma_separated(
    cli, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        '"source";"target";"note"\n"Ja, bitte";"yes, please";"polite, formal"\n', encoding="utf-8"
    )
    assert import_shared(cli, path, "--src-lang", "de", "--tgt-lang", "en").exit_code == 0
    store = Store(db)
    try:
        [term] = store.terms(shared=True)
    finally:
        store.close()
    assert (term["source_term"], term["target_term"], term["note"]) == (
        "Ja, bitte",
        "yes, please",
        "polite, formal",
    )


@pytest.mark.parametrize(
    "content",
    [
        "name;age\r\nAnna;31\r\n",
        "source;translation\r\nArbeit;work\r\n",  # not the glossary's column names
        "Arbeit;work\r\nStraße;street\r\n",  # no header at all
        "source;target;source\r\nA;B;C\r\n",  # a column twice
        "Die Arbeit, die Straße; und so weiter.\n",
    ],
    ids=["other-table", "wrong-columns", "no-header", "twice", "prose"],
)
def test_a_file_that_is_not_a_glossary_is_refused_saying_what_a_glossary_is(
    cli, db: Path, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    before = snapshot(db)
    result = import_shared(cli, path, "--src-lang", "de", "--tgt-lang", "en")
    assert result.exit_code == 2
    assert "g.csv is not a glossary: its first line must be the header" in result.stderr
    assert "separated by commas, semicolons or tabs" in result.stderr
    assert snapshot(db) == before


def test_the_web_import_reads_a_semicolon_glossary_too(
    client,
    db_path: Path,
    document: int,  # noqa: F811
    as_role,
) -> None:
    token = as_role("translator")
    response = upload(client, token, "source;target\r\nKuvend;Assembly\r\n", "fjalor.csv")
    assert response.status_code == 200, error_of(response)
    assert stored_terms(db_path) == [("sq", "en", "Kuvend", "Assembly", [])]


# -- the CLI names its options ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("languages", "asked"),
    [
        ((), "give --src-lang L and --tgt-lang L"),
        (("--src-lang", "de"), "give --tgt-lang L"),
        (("--tgt-lang", "en"), "give --src-lang L"),
    ],
)
def test_a_shared_import_without_languages_asks_for_the_options(
    cli, db: Path, tmp_path: Path, languages: tuple[str, ...], asked: str
) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nArbeit,work\n", encoding="utf-8")
    before = snapshot(db)
    result = import_shared(cli, path, *languages)
    assert result.exit_code == 2
    assert asked in result.stderr
    assert "src_lang" not in result.stderr and "tgt_lang" not in result.stderr
    assert snapshot(db) == before


def test_a_bad_language_is_named_by_its_cli_option(cli, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nArbeit,work\n", encoding="utf-8")
    result = import_shared(cli, path, "--src-lang", "de", "--tgt-lang", "e n")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --tgt-lang: 'e n' is not a language code")


def test_the_web_form_still_names_its_fields(
    client,
    db_path: Path,
    document: int,  # noqa: F811
    as_role,
) -> None:
    token = as_role("translator")
    response = upload(client, token, "source,target\nA,B\n", scope="shared", tgt_lang="e n")
    assert response.status_code == 400
    assert error_of(response).startswith("tgt_lang: 'e n' is not a language code")
