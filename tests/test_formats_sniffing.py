"""A translation memory saved or renamed as .txt is read as what it is, not stored as its XML.

Tools and mail filters rename files; a TMX or XLIFF document kept as text would become a
"document" of tags and attributes. The root element decides, as it does for a person opening
the file: only an explicit `--format txt` (form field `format=txt`) reads it as text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import REPO, Cli
from workbench.errors import InputError
from workbench.formats import read_file
from workbench.model import ReadOptions
from workbench.store import Store

DATA = REPO / "tests" / "data" / "formats"
SAMPLES = {
    "tmx": DATA / "sample.tmx",
    "xliff": DATA / "sample-1.2.xlf",
}


def read(data: bytes, filename: str = "memory.txt", format: str | None = None):
    return read_file(data, ReadOptions(filename=filename), format)


def segments(doc) -> list[list[str]]:
    return [[seg.text for seg in version.segments] for version in doc.versions]


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_memory_named_txt_reads_as_under_its_own_extension(kind: str) -> None:
    path = SAMPLES[kind]
    as_text = read(path.read_bytes(), "memory.txt")
    as_itself = read(path.read_bytes(), path.name)
    assert as_text.format == as_itself.format == kind
    assert segments(as_text) == segments(as_itself)
    assert [v.language for v in as_text.versions] == [v.language for v in as_itself.versions]
    assert as_text.links == as_itself.links
    assert not any("<" in text for version in segments(as_text) for text in version)


def test_xliff_2_and_what_may_come_before_the_root_are_recognised() -> None:
    xliff2 = (DATA / "sample-2.1.xlf").read_text(encoding="utf-8")
    assert read(xliff2.encode(), "notes.txt").format == "xliff"
    sample = (DATA / "sample.tmx").read_text(encoding="utf-8")
    body = sample[sample.index("<tmx") :]
    preamble = (
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported by a CAT tool -->\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<?xml-stylesheet href="tmx.xsl"?>\n'
    )
    assert read((preamble + body).encode(), "tm.txt").format == "tmx"
    utf16 = (DATA / "sample.tmx").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    assert read(utf16.encode("utf-16"), "tm.txt").format == "tmx"


def test_format_txt_keeps_the_file_as_text() -> None:
    doc = read(SAMPLES["tmx"].read_bytes(), "memory.txt", format="txt")
    assert doc.format == "txt"
    assert any("<tuv" in text for text in segments(doc)[0])


@pytest.mark.parametrize(
    "text",
    [
        "How to write a memory: start the file with <tmx version='1.4'> and a header.",
        "<tmxfile>not a memory</tmxfile>",
        "<p>An HTML fragment saved as text.</p>",
        "A note.\n\n<xliff version='1.2'> comes later in the text, not first.",
    ],
)
def test_text_that_only_mentions_a_memory_stays_text(text: str) -> None:
    assert read(text.encode(), "notes.txt").format == "txt"


def test_a_broken_memory_named_txt_gets_the_memory_readers_message() -> None:
    broken = b'<?xml version="1.0"?><tmx version="1.4"><header/><body><tu><tuv>'
    with pytest.raises(InputError, match=r"memory\.txt is malformed or unsafe XML"):
        read(broken, "memory.txt")


def test_prose_that_opens_with_a_memory_tag_is_told_how_to_read_it_as_text() -> None:
    prose = b"<tmx> is the root element of a translation memory.\n\nMore.\n"
    with pytest.raises(InputError, match=r"if it is plain text, give --format txt"):
        read(prose, "note.txt")
    assert read(prose, "note.txt", format="txt").format == "txt"


def test_the_cli_imports_a_memory_named_txt_with_its_alignment(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    path = tmp_path / "memory.txt"
    path.write_bytes(SAMPLES["tmx"].read_bytes())
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.output)
    store = Store(db_path)
    try:
        versions = store.versions(imported["document"])
        assert [(v["language"], v["role"]) for v in versions] == [
            ("sq", "source"),
            ("en", "translation"),
        ]
        assert store.alignment(imported["alignment"])["method"] == "imported from tmx"
    finally:
        store.close()


def test_the_upload_form_imports_a_memory_named_txt(client, as_role, db_path: Path) -> None:
    token = as_role("translator")
    form = {
        "csrf_token": token,
        "file": (io.BytesIO(SAMPLES["xliff"].read_bytes()), "memory.txt"),
    }
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    store = Store(db_path)
    try:
        versions = store.versions(1)
        assert len(versions) == 2
        assert all("<" not in p["text"] for v in versions for p in store.segments(v["id"]))
    finally:
        store.close()
