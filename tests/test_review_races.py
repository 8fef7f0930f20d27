"""Two people acting on one thing at once, and text that shows nothing.

A reviewer and an editor work through the same QA report and the same flags. When both act on
one finding or one flag at the same moment, one of them wins and the other is told so (409):
never a server error, never a change applied twice, never an events log that says a flag went
from open to resolved twice. A comment or a revision made only of zero-width or bidi marks is
blank: refused as blank text is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import add_user, login
from tests.test_web_qa import record_alignment, the_finding
from workbench import findings, flags, revisions
from workbench.errors import Conflict, InputError
from workbench.store import Store

ROUNDS = 8
INVISIBLE = ["\u200b", "\u200b\u200d \u2060", "\u202e", "\u00ad", "\ufeff\n\u200f"]


@pytest.fixture
def aligned(db_path: Path) -> int:
    return record_alignment(db_path)


def at_once(db_path: Path, *actions: Callable[[Store], object]) -> list[object]:
    """Run each action in its own thread on its own connection, released together; what each
    returned or raised."""
    start = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[Store], object]) -> None:
        store = Store(db_path)
        try:
            start.wait()
            results[index] = action(store)
        except Exception as error:  # the outcome under test
            results[index] = error
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def open_flags(db_path: Path, alignment: int) -> list[int]:
    """ROUNDS open flags on the alignment's first link: their ids."""
    store = Store(db_path)
    try:
        link = store.links(alignment)[0].id
        return [
            flags.raise_flag(
                store, alignment, category="style", severity="minor", link_id=link, user="ida"
            )["id"]
            for _ in range(ROUNDS)
        ]
    finally:
        store.close()


def events(store: Store, action: str) -> int:
    return store.db.execute("select count(*) from events where action = ?", [action]).fetchone()[0]


def test_one_finding_dismissed_by_two_people_at_once_is_one_dismissal(
    db_path: Path, aligned: int
) -> None:
    finding, alignment = the_finding(db_path, aligned)
    for _ in range(ROUNDS):
        outcome = at_once(
            db_path,
            *[
                lambda store, who=who: findings.dismiss(
                    store, alignment["document_id"], finding.key, user=who
                )
                for who in ("rita", "eva")
            ],
        )
        refused = [o for o in outcome if isinstance(o, Exception)]
        assert len(refused) == 1 and isinstance(refused[0], Conflict), outcome
        assert "already dismissed" in str(refused[0])
        store = Store(db_path)
        try:
            assert len(store.dismissals(alignment["document_id"])) == 1
            findings.undismiss(store, alignment["document_id"], finding.key, user="rita")
        finally:
            store.close()


def test_a_finding_flagged_and_dismissed_at_once_is_one_or_the_other(
    db_path: Path, aligned: int
) -> None:
    finding, alignment = the_finding(db_path, aligned)
    document = alignment["document_id"]
    outcome = at_once(
        db_path,
        lambda store: findings.to_flag(store, document, finding.key, user="rita"),
        lambda store: findings.dismiss(store, document, finding.key, user="eva"),
    )
    refused = [o for o in outcome if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), outcome
    store = Store(db_path)
    try:
        [handled] = store.dismissals(document)
        raised = store.flags(alignment_id=aligned)
        assert len(raised) == (1 if handled["flag_id"] else 0)
    finally:
        store.close()


def test_a_flag_resolved_by_two_people_at_once_is_resolved_once(
    db_path: Path, aligned: int
) -> None:
    flag_ids = open_flags(db_path, aligned)
    for flag_id in flag_ids:
        outcome = at_once(
            db_path,
            *[
                lambda store, who=who, flag_id=flag_id: flags.set_status(
                    store, flag_id, "resolved", user=who, comment=f"fixed, says {who}"
                )
                for who in ("rita", "eva")
            ],
        )
        refused = [o for o in outcome if isinstance(o, Exception)]
        assert len(refused) == 1 and isinstance(refused[0], Conflict), outcome
    store = Store(db_path)
    try:
        assert events(store, "resolved") == ROUNDS
        threads = store.flag_comments(flag_ids)
        assert all(len(threads[flag_id]) == 1 for flag_id in flag_ids)
    finally:
        store.close()


def test_two_status_changes_at_once_log_the_status_each_really_changed(
    db_path: Path, aligned: int
) -> None:
    flag_ids = open_flags(db_path, aligned)
    for flag_id in flag_ids:
        at_once(
            db_path,
            lambda store, flag_id=flag_id: flags.set_status(
                store, flag_id, "resolved", user="rita"
            ),
            lambda store, flag_id=flag_id: flags.set_status(
                store, flag_id, "dismissed", user="eva"
            ),
        )
    store = Store(db_path)
    try:
        for flag_id in flag_ids:
            rows = store.db.execute(
                "select before, after from events where entity = 'flag' and entity_id = ?"
                " and action in ('resolved', 'dismissed') order by id",
                [flag_id],
            ).fetchall()
            statuses = ["open"] + [after.split('"status": "')[1].split('"')[0] for _, after in rows]
            befores = [before.split('"status": "')[1].split('"')[0] for before, _ in rows]
            assert befores == statuses[:-1], rows  # each change starts where the last ended
            assert store.flag(flag_id)["status"] == statuses[-1]
    finally:
        store.close()


# -- text that shows nothing ------------------------------------------------------------------


@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_comment_of_invisible_characters_is_blank(store: Store, aligned: int, blank: str) -> None:
    link = store.links(aligned)[0].id
    flag = flags.raise_flag(
        store, aligned, category="style", severity="minor", link_id=link, comment=blank, user="i"
    )
    assert store.flag_comments([flag["id"]])[flag["id"]] == []  # raised, with no comment
    with pytest.raises(InputError, match="a comment cannot be empty"):
        flags.add_comment(store, flag["id"], blank, user="rita")


@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_revision_of_invisible_characters_is_refused(
    store: Store, aligned: int, blank: str
) -> None:
    target = store.alignment(aligned)["target_version_id"]
    paragraph = store.segment_at(target, "paragraph", 0)["id"]
    with pytest.raises(InputError, match="a revision needs some text"):
        revisions.propose(store, paragraph, blank, base_revision=0, user="tom")


def test_a_dismissal_reason_must_be_text_of_a_comments_length(
    client, db_path: Path, aligned: int
) -> None:
    finding, _ = the_finding(db_path, aligned)
    add_user(db_path, "rev", "reviewer")
    token = login(client, "rev")
    url = f"/alignments/{aligned}/findings"
    for path, field, value, message in (
        ("dismiss", "reason", {"a": [1, 2]}, "reason must be a string, not an object"),
        ("dismiss", "reason", 123, "reason must be a string, not a number"),
        ("flag", "comment", ["not", "a", "string"], "comment must be a string, not an array"),
        ("dismiss", "reason", "x" * 10_001, "reason: 10,001 characters; at most 10,000"),
    ):
        answer = client.post(
            f"{url}/{path}",
            json={"key": finding.key, field: value},
            headers={"X-CSRF-Token": token},
        )
        assert answer.status_code == 400, (path, value)
        assert message in answer.get_json()["error"]["message"]
    store = Store(db_path)
    try:
        assert store.dismissals(store.alignment(aligned)["document_id"]) == []
        assert store.flags(alignment_id=aligned) == []
    finally:
        store.close()
