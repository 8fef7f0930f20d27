"""A TMX or XLIFF file brings paragraph links; its import also links the sentences inside
each of them, as aligning two versions does, so the sentence view, sentence-level exports and
the sentence checks work on an imported file. The aligner solves each paragraph link's
sentences on their own and never crosses a link the file made; the sentence links are
automatic (the file vouches for its paragraphs only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from workbench import export, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

MARK = 3  # the demo's Gospel of Mark: 16 chapters against the ASV's paragraphs


@pytest.fixture
def demo_store(cstore: Store) -> Store:
    """The demo database (a copy of the corpus template, built once per test process)."""
    return cstore


def paragraph_of(store: Store, version: int) -> dict[int, int]:
    """Sentence position -> the position of its paragraph."""
    parents = {s["id"]: s["position"] for s in store.segments(version)}
    return {s["position"]: parents[s["parent_id"]] for s in store.segments(version, "sentence")}


def assert_sentences_inside_paragraph_links(store: Store, alignment: int) -> None:
    row = store.alignment(alignment)
    src_par = paragraph_of(store, row["source_version_id"])
    tgt_par = paragraph_of(store, row["target_version_id"])
    owner_src, owner_tgt = {}, {}
    for number, link in enumerate(store.links(alignment, "paragraph")):
        owner_src.update(dict.fromkeys(range(link.src_start, link.src_end), number))
        owner_tgt.update(dict.fromkeys(range(link.tgt_start, link.tgt_end), number))
    sentences = store.links(alignment, "sentence")
    covered_src = [p for link in sentences for p in range(link.src_start, link.src_end)]
    covered_tgt = [p for link in sentences for p in range(link.tgt_start, link.tgt_end)]
    assert covered_src == sorted(src_par) and covered_tgt == sorted(tgt_par)
    for link in sentences:
        owners = {owner_src[src_par[p]] for p in range(link.src_start, link.src_end)}
        owners |= {owner_tgt[tgt_par[p]] for p in range(link.tgt_start, link.tgt_end)}
        assert len(owners) == 1, (link, owners)
        assert link.status == "auto" and 0 <= link.confidence <= 1


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_an_imported_file_gets_sentence_links_inside_its_paragraph_links(
    demo_store: Store, fmt: str
) -> None:
    store = demo_store
    data = export.build(store, MARK, options=ExportOptions())
    body = b"".join(export.exporter(fmt).write(data))
    imported = services.import_file(store, body, filename=f"mark.{fmt}", language="sq")
    alignment = imported.alignment
    original = store.alignments(MARK)[0]["id"]
    shape = [(x.src_start, x.src_end, x.tgt_start, x.tgt_end) for x in store.links(original)]
    assert [
        (x.src_start, x.src_end, x.tgt_start, x.tgt_end) for x in store.links(alignment)
    ] == shape, "the file's paragraph links, as they were"
    assert len(store.links(alignment, "sentence")) > 600
    assert_sentences_inside_paragraph_links(store, alignment)
    # the imported document exports at sentence level as the original does
    sentences = export.build(store, imported.document, options=ExportOptions(level="sentence"))
    assert sum(1 for _ in sentences.links()) == len(store.links(alignment, "sentence"))


def test_the_cli_import_of_a_tmx_links_the_sentences(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    assert cli("init", "--demo").exit_code == 0
    path = tmp_path / "mark.tmx"
    assert cli("export", str(MARK), "--format", "tmx", "-o", str(path)).exit_code == 0
    result = cli("import", str(path), "--lang", "sq", "--json")
    assert result.exit_code == 0, result.output
    alignment = json.loads(result.output)["alignment"]
    store = Store(db_path)
    try:
        assert store.alignment(alignment)["method"] == "imported from tmx"
        assert store.links(alignment, "sentence")
        assert_sentences_inside_paragraph_links(store, alignment)
    finally:
        store.close()


def tmx(units: list[tuple[str, str]]) -> bytes:
    """A translation memory from Albanian: one unit per pair ("" leaves that side out)."""
    body = []
    for src, tgt in units:
        tuvs = [
            f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>'
            for lang, text in (("sq", src), ("en", tgt))
            if text
        ]
        body.append("<tu>" + "".join(tuvs) + "</tu>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="sq"'
        ' datatype="plaintext"/><body>' + "".join(body) + "</body></tmx>"
    ).encode()


def sentence_shape(store: Store, alignment: int) -> list[tuple[list[int], list[int], float, str]]:
    return [
        (
            list(range(link.src_start, link.src_end)) if link.src_start is not None else [],
            list(range(link.tgt_start, link.tgt_end)) if link.tgt_start is not None else [],
            link.confidence,
            link.reasons[0],
        )
        for link in store.links(alignment, "sentence")
    ]


def test_a_unit_with_one_sentence_on_a_side_is_its_own_sentence_link(store: Store) -> None:
    """A sentence-level memory pairs its sentences one way only: as sure as the file's units,
    without the aligner's doubts; but a unit without a translation is the least confident
    link there is, the first a reviewer is shown."""
    units = [
        (
            "Delegacioni arriti në Moskë më 4 maj 1961.",
            "The delegation arrived in Moscow on 4 May 1961.",
        ),
        ("Shoku Hoxha foli gjatë.", "Comrade Hoxha spoke at length. He was interrupted twice."),
        ("Takimi mbaroi vonë.", ""),
        ("Ata u kthyen në Tiranë. Udhëtimi zgjati dy ditë.", "They went back to Tirana."),
    ]
    imported = services.import_file(store, tmx(units), filename="memory.tmx", language="sq")
    reason = "one sentence on a side of the file's link"
    assert sentence_shape(store, imported.alignment) == [
        ([0], [0], 1.0, reason),
        ([1], [1, 2], 1.0, reason),
        ([2], [], 0.0, "source only in the file"),
        ([3, 4], [3], 1.0, reason),
    ]
    paragraph_links = store.links(imported.alignment)
    assert [(link.status, link.confidence, link.reasons) for link in paragraph_links] == [
        ("confirmed", 1.0, ["from the file"]),
        ("confirmed", 1.0, ["from the file"]),
        ("auto", 0.0, ["no translation in the file"]),
        ("confirmed", 1.0, ["from the file"]),
    ]


def test_units_of_several_sentences_a_side_are_aligned_between_the_memorys_one_sentence_units(
    store: Store,
) -> None:
    units = [
        (
            "Delegacioni arriti në Moskë më 4 maj 1961.",
            "The delegation arrived in Moscow on 4 May 1961.",
        ),
        (
            "Bisedimet filluan më 5 maj. Hrushovi foli për 80 000 ton drithë. Hoxha nuk u"
            " përgjigj.",
            "The talks began on 5 May. Khrushchev spoke of 80,000 tons of grain. Hoxha did not"
            " answer.",
        ),
        ("Takimi mbaroi vonë.", "The meeting ended late."),
    ]
    imported = services.import_file(store, tmx(units), filename="memory.tmx", language="sq")
    shape = sentence_shape(store, imported.alignment)
    assert [(src, tgt) for src, tgt, _, _ in shape] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], [3]),
        ([4], [4]),
    ]
    inside = shape[1:4]
    assert all(reason != "one sentence on a side of the file's link" for *_, reason in inside)
    assert_sentences_inside_paragraph_links(store, imported.alignment)


def test_the_sentences_of_a_confirmed_omission_are_confirmed_left_out_too(store: Store) -> None:
    """A reviewer confirmed that a paragraph has no translation (our TMX records it with
    x-status): its sentences come back confirmed as left out, by the same reviewer, not as
    sentences without a counterpart for the next reviewer to visit again."""
    left_out = "Pjesa e parë u hoq. Pjesa e dytë u hoq gjithashtu."
    data = tmx([("Delegacioni arriti.", "The delegation arrived."), (left_out, "")])
    recorded = data.replace(
        b'<tu><tuv xml:lang="sq"><seg>Pjesa',
        b'<tu><prop type="x-status">confirmed</prop><prop type="x-reviewer">rita</prop>'
        b'<tuv xml:lang="sq"><seg>Pjesa',
    )
    assert recorded != data
    imported = services.import_file(store, recorded, filename="memory.tmx", language="sq")
    [_, omission] = store.links(imported.alignment)
    assert (omission.status, omission.set_by, omission.tgt_start == omission.tgt_end) == (
        "confirmed",
        "rita",
        True,
    )
    sentences = store.links(imported.alignment, "sentence")
    assert [(link.src_start, link.status, link.set_by, link.confidence) for link in sentences] == [
        (0, "auto", None, 1.0),
        (1, "confirmed", "rita", 1.0),
        (2, "confirmed", "rita", 1.0),
    ]
    assert all(link.tgt_start == link.tgt_end for link in sentences[1:])
