"""A file is read completely or refused: parser limits never drop text without a word.

Markdown and HTML parsers stop at limits of their own (nesting depth, text node size) and
recover by returning what they built so far; a plain-text file can be mistaken for an archive
record page. Each case here states the rule: every word of the input reaches the stored text, or
the import fails with one clear error and stores nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import snapshot
from workbench.errors import InputError
from workbench.formats import read_file, record
from workbench.model import ParsedDocument, ReadOptions
from workbench.store import Store

RECORD = Path(__file__).parents[1] / "translations" / "record-1961-10-04.en.txt"


def read(data: bytes | str, filename: str, format: str | None = None) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename), format)


def texts(doc: ParsedDocument) -> list[str]:
    return [seg.text for seg in doc.versions[0].segments]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def stored_words(doc: ParsedDocument) -> list[str]:
    return words(" ".join(texts(doc)))


def nested_list(depth: int) -> str:
    items = "".join("  " * i + f"- item {i}\n" for i in range(depth))
    return f"Intro.\n\n{items}\nAfter one.\n\n# Heading after\n\nAfter three.\n"


def nested_quote(depth: int) -> str:
    return "Intro.\n\n" + "> " * depth + "Deep quote text.\n\nOutro.\n"


def nested_divs(depth: int) -> str:
    return (
        "<html><body><p>Before text.</p>"
        + "<div>" * depth
        + "Deep text."
        + "</div>" * depth
        + "<p>After text.</p></body></html>"
    )


# --- Markdown: nesting ----------------------------------------------------------------------


def test_a_list_nested_twelve_deep_keeps_every_item_and_all_that_follows() -> None:
    source = nested_list(12)
    doc = read(source, "list12.md")
    assert texts(doc) == [
        "Intro.",
        *(f"item {i}" for i in range(12)),
        "After one.",
        "Heading after",
        "After three.",
    ]
    assert doc.versions[0].segments[-2].kind == "heading"
    assert stored_words(doc) == words(source)


def test_a_quote_nested_twenty_deep_keeps_its_text() -> None:
    source = nested_quote(20)
    assert texts(read(source, "quote.md")) == ["Intro.", "Deep quote text.", "Outro."]


@pytest.mark.parametrize(
    ("source", "filename"),
    [(nested_list(100), "list100.md"), (nested_quote(201), "quote201.md")],
    ids=["list-100-deep", "quote-201-deep"],
)
def test_nesting_up_to_the_limit_is_read_word_for_word(source: str, filename: str) -> None:
    assert stored_words(read(source, filename)) == words(source)


@pytest.mark.parametrize(
    "source",
    [nested_list(101), nested_quote(202), nested_quote(20_000), "- > " * 150 + "deep\n"],
    ids=["list-101-deep", "quote-202-deep", "quote-20000-deep", "lists-in-quotes"],
)
def test_nesting_beyond_the_limit_is_refused_not_cut_short(source: str) -> None:
    with pytest.raises(
        InputError,
        match=r"^deep\.md nests lists or quotes too deeply \(more than 100 levels\) to be read"
        r" completely; .*--format txt$",
    ):
        read(source, "deep.md")


def test_deeply_nested_inline_markup_keeps_its_words() -> None:
    source = "Start.\n\n" + "[" * 500 + "x" + "]" * 500 + " and " + "*" * 300 + "em" + "*" * 300
    source += "\n\n" + "[a " * 300 + "y" + "](u)" * 300 + "\n\nEnd.\n"
    doc = read(source, "inline.md")
    assert set(words(source)) - {"u"} <= set(stored_words(doc))  # a link's target is no text
    assert texts(doc)[0] == "Start." and texts(doc)[-1] == "End."


def test_raw_html_nested_too_deeply_inside_markdown_is_refused() -> None:
    source = "Intro.\n\n" + "<div>" * 3000 + "Deep." + "</div>" * 3000 + "\n\nOutro.\n"
    with pytest.raises(InputError, match=r"^page\.md is nested too deeply \(more than \d+ levels"):
        read(source, "page.md")


# --- HTML: nesting, end tags, huge text -----------------------------------------------------


@pytest.mark.parametrize("depth", [300, 2000])
def test_html_nested_hundreds_of_levels_deep_keeps_all_its_text(depth: int) -> None:
    doc = read(nested_divs(depth), "deep.html")
    assert texts(doc) == ["Before text.", "Deep text.", "After text."]


def test_html_nested_deeper_than_the_parser_reads_is_refused_with_the_reason() -> None:
    with pytest.raises(
        InputError,
        match=r"^deep\.html is nested too deeply \(more than \d+ levels of elements\) to be read"
        r" completely",
    ):
        read(nested_divs(200_000), "deep.html")


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>Inside.</p></body></html>\n<p>After the end tag.</p>",
        "<html><body><p>Inside.</p></body>\n<p>After the end tag.</p></html>",
        "<p>Inside.</p></html>After the end tag.",
    ],
    ids=["after-html", "after-body", "bare-text-after-html"],
)
def test_html_text_after_the_closing_body_or_html_tag_is_kept(page: str) -> None:
    assert texts(read(page, "page.html")) == ["Inside.", "After the end tag."]


def test_html_text_node_larger_than_the_parsers_default_limit_is_kept() -> None:
    long = "word " * 2_200_000  # 11 MB in one text node: libxml2 stops at 10 MB by default
    doc = read(f"<html><body><p>{long}</p><p>After.</p></body></html>", "long.html")
    assert texts(doc)[1:] == ["After."]
    assert len(texts(doc)[0]) == len(long.strip())


# --- HTML: declared encodings ---------------------------------------------------------------

CAFE = "<html><head><meta charset={charset}></head><body><p>Café “au lait”.</p></body></html>"


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", '"utf-16be"', "unicodeFFFE"])
def test_a_meta_charset_of_utf16_in_a_page_without_bom_is_not_decoded_as_utf16(
    charset: str,
) -> None:
    page = CAFE.format(charset=charset)
    # Windows-1252 bytes: not UTF-8, so the declaration is consulted, and per WHATWG it means
    # UTF-8 (bytes we could read it from are not UTF-16); the Windows-1252 fallback follows.
    assert texts(read(page.encode("cp1252"), "cafe.html")) == ["Café “au lait”."]
    assert texts(read(page.encode("utf-8"), "cafe.html")) == ["Café “au lait”."]


def test_a_page_really_in_utf16_with_a_bom_is_still_read() -> None:
    page = CAFE.format(charset="utf-16")
    assert texts(read(page.encode("utf-16"), "cafe.html")) == ["Café “au lait”."]


@pytest.mark.parametrize("charset", ["iso-8859-1", "latin1", "us-ascii", "x-user-defined"])
def test_latin1_and_ascii_declarations_mean_windows_1252_and_keep_curly_quotes(
    charset: str,
) -> None:
    page = CAFE.format(charset=charset)
    assert texts(read(page.encode("cp1252"), "cafe.html")) == ["Café “au lait”."]


# --- plain text and archive record pages ----------------------------------------------------

DIARY = (
    "My diary\n\nMay 2020\n\n"
    '"Welcome," said the keeper of the city archive, smiling.\n\n'
    "We walked in together.\n\nIt was cold.\n"
)


def test_a_diary_with_a_date_and_a_quotation_is_plain_text_not_a_record() -> None:
    assert not record.looks_like(DIARY)
    doc = read(DIARY, "diary.txt")
    assert doc.format == "txt"
    assert doc.title is None
    assert texts(doc) == [
        "My diary",
        "May 2020",
        '"Welcome," said the keeper of the city archive, smiling.',
        "We walked in together.",
        "It was cold.",
    ]


def test_the_record_reader_asked_for_explicitly_still_keeps_every_word() -> None:
    doc = read(DIARY, "diary.txt", format="record")
    assert set(words(DIARY)) <= set(stored_words(doc))


@pytest.mark.parametrize(
    "text",
    [
        "Essay\n\nMarch 1961\n\nCitation\n\nHow to cite sources in a paper.",
        'June 1950\n\n"Archive," she wrote, "is a word I love."\n\nThe end.',
        "Notes\n\nCitation\nget citation\n\nThe date was October 04, 1961, as agreed.",
    ],
    ids=["one-marker", "quotation-about-an-archive", "no-date-line"],
)
def test_a_date_with_a_lone_marker_or_quotation_is_not_a_record(text: str) -> None:
    assert not record.looks_like(text)
    assert read(text, "notes.txt").format == "txt"


MEMO = """\
Digital Archive International History Declassified

