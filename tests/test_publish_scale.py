"""Publishing a long document: the edition is read outside the write lock, and is the same.

Found against the real server: publishing 4,422 Bible verses a side took 24 s (777 s at four
times that), counting every sentence before each confirmed link twice and scanning every later
link for each, all inside the write transaction, so a link confirmed meanwhile waited 25 s.
An edition is now read in one snapshot, in one pass over the sentences and links, and the
short write transaction checks nothing it read changed since (else it reads again).

The edits here are made by a second connection to the same SQLite file while the edition is
read (`store.sentences_between`, one of the last reads); it may not wait for a lock
(busy_timeout 0), as it could not while a publication held the write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_edition_exports_stable import approve_text, markdown_pair, out
from workbench import editions, flags, review
from workbench.errors import Conflict, InputError
from workbench.store import Store

SOURCE = [
    "# Kreu i parë",
    "Në fillim ishte fjala. Fjala ishte e qartë.",
    "Po. Po. Jo.",
    "Ai tha: “Eja!” Dhe ata erdhën.",
    "# Kreu i dytë",
    "Një paragraf i gjatë me tri fjali. E dyta këtu. E treta atje.",
    "I shkurtër.",
    "Paragrafi i tetë. Me dy fjali.",
    "I nënti, që përkthimi e bashkon me të dhjetin.",
    "I dhjeti.",
    "I fundit. Fund.",
]
TARGET = [
    "# Chapter one",
    "In the beginning was the word. The word was clear.",
    "Yes. Yes. No.",
    "He said: “Come!” And they came.",
    "A paragraph only the translation has.",
    "# Chapter two",
    "A long paragraph with three sentences. The second here. The third there.",
    "Short.",
    "The eighth paragraph. With two sentences.",
    "The ninth, which the translation joins with the tenth. The tenth.",
    "The last. The end.",
]
FORMATS = ["tmx", "xliff", "csv"]


@pytest.fixture
def document(store: Store) -> int:
    """A chapter book in Markdown (headings, paragraphs of one to three sentences, a repeated
    sentence, a paragraph only the translation has, two paragraphs it joins), aligned; most
    paragraph links and some sentence links confirmed, one link merged (edited, so left
    out), a revision approved that splits a target paragraph into more sentences, and a
    flag raised. The alignment."""
    alignment = markdown_pair(store, SOURCE, TARGET)
    links = store.links(alignment)
    review.set_status(store, alignment, [link.id for link in links[1:-2]], user="reviewer1")
    sentences = store.links(alignment, "sentence")
    review.set_status(store, alignment, [link.id for link in sentences[::3]], user="reviewer2")
    review.merge(store, alignment, store.links(alignment)[-1].id, "previous", user="tom")
    approve_text(store, alignment, 7, "Short. Very short indeed. Yes.")
    flags.raise_flag(
        store, alignment, category="terminology", severity="minor", link_id=links[2].id, user="ed"
    )
    return alignment


def expected(store: Store, alignment_id: int) -> tuple[list[dict], list[dict]]:
    """The edition's link rows and segments as publishing found them before it read in one
    pass: the sentence links inside each confirmed paragraph link by `links_within` of its
    sentences (`sentence_range`), and each held paragraph's sentences read on their own."""
    alignment = store.alignment(alignment_id)
    versions = {side: alignment[f"{side}_version_id"] for side in ("source", "target")}
    confirmed = [link for link in store.links(alignment_id) if link.status == "confirmed"]
    inside = [
        sentence
        for link in confirmed
        for sentence in store.links_within(
            alignment_id,
            "sentence",
            store.sentence_range(versions["source"], link.src_start, link.src_end),
            store.sentence_range(versions["target"], link.tgt_start, link.tgt_end),
        )
    ]
    rows = []
    for level, links, joiner in (("paragraph", confirmed, "\n\n"), ("sentence", inside, " ")):
        texts = {
            side: {s["position"]: s["text"] for s in store.segments(versions[side], level)}
            for side in versions
        }
        rows += [
            {
                "level": level,
                "ordinal": ordinal,
                **{name: getattr(link, name) for name in ("src_start", "src_end")},
                **{name: getattr(link, name) for name in ("tgt_start", "tgt_end")},
                "source_text": joiner.join(texts["source"][p] for p in link.src),
                "target_text": joiner.join(texts["target"][p] for p in link.tgt),
                "status": link.status,
                "set_by": link.set_by,
            }
            for ordinal, link in enumerate(links)
        ]
    segments = []
    for side, prefix in (("source", "src"), ("target", "tgt")):
        held = sorted(
            {p for link in confirmed for p in getattr(link, prefix)}
        )  # the paragraphs the edition holds
        for paragraph in held:
            text, places = store.paragraphs_between(versions[side], paragraph, paragraph + 1)
            segments.append(
                {
                    "side": side,
                    "level": "paragraph",
                    "position": paragraph,
                    "paragraph": paragraph,
                    "kind": places[paragraph].kind,
                    "space": None,
                    "text": text[paragraph],
                }
            )
        for paragraph in held:
            span = store.sentence_range(versions[side], paragraph, paragraph + 1)
            texts, places = store.sentences_between(versions[side], *span)
            segments += [
                {
                    "side": side,
                    "level": "sentence",
                    "position": position,
                    "paragraph": places[position].paragraph,
                    "kind": places[position].kind,
                    "space": places[position].space,
                    "text": texts[position],
                }
                for position in sorted(texts)
            ]
    return rows, segments


