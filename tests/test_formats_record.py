"""Archive record pages saved as text: metadata from the header, the record's text as segments.

The real page from translations/ is read first; then variations written here check that the
reader follows the page's structure, not this one page's strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.formats import read_file, record
from workbench.model import ParsedDocument, ReadOptions

RECORD = Path(__file__).parents[1] / "translations" / "record-1961-10-04.en.txt"

FURNITURE = {
    "Search in",
    "Digital Archive International History Declassified",
    "Citation",
    "get citation",
    "share document",
    "English HTML",
    "Download PDF",
    "Print",
    "Related Documents",
    "Russian PDF",
}


def read(data: bytes | str, filename: str = "page.txt", format: str | None = None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename), format)


def texts(doc: ParsedDocument) -> list[str]:
    return [seg.text for seg in doc.versions[0].segments]


# --- the real page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> ParsedDocument:
    return read(RECORD.read_bytes(), RECORD.name)


def test_a_txt_record_page_is_read_by_the_record_reader(page: ParsedDocument) -> None:
    assert page.format == "record"
    assert page.versions[0].language == "en"


def test_record_metadata_comes_from_the_header_and_citation(page: ParsedDocument) -> None:
    assert page.title == (
        "Account on the Reception of the Delegation of Our Party by Comrade Kim Il Sung and the"
        " Talks that Took Place in this Meeting between Him and Comrade Manush"
    )
    meta = page.metadata
    assert meta["date"] == "October 04, 1961"
    assert meta["date_iso"] == "1961-10-04"
    assert meta["summary"] == (
        "Ther record of the talk between Kim Il Sung and Manush on the foreign relations of"
        " DPRK, especially the DPRK-Soviet relationship."
    )
    assert meta["citation"].startswith('"Account on the Reception of the Delegation')
    assert meta["citation"].endswith("D4. Translated by Enkel Daljani.")
    assert meta["archive_reference"] == "AQPPSH, MPP Korese, V. 1961, D4"
    assert meta["translator"] == "Enkel Daljani"
    assert meta["publisher"] == "History and Public Policy Program Digital Archive"


def test_record_text_starts_with_its_heading_and_keeps_the_closing_lines(
    page: ParsedDocument,
) -> None:
    segments = page.versions[0].segments
    assert segments[0].kind == "heading"
    assert segments[0].text.startswith("On the reception of the delegation of our party")
    assert [seg.kind for seg in segments[1:]] == ["paragraph"] * (len(segments) - 1)
    assert segments[1].text.startswith("Even though Comrade Manush knows well")
    assert texts(page)[-4:] == [
        "Pyongyang, on October 10, 1961 The Ambassador",
        "Typed in three copies. Hasan Alimerko",
        "Conceptualized by H. A. [Signed]",
        "Typed by H. A. [Seal]",
    ]
    assert len(segments) == 41
    assert max(len(text) for text in texts(page)) > 7000


def test_record_page_furniture_is_not_text(page: ParsedDocument) -> None:
    joined = "\n".join(texts(page))
    assert not FURNITURE & set(texts(page))
    assert "•" not in joined
    assert "get citation" not in joined
    assert page.metadata["summary"] not in joined


def test_format_txt_reads_the_page_as_plain_text() -> None:
    doc = read(RECORD.read_bytes(), RECORD.name, format="txt")
    assert doc.format == "txt"
    assert texts(doc)[:2] == ["Search in", "Digital Archive International History Declassified"]


# --- variations ---------------------------------------------------------------------------

TELEGRAM = """\
Search in

Digital Archive International History Declassified

  • Download PDF
  • Print

March 05, 1953

Telegram from Molotov to Mao

  • Citation

    get citation

    “Telegram from V.M. Molotov to Mao Zedong,” March 05, 1953, History and Public Policy \
Program Digital Archive, Archive of the President of the Russian Federation (APRF), Fond 45, \
Opis 1, Delo 343. Obtained and translated by Sergey Radchenko. \
https://digitalarchive.example.org/document/111111
  • share document


English HTML

Russian PDF

Original language: Russian

To Comrade Mao Zedong.

