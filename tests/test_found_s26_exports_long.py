"""A paragraph longer than a page is set in page-sized parts even where it has no sentence end.

On paper (and on the facing pages of the HTML edition) a link longer than a page is cut into
parts of about a page, at sentence ends. Run-on text, or one unbroken string, has none: it
was set as one block, and WeasyPrint's time grows with the square of a block's length (3,000
run-on words a side took 23 s, 6,000 words 102 s; bench/export_pdf_bench.py --long). Such a
part is cut at spaces, else between characters, never inside one (a letter with its accents,
an emoji sequence, a flag), and nothing is lost or moved: pdftotext gives every word in order.
Read by lxml (the facing HTML edition) and pdftotext (poppler).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest
import regex

from tests.test_export import exported, make_document
from tests.test_export_readers import pdftotext
from tests.test_reader_edition_notes import publish
from workbench.exports import html
from workbench.store import Store

#: The longest a facing page's part may be: the cut's aim, and past it a word at most, or a
#: run of 200 characters of an unbroken one (`html.RUN`).
FACING_PART = int(html.PAGE_BUDGET * html.PART_SHARE) + 200


def run_on(prefix: str, count: int) -> str:
    """`count` numbered words and not one sentence end: "fjala1 fjala2 …"."""
    return " ".join(f"{prefix}{n}" for n in range(1, count + 1))


def facing_parts(data: bytes, side: str) -> list[str]:
    """The text of each part a side of the facing HTML edition sets (verso: the source)."""
    page = lxml.html.document_fromstring(data)
    return [
        "".join(para.xpath(".//p//text()"))
        for para in page.xpath(f"//div[@class='{side}']/div[@class='para']")
    ]


@pytest.fixture
def run_on_edition(store: Store) -> int:
    """Edition 1 of one paragraph a side of 1,500 run-on words (some 14,000 characters)."""
    source, target = run_on("fjala", 1500), run_on("word", 1500)
    return publish(store, make_document(store, [source], [target], ("sq", "en")))


def test_run_on_text_is_cut_into_page_sized_parts_at_spaces(
    store: Store, run_on_edition: int
) -> None:
    data = exported(store, run_on_edition, "html", layout="facing")
    for side, prefix in (("verso", "fjala"), ("recto", "word")):
        parts = facing_parts(data, side)
        assert len(parts) >= 4, "cut, though it has no sentence end"
        assert max(len(part) for part in parts) <= FACING_PART
        assert " ".join(parts).split() == run_on(prefix, 1500).split(), "every word, in order"


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_the_pdf_of_run_on_text_prints_it_in_parts_every_word_in_order(
    store: Store, run_on_edition: int, tmp_path: Path, layout: str
) -> None:
    text = pdftotext(exported(store, run_on_edition, "pdf", layout=layout), tmp_path)
    assert "(cont." in text, "set in parts: 1, 1 (cont.)…"
    for prefix in ("fjala", "word"):
        printed = re.findall(rf"\b{prefix}\d+\b", text)
        assert printed == run_on(prefix, 1500).split(), prefix


#: Characters a cut must not come between: a letter and its accents, an emoji's ZWJ sequence
#: with its skin tone, a flag (two regional indicators), a Hangul syllable of old jamo (all
#: in NFC already, as the import stores text).
CLUSTERS = ["q\u0323\u0301", "👩🏽\u200d🔬", "🇦🇱", "\u1100\u1176\u11a8", "x"]


def test_an_unbroken_string_is_cut_between_characters_never_inside_one(store: Store) -> None:
    word = "".join(CLUSTERS[k % len(CLUSTERS)] for k in range(2000))  # 5,600 characters
    assert unicodedata.normalize("NFC", word) == word
    document = publish(store, make_document(store, [word], ["A short translation."]))
    parts = facing_parts(exported(store, document, "html", layout="facing"), "verso")
    assert len(parts) == 2
    assert max(len(part) for part in parts) <= FACING_PART
    assert "".join(parts) == word, "nothing lost or moved"
    clusters = regex.findall(r"\X", word)
    ends, at = set(), 0
    for cluster in clusters:
        at += len(cluster)
        ends.add(at)
    cuts, at = [], 0
    for part in parts[:-1]:
        at += len(part)
        cuts.append(at)
    assert [cut for cut in cuts if cut not in ends] == [], "a cut inside a character"