def stored(store: Store, edition_id: int) -> tuple[list[dict], list[dict]]:
    """An edition's link rows and segments as stored, without their ids."""
    rows = [
        {name: row[name] for name in ("level", *editions.ROW_FIELDS[1:])}
        for level in ("paragraph", "sentence")
        for row in store.edition_links(edition_id, level)
    ]
    segments = [
        {k: v for k, v in row.items() if k not in ("id", "edition_id")}
        for row in store.db.query(
            "select * from edition_segments where edition_id = ?"
            " order by side, level = 'sentence', position",
            [edition_id],
        )
    ]
    return rows, segments


def while_reading(monkeypatch, change: Callable[[], None], times: int = 1) -> list[int]:
    """Make `change` during the next `times` readings of an edition (when
    `store.sentences_between` reads its source side, after the links and texts); the list
    counts the calls (two a reading: source and target)."""
    real = Store.sentences_between
    calls: list[int] = []

    def reading_meanwhile(self, *args, **kwargs):
        calls.append(1)
        if len(calls) % 2 == 1 and len(calls) <= 2 * times:
            change()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "sentences_between", reading_meanwhile)
    return calls


def other(db_path: Path) -> Store:
    """A second connection that may not wait for the write lock."""
    store = Store(db_path)
    store.db.execute("PRAGMA busy_timeout=0")
    return store


# --- the same edition ---------------------------------------------------------------------


def test_an_edition_holds_what_publishing_found_before(store: Store, document: int) -> None:
    """Link rows (paragraph, then sentence, each in order, with texts, statuses and who set
    them) and segments (held paragraphs with their kinds, their sentences with the space
    before each) are exactly what the per-link reading stored."""
    rows, segments = expected(store, document)
    assert any(row["source_text"] == "Po." for row in rows)  # the repeated sentence is in
    assert any(s["kind"] == "heading" for s in segments)
    assert {row["status"] for row in rows} == {"confirmed", "auto"}
    edition = editions.publish(store, document, user="ed")
    assert stored(store, edition) == (rows, segments)
    head = store.edition(edition)
    assert head["links_total"] == len(store.links(document))
    assert head["links_included"] == sum(row["level"] == "paragraph" for row in rows)


def test_its_exports_are_those_of_the_edition_read_link_by_link(
    store: Store, document: int, tmp_path: Path
) -> None:
    """TMX, XLIFF and CSV of both levels, byte for byte, against edition 1 of a copy of the
    database stored from the per-link reading of the same state."""
    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as target:
        store.db.conn.backup(target)
    target.close()
    published = editions.publish(store, document, user="ed")
    before = Store(copy)
    rows, segments = expected(before, document)
    edition = store.edition(published)
    with before.transaction():
        head = {k: edition[k] for k in ("alignment_id", "published_by", *editions.HEAD_FIELDS)}
        before.db["editions"].insert({**head, "number": 1, "published_at": edition["published_at"]})
        edition_id = before.db.execute("select max(id) from editions").fetchone()[0]
        before.db["edition_links"].insert_all({**row, "edition_id": edition_id} for row in rows)
        before.db["edition_segments"].insert_all(
            {**segment, "edition_id": edition_id} for segment in segments
        )
        before.db["edition_state"].insert(
            {**store.edition_state(published), "edition_id": edition_id}
        )
    for fmt in FORMATS:
        for level in ("paragraph", "sentence"):
            assert out(store, fmt, level) == out(before, fmt, level), (fmt, level)
    before.close()


def test_an_unchanged_alignment_is_still_refused(store: Store, document: int) -> None:
    editions.publish(store, document, user="ed")
    with pytest.raises(Conflict, match="nothing changed since edition 1"):
        editions.publish(store, document, user="ed", note="again")
    assert len(store.editions(alignment_id=document)) == 1


# --- read outside the write lock ----------------------------------------------------------


