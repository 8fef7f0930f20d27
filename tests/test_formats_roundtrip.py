"""Our TMX and XLIFF exports read back by our own import: the same document comes back.

Export a document, import the file as a new document, and compare: the paragraphs of both
versions, the links between them (n-m links included), their statuses and reviewers, and the
title. Also what a user sees at the command line: a PO file turned into XLIFF by
translate-toolkit, imported and published, publishes only what its translator finished.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_formats_exchange import PO, po2xliff, tmx, tu
from workbench import editions, export, flags, review, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

FORMATS = [("tmx", "round.tmx"), ("xliff", "round.xlf")]


def import_units(store: Store, data: str, title: str = "Deklarata — Декларация") -> int:
    """A document from a TMX of 1-1, 1-0 and 0-1 units; its alignment id."""
    result = services.import_file(
        store, data.encode(), filename="units.tmx", title=title, user="rita"
    )
    assert result.alignment is not None
    return result.alignment


@pytest.fixture
def n_to_m(store: Store) -> int:
    """An alignment with a 1-2 and a 2-1 link (merged by a translator), a confirmed 1-1 link,
    and paragraphs with their own inner spaces; the alignment id."""
    alignment = import_units(
        store,
        tmx(
            tu(sq="Një.", en="One."),
            tu(sq="Dy.", en="Two."),
            tu(en="Two,  continued."),
            tu(sq="Tre  a.", en="Three."),
            tu(sq="Tre b."),
            tu(sq="Katër.", en="Four."),
            srclang="sq",
        ),
    )
    links = store.links(alignment)
    review.merge(store, alignment, links[1].id, "next", user="ana")
    review.merge(store, alignment, store.links(alignment)[2].id, "next", user="ana")
    review.set_status(store, alignment, [store.links(alignment)[0].id], user="eva", status="auto")
    return alignment


def snapshot(store: Store, alignment_id: int) -> dict:
    """What a round trip must keep: both versions' paragraphs, each link's positions, status
    and reviewer, and the document's title."""
    alignment = store.alignment(alignment_id)
    document = store.document(alignment["document_id"])
    return {
        "title": document["title"],
        "source": [s["text"] for s in store.segments(alignment["source_version_id"])],
        "target": [s["text"] for s in store.segments(alignment["target_version_id"])],
        "links": [
            (link.src, link.tgt, link.status, link.set_by) for link in store.links(alignment_id)
        ],
    }


def exported(store: Store, alignment_id: int, fmt: str, **options) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def reimported(store: Store, data: bytes, filename: str) -> int:
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    return result.alignment


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_n_m_links_come_back_as_the_same_paragraphs_and_links(
    store: Store, n_to_m: int, fmt: str, filename: str
) -> None:
    before = snapshot(store, n_to_m)
    assert [(src, tgt) for src, tgt, *_ in before["links"]] == [
        ([0], [0]),
        ([1], [1, 2]),
        ([2, 3], [3]),
        ([4], [4]),
    ]
    after = snapshot(store, reimported(store, exported(store, n_to_m, fmt), filename))
    if fmt == "tmx":  # TMX says nothing of spaces: inside a paragraph they are layout
        before["source"][2] = "Tre a."
        before["target"][2] = "Two, continued."
    assert after == before


def test_a_long_text_keeps_its_paragraph_count(store: Store) -> None:
    """The tester's case: a 92-paragraph translation came back as 90 paragraphs, because the
    paragraphs of its two 1-2 links were read as one."""
    units = [tu(sq=f"Paragrafi {n}.", en=f"Paragraph {n}.") for n in range(90)]
    units[50:50] = [tu(en="Paragraph 49, continued.")]
    units[10:10] = [tu(en="Paragraph 9, continued.")]
    alignment = import_units(store, tmx(*units, srclang="sq"))
    for index in (10, 50):  # the 0-1 links, merged into the link before them
        review.merge(store, alignment, store.links(alignment)[index].id, "previous", user="ana")
    before = snapshot(store, alignment)
    assert (len(before["source"]), len(before["target"]), len(before["links"])) == (90, 92, 90)
    for fmt, filename in FORMATS:
        after = snapshot(store, reimported(store, exported(store, alignment, fmt), filename))
        assert after == before, fmt


def test_an_edition_reads_back_with_its_links_confirmed_by_their_reviewers(
    store: Store, n_to_m: int
) -> None:
    links = store.links(n_to_m)
    review.set_status(store, n_to_m, [link.id for link in links], user="eva")
    number = store.edition(editions.publish(store, n_to_m, user="eva"))["number"]
    document = store.alignment(n_to_m)["document_id"]
    data = export.build(store, document, edition=number, options=ExportOptions())
    xliff = b"".join(export.exporter("xliff").write(data))
    assert xliff.count(b'state="final"') == 4
    after = snapshot(store, reimported(store, xliff, "edition.xlf"))
    assert after == snapshot(store, n_to_m)


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_flags_written_as_notes_come_back_as_flags_never_as_text(
    store: Store, n_to_m: int, fmt: str, filename: str
) -> None:
    """A note our export wrote from a flag is read back as that flag, on the same link, with
    its category, severity and comment (it was ignored before): the texts and links read
    back as they were, the note's words in no paragraph."""
    link = store.links(n_to_m)[1]
    flags.raise_flag(
        store,
        n_to_m,
        category="accuracy/mistranslation",
        severity="major",
        link_id=link.id,
        comment="a note that is not text",
        user="rita",
    )
    data = exported(store, n_to_m, fmt, flags=True)
    assert b"a note that is not text" in data
    after = reimported(store, data, filename)
    assert snapshot(store, after)["links"] == snapshot(store, n_to_m)["links"]
    document = store.alignment(after)["document_id"]
    texts = json.dumps(snapshot(store, after), ensure_ascii=False)
    assert "a note that is not text" not in texts
    [flag] = store.flags(alignment_id=after)
    assert (flag["category"], flag["severity"], flag["status"]) == (
        "accuracy/mistranslation",
        "major",
        "open",
    )
    assert (flag["src_start"], flag["src_end"], flag["tgt_start"], flag["tgt_end"]) == (
        link.src_start,
        link.src_end,
        link.tgt_start,
        link.tgt_end,
    )
    thread = store.flag_comments([flag["id"]])[flag["id"]]
    assert [c["body"] for c in thread] == ["a note that is not text"]
    assert store.document(document)["title"] == "Deklarata — Декларация"


# --- at the command line ------------------------------------------------------------------


def test_publishing_a_po2xliff_file_leaves_out_fuzzy_and_untranslated_entries(
    cli: Cli, tmp_path: Path
) -> None:
    job = tmp_path / "t.xlf"
    job.write_bytes(po2xliff(PO))
    assert cli("init").exit_code == 0
    imported = cli("import", job, "--json")
    assert imported.exit_code == 0, imported.output
    document = json.loads(imported.stdout)["document"]
    published = cli("publish", document)
    assert published.exit_code == 0, published.output
    assert "2 of 4 links" in published.stdout  # "Hello world" and "Two  spaces"


def test_a_memory_of_several_target_languages_names_the_option_that_chooses_one(
    cli: Cli, tmp_path: Path
) -> None:
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(tu(en="One.", de="Eins.", fr="Un.")), "utf-8")
    assert cli("init").exit_code == 0
    refused = cli("import", memory)
    assert refused.exit_code == 2
    assert "several target languages (de, fr); choose one with --target-lang" in refused.output
    chosen = cli("import", memory, "--target-lang", "fr")
    assert chosen.exit_code == 0, chosen.output
