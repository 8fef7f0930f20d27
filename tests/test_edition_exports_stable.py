"""An edition's exports are the edition's text forever, whatever is revised after it.

An edition keeps, at publication, its links and the segments they hold (texts, kinds, where
each sentence lies in its paragraph: `edition_segments`) and how long each text was
(`edition_state`), so that a sentence-level TMX or XLIFF still gives its paragraphs and
paragraph links back, a heading stays a heading, a note stays on the sentence it was on and a
gap marker counts the sentences it counted, after any revision. An edition published before
those were kept (m015) is exported from today's segments where they still hold its text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from sqlite_utils import Database

from tests.conftest import import_pair
from workbench import aligning, editions, export, flags, review, revisions, services
from workbench.exports.base import ExportOptions
from workbench.migrations import migrations
from workbench.store import Store

XLIFF = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
SOURCE = [
    "Titulli.",
    "Fjalia e parë. Fjalia e dytë.",
    "Paragrafi i tretë. Me dy fjali.",
    "I katërti.",
]
TARGET = [
    "The title.",
    "First sentence. Second sentence.",
    "Third paragraph. With two sentences.",
    "The fourth.",
]
#: Every format an edition is exported to but PDF, DOCX and EPUB (made from the same links).
FORMATS = ["tmx", "xliff", "csv", "tsv", "json", "tei", "html"]


def approve_text(store: Store, alignment: int, position: int, text: str, side="target") -> None:
    """`text` for a paragraph of a side, proposed by a translator and approved by an editor."""
    version = store.alignment(alignment)[f"{side}_version_id"]
    paragraph = store.segment_at(version, "paragraph", position)
    proposed = revisions.propose(
        store, paragraph["id"], text, base_revision=paragraph["revision"], user="tom"
    )
    revisions.approve(store, proposed, user="eva")


def out(store: Store, fmt: str, level: str = "paragraph", edition: int = 1, **options) -> bytes:
    """Edition `edition` of document 1 in a format, made at a fixed time (an export says when
    it was made: that alone may differ between two exports of one edition)."""
    data = export.build(store, 1, edition=edition, options=ExportOptions(level=level, **options))
    data.generated_at = "2000-01-01T00:00:00Z"
    return b"".join(export.exporter(fmt).write(data))


def confirm_all(store: Store, alignment: int, paragraphs: int | None = None) -> None:
    """Confirm the first `paragraphs` paragraph links (every one by default) and the sentence
    links inside them."""
    links = store.links(alignment)[:paragraphs]
    review.set_status(store, alignment, [link.id for link in links], user="rev")
    versions = store.alignment(alignment)
    inside = store.links_within(
        alignment,
        "sentence",
        store.sentence_range(versions["source_version_id"], 0, links[-1].src_end),
        store.sentence_range(versions["target_version_id"], 0, links[-1].tgt_end),
    )
    review.set_status(store, alignment, [link.id for link in inside], user="rev")


def markdown_pair(store: Store, source: list[str], target: list[str]) -> int:
    """A document of two Markdown texts (paragraphs; "# " makes a heading) sq -> en, aligned;
    the alignment id."""
    document = services.import_file(
        store, "\n\n".join(source).encode(), filename="s.md", language="sq", user=None
    ).document
    services.import_file(
        store,
        "\n\n".join(target).encode(),
        filename="t.md",
        document_id=document,
        language="en",
        role="translation",
        user=None,
    )
    return aligning.align_versions(store, document)


@pytest.fixture
def four(store: Store) -> int:
    """Four paragraphs a side, every link confirmed, published as edition 1; the alignment."""
    alignment = import_pair(store, SOURCE, TARGET)
    confirm_all(store, alignment)
    editions.publish(store, alignment, user="ed")
    return alignment


@pytest.fixture
def headed(store: Store) -> int:
    """A Markdown chapter (a heading, a paragraph) and its translation, confirmed and
    published as edition 1; the alignment."""
    alignment = markdown_pair(
        store, ["# Kreu i parë", "Fjalia e parë."], ["# Chapter one", "First sentence."]
    )
    confirm_all(store, alignment)
    editions.publish(store, alignment, user="ed")
    return alignment


def units(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall(".//x:unit", XLIFF)


def reimported_paragraphs(store: Store, data: bytes, filename: str) -> list[list[str]]:
    """The paragraphs of each side of a new document imported from an exported file."""
    result = services.import_file(store, data, filename=filename, user="cli")
    alignment = store.alignment(result.alignment)
    return [
        [s["text"] for s in store.segments(alignment[f"{side}_version_id"])]
        for side in ("source", "target")
    ]


# --- sentence level: the edition's paragraphs ------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sentence_level_export_of_an_edition_never_changes(
    store: Store, four: int, fmt: str
) -> None:
    """A revision since adds a sentence to the translation's second paragraph (every later
    target sentence moves by one) and another takes one from the source's third: the
    edition's export is the same, byte for byte."""
    before = out(store, fmt, "sentence")
    approve_text(store, four, 1, "First sentence changed. A new one. Second sentence.")
    approve_text(store, four, 2, "Paragrafi i tretë me një fjali.", side="source")
    assert out(store, fmt, "sentence") == before


