"""Files the CLI writes: an export, a glossary or a backup never lands on the database, never
leaves half a file, and a path it cannot write is one line on stderr with exit code 2."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import Cli, snapshot
from workbench.cli.files import write_file
from workbench.errors import InputError

EXPORT = ("export", 1, "--format", "csv")
GLOSSARY = ("glossary", "export", "--document", 1)
ONE_LINE_ERROR = 2


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    """`workbench init --demo`, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = Cli(path)("init", "--demo")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_template.read_bytes())
    return path


def fails_in_one_line(result, *words: str) -> None:
    assert result.exit_code == ONE_LINE_ERROR, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name]


# -- never over the database ----------------------------------------------------------------


@pytest.mark.parametrize("command", [EXPORT, GLOSSARY], ids=["export", "glossary"])
def test_an_export_onto_the_database_is_refused_before_anything_is_written(
    cli, db_path, command
) -> None:
    before = db_path.read_bytes()
    result = cli(*command, "-o", db_path)
    fails_in_one_line(result, "cannot replace the database itself")
    assert db_path.read_bytes() == before
    assert cli("documents").exit_code == 0


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_an_export_onto_the_files_sqlite_keeps_beside_the_database_is_refused(
    cli, db_path, suffix
) -> None:
    before = snapshot(db_path)
    companion = db_path.with_name(db_path.name + suffix)
    for command in (EXPORT, GLOSSARY):
        fails_in_one_line(cli(*command, "-o", companion), "cannot replace the database itself")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("suffix", "what"),
    [
        (".lock", "the database's lock"),
        (".secret", "the database's session key"),
        (".before-restore", "the database a restore replaced and kept"),
    ],
)
def test_an_export_onto_the_files_the_database_depends_on_is_refused(
    cli, db_path, suffix, what
) -> None:
    """An export renamed over DB.lock gave it a new inode: a running server's lock was on the
    old one, so a restore went ahead under the live server. Over DB.secret it replaced the
    session key; over DB.before-restore a database a restore promised to keep."""
    companion = db_path.with_name(db_path.name + suffix)
    companion.write_bytes(b"kept")
    for command in (EXPORT, GLOSSARY):
        fails_in_one_line(cli(*command, "-o", companion), "cannot replace", what)
    fails_in_one_line(cli("backup", companion, "--force"), "cannot replace", what)
    assert companion.read_bytes() == b"kept"


def test_an_export_onto_a_database_an_earlier_restore_kept_is_refused(cli, db_path) -> None:
    kept = db_path.with_name(db_path.name + ".before-restore.2")
    kept.write_bytes(b"an old database")
    fails_in_one_line(cli(*EXPORT, "-o", kept), "the database a restore replaced and kept")
    assert kept.read_bytes() == b"an old database"


