"""What stands between two sentences of a paragraph, through a sentence-level TMX or XLIFF.

A sentence-level file holds each sentence apart; our readers join a paragraph link's units
back into its paragraphs. Between two sentences of one paragraph there is not always one
space: the lines of a poem are separated by a line break, Japanese and Chinese sentences by
nothing. Our TMX says so where it is not a space (`<prop type="x-space-before">` with a JSON
string, `"\\n"` or `""`), our XLIFF puts it in the `<ignorable>` between the segments (as
XLIFF 2 means it), and the paragraphs read back as they were, with their sentence links.
Other tools read the same units with the sentences' texts alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_formats_exchange import read, texts, tmx
from tests.test_formats_roundtrip import import_units
from tests.test_roundtrip_blank_lines import revise
from tests.test_roundtrip_blank_lines import snapshot as paragraph_snapshot
from workbench import editions, export, review, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

POEM = "Shoku im i vjetër.\nMik i rinisë sime.  Eja!"
VERSE = "My old comrade.\nFriend of my youth. Come!"
JAPANESE = "これは文です。それも文です。"
ENGLISH = "This is a sentence. So is this."


def tu(**texts: str) -> str:
    """A unit whose segments keep their white space."""
    tuvs = "".join(
        f'<tuv xml:lang="{lang}"><seg xml:space="preserve">{text}</seg></tuv>'
        for lang, text in texts.items()
    )
    return f"<tu>{tuvs}</tu>"


def confirm_and_publish(store: Store, alignment: int) -> None:
    for level in ("paragraph", "sentence"):
        links = [link.id for link in store.links(alignment, level)]
        review.set_status(store, alignment, links, user="eva", status="confirmed")
    editions.publish(store, alignment, user="eva")


@pytest.fixture
def verse(store: Store) -> int:
    """A published alignment whose paragraphs' sentences are lines of verse; its id."""
    alignment = import_units(
        store, tmx(tu(sq="Hyrje.", en="Opening."), tu(sq="Fund.", en="End."), srclang="sq")
    )
    versions = store.alignment(alignment)
    revise(store, store.segments(versions["source_version_id"])[0]["id"], POEM)
    revise(store, store.segments(versions["target_version_id"])[0]["id"], VERSE)
    confirm_and_publish(store, alignment)
    return alignment


@pytest.fixture
def japanese(store: Store) -> int:
    """A published alignment of a Japanese paragraph of two sentences; its id."""
    alignment = import_units(
        store, tmx(tu(ja=JAPANESE, en=ENGLISH), tu(ja="終わり。", en="The end."), srclang="ja")
    )
    confirm_and_publish(store, alignment)
    return alignment


def snapshot(store: Store, alignment_id: int) -> dict[str, Any]:
    """Paragraphs, paragraph links and sentence links with their statuses."""
    sentence_links = [
        (link.src, link.tgt, link.status) for link in store.links(alignment_id, "sentence")
    ]
    return {**paragraph_snapshot(store, alignment_id), "sentence links": sentence_links}


def exported(
    store: Store, alignment_id: int, fmt: str, edition: int | None, level: str = "sentence"
) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, edition=edition, options=ExportOptions(level=level))
    return b"".join(export.exporter(fmt).write(data))


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename"), [("tmx", "s.tmx"), ("xliff", "s.xlf")])
@pytest.mark.parametrize("text", ["verse", "japanese"])
def test_sentences_join_back_with_the_white_space_between_them(
    request: pytest.FixtureRequest,
    store: Store,
    text: str,
    fmt: str,
    filename: str,
    edition: int | None,
) -> None:
    alignment = request.getfixturevalue(text)
    before = snapshot(store, alignment)
    assert POEM in before["source"] or JAPANESE in before["source"]
    assert len(before["sentence links"]) > len(before["links"])
    result = services.import_file(
        store, exported(store, alignment, fmt, edition), filename=filename, user="cli"
    )
    assert result.alignment is not None
    assert snapshot(store, result.alignment) == before


def test_the_tmx_says_what_is_not_one_space_and_other_tools_read_the_sentences(
    store: Store, verse: int, japanese: int
) -> None:
    from translate.storage.tmx import tmxfile

    verse_file = exported(store, verse, "tmx", None).decode()
    assert verse_file.count('<prop type="x-space-before">"\\n"</prop>') == 2  # sq and en
    assert 'x-space-before">" "' not in verse_file  # a plain space goes without saying
    japanese_file = exported(store, japanese, "tmx", None).decode()
    assert japanese_file.count('<prop type="x-space-before">""</prop>') == 1  # ja only
    units = tmxfile.parsestring(verse_file.encode()).units
    assert [(unit.source, unit.target) for unit in units] == [
        ("Shoku im i vjetër.", "My old comrade."),
        ("Mik i rinisë sime.", "Friend of my youth."),
        ("Eja!", "Come!"),
        ("Fund.", "End."),
    ]


def test_the_xliff_unit_is_its_paragraph_with_the_white_space_in_its_ignorables(
    store: Store, verse: int
) -> None:
    """XLIFF 2: a unit's text is its segments' and ignorables' in order."""
    from lxml import etree

    root = etree.fromstring(exported(store, verse, "xliff", None))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    first = root.find(".//x:unit", ns)
    for side, text in (("source", POEM), ("target", VERSE)):
        pieces = first.xpath(f"(x:segment|x:ignorable)/x:{side}", namespaces=ns)
        assert "".join(piece.text or "" for piece in pieces) == text
    ignorables = first.xpath("x:ignorable/x:source/text()", namespaces=ns)
    assert ignorables == ["\n", "  "]


def test_a_sentence_level_table_keeps_the_line_break_inside_a_sentence_link(
    store: Store, verse: int
) -> None:
    """A sentence link of two lines (a reviewer merged them) shows both, a line apart."""
    first = store.links(verse, "sentence")[0]
    review.merge(store, verse, first.id, "next", user="ana")
    document = store.alignment(verse)["document_id"]
    data = export.build(store, document, options=ExportOptions(level="sentence"))
    link = next(iter(data.links()))
    assert (link.source, link.target) == (
        "Shoku im i vjetër.\nMik i rinisë sime.",
        "My old comrade.\nFriend of my youth.",
    )


def test_our_older_files_and_others_join_japanese_sentences_without_a_space() -> None:
    """A sentence-level TMX of ours from before x-space-before: a space between English
    sentences, none between Japanese ones."""

    def unit(ja: str, en: str, starts: bool = False) -> str:
        begins = '<prop type="x-starts-paragraph">yes</prop>' if starts else ""
        return (
            '<tu><prop type="x-paragraph">1</prop>'
            f'<tuv xml:lang="ja">{begins}<seg>{ja}</seg></tuv>'
            f'<tuv xml:lang="en">{begins}<seg>{en}</seg></tuv></tu>'
        )

    doc = read(
        tmx(
            unit("これは文です。", "This is one."),
            unit("それも文です。", "So is this."),
            srclang="ja",
        ),
        "older.tmx",
    )
    assert texts(doc, 0) == [JAPANESE]
    assert texts(doc, 1) == ["This is one. So is this."]
