"""A shared sentence-level URL still opens where it pointed after a revision re-split its
paragraph (found by a tester, round 26): approving a revision takes the paragraph's sentence
links away and derives them again, under new ids, and a URL naming one of the old ones
(`?at=<link>`) opened the review page at its top, as if nothing were known of the link. The
approval's event now records the links it took away, so the page opens inside the re-split
paragraph."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import import_pair
from tests.test_found_s26_editor_resplit import SOURCE, TARGET
from workbench import review, revisions
from workbench.errors import NotFound
from workbench.store import LinkRow, Store

LAST = "Then they slept all night without waking."


def link_of(store: Store, alignment: int, target_text: str) -> LinkRow:
    """The sentence link whose target is the sentence `target_text`."""
    version = store.alignment(alignment)["target_version_id"]
    [sentence] = [s for s in store.segments(version, "sentence") if s["text"] == target_text]
    [link] = [
        link
        for link in store.links(alignment, "sentence")
        if link.tgt_start <= sentence["position"] < link.tgt_end
    ]
    return link


def add_a_sentence(store: Store, alignment: int) -> None:
    """tom's revision gives the long target paragraph a sentence more; eva approves it."""
    version = store.alignment(alignment)["target_version_id"]
    paragraph = store.segment_at(version, "paragraph", 1)
    text = paragraph["text"].replace(" Then", " A dog barked. Then", 1)
    revision = revisions.propose(store, paragraph["id"], text, base_revision=0, user="tom")
    revisions.approve(store, revision, user="eva")


def paragraph_sentences(store: Store, alignment: int) -> range:
    """The target sentence positions of the re-split paragraph, as they are now."""
    version = store.alignment(alignment)["target_version_id"]
    return range(*store.sentence_range(version, 1, 2))


@pytest.fixture
def shared(store: Store) -> tuple[int, LinkRow]:
    """An alignment, and the sentence link a reviewer shared before the revision."""
    alignment = import_pair(store, SOURCE, TARGET)
    link = link_of(store, alignment, LAST)
    add_a_sentence(store, alignment)
    with pytest.raises(NotFound):
        store.link(link.id, alignment)
    return alignment, link


def test_a_sentence_link_a_revision_took_away_has_a_successor_in_its_paragraph(
    store: Store, shared: tuple[int, LinkRow]
) -> None:
    alignment, gone = shared
    found = review.successor(store, alignment, gone.id)
    assert found is not None
    assert found.link.tgt_start in paragraph_sentences(store, alignment)
    assert (found.was["tgt_start"], found.was["src_start"]) == (gone.tgt_start, gone.src_start)


def test_the_shared_url_opens_inside_the_re_split_paragraph(db_path: Path, client, as_role) -> None:
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET)
        gone = link_of(store, alignment, LAST)
        add_a_sentence(store, alignment)
    finally:
        store.close()
    as_role("reviewer")
    response = client.get(f"/alignments/{alignment}/review?level=sentence&at={gone.id}")
    assert response.status_code == 302
    [at] = parse_qs(urlsplit(response.headers["Location"]).query)["at"]
    store = Store(db_path)
    try:
        assert store.link(int(at), alignment).tgt_start in paragraph_sentences(store, alignment)
    finally:
        store.close()
