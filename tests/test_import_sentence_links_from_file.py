"""A sentence-level file of ours brings its sentence links back as they were: the reviewer's
merges and confirmations at sentence level survive a round trip through a CAT tool.

Each unit of a sentence-level TMX (an XLIFF 2 segment) is one sentence link with its status;
where the units hold whole stored sentences, in order, they are the imported sentence links.
Where they do not (another tool cut a sentence in two), the aligner pairs the sentences
inside each paragraph link, as for any file.
"""

from __future__ import annotations

import pytest

from tests.test_export_sentence_paragraphs import FORMATS, declaration, exported
from workbench import review, services
from workbench.store import Store

__all__ = ["declaration"]  # a fixture


def sentence_links(store: Store, alignment: int) -> list[tuple[list[int], list[int], str, str]]:
    return [
        (link.src, link.tgt, link.status, link.set_by or "")
        for link in store.links(alignment, "sentence")
    ]


def reviewed(store: Store, alignment: int) -> None:
    """A reviewer's day: two sentence links merged (the aligner would not make that 2-2) and
    confirmed, another confirmed, the rest left automatic."""
    links = store.links(alignment, "sentence")
    merged = review.merge(store, alignment, links[1].id, "next", user="rita")
    review.set_status(store, alignment, merged, user="rita")
    links = store.links(alignment, "sentence")
    review.set_status(store, alignment, [links[-1].id], user="ben")


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_a_reviewers_sentence_links_come_back_with_their_statuses(
    store: Store, declaration: int, fmt: str, filename: str
) -> None:
    reviewed(store, declaration)
    before = sentence_links(store, declaration)
    assert ("confirmed", "rita") in {(status, who) for _, _, status, who in before}
    result = services.import_file(
        store, exported(store, declaration, fmt), filename=filename, user="cli"
    )
    assert result.alignment is not None
    assert sentence_links(store, result.alignment) == before


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_a_paragraph_level_file_leaves_the_sentences_to_the_aligner(
    store: Store, declaration: int, fmt: str, filename: str
) -> None:
    """A paragraph-level file says nothing of sentences: its sentence links are the
    aligner's, automatic, whatever was done to them before the export."""
    reviewed(store, declaration)
    data = exported(store, declaration, fmt, level="paragraph")
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    statuses = {status for _, _, status, _ in sentence_links(store, result.alignment)}
    assert statuses == {"auto"}


def test_units_that_cut_a_sentence_in_two_are_left_to_the_aligner(
    store: Store, declaration: int
) -> None:
    """Another tool's segmentation that splits one of our sentences gives no run of whole
    sentences: that paragraph link's sentences are aligned instead, and still tile it."""
    reviewed(store, declaration)
    data = exported(store, declaration, "tmx").decode()
    # the second unit's source, "Të gjithë njerëzit lindin … në të drejta.", cut after "njerëzit"
    head = "<seg>Të gjithë njerëzit lindin"
    assert data.count(head) == 1
    cut = (
        "<seg>Të gjithë njerëzit</seg></tuv></tu><tu>"
        '<prop type="x-paragraph">2</prop><prop type="x-status">confirmed</prop>'
        '<tuv xml:lang="sq"><seg>lindin'
    )
    data = data.replace(head, cut)
    result = services.import_file(store, data.encode(), filename="cut.tmx", user="cli")
    assert result.alignment is not None
    links = sentence_links(store, result.alignment)
    in_second = [link for link in links if link[0] and link[0][0] in (1, 2, 3)]
    assert {status for _, _, status, _ in in_second} == {"auto"}  # the aligner's
    covered = [k for src, _, _, _ in links for k in src]
    assert covered == sorted(set(covered)) == list(range(len(covered)))
    # the other paragraph links keep the file's sentence links
    assert links[-1][2:] == ("confirmed", "ben")
