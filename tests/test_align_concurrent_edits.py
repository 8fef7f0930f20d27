"""Aligning while others work: the aligner runs outside the write transaction, so what it read
is checked before its links are written, and it aligns again from what is there now.

Found against the real server: a link confirmed during a 2-second re-alignment came back
`auto`, a merge was undone, a revision approved meanwhile left every later sentence link
pointing at the wrong sentence, and two people aligning a new pair at once got a 500.
The edits here are made by a second connection to the same SQLite file while the aligner runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench.align as align_package
from tests.conftest import import_pair
from workbench import aligning, review, revisions
from workbench.errors import Conflict
from workbench.store import Store

SOURCE = [
    "Neni 1. Të gjithë njerëzit lindin të lirë.",
    "Neni 2. Secili gëzon të gjitha të drejtat.",
    "Neni 3. Secili ka të drejtën e jetës.",
]
TARGET = [
    "Article 1. All human beings are born free.",
    "Article 2. Everyone is entitled to all rights.",
    "Article 3. Everyone has the right to life.",
]


@pytest.fixture
def aligned(store: Store) -> tuple[Store, int, int]:
    alignment = import_pair(store, SOURCE, TARGET)
    return store, alignment, store.alignment(alignment)["document_id"]


def _while_aligning(monkeypatch, edit, times: int = 1) -> list[int]:
    """Run `edit` during the next `times` runs of the aligner; the list counts the runs."""
    real = align_package.align_document
    runs: list[int] = []

    def aligning_meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        runs.append(1)
        if len(runs) <= times:
            edit()
        return result

    monkeypatch.setattr(align_package, "align_document", aligning_meanwhile)
    return runs


def test_a_link_confirmed_while_aligning_stays_confirmed(aligned, db_path: Path, monkeypatch):
    store, alignment, document = aligned
    link = store.links(alignment, "paragraph")[1]

    def confirm() -> None:
        review.set_status(Store(db_path), alignment, [link.id], user="reviewer1")

    runs = _while_aligning(monkeypatch, confirm)
    aligning.align_versions(store, document, user="translator1")
    assert len(runs) == 2  # the first result was computed before the confirmation: again
    statuses = [(x.src, x.status, x.set_by) for x in store.links(alignment, "paragraph")]
    assert ([1], "confirmed", "reviewer1") in statuses


def test_a_revision_approved_while_aligning_is_aligned_as_it_now_reads(
    aligned, db_path: Path, monkeypatch
):
    store, alignment, document = aligned
    target = store.alignment(alignment)["target_version_id"]

    def add_sentences() -> None:
        other = Store(db_path)
        paragraph = other.segment(other.segment_at(target, "paragraph", 0)["id"])
        proposed = revisions.propose(
            other,
            paragraph["id"],
            TARGET[0] + " Extra sentence one here. Extra sentence two here.",
            base_revision=paragraph["revision"],
            user="translator1",
        )
        revisions.approve(other, proposed, user="editor1")

    _while_aligning(monkeypatch, add_sentences)
    aligning.align_versions(store, document)
    sentences = store.links(alignment, "sentence")
    covered = sorted(j for x in sentences for j in x.tgt)
    assert covered == list(range(store.version_size(target)[0]))  # every sentence, once


def test_two_people_aligning_a_new_pair_at_once_share_one_alignment(store: Store, db_path: Path):
    from workbench import services

    document = services.import_file(
        store, "\n\n".join(SOURCE).encode(), filename="s.txt", language="sq", role="source"
    ).document
    services.import_file(
        store,
        "\n\n".join(TARGET).encode(),
        filename="t.txt",
        document_id=document,
        language="en",
        role="translation",
    )
    real = align_package.align_document
    first: list[int] = []

    def meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        if not first:  # the other person's run, start to end, while this one aligns
            first.append(0)
            first[0] = aligning.align_versions(Store(db_path), document, user="editor1")
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align_package, "align_document", meanwhile)
        second = aligning.align_versions(store, document, user="translator1")
    assert second == first[0]
    assert len(store.alignments(document)) == 1


def test_a_document_that_keeps_changing_is_refused_after_a_few_attempts(
    aligned, db_path: Path, monkeypatch
):
    store, alignment, document = aligned
    links = store.links(alignment, "paragraph")
    statuses = iter(["confirmed", "auto", "confirmed", "auto"])

    def toggle() -> None:
        review.set_status(Store(db_path), alignment, [links[0].id], user="r", status=next(statuses))

    runs = _while_aligning(monkeypatch, toggle, times=aligning.ALIGN_ATTEMPTS)
    before = [(x.id, x.status) for x in Store(db_path).links(alignment, "paragraph")]
    with pytest.raises(Conflict, match="align again"):
        aligning.align_versions(store, document)
    assert len(runs) == aligning.ALIGN_ATTEMPTS
    after = [(x.id, x.status) for x in store.links(alignment, "paragraph")]
    assert [i for i, _ in after] == [i for i, _ in before]  # nothing written by the aligner
