"""The `workbench` command as a user runs it: output, ids, exit codes, and an intact database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TRANSLATIONS, Cli, snapshot
from workbench import users
from workbench.errors import InputError

SOURCE = "Neni 1.\n\nTë gjithë njerëzit lindin të lirë dhe të barabartë.\n\nNeni 2.\n"
TARGET = "Article 1\n\nAll human beings are born free and equal.\n\nArticle 2\n"


@pytest.fixture
def cli(cli: Cli) -> Cli:
    """The CLI on a database made by `workbench init`, as a user starts."""
    assert cli("init").exit_code == 0
    return cli


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "neni.txt"
    target = tmp_path / "article.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    return source, target


def imported(cli, *args) -> dict:
    result = cli("import", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_creates_the_database_and_records_the_migrations(tmp_path) -> None:
    db_path = tmp_path / "new" / "workbench.db"
    result = Cli(db_path)("init")
    assert result.exit_code == 0
    assert db_path.exists()
    assert "m001_core" in result.stdout and "m002_alignments" in result.stdout


def test_import_prints_the_document_and_version_it_created(cli, texts) -> None:
    source, target = texts
    created = imported(cli, source, "--lang", "sq", "--role", "source", "--title", "UDHR")
    assert created["document"] == 1 and created["version"] == 1
    added = imported(cli, target, "--document", 1, "--lang", "en", "--role", "translation")
    assert added["document"] == 1 and added["version"] == 2

    shown = cli("show", "1")
    assert shown.exit_code == 0
    assert "UDHR" in shown.stdout
    assert "3 paragraphs" in shown.stdout
    listed = cli("documents")
    assert "UDHR" in listed.stdout and "sq→en" in listed.stdout


def test_documents_counts_the_paragraphs_of_the_source_not_of_every_version(
    cli, texts, tmp_path
) -> None:
    """Three paragraphs translated twice is a text of three paragraphs, not nine."""
    source, target = texts
    imported(cli, source, "--lang", "sq", "--role", "source", "--title", "UDHR")
    imported(cli, target, "--document", 1, "--lang", "en", "--role", "translation")
    other = tmp_path / "other.txt"
    other.write_text(target.read_text(encoding="utf-8") + "\n\nA fourth.\n", encoding="utf-8")
    imported(cli, other, "--document", 1, "--lang", "en", "--role", "translation")
    listed = cli("documents")
    assert "3 versions" in listed.stdout and "    3 paragraphs  UDHR" in listed.stdout
    (row,) = json.loads(cli("documents", "--json").stdout)
    assert (row["versions"], row["paragraphs"]) == (3, 3)


def test_plain_import_output_names_the_ids(cli, texts) -> None:
    result = cli("import", texts[0], "--lang", "sq", "--role", "source")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["document 1 (new)", "version 1: 3 paragraphs"]


def test_import_without_role_starts_with_the_source_then_adds_translations(cli, texts, store):
    imported(cli, texts[0], "--lang", "sq")
    imported(cli, texts[1], "--document", 1, "--lang", "en")
    assert [(v["language"], v["role"]) for v in store.versions(1)] == [
        ("sq", "source"),
        ("en", "translation"),
    ]


def test_align_a_stored_document_and_align_again_keeps_confirmed_links(cli, texts, store) -> None:
    source, target = texts
    imported(cli, source, "--lang", "sq", "--role", "source")
    imported(cli, target, "--document", 1, "--lang", "en", "--role", "translation")
    result = cli("align", "--document", 1)
    assert result.exit_code == 0, result.output
    links = store.links(1)
    assert [(link.src, link.tgt) for link in links] == [([0], [0]), ([1], [1]), ([2], [2])]
    store.db.execute(
        "update links set status = 'confirmed', set_by = 'ana' where id = ?", [links[1].id]
    )
    again = cli("align", "--document", 1)
    assert "1 kept as confirmed" in again.stdout
    statuses = [(link.src, link.status, link.set_by) for link in store.links(1)]
    assert ([1], "confirmed", "ana") in statuses


def test_align_two_files_line_by_line_prints_beads(cli, tmp_path) -> None:
    src = tmp_path / "de.txt"
    tgt = tmp_path / "fr.txt"
    src.write_text("Der Everest ist 8848 m hoch .\nIm Jahr 1956 .\n", encoding="utf-8")
    tgt.write_text("L' Everest mesure 8848 m .\nEn 1956 .\n", encoding="utf-8")
    result = cli("align", src, tgt, "--src-lang", "de", "--tgt-lang", "fr", "--unit", "line")
    assert result.exit_code == 0, result.output
    assert result.stdout == "[0]:[0]\n[1]:[1]\n"
    as_json = cli("align", src, tgt, "--unit", "line", "--format", "json")
    rows = json.loads(as_json.stdout)
    assert rows[0]["source"] == [0] and 0 <= rows[0]["confidence"] <= 1 and rows[0]["reasons"]
    tsv = cli("align", src, tgt, "--unit", "line", "--format", "tsv")
    assert tsv.stdout.splitlines()[1].startswith("0\t0\t")


def test_align_two_files_by_paragraph_finds_chapters_against_paragraphs(cli) -> None:
    """Mark in Albanian, one paragraph per chapter, against the ASV's 112 paragraphs: the
    files are aligned as a stored document is (sentences across the whole text when the
    paragraphings differ), so every chapter gets its n-m link, as the gold file has it."""
    source = TRANSLATIONS / "MRK.sq-alb.paras.txt"
    target = TRANSLATIONS / "MRK.en-asv.paras.txt"
    gold = (TRANSLATIONS / "MRK.sq-alb_en-asv.paras.gold").read_text(encoding="utf-8")
    result = cli(
        "align", source, target, "--src-lang", "sq", "--tgt-lang", "en", "--unit", "paragraph"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == gold.split()


def test_align_two_files_by_sentence_numbers_the_sentences_of_every_paragraph(cli, texts) -> None:
    source, target = texts
    result = cli("align", source, target, "--unit", "sentence", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["source"], r["target"]) for r in rows] == [([0], [0]), ([1], [1]), ([2], [2])]


def test_users_add_with_password_on_stdin_and_list(cli) -> None:
    added = cli(
        "users", "add", "ana", "--role", "editor", "--password-stdin", input="s3cret-pass\n"
    )
    assert added.exit_code == 0, added.output
    listed = cli("users", "list")
    assert "ana" in listed.stdout and "editor" in listed.stdout
    again = cli(
        "users", "add", "ana", "--role", "editor", "--password-stdin", input="s3cret-pass\n"
    )
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_init_demo_loads_the_sample_texts_and_prints_logins(cli, store) -> None:
    result = cli("init", "--demo")
    assert result.exit_code == 0, result.output
    assert "editor-demo" in result.stdout
    titles = [d["title"] for d in store.documents()]
    assert any("Universal Declaration" in t for t in titles)
    assert any("Kim Il Sung" in t for t in titles)
    assert store.alignments(1), "the UDHR demo is aligned"
    assert cli("init", "--demo").stdout.count("demo already loaded") == 1


@pytest.mark.parametrize("already", ["an account", "a document"])
def test_the_demo_goes_into_an_empty_database_only_and_prints_no_login_it_did_not_add(
    cli, store, tmp_path: Path, already: str
) -> None:
    """`scripts/start` always asks for the demo: a database with someone's account or text in
    it gets no demo accounts, whose passwords are published, and no logins are printed."""
    if already == "an account":
        added = cli(
            "users", "add", "alice", "--role", "admin", "--password-stdin", input="alicepass123\n"
        )
    else:
        text = tmp_path / "text.txt"
        text.write_text("Someone's own text.\n", encoding="utf-8")
        added = cli("import", text, "--lang", "en")
    assert added.exit_code == 0, added.output
    result = cli("init", "--demo")
    assert result.exit_code == 0, result.output
    assert "demo not loaded: this database already holds documents or accounts" in result.stdout
    assert "-demo" not in result.stdout
    assert [u["username"] for u in store.users()] == (["alice"] if already == "an account" else [])
    assert all("Universal Declaration" not in d["title"] for d in store.documents())


def _error_cases(tmp_path: Path) -> list[tuple[list, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    malformed = tmp_path / "broken.tmx"
    malformed.write_text("<tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>x</tuv>", "utf-8")
    unknown = tmp_path / "notes.pages"
    unknown.write_text("some text", "utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_bytes("Të gjithë".encode() + b"\x81\x8d\x8f\x90\x9d" * 3)
    good = tmp_path / "good.txt"
    good.write_text("A paragraph.", "utf-8")
    lang = ["--lang", "en", "--role", "source"]
    return [
        ([empty, *lang], "empty"),
        ([binary, *lang], "not a text file"),
        ([malformed, *lang], "XML"),
        ([unknown, *lang], "format"),
        ([wrong, *lang], "encoding"),
        ([good, "--document", 99, *lang], "no document with id 99"),
        ([good, "--lang", "not a language", "--role", "source"], "language code"),
    ]


def test_every_import_error_is_one_line_exit_2_and_the_database_unchanged(
    cli, texts, db_path, tmp_path
) -> None:
    imported(cli, texts[0], "--lang", "sq", "--role", "source")
    before = snapshot(db_path)
    for args, words in _error_cases(tmp_path):
        result = cli("import", *args)
        assert result.exit_code == 2, (args, result.output)
        assert words.lower() in result.stderr.lower(), (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert snapshot(db_path) == before


def test_a_second_source_for_a_document_is_refused(cli, texts, db_path) -> None:
    imported(cli, texts[0], "--lang", "sq", "--role", "source")
    before = snapshot(db_path)
    result = cli("import", texts[1], "--document", 1, "--lang", "en", "--role", "source")
    assert result.exit_code == 2 and "already has a source" in result.stderr
    assert snapshot(db_path) == before


def test_show_of_an_unknown_document_is_an_error(cli) -> None:
    result = cli("show", "7")
    assert result.exit_code == 2 and result.stderr.strip() == "error: no document with id 7"


def test_schema_command_prints_what_db_schema_sql_holds(cli) -> None:
    assert cli("schema").stdout == (TRANSLATIONS.parent / "db" / "schema.sql").read_text()


def test_compare_prints_rows_with_word_diffs_and_json(cli, tmp_path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Article 1\n\nAll are born free.\n\nArticle 2\n", "utf-8")
    b.write_text("Article 1\n\nEveryone is born free.\n\nArticle 2\n", "utf-8")
    imported(cli, a, "--lang", "en", "--role", "translation")
    imported(cli, b, "--document", 1, "--lang", "en", "--role", "translation")
    text = cli("compare", 1, "--a", 1, "--b", 2, "--changed-only")
    assert text.exit_code == 0, text.output
    assert "[-All are-]{+Everyone is+} born free." in text.stdout
    assert "#2" in text.stdout and "#1 " not in text.stdout
    data = json.loads(cli("compare", 1, "--a", 1, "--b", 2, "--json").stdout)
    assert data["mode"] == "direct" and len(data["rows"]) == 3
    assert data["rows"][1]["diff"][0] == {"kind": "replace", "a": "All are", "b": "Everyone is"}
    wrong = cli("compare", 1, "--a", 1, "--b", 9)
    assert wrong.exit_code == 2 and "no version with id 9" in wrong.stderr


def test_a_password_on_stdin_that_is_not_utf8_is_one_error_line(cli) -> None:
    for command in (("users", "add", "bea", "--role", "translator"),):
        result = cli(*command, "--password-stdin", input=b"\xff\xfepassword\n")
        assert result.exit_code == 2
        assert result.stderr.strip() == "error: the password on standard input is not UTF-8 text"
    assert "bea" not in cli("users", "list").stdout


@pytest.mark.parametrize("password", ["\ufffd\ufffdabcdefgh", "abcdefgh\udcff"])
def test_a_password_holding_what_undecodable_bytes_become_is_refused(password: str) -> None:
    # U+FFFD (a form decoded with replacement) or a lone surrogate (a terminal's escape)
    with pytest.raises(InputError, match="UTF-8"):
        users.check_password(password)
