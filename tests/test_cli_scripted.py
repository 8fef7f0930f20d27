"""The command line as a publisher's script uses it: ids of any size are answered in one line,
`align --unit line` counts a file's lines as other tools count them, a table exported from a
document goes back into it as its TMX does, listings stay one line an item, options a file
ignores are refused, and `serve` prints where it really listens."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import Cli, snapshot
from tests.test_explore_cli_errors import WORKBENCH, fails_in_one_line, run
from workbench.store import Store

TOO_LARGE = "9223372036854775808"  # one past SQLite's largest integer


@pytest.fixture
def document(cli: Cli, tmp_path: Path) -> int:
    """A document of three Albanian paragraphs and their English translation, aligned."""
    source, target = tmp_path / "sq.txt", tmp_path / "en.txt"
    source.write_text("Neni 1.\n\nNeni 2.\n\nNeni 3.\n", encoding="utf-8")
    target.write_text("Article 1.\n\nArticle 2.\n\nArticle 3.\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    assert cli("import", source, "--lang", "sq").exit_code == 0
    assert cli("import", target, "--document", 1, "--lang", "en").exit_code == 0
    assert cli("align", "--document", 1).exit_code == 0
    return 1


@pytest.mark.parametrize(
    "args",
    [
        ("show", TOO_LARGE),
        ("export", "1", "--alignment", TOO_LARGE, "--format", "json", "-o", "-"),
        ("qa", "1", "--alignment", "-" + TOO_LARGE + "0"),
        ("publish", "1", "--alignment", "9" * 60),
        ("align", "--document", "1", "--source", TOO_LARGE),
        ("import", "x.txt", "--document", TOO_LARGE, "--lang", "en"),
    ],
    ids=["show", "export", "qa", "publish", "align", "import"],
)
def test_an_id_too_large_for_the_database_is_one_error_line(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "w.db"
    (tmp_path / "x.txt").write_text("Text.\n", encoding="utf-8")
    assert run(db, "init").returncode == 0
    fails_in_one_line(run(db, *args), "too large a number for an id")


def test_align_by_line_counts_the_lines_of_the_file_not_its_page_breaks(
    cli: Cli, tmp_path: Path
) -> None:
    """pdftotext puts a form feed at each page break; U+2028 and NEL end no line for `wc -l`,
    Python's file reading or a gold file's numbering either."""
    english = tmp_path / "en.txt"
    german = tmp_path / "de.txt"
    english.write_text(
        "The first sentence.\n\fThe second sentence on a new page.\nThe third\u2028one.\n",
        encoding="utf-8",
    )
    german.write_text(
        "Der erste Satz.\nDer zweite Satz auf einer neuen Seite.\nDer dritte\x85Satz.\n",
        encoding="utf-8",
    )
    result = cli("align", english, german, "--unit", "line", "--src-lang", "en", "--tgt-lang", "de")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_a_csv_exported_from_a_document_goes_back_into_it_without_naming_its_languages(
    cli: Cli, document: int, db_path: Path, tmp_path: Path
) -> None:
    table = tmp_path / "back.csv"
    assert cli("export", document, "--format", "csv", "-o", table).exit_code == 0
    table.write_text(table.read_text(encoding="utf-8").replace("Article 2.", "Article Two."))
    result = cli("import", table, "--document", document, "--json")
    assert result.exit_code == 0, result.output
    version = json.loads(result.stdout)["version"]
    store = Store(db_path)
    try:
        assert store.version(version)["language"] == "en"
        texts = [row["text"] for row in store.segments(version)]
    finally:
        store.close()
    assert texts == ["Article 1.", "Article Two.", "Article 3."]


def test_the_editions_listing_is_one_line_an_edition_whatever_its_note(
    cli: Cli, document: int, db_path: Path
) -> None:
    from workbench import review

    store = Store(db_path)
    try:
        review.set_status(store, 1, [link.id for link in store.links(1)], user="rita")
    finally:
        store.close()
    assert cli("publish", document, "--note", "first line\nsecond line").exit_code == 0
    listed = cli("editions", document)
    assert listed.exit_code == 0
    [line] = listed.stdout.splitlines()
    assert line.endswith("first line second line")


def test_an_option_the_file_ignores_is_refused_and_nothing_is_stored(
    cli: Cli, document: int, db_path: Path, tmp_path: Path
) -> None:
    text = tmp_path / "more.txt"
    text.write_text("More text.\n", encoding="utf-8")
    markdown = tmp_path / "more.md"
    markdown.write_text("# Title\n\nSome text\nover two lines.\n", encoding="utf-8")
    before = snapshot(db_path)
    refused = cli("import", text, "--lang", "en", "--target-lang", "sq")
    assert refused.exit_code == 2
    assert "--target-lang is for a bilingual file" in refused.stderr
    refused = cli("import", markdown, "--lang", "en", "--one-per-line")
    assert refused.exit_code == 2
    assert "--one-per-line is for plain text" in refused.stderr
    assert snapshot(db_path) == before


def test_declining_to_restore_at_a_terminal_is_an_error_line_and_keeps_the_database(
    tmp_path: Path,
) -> None:
    db, saved = tmp_path / "w.db", tmp_path / "saved.db"
    assert run(db, "init").returncode == 0
    assert run(db, "backup", saved).returncode == 0
    before = db.read_bytes()
    pid, terminal = pty.fork()
    if pid == 0:  # the child: workbench at a terminal
        os.execv(str(WORKBENCH), [str(WORKBENCH), "--db", str(db), "restore", str(saved)])
    said = b""
    while b"?" not in said:
        said += os.read(terminal, 1024)
    os.write(terminal, b"n\n")
    while True:
        try:
            chunk = os.read(terminal, 1024)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert b"error: not restored" in said and b"Aborted" not in said
    assert db.read_bytes() == before


def test_serve_on_port_0_prints_the_port_it_listens_on(tmp_path: Path) -> None:
    server = subprocess.Popen(
        [str(WORKBENCH), "--db", str(tmp_path / "w.db"), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = ""
        while "open http" not in line:
            line = server.stdout.readline()
            assert line, "the server ended before saying where it listens"
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        assert port != 0
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("address", ["not an address", "proxy.example.org", "10.0.0.300"])
def test_a_proxy_address_that_is_no_ip_address_is_refused(tmp_path: Path, address: str) -> None:
    result = run(
        tmp_path / "w.db", "serve", "--production", "--behind-proxy", "--proxy-address", address
    )
    fails_in_one_line(result, "--proxy-address", "is not an IP address")
