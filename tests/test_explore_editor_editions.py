"""An editor compares two editions after a revision of the source text was approved.

An edition holds both sides of every confirmed link; a typo fixed in the source is published as
a new edition (the two differ), so the diff between them must say which row changed and show
the source's change, not "0 changed, N the same" and "No row differs".
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair
from tests.test_editions_web import confirm
from tests.test_export import make_document
from tests.test_review import SOURCE, TARGET
from workbench import editions, review, revisions
from workbench.store import Store


@pytest.fixture
def source_revised(db_path: Path) -> dict:
    """Editions 1 and 2 of one alignment; between them only a source paragraph was revised."""
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        confirm(store, alignment, range(4))
        first = editions.publish(store, alignment, user="eva")
        source = store.alignment(alignment)["source_version_id"]
        paragraph = store.segment_at(source, "paragraph", 3)
        fixed = paragraph["text"].replace("gëzon", "GËZON")
        proposal = revisions.propose(store, paragraph["id"], fixed, base_revision=0, user="tom")
        revisions.approve(store, proposal, user="eva")
        second = editions.publish(store, alignment, user="eva")
        return {"first": first, "second": second}
    finally:
        store.close()


def test_a_revised_source_paragraph_is_a_changed_row(store: Store, source_revised: dict) -> None:
    rows = editions.diff_editions(store, source_revised["first"], source_revised["second"])
    assert [row.kind for row in rows] == ["same", "same", "same", "changed"]
    changed = rows[3]
    assert changed.old == changed.new, "the translation itself did not change"
    assert [(c.old, c.new) for c in changed.source_changes if c.kind != "equal"] == [
        ("gëzon", "GËZON")
    ]


def test_the_edition_diff_page_shows_the_source_change(
    client, as_role, source_revised: dict
) -> None:
    as_role("translator")
    first, second = source_revised["first"], source_revised["second"]
    response = client.get(f"/editions/{first}/diff/{second}?changed=1")
    tree = lxml.html.document_fromstring(response.get_data(as_text=True))
    counts = " ".join(tree.find_class("counts")[0].text_content().split())
    assert counts.startswith("1 changed, 0 added, 0 removed, 3 the same.")
    [row] = tree.xpath("//table[@class='edition-diff']/tbody/tr")
    source_cell = row.xpath("./td")[1]
    assert source_cell.xpath(".//del//text()") and source_cell.xpath(".//ins//text()")
    assert "GËZON" in "".join(source_cell.xpath(".//ins//text()"))


def test_target_only_rows_at_one_source_position_are_each_compared(store: Store) -> None:
    """Two paragraphs the translator added (no source: 0-1 links) sit at one source position;
    both are rows of the diff, and a revision of the first shows as its change."""
    alignment = import_pair(
        store,
        ["Neni 1.", "Njerëzit lindin të lirë.", "Neni 2."],
        ["Article 1", "A note by the translator.", "Another note.", "All are born free.", "Art 2"],
    )
    holding = store.link_covering(alignment, "paragraph", "target", 1)
    assert (holding.src_start, holding.src_end, holding.tgt_start, holding.tgt_end) == (1, 2, 1, 4)
    review.detach(store, alignment, holding.id, user="tom")
    added = store.link_covering(alignment, "paragraph", "target", 1)
    assert added.src_start == added.src_end, "the target paragraphs stand alone"
    review.split(store, alignment, added.id, added.src_start, 2, user="tom")
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rita")
    first = editions.publish(store, alignment, user="eva")
    note = store.segment_at(store.alignment(alignment)["target_version_id"], "paragraph", 1)
    proposal = revisions.propose(
        store, note["id"], "A note by the translator, revised.", base_revision=0, user="tom"
    )
    revisions.approve(store, proposal, user="eva")
    second = editions.publish(store, alignment, user="eva")

    rows = editions.diff_editions(store, first, second)
    assert len(rows) == len(store.edition_links(second)) == 5
    changed = [(row.old, row.new) for row in rows if row.kind == "changed"]
    assert changed == [("A note by the translator.", "A note by the translator, revised.")]
