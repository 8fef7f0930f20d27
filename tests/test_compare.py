"""Comparing two English translations of the Albanian Mark, through the source."""

from __future__ import annotations

import pytest

from tests.conftest import TRANSLATIONS
from workbench import aligning, compare, services
from workbench.errors import Conflict, InputError, NotFound
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


def test_the_new_versions_label_is_one_clean_line(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    choices = {row.index: ("b" if row.index == 0 else "a") for row in result.rows}
    version = compare.make_version(
        store, result, choices, label=" Mixed\r\nby\x1b[31m eva ", user="e"
    )
    assert store.version(version)["label"] == "Mixed by[31m eva"
    with pytest.raises(InputError, match="label"):
        compare.make_version(store, result, choices, label="\x00\n\t", user="eva")


def test_a_composed_versions_label_is_held_to_the_label_limit(mark) -> None:
    """The compare form's maxlength is the limit an imported version's label has; a longer
    label sent past the form is refused with the figures, and no version is made."""
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    choices = {row.index: ("b" if row.index == 0 else "a") for row in result.rows}
    versions = len(store.versions(doc))
    with pytest.raises(InputError) as refused:
        compare.make_version(store, result, choices, label="l" * 501, user="eva")
    assert str(refused.value) == f"label: 501 characters; at most {services.MAX_LABEL}"
    assert len(store.versions(doc)) == versions


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
    with pytest.raises(InputError, match="choose two different versions"):
        compare.compare(store, doc, asv, asv)
    with pytest.raises(NotFound):
        compare.compare(store, doc, asv, 999)


def test_a_mix_that_is_a_copy_of_a_or_of_b_is_refused(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    before = len(store.versions(doc))
    with pytest.raises(InputError, match=f"would be a copy of version {asv} "):
        compare.make_version(store, result, {}, label="All A", user="eva")
    all_b = {row.index: "b" for row in result.rows}
    with pytest.raises(InputError, match=f"would be a copy of version {bbe} "):
        compare.make_version(store, result, all_b, label="All B", user="eva")
    assert len(store.versions(doc)) == before


def test_choices_made_on_other_rows_than_the_current_ones_are_refused(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    seen = compare.fingerprint(result)
    assert seen == compare.fingerprint(compare.compare(store, doc, asv, bbe))
    assert seen != compare.fingerprint(compare.compare(store, doc, bbe, asv))
    with pytest.raises(Conflict, match="A or B changed since the comparison was opened"):
        compare.make_version(store, result, {0: "b"}, label="Late", user="eva", seen="stale")


def test_only_a_or_b_can_be_chosen_for_a_row(mark) -> None:
    store, doc, asv, bbe = mark
    result = compare.compare(store, doc, asv, bbe)
    with pytest.raises(InputError, match="row 2: choose A or B"):
        compare.make_version(store, result, {0: "b", 1: "c"}, label="Odd", user="eva")


def test_the_tally_counts_only_rows_that_differ(tmp_path) -> None:
    store = Store(tmp_path / "tally.db")
    doc = services.import_file(
        store, b"Article 1\n\nAll are born free.\n\nArticle 2", filename="a.txt", language="en"
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
    assert result.changed == 1
    # B on a row worded alike in both changes nothing: it is not counted
    assert compare.tally(result, {0: "b", 1: "a"}) == {"a": 1, "b": 0}
    assert compare.tally(result, {1: "b"}) == {"a": 0, "b": 1}


def test_two_versions_worded_alike_offer_nothing_to_choose(tmp_path) -> None:
    store = Store(tmp_path / "alike.db")
    text = b"Article 1\n\nAll are born free.\n\nArticle 2"
    doc = services.import_file(store, text, filename="a.txt", language="en").document
    b = services.import_file(
        store, text, filename="b.txt", document_id=doc, language="en", role="translation"
    ).versions[0]
    result = compare.compare(store, doc, 1, b)
    refusal = "A and B have the same wording in every row, so there is nothing to choose between"
    assert compare.compose_refusal(result) == refusal
    with pytest.raises(InputError, match=refusal):
        compare.make_version(store, result, {0: "b"}, label="Same", user="eva")


def test_the_command_line_refuses_the_same_version_twice(cli, store: Store) -> None:
    doc = services.import_file(
        store, b"Article 1\n\nAll are born free.", filename="a.txt", language="en"
    ).document
    result = cli("compare", doc, "--a", 1, "--b", 1)
    assert result.exit_code == 2
    assert "choose two different versions: A and B are both version 1" in result.output
