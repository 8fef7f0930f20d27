"""Whatever bytes arrive, a reader returns a document or raises InputError, never anything else.

A crash in a reader would reach the user as a 500 page or a traceback; an InputError reaches
them as a sentence. Inputs: random bytes, random text, and real sample files with damage.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.formats import READERS, read_file
from workbench.model import ParsedDocument, ReadOptions

DATA = Path(__file__).parent / "data" / "formats"
RECORD = Path(__file__).parents[1] / "translations" / "record-1961-10-04.en.txt"

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _docx_sample() -> bytes:
    document = Document()
    document.add_heading("Title", level=1)
    document.add_paragraph("Some text.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SAMPLES = {
    "txt": b"One paragraph.\n\nAnother one.",
    "md": b"# Heading\n\nText with *emphasis*.\n\n| a | b |\n|---|---|\n| c | d |\n",
    "html": (DATA / "page.html").read_bytes(),
    "docx": _docx_sample(),
    "tmx": (DATA / "sample.tmx").read_bytes(),
    "xliff": (DATA / "sample-2.1.xlf").read_bytes(),
    "csv": 'sq,en\nNjë.,One.\n"Dy, tre.","Two, three."\n'.encode(),
    "tsv": "sq\ten\nNjë.\tOne.\nDy.\tTwo.\n".encode(),
    "record": RECORD.read_bytes()[:3000],
}


def read_or_refuse(data: bytes, name: str) -> None:
    try:
        doc = read_file(data, ReadOptions(filename=f"input.{name}"), name)
    except InputError as err:
        assert str(err)
        return
    assert isinstance(doc, ParsedDocument)
    assert doc.format == name
    assert any(seg.text.strip() for v in doc.versions for seg in v.segments)
    if doc.links is not None:  # links point at existing segments, each at most once
        source, target = (len(v.segments) for v in doc.versions)
        assert sorted(i for s, _ in doc.links for i in s) == list(range(source))
        assert sorted(j for _, t in doc.links for j in t) == list(range(target))


@pytest.mark.parametrize("name", list(READERS))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(name: str, data: bytes) -> None:
    read_or_refuse(data, name)


@pytest.mark.parametrize("name", ["txt", "md", "html", "record"])
@FUZZ
@given(text=st.text(max_size=500))
def test_random_text(name: str, text: str) -> None:
    read_or_refuse(text.encode("utf-8", "surrogatepass"), name)


@pytest.mark.parametrize("name", list(READERS))
@FUZZ
@given(data=st.data())
def test_damaged_sample_files(name: str, data: st.DataObject) -> None:
    sample = bytearray(SAMPLES[name])
    for _ in range(data.draw(st.integers(1, 8), label="damages")):
        at = data.draw(st.integers(0, len(sample) - 1), label="at")
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]), label="action")
        if action == "flip":
            sample[at] = data.draw(st.integers(0, 255), label="byte")
        elif action == "cut":
            del sample[at : at + data.draw(st.integers(1, 50), label="length")]
        else:
            sample[at:at] = data.draw(st.binary(min_size=1, max_size=20), label="bytes")
        if not sample:
            break
    read_or_refuse(bytes(sample), name)


@pytest.mark.parametrize("name", list(READERS))
def test_the_undamaged_samples_are_read(name: str) -> None:
    doc = read_file(SAMPLES[name], ReadOptions(filename=f"input.{name}"), name)
    assert doc.format == name