def test_a_sentence_level_xliff_of_an_edition_keeps_its_paragraph_units(
    store: Store, four: int
) -> None:
    """One <unit> per paragraph link, with its status and reviewer, and an import of the file
    gives the edition's paragraphs back: the third, which nobody revised, is one paragraph
    of two sentences still."""
    approve_text(store, four, 1, "First sentence changed. A new one. Second sentence.")
    data = out(store, "xliff", "sentence")
    found = units(data)
    assert len(found) == 4
    assert [len(unit.findall("x:segment", XLIFF)) for unit in found] == [1, 2, 2, 1]
    for unit in found:
        meta = {m.get("type"): m.text for m in unit.iter("{*}meta")}
        assert (meta["paragraph-status"], meta["paragraph-reviewer"]) == ("confirmed", "rev")
    assert reimported_paragraphs(store, data, "edition-1.xlf") == [SOURCE, TARGET]


def test_a_sentence_level_tmx_of_an_edition_names_each_units_paragraph_link(
    store: Store, four: int
) -> None:
    approve_text(store, four, 1, "First sentence changed. A new one. Second sentence.")
    data = out(store, "tmx", "sentence")
    props = [
        (
            tu.findtext("prop[@type='x-paragraph']"),
            tu.findtext("prop[@type='x-paragraph-status']"),
            tu.findtext("prop[@type='x-paragraph-reviewer']"),
        )
        for tu in etree.fromstring(data).iter("tu")
    ]
    assert props == [(str(n), "confirmed", "rev") for n in (1, 2, 2, 3, 3, 4)]
    assert reimported_paragraphs(store, data, "edition-1.tmx") == [SOURCE, TARGET]


def test_a_note_on_a_sentence_of_an_edition_stays_on_that_sentence(
    store: Store,
) -> None:
    """Flags raised before publication on words of the third paragraph's second sentence and
    on the third paragraph link as a whole: after a revision has moved every later sentence,
    the edition's notes are still on "With two sentences." and on "Third paragraph."."""
    alignment = import_pair(store, SOURCE, TARGET)
    confirm_all(store, alignment)
    third = store.links(alignment)[2].id
    for side, quote in (("target", "With two"), (None, None)):
        flags.raise_flag(
            store,
            alignment,
            category="terminology",
            severity="minor",
            link_id=third,
            side=side,
            quote=quote,
            comment=f"on {quote or 'the link'}",
            user="rita",
        )
    editions.publish(store, alignment, user="ed")

    def notes() -> list[tuple[str, list[str]]]:
        found = json.loads(out(store, "json", "sentence", flags=True))
        return [
            (link["target"], [note["comments"][0] for note in link["notes"]])
            for link in found["links"]
            if link.get("notes")
        ]

    expected = [
        ("Third paragraph.", ["on the link"]),
        ("With two sentences.", ["on With two"]),
    ]
    assert notes() == expected
    approve_text(store, alignment, 1, "First sentence changed. A new one. Second sentence.")
    approve_text(store, alignment, 2, "Paragrafi. I tretë. Me tri fjali.", side="source")
    assert notes() == expected


