"""The real `workbench` command as a script meets it: a mistyped command line is one `error:`
line with exit code 2, nothing waits for a terminal that is not there, `-` means stdout where
a text is written and is refused where it would only make a file named "-", and `--since`
takes any date it accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WORKBENCH = Path(sys.executable).with_name("workbench")


def run(db: Path, *args: object, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`workbench --db DB ARGS` with piped stdin (no terminal), as in a script or cron job."""
    return subprocess.run(
        [str(WORKBENCH), "--db", str(db), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=db.parent,
        env={**os.environ, "PYTHONWARNINGS": "default"},
        timeout=120,
    )


def fails_in_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A database with one document (1) and a glossary term, built once."""
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "w.db"
    text = folder / "text.txt"
    text.write_text("Neni i parë.\n\nNeni i dytë.\n", encoding="utf-8")
    terms = folder / "terms.csv"
    terms.write_text("source,target\nneni,article\n", encoding="utf-8")
    for args in (
        ("init",),
        ("import", text, "--lang", "sq"),
        ("glossary", "import", terms, "--shared", "--src-lang", "sq", "--tgt-lang", "en"),
        ("users", "add", "ana", "--role", "editor", "--password-stdin"),
    ):
        result = run(path, *args, stdin="password-1\n")
        assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("export", 1), ["Missing option '--format'", "html, pdf, docx", "export --help"]),
        (("align", "a.txt", "b.txt", "--unit", "word"), ["'word' is not one of", "align --help"]),
        (("align", "a.txt", "b.txt", "--src-lan", "en"), ["No such option '--src-lan'"]),
        (("--dbb", "x.db", "documents"), ["No such option '--dbb'", "workbench --help"]),
        (("users", "role", "ana", "king"), ["'king' is not one of"]),
        (("nosuch",), ["No such command 'nosuch'"]),
        (("import", "missing.txt", "--lang", "en"), ["'missing.txt' does not exist"]),
    ],
    ids=[
        "missing-option",
        "bad-choice",
        "option-typo",
        "group-option",
        "argument",
        "command",
        "missing-file",
    ],
)
def test_a_mistyped_command_line_is_one_error_line_with_exit_code_2(db, args, words) -> None:
    fails_in_one_line(run(db, *args), *words)


def test_a_group_without_its_command_still_shows_its_help(db) -> None:
    result = run(db, "users")
    assert "Commands:" in result.stdout + result.stderr
    assert "list" in result.stdout + result.stderr


def test_users_add_without_password_stdin_and_without_a_terminal_says_what_to_give(db) -> None:
    before = run(db, "users", "list").stdout
    result = run(db, "users", "add", "bo", "--role", "translator", stdin="password-1\n")
    fails_in_one_line(result, "give --password-stdin")
    assert "echoed" not in result.stderr
    assert run(db, "users", "list").stdout == before


def test_users_passwd_without_a_terminal_is_refused_and_keeps_the_password(db) -> None:
    fails_in_one_line(run(db, "users", "passwd", "ana", stdin="password-2\n"), "--password-stdin")
    token = run(db, "users", "token", "ana")
    assert token.returncode == 0  # the account is as it was


def test_restore_without_yes_and_without_a_terminal_is_refused_and_replaces_nothing(
    db, tmp_path
) -> None:
    saved = tmp_path / "saved.db"
    assert run(db, "backup", saved).returncode == 0
    before = db.read_bytes()
    fails_in_one_line(run(db, "restore", saved, stdin="y\n"), "give --yes")
    assert db.read_bytes() == before
    assert not Path(f"{db}.before-restore").exists()


def test_backup_to_dash_is_refused_rather_than_made_a_file_named_dash(db) -> None:
    fails_in_one_line(run(db, "backup", "-"), "not -")
    assert not (db.parent / "-").exists()


def test_glossary_export_to_dash_writes_the_csv_to_stdout(db) -> None:
    result = run(db, "glossary", "export", "--shared", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "source,target,note,forbidden\nneni,article,,\n"
    assert not (db.parent / "-").exists()


@pytest.mark.parametrize(
    "since", ["0001-01-01T00:00+05:00", "0999-01-01", "1900-01-01T00:00:00+14:00"]
)
def test_events_since_a_date_before_all_events_lists_them(db, since) -> None:
    every = run(db, "events", "--json").stdout
    result = run(db, "events", "--since", since, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == every and '"add"' in every


def test_events_since_the_last_moment_in_any_zone_lists_nothing(db) -> None:
    result = run(db, "events", "--since", "9999-12-31T23:30-05:00", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