The Soviet government informs you of the “death” of Comrade
Stalin – a heavy loss.

V. Molotov

Related Documents

Letter from Mao Zedong to Stalin

January 1950
"""


def test_a_record_without_summary_with_a_header_title_and_trailer() -> None:
    doc = read(TELEGRAM.replace("\n", "\r\n").encode("cp1252"), "telegram.txt")
    assert doc.format == "record"
    assert doc.title == "Telegram from V.M. Molotov to Mao Zedong"
    assert doc.metadata == {
        "date": "March 05, 1953",
        "date_iso": "1953-03-05",
        "citation": doc.metadata["citation"],
        "publisher": "History and Public Policy Program Digital Archive",
        "archive_reference": (
            "Archive of the President of the Russian Federation (APRF), Fond 45, Opis 1, Delo 343"
        ),
        "source_url": "https://digitalarchive.example.org/document/111111",
        "translator": "Sergey Radchenko",
        "original_language": "Russian",
    }
    assert texts(doc) == [
        "To Comrade Mao Zedong.",
        "The Soviet government informs you of the “death” of Comrade Stalin – a heavy loss.",
        "V. Molotov",
    ]
    assert doc.versions[0].segments[0].kind == "paragraph"  # a full sentence is no heading


MEMO = """\
Digital Archive International History Declassified

June 1950

Citation
get citation
A memorandum on grain deliveries.
"Memorandum on Grain Deliveries, 'Urgent'," June 1950, Wilson Center Digital Archive, \
Central State Archive, Fond 14, Dossier 7.
share document
Albanian Transcript

Memorandum on grain deliveries

The deliveries were late.

Document Information

Source
Central State Archive, Tirana

Rights
The archive may use this document for research.
"""


def test_a_record_without_translator_and_with_document_information() -> None:
    doc = read(MEMO, "memo.txt")
    assert doc.title == "Memorandum on Grain Deliveries, 'Urgent'"
    assert "translator" not in doc.metadata
    assert doc.metadata["date"] == "June 1950"
    assert doc.metadata["date_iso"] == "1950-06"
    assert doc.metadata["summary"] == "A memorandum on grain deliveries."
    assert doc.metadata["archive_reference"] == "Central State Archive, Fond 14, Dossier 7"
    assert doc.metadata["publisher"] == "Wilson Center Digital Archive"
    assert doc.metadata["licence"] == "The archive may use this document for research."
    assert doc.versions[0].language == "sq"
    assert [(s.kind, s.text) for s in doc.versions[0].segments] == [
        ("heading", "Memorandum on grain deliveries"),
        ("paragraph", "The deliveries were late."),
    ]


def test_a_translator_with_initials_keeps_them() -> None:
    page = MEMO.replace("Dossier 7.", "Dossier 7. Translated for CWIHP by J. K. Smith.")
    assert read(page, "memo.txt").metadata["translator"] == "J. K. Smith"


def test_a_title_line_before_the_date_is_part_of_the_header() -> None:
    page = TELEGRAM.replace(
        "March 05, 1953\n\nTelegram from Molotov to Mao", "Telegram\nMarch 05, 1953"
    )
    doc = read(page, "telegram.txt")
    assert doc.metadata["date_iso"] == "1953-03-05"
    assert texts(doc)[0] == "To Comrade Mao Zedong."


def test_a_header_without_citation_line_does_not_swallow_the_text() -> None:
    page = "October 01, 1949\n\nCitation\nget citation\nA summary.\n\nFirst line of text.\n\nMore."
    doc = read(page, "short.txt")
    assert doc.format == "record"
    assert doc.metadata["summary"] == "A summary."
    assert texts(doc) == ["First line of text.", "More."]


@pytest.mark.parametrize(
    "text",
    [
        "A story.\n\nOctober 04, 1961\n\nShe said: “Hello,” and left.",
        '"Quoted," he said, "from the Digital Archive."\n\nNo date line here.',
        "Plain prose with no header at all.",
    ],
)
def test_ordinary_text_is_not_taken_for_a_record(text: str) -> None:
    assert not record.looks_like(text)
    assert read(text, "story.txt").format == "txt"
