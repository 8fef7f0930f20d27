"""Input files and options the CLI refuses: oversized files (however they are read) and options
that would otherwise be silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from workbench.formats import MAX_INPUT_BYTES

LIMIT_MB = MAX_INPUT_BYTES // (1024 * 1024)


def fails_in_one_line(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    """A text file one byte over the limit (sparse: it costs no disk and is never read)."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(MAX_INPUT_BYTES + 1)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.txt"
    path.write_text("One line.\nTwo lines.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("unit", ["line", "paragraph", "sentence"])
def test_align_refuses_a_file_over_the_input_limit_whatever_the_unit(
    cli, huge, small, unit
) -> None:
    for files in ((huge, small), (small, huge)):
        result = cli("align", *files, "--unit", unit)
        fails_in_one_line(result, f"huge.txt is larger than {LIMIT_MB} MB")


def test_import_and_glossary_import_refuse_a_file_over_the_input_limit(
    cli, store, db_path, huge
) -> None:
    before = snapshot(db_path)
    fails_in_one_line(cli("import", huge, "--lang", "en"), f"larger than {LIMIT_MB} MB")
    fails_in_one_line(
        cli("glossary", "import", huge, "--shared", "--src-lang", "sq", "--tgt-lang", "en"),
        f"larger than {LIMIT_MB} MB",
    )
    assert snapshot(db_path) == before


def test_align_files_still_works_line_by_line(cli, small) -> None:
    result = cli("align", small, small, "--unit", "line")
    assert result.exit_code == 0, result.output
    assert result.stdout == "[0]:[0]\n[1]:[1]\n"


@pytest.mark.parametrize(
    "options",
    [("--source", "1"), ("--target", "2"), ("--source", "1", "--target", "2")],
    ids=" ".join,
)
def test_source_and_target_versions_without_a_document_are_an_error(cli, small, options) -> None:
    result = cli("align", small, small, *options)
    fails_in_one_line(result, "--source and --target choose stored versions", "--document")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (("--src-lang", "sq"), "--src-lang"),
        (("--tgt-lang", "en"), "--tgt-lang"),
        (("--unit", "sentence"), "--unit"),
        (("--format", "json"), "--format"),
    ],
)
def test_options_for_two_files_are_an_error_with_a_stored_document(
    cli, store, db_path, options, named
) -> None:
    before = snapshot(db_path)
    result = cli("align", "--document", "1", *options)
    fails_in_one_line(result, named)
    assert snapshot(db_path) == before


def test_files_and_a_document_together_are_an_error(cli, store, small) -> None:
    fails_in_one_line(cli("align", small, small, "--document", "1"), "not both")


def test_one_file_is_an_error(cli, small) -> None:
    fails_in_one_line(cli("align", small), "SRC_FILE and TGT_FILE")


def test_aligning_lines_from_python_checks_the_limit_too(monkeypatch) -> None:
    from workbench import aligning, formats
    from workbench.errors import TooLarge

    monkeypatch.setattr(formats, "MAX_INPUT_BYTES", 10)
    for unit in ("line", "paragraph"):
        with pytest.raises(TooLarge, match=r"big\.txt is larger than"):
            aligning.align_texts(
                b"One line.\nTwo lines.\n",
                b"x",
                src_name="big.txt",
                tgt_name="t.txt",
                src_lang="en",
                tgt_lang="en",
                unit=unit,
            )