def test_the_edition_is_read_while_others_can_write(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """Every read of the texts (all segments of both versions, and the sentences of the
    held paragraphs) is made while another connection can take the write lock at once."""
    free: list[bool] = []

    def can_write() -> bool:
        connection = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            connection.close()

    for name in ("segments", "sentences_between"):
        real = getattr(Store, name)

        def checked(self, *args, _real=real, **kwargs) -> Any:
            free.append(can_write())
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, checked)
    editions.publish(store, document, user="ed")
    assert len(free) >= 6 and all(free)


def test_a_link_confirmed_while_publishing_is_in_the_edition(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """The confirmation goes through at once; the edition read before it is read again, so
    the link is in it with its sentence links and texts, never half."""
    waiting = next(link for link in store.links(document) if link.status != "confirmed")
    assert waiting.status == "auto"
    calls = while_reading(
        monkeypatch,
        lambda: review.set_status(other(db_path), document, [waiting.id], user="reviewer3"),
    )
    edition = editions.publish(store, document, user="ed")
    assert len(calls) >= 4  # two sides, read twice
    assert stored(store, edition) == expected(store, document)
    rows = store.edition_links(edition)
    assert (waiting.src_start, "reviewer3") in [(r["src_start"], r["set_by"]) for r in rows]


def test_a_revision_approved_while_publishing_is_in_the_edition(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """A confirmed paragraph's text changed (and split into more sentences, moving every
    later sentence and sentence link) while the edition was read: it holds the new text."""
    paragraph = next(link for link in store.links(document) if link.status == "confirmed")
    new = "In the beginning was a new word. Then another. The word was clear."
    while_reading(
        monkeypatch, lambda: approve_text(other(db_path), document, paragraph.tgt_start, new)
    )
    edition = editions.publish(store, document, user="ed")
    assert stored(store, edition) == expected(store, document)
    texts = [r["target_text"] for r in store.edition_links(edition)]
    assert new in texts


def test_a_reviewer_replaced_in_the_same_second_is_in_the_edition(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """Another reviewer of a name as long stands by a confirmed link in the same second as
    the last confirmation: no count, length or time tells, yet the edition names them."""
    at = "2030-01-01T00:00:00Z"
    store.db.execute("update links set set_at = ? where alignment_id = ?", [at, document])
    link = next(link for link in store.links(document) if link.status == "confirmed")
    assert link.set_by == "reviewer1"

    def stand_by() -> None:
        second = other(db_path)
        with second.transaction():
            second.set_link_status([link.id], "confirmed", "reviewer9", at)

    while_reading(monkeypatch, stand_by)
    edition = editions.publish(store, document, user="ed")
    assert stored(store, edition) == expected(store, document)
    rows = store.edition_links(edition)
    assert (link.src_start, "reviewer9") in [(r["src_start"], r["set_by"]) for r in rows]


def test_an_edition_published_meanwhile_is_not_published_twice(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """Two editors publish the same state at once: one edition, the other is told nothing
    changed since it."""
    published: list[int] = []
    real = Store.sentences_between

    def reading_meanwhile(self, *args, **kwargs):
        if not published:
            published.append(0)  # the other publication reads here too: once
            published.append(editions.publish(other(db_path), document, user="ed2"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "sentences_between", reading_meanwhile)
    with pytest.raises(Conflict, match="nothing changed since edition 1"):
        editions.publish(store, document, user="ed")
    assert [e["published_by"] for e in store.editions(alignment_id=document)] == ["ed2"]


def test_an_alignment_that_keeps_changing_is_published_by_a_reading_under_the_lock(
    store: Store, document: int, db_path: Path, monkeypatch
) -> None:
    """A link confirmed or unconfirmed during every reading made outside the write lock: the
    last of `READ_ATTEMPTS` readings is made under it (others' saves wait for it; here, the
    change is not made while the publication holds the lock, as it could not be), so the
    edition is published, holding the state that reading saw."""
    link = next(link for link in store.links(document) if link.status == "confirmed")
    turns: list[str] = []

    def toggle() -> None:
        status = "auto" if len(turns) % 2 == 0 else "confirmed"
        try:
            review.set_status(other(db_path), document, [link.id], user="reviewer1", status=status)
        except sqlite3.OperationalError:  # "database is locked": the reading under the lock
            return
        turns.append(status)

    while_reading(monkeypatch, toggle, times=100)
    edition = editions.publish(store, document, user="ed")
    assert len(turns) == editions.READ_ATTEMPTS - 1
    assert stored(store, edition) == expected(store, document)
    assert not store.db.conn.in_transaction


def test_nothing_confirmed_is_still_refused_before_any_write(store: Store, db_path: Path) -> None:
    alignment = markdown_pair(store, SOURCE[:2], TARGET[:2])
    with pytest.raises(InputError, match="nothing is confirmed yet"):
        editions.publish(store, alignment, user="ed")
    assert not store.db.conn.in_transaction
