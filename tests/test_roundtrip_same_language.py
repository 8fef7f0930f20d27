"""Two versions in one language (two English translations of Mark), through our TMX, XLIFF
and tables and back.

A comparison of two versions in one language is an alignment like any other, so its exports
read back like any other: the TMX says which <tuv> is which version (`x-version` on each, and
the header's `x-same-language`), as its language cannot; XLIFF 2 says it by structure
(<source> and <target>, with srcLang and trgLang alike, which the standard allows); our table
says it by its columns, given the one language twice. Other tools read the TMX as a memory of
source and target (translate-toolkit here), and a memory of another tool's with two <tuv>s of
one language still holds variants, as the README says.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import Cli, import_pair
from tests.test_formats_exchange import read, texts, tmx, tu
from workbench import export, review, services
from workbench.errors import InputError
from workbench.exports.base import ExportOptions
from workbench.store import Store

ASV = [
    "The beginning of the gospel of Jesus Christ, the Son of God.",
    "Even as it is written in Isaiah the prophet, Behold, I send my messenger before thy face.",
    "John came, who baptized in the wilderness and preached the baptism of repentance.",
    "And he preached, saying, There cometh after me he that is mightier than I.",
    "And it came to pass in those days, that Jesus came from Nazareth of Galilee.",
]
BBE = [
    "The start of the good news of Jesus Christ, the Son of God.",
    "Even as it is said in the book of Isaiah the prophet, See, I send my servant before you.",
    "John came, and gave baptism in the waste land, preaching baptism as a sign of forgiveness.",
    "And he said, There is one coming after me who is greater than I.",
    "And it came about in those days, that Jesus came from Nazareth of Galilee.",
]
FORMATS = [("tmx", "same.tmx"), ("xliff", "same.xlf")]
TABLES = [("csv", "same.csv", False), ("tsv", "same.tsv", False), ("csv", "excel.csv", True)]
TMX_NS = {"xml": "http://www.w3.org/XML/1998/namespace"}


@pytest.fixture
def versions(store: Store) -> int:
    """ASV and BBE, both English, aligned: two links confirmed, the fourth detached into a
    paragraph of the ASV alone and one of the BBE alone; the alignment id."""
    alignment = import_pair(store, ASV, BBE, src_lang="en", tgt_lang="en", title="Mark")
    links = store.links(alignment)
    assert [(link.src, link.tgt) for link in links] == [([k], [k]) for k in range(5)]
    review.set_status(store, alignment, [links[0].id, links[2].id], user="eva", status="confirmed")
    review.detach(store, alignment, links[3].id, user="ana")
    return alignment


def snapshot(store: Store, alignment_id: int) -> dict[str, Any]:
    alignment = store.alignment(alignment_id)
    sides = [store.version(alignment[f"{side}_version_id"]) for side in ("source", "target")]
    return {
        "languages": [version["language"] for version in sides],
        "source": [s["text"] for s in store.segments(sides[0]["id"])],
        "target": [s["text"] for s in store.segments(sides[1]["id"])],
        "links": [
            (link.src, link.tgt, link.status, link.set_by) for link in store.links(alignment_id)
        ],
    }


def exported(store: Store, alignment_id: int, fmt: str, **options: Any) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def test_the_fixture_is_a_same_language_alignment(store: Store, versions: int) -> None:
    before = snapshot(store, versions)
    assert before["languages"] == ["en", "en"]
    assert [(src, tgt, status) for src, tgt, status, _ in before["links"]] == [
        ([0], [0], "confirmed"),
        ([1], [1], "auto"),
        ([2], [2], "confirmed"),
        ([3], [], "edited"),
        ([], [3], "edited"),
        ([4], [4], "auto"),
    ]


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_our_tmx_and_xliff_of_two_english_versions_read_back(
    store: Store, versions: int, fmt: str, filename: str, level: str
) -> None:
    before = snapshot(store, versions)
    data = exported(store, versions, fmt, level=level)
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None and result.alignment != versions
    assert snapshot(store, result.alignment) == before


def test_the_tmx_says_which_version_each_tuv_is(store: Store, versions: int) -> None:
    """Both <tuv>s are English (xml:lang is a language, and TMX 1.4 has no other place for a
    version), so each says which version it is; a one-sided unit too."""
    root = etree.fromstring(exported(store, versions, "tmx"))
    header = root.find("header")
    assert header.get("srclang") == "en"
    said = [prop.text for prop in header.findall("prop") if prop.get("type") == "x-same-language"]
    assert said == ["yes"]
    found = [
        [
            (tuv.get("{http://www.w3.org/XML/1998/namespace}lang"), tuv.findtext("prop"))
            for tuv in unit.findall("tuv")
        ]
        for unit in root.iter("tu")
    ]
    both = [("en", "source"), ("en", "target")]
    assert found == [both, both, both, [("en", "source")], [("en", "target")], both]


def test_the_xliff_declares_one_language_on_both_sides(store: Store, versions: int) -> None:
    root = etree.fromstring(exported(store, versions, "xliff"))
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "en")


@pytest.mark.parametrize(("fmt", "filename", "excel"), TABLES)
def test_our_table_of_two_english_versions_reads_back_given_the_language_twice(
    store: Store, versions: int, fmt: str, filename: str, excel: bool
) -> None:
    before = snapshot(store, versions)
    data = exported(store, versions, fmt, excel=excel)
    result = services.import_file(
        store, data, filename=filename, language="en", target_language="en", user="cli"
    )
    assert result.alignment is not None
    assert snapshot(store, result.alignment) == before


def test_translate_toolkit_reads_our_files_as_source_and_target(
    store: Store, versions: int
) -> None:
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff2 import Xliff2File

    pairs = [(ASV[k], BBE[k]) for k in (0, 1, 2)]
    memory = tmxfile.parsestring(exported(store, versions, "tmx"))
    units = [(unit.source, unit.target) for unit in memory.units]
    assert units[:3] == pairs and units[-1] == (ASV[4], BBE[4])
    assert units[3][0] == ASV[3]
    xliff = Xliff2File.parsestring(exported(store, versions, "xliff"))
    units = [(unit.source, unit.target) for unit in xliff.units]
    assert units[:3] == pairs and units[-1] == (ASV[4], BBE[4])


# -- what stays as it was ------------------------------------------------------------------


def test_another_tools_memory_with_two_tuvs_of_one_language_still_holds_variants() -> None:
    """Without our marks a second English <tuv> is a variant: the first is read, the import
    says so, and a memory of one language cannot be aligned."""
    doc = read(tmx(tu(en="One.", de="Eins.") + "", "<tu>" + '<tuv xml:lang="en"><seg>Two.</seg>'
               '</tuv><tuv xml:lang="en"><seg>Second.</seg></tuv><tuv xml:lang="de"><seg>Zwei.'
               "</seg></tuv></tu>"), "m.tmx")  # fmt: skip
    assert texts(doc, 0) == ["One.", "Two."] and texts(doc, 1) == ["Eins.", "Zwei."]
    assert any("more than one text in one language" in note for note in doc.notes)
    one = tmx(
        '<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="en"><seg>Uno.</seg></tuv></tu>'
    )
    with pytest.raises(InputError, match="needs two languages to align; it has: en"):
        read(one, "m.tmx")


def test_x_version_marks_without_our_header_are_another_tools_variants() -> None:
    """The marks are read in a file that says it is a same-language comparison of ours."""
    marked = tmx(
        '<tu><tuv xml:lang="en"><prop type="x-version">source</prop><seg>One.</seg></tuv>'
        '<tuv xml:lang="en"><prop type="x-version">target</prop><seg>Uno.</seg></tuv></tu>'
    )
    with pytest.raises(InputError, match="needs two languages to align; it has: en"):
        read(marked, "m.tmx")


def test_a_foreign_table_naming_one_language_twice_is_still_refused() -> None:
    with pytest.raises(InputError, match="source and target language are both 'en'"):
        read("One.\tUno.\n", "same.tsv", source_language="en", target_language="en")


# -- the command line, on the demo's two English versions of Mark -----------------------------


def test_the_command_line_round_trips_the_demos_two_english_versions(
    corpus: Path, tmp_path: Path
) -> None:
    cli = Cli(corpus)
    shown = json.loads(cli("show", "3", "--json").stdout)
    english = [v["id"] for v in shown["versions"] if v["language"] == "en"]
    assert len(english) == 2
    aligned = cli("align", "--document", "3", "--source", english[0], "--target", english[1])
    assert aligned.exit_code == 0, aligned.output
    [alignment] = [
        a["id"]
        for a in json.loads(cli("show", "3", "--json").stdout)["alignments"]
        if (a["source_version_id"], a["target_version_id"]) == tuple(english)
    ]
    store = Store(corpus)
    try:
        before = snapshot(store, alignment)
    finally:
        store.close()
    for fmt, options in (
        ("tmx", ()),
        ("xliff", ()),
        ("csv", ("--lang", "en", "--target-lang", "en")),
        ("tsv", ("--lang", "en", "--target-lang", "en")),
    ):
        path = tmp_path / f"mark.{fmt}"
        written = cli("export", "3", "--alignment", alignment, "--format", fmt, "-o", path)
        assert written.exit_code == 0, written.output
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert len(rows) == len(before["links"]) + 1
        result = cli("import", path, *options, "--json")
        assert result.exit_code == 0, (fmt, result.output)
        store = Store(corpus)
        try:
            assert snapshot(store, json.loads(result.stdout)["alignment"]) == before, fmt
        finally:
            store.close()
