"""An edition's notes are the flags as they stood when it was published, to the last one.

Times are stored to the second, so "raised up to publication" cannot be told by the time: a
flag raised, a status changed or a comment written in the second of publication, after it,
counted as before it. An edition records the last flag, flag comment and event there were
when it was published (ids only grow), and its notes, and the check that refuses an edition
when nothing changed since the last, go by those. Here every time is one and the same second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import import_pair
from tests.test_edition_exports_stable import published_before_m015
from workbench import editions, export, flags, review
from workbench.errors import Conflict
from workbench.exports.base import ExportOptions
from workbench.model import FileComment
from workbench.store import Store
from workbench.store import base as store_base

SECOND = "2030-05-01T12:00:00Z"


#: The workbench's clock (`store.base.now`, which modules import by name).
NOW = store_base.now


class Clock:
    """A clock that always says `at`."""

    def __init__(self, at: str) -> None:
        self.at = at

    def __call__(self) -> str:
        return self.at


def set_clock(monkeypatch: pytest.MonkeyPatch, at: str) -> None:
    """Every time the workbench writes is `at`."""
    for name, module in list(sys.modules.items()):
        now = getattr(module, "now", None)
        if name.startswith("workbench") and (now is NOW or isinstance(now, Clock)):
            monkeypatch.setattr(module, "now", Clock(at))


@pytest.fixture
def one_second(monkeypatch: pytest.MonkeyPatch) -> None:
    set_clock(monkeypatch, SECOND)


@pytest.fixture
def alignment(store: Store, one_second: None) -> int:
    """Two paragraphs a side, confirmed; nothing published yet."""
    alignment = import_pair(
        store, ["Titulli.", "Fjalia e parë."], ["The title.", "First sentence."]
    )
    review.set_status(store, alignment, [link.id for link in store.links(alignment)], user="rev")
    return alignment


def raise_flag(store: Store, alignment: int, comment: str) -> int:
    link = store.links(alignment)[1].id
    flag = flags.raise_flag(
        store,
        alignment,
        category="terminology",
        severity="minor",
        link_id=link,
        comment=comment,
        user="rev",
    )
    return flag["id"]


def out(store: Store, fmt: str, edition: int) -> bytes:
    """Edition `edition` of document 1 with its notes, made at a fixed time."""
    data = export.build(store, 1, edition=edition, options=ExportOptions(flags=True))
    data.generated_at = "2000-01-01T00:00:00Z"
    return b"".join(export.exporter(fmt).write(data))


def notes(store: Store, edition: int) -> list[tuple[str, list[str]]]:
    """(status, comments) of each note of an edition, in order."""
    found = json.loads(out(store, "json", edition))
    return [
        (note["status"], note["comments"])
        for link in found["links"]
        for note in link.get("notes", [])
    ]


def test_a_flag_raised_in_the_second_of_publication_is_no_note_of_the_edition(
    store: Store, alignment: int
) -> None:
    editions.publish(store, alignment, user="ed")
    before = out(store, "csv", 1)
    raise_flag(store, alignment, "raised after publication")
    assert out(store, "csv", 1) == before
    assert notes(store, 1) == []
    # a new flag is a change: the next edition carries it
    second = store.edition(editions.publish(store, alignment, user="ed"))["number"]
    assert notes(store, second) == [("open", ["raised after publication"])]


def test_a_flag_raised_before_publication_in_its_second_is_a_note(
    store: Store, alignment: int
) -> None:
    raise_flag(store, alignment, "raised before publication")
    editions.publish(store, alignment, user="ed")
    assert notes(store, 1) == [("open", ["raised before publication"])]
    with pytest.raises(Conflict, match="nothing changed since edition 1"):
        editions.publish(store, alignment, user="ed")


def dismiss(store: Store, flag: int) -> None:
    flags.set_status(store, flag, "dismissed", user="eva")


def answer(store: Store, flag: int) -> None:
    flags.add_comment(store, flag, "after publication", user="eva")


@pytest.mark.parametrize(
    ("change", "next_edition"),
    [
        (dismiss, []),  # a dismissed flag is no note
        (answer, [("open", ["open at publication", "after publication"])]),
    ],
)
def test_a_status_or_comment_of_the_second_of_publication_is_not_the_editions(
    store: Store, alignment: int, change, next_edition: list
) -> None:
    """A flag open at publication, dismissed or answered in the same second after it: the
    edition holds it open and unanswered, and the change makes the next edition."""
    flag = raise_flag(store, alignment, "open at publication")
    editions.publish(store, alignment, user="ed")
    change(store, flag)
    assert notes(store, 1) == [("open", ["open at publication"])]
    second = store.edition(editions.publish(store, alignment, user="ed"))["number"]
    assert notes(store, second) == next_edition


def test_a_flag_a_file_raised_resolved_is_resolved_in_the_edition_once_reopened(
    store: Store, alignment: int
) -> None:
    """A flag our export wrote as resolved comes back resolved from the file; reopened after
    publication, the edition still holds it as it was then."""
    link = store.links(alignment)[1]
    said = FileComment("fixed in 1962", author="rita", category="style", status="resolved")
    flags.raise_from_file(store, alignment, [(link, said)], user="cli")
    editions.publish(store, alignment, user="ed")
    [flag] = store.flags(alignment_id=alignment)
    flags.set_status(store, flag["id"], "open", user="eva")
    assert notes(store, 1) == [("resolved", ["fixed in 1962"])]


def test_an_edition_published_before_m015_goes_by_the_time(
    store: Store, alignment: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It recorded no ids: a flag raised in a later second makes the next edition, and with
    nothing changed publishing is refused, as before."""
    raise_flag(store, alignment, "raised before publication")
    editions.publish(store, alignment, user="ed")
    old = published_before_m015(store, tmp_path / "old.db")
    assert old.edition_state(1) is None
    assert notes(old, 1) == [("open", ["raised before publication"])]
    with pytest.raises(Conflict, match="nothing changed since edition 1"):
        editions.publish(old, alignment, user="ed")
    set_clock(monkeypatch, "2030-05-01T12:00:01Z")
    raise_flag(old, alignment, "raised a second later")
    assert notes(old, 1) == [("open", ["raised before publication"])]
    second = old.edition(editions.publish(old, alignment, user="ed"))["number"]
    assert notes(old, second) == [
        ("open", ["raised before publication"]),
        ("open", ["raised a second later"]),
    ]
