"""What an import leaves out is said, never dropped silently: a TMX unit with a second text in
one language (a variant, as some memories keep) imports the first and notes the others, on
the command line (stderr, so --json stays one document), in the upload form's messages and
in the API's answer (`notes`)."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html

from tests.conftest import Cli, api_upload, upload
from tests.test_formats_exchange import read, texts, tmx, tu

VARIANTS = tmx(
    tu(en="One.", de="Eins."),
    '<tu><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="de"><seg>Zwei.</seg></tuv>'
    '<tuv xml:lang="DE"><seg>Zwo.</seg></tuv></tu>',
    tu(en="Three.", de="Drei."),
    '<tu><tuv xml:lang="en"><seg>Four.</seg></tuv><tuv xml:lang="en"><seg>Fourth.</seg></tuv>'
    '<tuv xml:lang="de"><seg>Vier.</seg></tuv></tu>',
)
NOTE = (
    "2 translation units (the first: unit 2) hold more than one text in one language; the"
    " first text of each language was imported, the others left out"
)


def test_the_first_text_of_each_language_is_read_and_the_others_noted() -> None:
    doc = read(VARIANTS, "variants.tmx")
    assert texts(doc, 0) == ["One.", "Two.", "Three.", "Four."]
    assert texts(doc, 1) == ["Eins.", "Zwei.", "Drei.", "Vier."]
    assert doc.notes == [NOTE]


def test_a_memory_without_variants_has_nothing_to_note() -> None:
    assert read(tmx(tu(en="One.", de="Eins.")), "plain.tmx").notes == []


def test_the_command_line_says_it_on_stderr(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    path = tmp_path / "variants.tmx"
    path.write_text(VARIANTS, encoding="utf-8")
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"] == [NOTE]
    assert result.stderr == f"note: {NOTE}\n"


def test_the_upload_form_and_the_api_say_it(client, as_role, db_path: Path) -> None:
    response = upload(client, as_role("editor"), VARIANTS.encode(), "variants.tmx")
    assert response.status_code == 200
    shown = lxml_html.fromstring(response.get_data(as_text=True)).text_content()
    assert f"Note: {NOTE}." in shown
    answer = api_upload(client, db_path, VARIANTS.encode(), "variants.tmx", "editor1")
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["notes"] == [NOTE]