def test_the_database_is_recognised_through_another_path_a_symlink_and_a_hard_link(
    cli, db_path, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    symlink = tmp_path / "link.csv"
    symlink.symlink_to(db_path)
    hard_link = tmp_path / "hard.csv"
    os.link(db_path, hard_link)
    before = db_path.read_bytes()
    for target in ("./sub/../demo.db", symlink, hard_link):
        (tmp_path / "sub").mkdir(exist_ok=True)
        fails_in_one_line(cli(*EXPORT, "-o", target), "cannot replace the database itself")
        fails_in_one_line(cli(*GLOSSARY, "-o", target), "cannot replace the database itself")
        fails_in_one_line(cli("backup", target, "--force"), "cannot replace the database")
    assert db_path.read_bytes() == before
    assert symlink.is_symlink()


def test_a_backup_onto_the_write_ahead_log_is_refused(cli, db_path) -> None:
    before = snapshot(db_path)
    wal = db_path.with_name(db_path.name + "-wal")
    fails_in_one_line(cli("backup", wal, "--force"), "cannot replace the database itself")
    assert snapshot(db_path) == before


# -- paths that cannot be written -----------------------------------------------------------


def unwritable_targets(tmp_path: Path) -> list[tuple[Path, str]]:
    regular = tmp_path / "in" / "ok.txt"
    regular.parent.mkdir()
    regular.write_text("a regular file", encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return [
        (tmp_path / "missing" / "dir" / "x.csv", "No such file or directory"),
        (regular / "x.csv", "Not a directory"),
        (folder, "it is a folder"),
    ]


@pytest.mark.parametrize("command", [EXPORT, GLOSSARY], ids=["export", "glossary"])
def test_an_unwritable_output_path_is_one_line_and_exit_2(cli, db_path, tmp_path, command) -> None:
    before = snapshot(db_path)
    for target, reason in unwritable_targets(tmp_path):
        result = cli(*command, "-o", target)
        fails_in_one_line(result, f"cannot write {target}: {reason}")
        assert not target.is_file()
    assert snapshot(db_path) == before


def test_an_export_into_a_folder_that_does_not_exist_says_so(cli, db_path) -> None:
    result = cli(*EXPORT, "-o", "/nonexistent/dir/x.csv")
    fails_in_one_line(result)
    assert (
        result.stderr == "error: cannot write /nonexistent/dir/x.csv: No such file or directory\n"
    )


def test_a_backup_under_a_regular_file_is_one_line_and_exit_2(cli, db_path, tmp_path) -> None:
    regular = tmp_path / "ok.txt"
    regular.write_text("a regular file", encoding="utf-8")
    result = cli("backup", regular / "x.db")
    fails_in_one_line(result, f"cannot write {regular / 'x.db'}", f"{regular} is not a folder")
    assert regular.read_text(encoding="utf-8") == "a regular file"


def test_a_backup_onto_a_folder_is_refused_even_with_force(cli, db_path, tmp_path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fails_in_one_line(cli("backup", folder, "--force"), f"{folder} is a folder")
    assert folder.is_dir() and not list(folder.iterdir())


# -- complete files only --------------------------------------------------------------------


def test_an_export_replaces_an_existing_file_whole_and_leaves_no_temporary_file(
    cli, db_path, tmp_path
) -> None:
    target = tmp_path / "out" / "udhr.csv"
    target.parent.mkdir()
    target.write_text("an older export", encoding="utf-8")
    target.chmod(0o640)
    result = cli(*EXPORT, "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("number,source,target") and "an older export" not in text
    assert (target.stat().st_mode & 0o777) == 0o640  # as an overwrite would have kept it
    assert no_temporary_files(target.parent)


def test_an_export_that_fails_leaves_the_existing_file_as_it_was(cli, db_path, tmp_path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("the export of last week", encoding="utf-8")
    result = cli("export", 1, "--format", "csv", "--edition", 99, "-o", target)
    fails_in_one_line(result)
    assert target.read_text(encoding="utf-8") == "the export of last week"
    assert no_temporary_files(tmp_path)


def test_a_writer_failing_half_way_leaves_the_target_untouched(tmp_path) -> None:
    target = tmp_path / "kept.tmx"
    target.write_bytes(b"the complete file of yesterday")

    def half_then_crash():
        yield b"<tmx>half of a file that looks whole"
        raise RuntimeError("the exporter failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        write_file(target, half_then_crash())
    assert target.read_bytes() == b"the complete file of yesterday"
    assert no_temporary_files(tmp_path)


def test_write_file_names_the_target_in_its_error(tmp_path) -> None:
    target = tmp_path / "no" / "such" / "folder.csv"
    with pytest.raises(InputError, match=f"cannot write {target}: No such file or directory"):
        write_file(target, [b"x"])


def test_an_export_through_a_symlink_writes_the_file_it_points_to(cli, db_path, tmp_path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    assert cli(*EXPORT, "-o", link).exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("number,source,target")


def test_an_export_to_a_named_pipe_streams_into_it_and_keeps_the_pipe(
    cli, db_path, tmp_path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = cli(*EXPORT, "-o", pipe)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"number,source,target")
    assert not pipe.is_file() and pipe.exists()  # still the pipe, not a file renamed over it


def test_a_glossary_export_writes_the_csv(cli, db_path, tmp_path) -> None:
    target = tmp_path / "glossary.csv"
    result = cli(*GLOSSARY, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("source,target,note,forbidden")
    assert no_temporary_files(tmp_path)