def test_a_gap_marker_of_an_edition_counts_the_sentences_it_left_out_then(
    store: Store,
) -> None:
    """The edition leaves the fourth paragraph out (one sentence a side, the sixth): revised
    since into three sentences, it is still "sentence 6" the edition's reader leaves out."""
    alignment = import_pair(store, SOURCE, TARGET)
    confirm_all(store, alignment, paragraphs=3)
    editions.publish(store, alignment, user="ed")
    before = out(store, "html", "sentence")
    assert "sentence 6 is not in this edition" in before.decode()
    approve_text(store, alignment, 3, "The fourth. In three. Sentences.")
    approve_text(store, alignment, 3, "I katërti. Me tri. Fjali.", side="source")
    assert out(store, "html", "sentence") == before


# --- headings --------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize(
    ("fmt", "heading"),
    [("xliff", b'type="workbench:heading"'), ("tmx", b'<prop type="x-kind">heading</prop>')],
)
def test_a_heading_of_an_edition_stays_a_heading_once_revised(
    store: Store, headed: int, fmt: str, heading: bytes, level: str
) -> None:
    before = out(store, fmt, level)
    assert heading in before
    approve_text(store, headed, 0, "Chapter One")
    assert out(store, fmt, level) == before


# --- editions published before m015 ----------------------------------------------------------


def published_before_m015(store: Store, path: Path) -> Store:
    """A database at `path` as the workbench before m015 held what `store` holds (its
    editions without their segments or state), opened (so migrated) by the workbench now."""
    old = Database(path)
    migrations.apply(old, stop_before="m015_edition_segments")
    old.execute("attach database ? as new", [str(store.path)])
    for table in old.table_names():
        if table == "_sqlite_migrations" or table.startswith("segments_fts"):
            continue
        columns = ", ".join(f'"{column}"' for column in old[table].columns_dict)
        old.execute(f"insert into main.{table} ({columns}) select {columns} from new.{table}")
    old.conn.commit()
    old.execute("detach database new")
    old.close()
    return Store(path)


def test_an_edition_published_before_m015_is_exported_from_todays_segments(
    store: Store, tmp_path: Path
) -> None:
    """It kept no segments: unrevised, its exports are what an edition that kept them gives;
    after a revision has moved sentences, a sentence link whose sentences no longer hold its
    text is a unit of its own again (the limit the README states for such editions); its
    headings, read by the paragraph's position, stay headings at paragraph level."""
    alignment = markdown_pair(store, ["# Titulli", *SOURCE[1:]], ["# The title", *TARGET[1:]])
    confirm_all(store, alignment)
    flags.raise_flag(
        store,
        alignment,
        category="style",
        severity="minor",
        link_id=store.links(alignment)[2].id,
        side="target",
        quote="With two",
        comment="raised before publication",
        user="rita",
    )
    editions.publish(store, alignment, user="ed")
    old = published_before_m015(store, tmp_path / "old.db")
    assert old.edition_state(1) is None and store.edition_state(1) is not None
    for fmt in ("tmx", "xliff", "json"):
        for level in ("paragraph", "sentence"):
            assert out(old, fmt, level, flags=True) == out(store, fmt, level, flags=True)
    assert b"raised before publication" in out(old, "json", "sentence", flags=True)
    approve_text(old, alignment, 1, "First sentence. Second sentence. A third one.")
    approve_text(old, alignment, 0, "The Title")
    paragraphs = [
        tu.findtext("prop[@type='x-paragraph']")
        for tu in etree.fromstring(out(old, "tmx", "sentence")).iter("tu")
    ]
    assert paragraphs == [None, "2", "2", None, None, None]
    assert b'type="workbench:heading"' in out(old, "xliff")
