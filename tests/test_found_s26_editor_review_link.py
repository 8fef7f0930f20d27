"""A revision page's "review page" link opens the row that holds the revised paragraph (found
by a tester, round 26): for a revision of a source paragraph it opened the row holding the
target paragraph with the same number, chapters away in the demo's Gospel of Mark, where
one source chapter is many target paragraphs."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from workbench import revisions
from workbench.store import LinkRow, Store


def uneven_link(store: Store) -> LinkRow:
    """A paragraph link of the demo joining source and target paragraphs of other numbers."""
    for alignment in store.db.query("select id from alignments order by id"):
        for link in store.links(alignment["id"]):
            both = link.src_end > link.src_start and link.tgt_end > link.tgt_start
            if both and link.src_start != link.tgt_start:
                return link
    raise AssertionError("the demo has no link between paragraphs of other numbers")


def review_link(client, revision: int) -> str:
    page = lxml.html.document_fromstring(client.get(f"/revisions/{revision}").get_data(True))
    [href] = page.xpath("//a[normalize-space()='review page']/@href")
    return href


def propose(db_path: Path, link: LinkRow, side: str) -> int:
    """tom proposes a new wording for the paragraph the link begins with on `side`, naming
    the link's alignment (as the review page's editor does)."""
    store = Store(db_path)
    try:
        alignment = store.alignment(link.alignment_id)
        position = link.src_start if side == "source" else link.tgt_start
        paragraph = store.segment_at(alignment[f"{side}_version_id"], "paragraph", position)
        return revisions.propose(
            store,
            paragraph["id"],
            paragraph["text"] + " Shtesë.",
            base_revision=paragraph["revision"],
            user="tom",
            alignment_id=link.alignment_id,
        )
    finally:
        store.close()


def test_a_revision_links_to_the_row_holding_its_paragraph_on_either_side(
    corpus: Path, client, as_role, cstore: Store
) -> None:
    as_role("editor")
    link = uneven_link(cstore)
    row = f"/alignments/{link.alignment_id}/review?at={link.id}"
    assert review_link(client, propose(corpus, link, "source")) == row
    assert review_link(client, propose(corpus, link, "target")) == row