June 1950

Citation
get citation
A memorandum on grain deliveries.
"Memorandum on Grain Deliveries," June 1950, Wilson Center Digital Archive, \
Central State Archive, Fond 14, Dossier 7.
share document
Albanian Transcript

Memorandum on grain deliveries

{body}

Document Information

Source
Central State Archive, Tirana
"""


@pytest.mark.parametrize("date", ["June 1950", "Jun. 3, 1950", "1950", "c. 1950", "undated"])
def test_a_citation_is_a_quoted_title_then_its_date_then_the_archive(date: str) -> None:
    page = MEMO.replace('," June 1950,', f'," {date},').replace("Citation\nget citation\n", "")
    assert record.looks_like(page)
    doc = read(page.format(body="Text."), "memo.txt")
    assert doc.format == "record"
    assert doc.metadata["archive_reference"] == "Central State Archive, Fond 14, Dossier 7"


@pytest.mark.parametrize(
    "heading", ["Source", "Languages", "Rights", "Related Documents", "Document Information"]
)
def test_a_record_body_heading_named_like_a_trailer_heading_does_not_end_the_text(
    heading: str,
) -> None:
    prose = "The grain came from the south and was counted twice by the officials. " * 8
    page = MEMO.format(body=f"The deliveries were late.\n\n{heading}\n\n{prose}\n\nLast line.")
    doc = read(page, "memo.txt")
    assert doc.format == "record"
    assert texts(doc) == [
        "Memorandum on grain deliveries",
        "The deliveries were late.",
        heading,
        prose.strip(),
        "Last line.",
    ]  # and the page's own trailer after it is still left out


def test_a_furniture_word_inside_the_record_text_is_text() -> None:
    body = "The deliveries were late.\n\nPrint\n\nThe order was given to print the lists."
    assert texts(read(MEMO.format(body=body), "memo.txt"))[1:] == [
        "The deliveries were late.",
        "Print",
        "The order was given to print the lists.",
    ]


def test_a_title_line_that_is_not_the_citations_title_stays_in_the_text() -> None:
    page = MEMO.replace(
        "June 1950\n\nCitation", "June 1950\n\nA page heading of its own\n\nCitation"
    )
    doc = read(page.format(body="Text."), "memo.txt")
    assert doc.title == "Memorandum on Grain Deliveries"
    assert texts(doc)[0] == "A page heading of its own"


def test_the_real_record_page_keeps_every_word_of_its_text() -> None:
    page = RECORD.read_text(encoding="utf-8")
    body = page[page.index("English HTML") + len("English HTML") :]
    assert stored_words(read(page, RECORD.name)) == words(body)


# --- through the CLI: one line, exit code 2, nothing stored ---------------------------------


def import_file(cli, path: Path, *options: str):
    return cli("import", path, "--lang", "en", "--role", "source", *options)


def test_cli_stores_every_word_of_a_deeply_nested_markdown_list(cli, tmp_path, db_path) -> None:
    path = tmp_path / "list12.md"
    path.write_text(nested_list(12), encoding="utf-8")
    assert cli("init").exit_code == 0
    result = import_file(cli, path, "--json")
    assert result.exit_code == 0, result.output
    version = json.loads(result.stdout)["version"]
    store = Store(db_path)
    try:
        stored = " ".join(row["text"] for row in store.segments(version))
    finally:
        store.close()
    assert words(stored) == words(nested_list(12))


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("deep.md", nested_quote(300), "deep.md nests lists or quotes too deeply"),
        ("deep.html", nested_divs(200_000), "deep.html is nested too deeply"),
    ],
    ids=["markdown", "html"],
)
def test_cli_refuses_what_it_cannot_read_completely_in_one_line(
    cli, tmp_path, db_path, filename: str, content: str, message: str
) -> None:
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    assert cli("init").exit_code == 0
    before = snapshot(db_path)
    result = import_file(cli, path)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(db_path) == before


def test_web_upload_of_html_nested_too_deeply_is_a_400_and_stores_nothing(
    client, as_role, db_path
) -> None:
    import io

    token = as_role("translator")
    before = snapshot(db_path)
    response = client.post(
        "/documents/upload",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(nested_divs(200_000).encode()), "deep.html"),
            "lang": "en",
            "role": "source",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "deep.html is nested too deeply" in response.get_data(as_text=True)
    assert snapshot(db_path) == before
