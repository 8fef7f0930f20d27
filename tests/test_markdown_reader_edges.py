"""Markdown reader edges: footnotes, line breaks, front matter with blank lines, <sup>/<sub>.

Each is text a reader could lose or change without a word: a note's text, the space between two
lines, a poem's title and author, the difference between 1961¹ and 19611.
"""

from __future__ import annotations

import pytest

from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions


def read(source: str, language: str | None = None) -> ParsedDocument:
    options = ReadOptions(filename="notes.md", source_language=language)
    return read_file(source.encode("utf-8"), options)


def texts(doc: ParsedDocument) -> list[str]:
    return [seg.text for seg in doc.versions[0].segments]


def segments(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(seg.kind, seg.text) for seg in doc.versions[0].segments]


# --- footnotes: marks in the text, notes after it, as the DOCX reader keeps them -------------


def test_footnotes_are_marked_in_the_text_and_follow_it_under_a_notes_heading() -> None:
    doc = read("Text with note.[^1]\n\n[^1]: Ibid.\n\n[^2]: https://example.org\n")
    assert segments(doc) == [
        ("paragraph", "Text with note.[1]"),
        ("heading", "Notes"),
        ("paragraph", "[1] Ibid."),
        ("paragraph", "[2] https://example.org"),  # never referenced, but text of the file
    ]


def test_footnotes_are_numbered_in_the_order_they_are_referenced() -> None:
    doc = read(
        "First[^b] and second[^a], first again[^b].\n\n"
        "[^a]: Note A,\n    over two lines.\n\n    And a second paragraph.\n\n"
        "[^b]: Note B.\n\nAfter the notes.\n"
    )
    assert texts(doc) == [
        "First[1] and second[2], first again[1].",
        "After the notes.",
        "Notes",
        "[1] Note B.",
        "[2] Note A, over two lines. And a second paragraph.",
    ]


def test_an_inline_footnote_is_a_note_like_the_others() -> None:
    doc = read("A claim^[Source: *the archive*, 1961.] stands.\n")
    assert texts(doc) == ["A claim[1] stands.", "Notes", "[1] Source: the archive, 1961."]


def test_a_label_defined_twice_keeps_both_notes_the_first_one_referenced() -> None:
    doc = read("Text[^a].\n\n[^a]: First definition.\n\n[^a]: Second definition.\n")
    assert texts(doc) == ["Text[1].", "Notes", "[1] First definition.", "[2] Second definition."]


def test_notes_join_the_documents_own_notes_section() -> None:
    doc = read("# Report\n\nBody[^1].\n\n## Notes\n\n[^1]: The note.\n")
    assert texts(doc) == ["Report", "Body[1].", "Notes", "[1] The note."]


def test_the_notes_heading_is_in_the_documents_language() -> None:
    doc = read("Teksti[^1].\n\n[^1]: Shënimi.\n", language="sq")
    assert texts(doc) == ["Teksti[1].", "Shënime", "[1] Shënimi."]


def test_a_reference_to_no_note_stays_as_written() -> None:
    assert texts(read("Text[^9] here.\n")) == ["Text[^9] here."]


# --- line breaks: the line ends, as the HTML reader reads <br> (in a table row, a space) ---


@pytest.mark.parametrize("br", ["<br>", "<br/>", "<br />", "<BR>"])
def test_an_inline_br_ends_a_line_of_the_paragraph(br: str) -> None:
    doc = read(f"Roses are red{br}violets are blue\n\n| Poem |\n|---|\n| red{br}blue |\n")
    assert texts(doc) == ["Roses are red\nviolets are blue", "Poem", "red blue"]


@pytest.mark.parametrize("end", ["  ", "\\"], ids=["two-spaces", "backslash"])
def test_a_hard_line_break_ends_a_line_as_br_does(end: str) -> None:
    assert texts(read(f"Roses are red{end}\nviolets are blue\nsweet\n")) == [
        "Roses are red\nviolets are blue sweet"  # a soft break is a space
    ]


def test_br_reads_as_the_html_reader_reads_it() -> None:
    page = read_file(b"<p>red<br>blue</p>", ReadOptions(filename="poem.html"))
    assert texts(read("red<br>blue\n")) == texts(page)


# --- front matter: metadata whatever blank lines and comments it holds ----------------------


def test_front_matter_with_a_blank_line_is_still_metadata() -> None:
    doc = read("---\ntitle: My Poem\n\nauthor: Jane\n---\n\nFirst paragraph.\n")
    assert texts(doc) == ["First paragraph."]
    assert doc.title == "My Poem"
    assert doc.metadata == {"author": "Jane"}


def test_front_matter_may_hold_comment_lines() -> None:
    doc = read("---\ntitle: My Poem\n# a draft\n\n  # indented comment\nlang: sq\n---\nText.\n")
    assert (doc.title, doc.versions[0].language, texts(doc)) == ("My Poem", "sq", ["Text."])


@pytest.mark.parametrize(
    "source",
    [
        "---\n\nNote: read the preface first.\n\n---\n\nText.\n",  # blank after "---", as pandoc
        "---\n# Chapter one\n\n---\n\nText.\n",  # no key: value line at all
        "---\ntitle: A\n\nSome prose between breaks.\n---\n\nText.\n",  # a line not key: value
    ],
    ids=["blank-first-line", "no-keys", "prose-line"],
)
def test_thematic_breaks_around_text_are_not_front_matter(source: str) -> None:
    doc = read(source)
    assert doc.metadata == {} and doc.title != "A"
    assert texts(doc)[-1] == "Text." and len(texts(doc)) > 1


# --- <sup> and <sub>: Unicode's raised characters, or kept apart ----------------------------


def test_sup_and_sub_become_unicode_superscripts_and_subscripts() -> None:
    doc = read("In 1961<sup>1</sup> the H<sub>2</sub>O of the 1<SUP>er</SUP> mai.\n")
    assert texts(doc) == ["In 1961¹ the H₂O of the 1ᵉʳ mai."]


def test_sup_that_unicode_cannot_raise_is_kept_in_brackets_not_run_into_the_number() -> None:
    doc = read("In 1961<sup>1,2</sup> and x<sub>кр</sub>, page 5<sup class='n'>*a*</sup>.\n")
    assert texts(doc) == ["In 1961[1,2] and x[кр], page 5ᵃ."]


def test_an_unclosed_sup_keeps_its_text() -> None:
    assert texts(read("Footnote<sup>12 and the rest.\n")) == ["Footnote12 and the rest."]
