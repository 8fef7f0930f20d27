"""`workbench align` on two files: files named any way, texts with line breaks in TSV, digits
of any script as anchors (found by exploring the command with real material)."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.align.anchors import numbers


def _files(tmp_path: Path, src: str, tgt: str, names=("a.txt", "b.txt")) -> tuple[Path, Path]:
    a, b = tmp_path / names[0], tmp_path / names[1]
    a.write_text(src, encoding="utf-8")
    b.write_text(tgt, encoding="utf-8")
    return a, b


def test_files_with_an_unknown_extension_are_read_as_input_format_says(cli, tmp_path) -> None:
    src, tgt = _files(
        tmp_path, "Neni 1.\n\nNeni 2.\n", "Article 1.\n\nArticle 2.\n", ("g.sq", "g.en")
    )
    refused = cli("align", src, tgt, "--src-lang", "sq", "--tgt-lang", "en")
    assert refused.exit_code == 2
    assert "give --input-format, one of: txt" in refused.output  # not the output's --format
    read = cli("align", src, tgt, "--src-lang", "sq", "--tgt-lang", "en", "--input-format", "txt")
    assert read.exit_code == 0, read.output
    assert read.stdout == "[0]:[0]\n[1]:[1]\n"


def test_input_format_is_refused_where_it_would_do_nothing(cli, tmp_path) -> None:
    src, tgt = _files(tmp_path, "a\n", "b\n")
    lines = cli("align", src, tgt, "--unit", "line", "--input-format", "txt")
    assert lines.exit_code == 2 and "--unit line reads each line" in lines.output
    stored = cli("align", "--document", "1", "--input-format", "txt")
    assert stored.exit_code == 2 and "--input-format is for two files" in stored.output


def test_tsv_rows_stay_rows_when_a_paragraph_holds_line_breaks_and_tabs(cli, tmp_path) -> None:
    src, tgt = _files(
        tmp_path,
        "<p>Roses are red,<br>Violets are blue.</p><p>Second \\ last.</p>",
        "<p>Rosen sind rot,<br>Veilchen sind blau.</p><p>Zweite \\ letzte.</p>",
        ("a.html", "b.html"),
    )
    result = cli("align", src, tgt, "--src-lang", "en", "--tgt-lang", "de", "--format", "tsv")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [len(row) for row in rows] == [5, 5, 5]  # a header and two beads, whole
    assert rows[1][3] == "Roses are red,\\nViolets are blue."
    assert rows[2][3] == "Second \\\\ last."
    src, tgt = _files(tmp_path, "Name\tAge\n", "Name\tAlter\n")
    lines = cli("align", src, tgt, "--unit", "line", "--format", "tsv")
    assert lines.stdout.splitlines()[1].split("\t")[3:] == ["Name\\tAge", "Name\\tAlter"]


def test_digits_of_every_script_are_the_same_numbers(cli, tmp_path) -> None:
    assert numbers("١٠ ديسمبر ١٩٤٨") == ["10", "1948"]
    assert numbers("１９４８年１２月１０日") == ["1948", "12", "10"]
    assert numbers("१९४८") == ["1948"]
    src, tgt = _files(
        tmp_path, "اعتمد الإعلان في ١٠ ديسمبر ١٩٤٨.\n", "It was adopted on 10 December 1948.\n"
    )
    result = cli(
        "align",
        src,
        tgt,
        "--src-lang",
        "ar",
        "--tgt-lang",
        "en",
        "--unit",
        "line",
        "--format",
        "json",
    )
    assert "2 of 2 numbers match" in json.loads(result.stdout)[0]["reasons"]
