"""Comparing two English translations of the Albanian Mark, through the source."""

from __future__ import annotations

import pytest

from tests.conftest import TRANSLATIONS
from workbench import aligning, compare, services
from workbench.errors import InputError, NotFound
from workbench.store import Store


@pytest.fixture(scope="module")
def mark(tmp_path_factory) -> tuple[Store, int, int, int]:
    store = Store(tmp_path_factory.mktemp("mark") / "mark.db")
    doc = services.import_file(
        store,
        (TRANSLATIONS / "MRK.sq-alb.paras.txt").read_bytes(),
        filename="MRK.sq.txt",
        language="sq",
        role="source",
    ).document
    versions = [
        services.import_file(
            store,
            (TRANSLATIONS / name).read_bytes(),
            filename=name,
            document_id=doc,
            language="en",
            role="translation",
            label=label,
        ).versions[0]
        for name, label in (("MRK.en-asv.paras.txt", "ASV"), ("MRK.en-bbe.paras.txt", "BBE"))
    ]
    aligning.align_versions(store, doc, None, versions[0])
    return store, doc, versions[0], versions[1]


def test_rows_follow_the_source_and_cover_both_translations(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    assert result.mode == "via source"
    # BBE has one paragraph per chapter like the Albanian source: 16 rows at most
    assert 10 <= len(result.rows) <= 16
    assert sum(r.b[1] - r.b[0] for r in result.rows) == 16
    assert sum(r.a[1] - r.a[0] for r in result.rows) == len(store.segments(asv))
    first = result.rows[0]
    assert first.a_text.startswith("The beginning of the gospel of Jesus Christ")
    assert first.b_text.startswith("The first words of the good news of Jesus Christ")
    assert first.source_text.startswith("Fillimi i Ungjillit")
    assert 0 < first.similarity < 0.9
    assert any(change.kind == "replace" for change in first.changes)


def test_picking_wording_per_row_makes_a_new_aligned_version(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    choices = {row.index: ("b" if row.index == 0 else "a") for row in result.rows}
    version = compare.make_version(store, result, choices, label="Mixed", user="eva")
    texts = [s["text"] for s in store.segments(version)]
    assert texts[0].startswith("The first words of the good news")
    assert texts[-1] == store.segments(asv)[-1]["text"]
    alignment = store.alignment_between(store.versions(doc)[0]["id"], version)
    assert alignment and store.links(alignment, "sentence")


def test_two_translations_without_a_source_are_aligned_directly(tmp_path) -> None:
    store = Store(tmp_path / "direct.db")
    doc = services.import_file(
        store,
        b"Article 1\n\nAll are born free.\n\nArticle 2",
        filename="a.txt",
        language="en",
        role="translation",
    ).document
    b = services.import_file(
        store,
        b"Article 1\n\nEveryone is born free.\n\nArticle 2",
        filename="b.txt",
        document_id=doc,
        language="en",
        role="translation",
    ).versions[0]
    result = compare.compare(store, doc, 1, b)
    assert result.mode == "direct"
    assert [row.changed for row in result.rows] == [False, True, False]


def test_versions_must_belong_to_the_document(mark) -> None:
    store, doc, asv, _ = mark
    with pytest.raises(InputError):
        compare.compare(store, doc, asv, asv)
    with pytest.raises(NotFound):
        compare.compare(store, doc, asv, 999)
