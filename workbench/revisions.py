"""Revisions: proposed wording for a paragraph, reviewed, then approved or rejected.

Only approval changes a segment's text, and it keeps what was there in the segment's history.
Every proposal names the revision of the text it was based on; when the text has moved on
since, the save is refused with who changed it and the diff (no lost updates). A proposal
replaces its author's own pending one; when it says which one it continued (`replaces`), a
pending revision it never saw (proposed from another tab meanwhile) is refused the same way
instead of being replaced unseen. Nobody approves their own revision unless the document allows
it (the four-eyes rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz.distance import Indel

from workbench import languages, review
from workbench.diff import word_diff
from workbench.errors import Conflict, InputError, NotFound, PermissionDenied
from workbench.segment import split_sentences
from workbench.store import LinkRow, Store, now
from workbench.textio import normalise
from workbench.typed import invisible, typed_text, unwanted

REJECT_REASONS = {
    "meaning": "Changes the meaning of the source",
    "terminology": "Terminology or names not as agreed",
    "style": "Style or register not suitable",
    "grammar": "Grammar or spelling errors",
    "incomplete": "Incomplete: omits part of the source",
    "not-needed": "The current text is right",
    "other": "Other (see the reason)",
}
#: A revision's statuses: proposed, then decided (or replaced by the author's next proposal).
STATUSES = ("pending", "approved", "rejected", "withdrawn", "superseded")
MAX_TEXT = 100_000
#: Comments, notes and reasons.
MAX_COMMENT = 10_000


def normal(text: str | None) -> str:
    """Text as people type it, as imports store it: NFC (so a search finds an approved "é"
    typed as e + combining accent), "\n" line ends, no control characters (a NUL pasted into
    the editor would reach every export), without surrounding white space."""
    return normalise(text or "").strip()


def _short(text: str | None, what: str, field: str) -> str:
    """A note or reason: cleaned as `normal` cleans a text (its control characters dropped),
    but a lone surrogate, which nothing can store, is refused naming the `field`."""
    _refuse_surrogates(text, field)
    text = normal(text)
    if len(text) > MAX_COMMENT:
        raise InputError(f"{what} is at most {MAX_COMMENT:,} characters, not {len(text):,}")
    return text


def _refuse_surrogates(text: str | None, field: str) -> None:
    found = unwanted(text or "", controls=False)
    if found:
        raise InputError(f"{field}: {found}")


class StaleRevision(Conflict):
    """A save based on an older text: carries who changed it since and the diff.

    `changed_by` is who put the current text in place (the approver of the revision that
    changed it), `written_by` who wrote that text (its revision's author). `current_text` and
    `current_revision` are the paragraph as it is now, and `pending` the saver's own pending
    revision of it (`{id, text, note, stale}`, or None), so that an editor can start again from
    where the paragraph stands instead of being refused for ever.
    """

    #: "text": the paragraph's text moved on; "pending": the saver's own pending revision did.
    kind = "text"

    def __init__(
        self,
        message: str,
        changed_by: str | None,
        theirs: str,
        yours: str,
        *,
        written_by: str | None = None,
        current_revision: int | None = None,
        current_text: str | None = None,
        pending: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.written_by = written_by
        self.theirs = theirs
        self.yours = yours
        self.changes = word_diff(theirs, yours)
        self.current_revision = current_revision
        self.current_text = theirs if current_text is None else current_text
        self.pending = pending


class PendingReplaced(StaleRevision):
    """A save that would replace a pending revision of the saver's own that the editor never
    showed (proposed meanwhile in another tab or window): `theirs` is that revision's wording,
    `pending` the revision; the paragraph's text itself did not change."""

    kind = "pending"


_FROM_REVISION = re.compile(r"revision (\d+)")


def in_place(store: Store, segment_id: int) -> dict[str, Any]:
    """Who is behind a paragraph's current text: `written_by` (the author of the approved
    revision that set it), `approved_by` (who approved it), `revision` (that revision's id)
    and `at`. Before any change, the text is the imported one: nobody wrote or approved it
    here."""
    rows = store.history(segment_id)
    last = rows[-1] if rows else None
    if last is None or last["revision"] == 0:
        return {"written_by": None, "approved_by": None, "revision": None, "at": None}
    found = _FROM_REVISION.fullmatch(last["reason"] or "")
    author = None
    if found:
        try:
            author = store.revision(int(found.group(1)))["author"]
        except NotFound:
            author = None
    return {
        "written_by": author,
        "approved_by": last["set_by"],
        "revision": int(found.group(1)) if found else None,
        "at": last["set_at"],
    }


def _whose(now: dict[str, Any]) -> str:
    """ "ana's wording (revision 12), changed by eva's approval": who wrote the text now in
    place, and who put it there, as far as it is known."""
    written, approved = now["written_by"], now["approved_by"]
    which = f" (revision {now['revision']})" if now["revision"] is not None else ""
    wording = f"{written}'s wording{which}" if written else f"a new wording{which}"
    by = f"changed by {approved}'s approval" if approved else "changed by someone"
    return f"{wording}, {by}"


def _own_pending(store: Store, segment: dict[str, Any], user: str) -> dict[str, Any] | None:
    """`user`'s newest pending revision of the paragraph: id, text, note and whether it is
    stale (proposed on an older text than the paragraph's now), or None."""
    mine = store.revisions(segment_id=segment["id"], status="pending", author=user, limit=1)
    return _pending_json(mine[0], segment) if mine else None


def _pending_json(revision: dict[str, Any], segment: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": revision["id"],
        "text": revision["text"],
        "note": revision["note"] or "",
        "stale": revision["base_revision"] != segment["revision"],
    }


def _check_current(
    store: Store,
    segment: dict[str, Any],
    base_revision: int,
    text: str,
    *,
    proposal: int | None = None,
    user: str | None = None,
) -> None:
    """Refuse a save by `user` (or the approval of `proposal`) based on an older text of the
    paragraph, naming who wrote the text now in place and who approved it."""
    if segment["revision"] == base_revision:
        return
    now = in_place(store, segment["id"])
    whose = _whose(now)
    where = f"text revision {segment['revision']}"
    if base_revision > segment["revision"]:
        message = (
            f"this paragraph is at {where}, not {base_revision}: "
            "reload it and propose again from the current text"
        )
    elif proposal is None:
        message = (
            f"this paragraph now has {whose} after you opened it ({where}; you started from"
            f" {base_revision}): compare and propose again"
        )
    else:
        message = (
            f"this paragraph now has {whose} after revision {proposal} was proposed on text"
            f" revision {base_revision} ({where} now): compare, and propose again from the"
            " current text"
        )
    raise StaleRevision(
        message,
        now["approved_by"],
        segment["text"],
        text,
        written_by=now["written_by"],
        current_revision=segment["revision"],
        pending=_own_pending(store, segment, user) if user is not None else None,
    )


def _check_replaced(
    store: Store, segment: dict[str, Any], text: str, *, user: str, replaces: int | None
) -> list[dict[str, Any]]:
    """The author's pending revisions of the paragraph that a new proposal replaces.

    `replaces` is the pending revision the proposal continued (0: none; None: not said, as by
    clients before it existed, and then whatever is pending is replaced). A pending revision
    other than that one was proposed after the editor opened (another tab, another window):
    replacing it unseen would lose its wording, so the save is refused with it (409)."""
    pending = store.revisions(segment_id=segment["id"], status="pending", author=user)
    if replaces:
        try:
            continued = store.revision(replaces)
        except NotFound:
            continued = None
        if continued is None or (continued["segment_id"], continued["author"]) != (
            segment["id"],
            user,
        ):
            raise InputError(
                f"replaces: revision {replaces} is not a revision of yours of this paragraph"
            )
    unseen = [row for row in pending if row["id"] != replaces]
    if replaces is None or not unseen:
        return pending
    newest = unseen[0]
    since = f"replaced revision {replaces}, the one you continued," if replaces else "was proposed"
    message = (
        f"your pending revision {newest['id']} of this paragraph {since} after you opened it"
        " (in another tab or window): saving would replace it unseen. Compare, and propose"
        " again from it"
    )
    raise PendingReplaced(
        message,
        None,
        newest["text"],
        text,
        written_by=user,
        current_revision=segment["revision"],
        current_text=segment["text"],
        pending=_pending_json(newest, segment),
    )


@dataclass(frozen=True)
class Proposal:
    """A new pending revision, and the author's own pending ones it superseded (so that the
    author hears their earlier proposal was replaced, not lost without a word)."""

    revision: int
    replaced: list[int]


def propose(
    store: Store,
    segment_id: int,
    text: str,
    *,
    base_revision: int,
    user: str,
    note: str = "",
    alignment_id: int | None = None,
    replaces: int | None = None,
) -> int:
    """Store a pending revision of a paragraph (see `propose_replacing`); its id."""
    return propose_replacing(
        store,
        segment_id,
        text,
        base_revision=base_revision,
        user=user,
        note=note,
        alignment_id=alignment_id,
        replaces=replaces,
    ).revision


def propose_replacing(
    store: Store,
    segment_id: int,
    text: str,
    *,
    base_revision: int,
    user: str,
    note: str = "",
    alignment_id: int | None = None,
    replaces: int | None = None,
) -> Proposal:
    """Store a pending revision of a paragraph; it replaces the author's own pending one.

    The text is stored in NFC, as imported texts are; `alignment_id`, when given, is the
    alignment the paragraph was edited in: one of the paragraph's version. `replaces` is the
    author's pending revision the wording continued (0 when it continued none): another
    pending revision of theirs, proposed since, is then not replaced but refused
    (`PendingReplaced`, a 409). Without it (None), any pending one is replaced, as before."""
    _refuse_surrogates(text, "text")
    text = normal(text)
    if invisible(text):
        raise InputError("a revision needs some text (to drop a paragraph, edit the alignment)")
    if len(text) > MAX_TEXT:
        raise InputError(f"a revision is at most {MAX_TEXT:,} characters, not {len(text):,}")
    note = _short(note, "a note", "note")
    with store.transaction():
        segment = store.segment(segment_id)
        if segment["level"] != "paragraph":
            raise InputError(
                f"revisions are made on paragraphs: segment {segment_id} is a sentence of"
                f" paragraph {segment['parent_id']}"
            )
        if alignment_id is not None:
            _check_alignment(store, segment, alignment_id)
        _check_current(store, segment, base_revision, text, user=user)
        pending = _check_replaced(store, segment, text, user=user, replaces=replaces)
        if text == segment["text"]:
            raise InputError("the proposed text is the same as the current one")
        replaced = []
        for old in pending:
            store.decide_revision(old["id"], status="superseded", decided_by=user, decided_at=now())
            replaced.append(old["id"])
        revision_id = store.add_revision(
            {
                "segment_id": segment_id,
                "alignment_id": alignment_id,
                "base_revision": base_revision,
                "base_text": segment["text"],
                "text": text,
                "note": note or None,
                "status": "pending",
                "author": user,
            }
        )
        store.log_event(
            "revision.propose",
            "revision",
            revision_id,
            user=user,
            document_id=segment["document_id"],
            before={"text": segment["text"], "revision": segment["revision"]},
            after={"text": text},
        )
    return Proposal(revision_id, sorted(replaced))


def _check_alignment(store: Store, segment: dict[str, Any], alignment_id: int) -> None:
    """The alignment a revision names must hold the paragraph's version (NotFound when
    there is no such alignment at all)."""
    alignment = store.alignment(alignment_id)
    if segment["version_id"] not in (
        alignment["source_version_id"],
        alignment["target_version_id"],
    ):
        where = (
            "this paragraph's version"
            if alignment["document_id"] == segment["document_id"]
            else "this paragraph's document"
        )
        raise InputError(
            f"alignment {alignment_id} is not an alignment of {where}"
            f" (document {segment['document_id']}, version {segment['version_id']})"
        )


def comment(store: Store, revision_id: int, body: str, *, user: str) -> int:
    """Add to a revision's thread. A comment is typed as it is posted, so a control character
    other than tab and line breaks (or a lone surrogate) in it is refused, naming where, as a
    flag's comment is (`typed.typed_text`), not dropped as a proposal's pasted text is."""
    body = typed_text(body, field="comment", max_chars=MAX_COMMENT)
    if not body:
        raise InputError(f"a comment is 1 to {MAX_COMMENT:,} characters")
    with store.transaction():
        revision = store.revision(revision_id)
        comment_id = store.add_revision_comment(revision_id, user, body)
        store.log_event(
            "revision.comment",
            "revision",
            revision_id,
            user=user,
            document_id=revision["document_id"],
            after={"comment": body},
        )
    return comment_id


def _pending(store: Store, revision_id: int) -> dict[str, Any]:
    revision = store.revision(revision_id)
    if revision["status"] != "pending":
        raise Conflict(f"revision {revision_id} is {revision['status']} already")
    return revision


def approve(store: Store, revision_id: int, *, user: str) -> None:
    """Make the revision the paragraph's text (four-eyes rule; refused when stale)."""
    with store.transaction():
        revision = _pending(store, revision_id)
        if revision["author"] == user and not revision["allow_self_approval"]:
            raise PermissionDenied("nobody approves their own revision (four-eyes rule)")
        segment = store.segment(revision["segment_id"])
        _check_current(
            store, segment, revision["base_revision"], revision["text"], proposal=revision_id
        )
        resplit = set_text(
            store, segment, revision["text"], user=user, reason=f"revision {revision_id}"
        )
        store.decide_revision(revision_id, status="approved", decided_by=user, decided_at=now())
        # the re-split goes in the log: an undo of a link edit made before it maps the
        # sentence positions that edit recorded to where they are now (review.undo_last)
        store.log_event(
            "revision.approve",
            "revision",
            revision_id,
            user=user,
            document_id=revision["document_id"],
            before={"text": segment["text"]},
            after={"text": revision["text"], "sentences": resplit},
        )


def reject(
    store: Store, revision_id: int, *, user: str, reason_code: str, reason_text: str = ""
) -> None:
    if reason_code not in REJECT_REASONS:
        raise InputError(f"choose a reason: {', '.join(REJECT_REASONS)}")
    reason_text = _short(reason_text, "a reason", "reason_text")
    if invisible(reason_text):  # zero-width characters or bidi marks alone say nothing
        reason_text = ""
    if reason_code == "other" and not reason_text:
        raise InputError("say why the revision is rejected (reason_text: 'other' needs one)")
    with store.transaction():
        revision = _pending(store, revision_id)
        store.decide_revision(
            revision_id,
            status="rejected",
            decided_by=user,
            decided_at=now(),
            reason_code=reason_code,
            reason_text=reason_text or None,
        )
        store.log_event(
            "revision.reject",
            "revision",
            revision_id,
            user=user,
            document_id=revision["document_id"],
            before={"status": "pending"},
            after={"status": "rejected", "reason": reason_code, "text": reason_text},
        )


def withdraw(store: Store, revision_id: int, *, user: str) -> int:
    """Take back one's own pending proposal, so that no editor spends time on wording its author
    no longer stands by: 1 when withdrawn, 0 when it was withdrawn already (a retry changes
    nothing). Only the author withdraws, and only while it waits: a decided or superseded
    revision is history (409)."""
    with store.transaction():
        revision = store.revision(revision_id)
        if revision["author"] != user:
            raise PermissionDenied("only the author withdraws a revision")
        if revision["status"] == "withdrawn":
            return 0
        if revision["status"] != "pending":
            raise Conflict(f"revision {revision_id} is {revision['status']} already")
        store.decide_revision(revision_id, status="withdrawn", decided_by=user, decided_at=now())
        store.log_event(
            "revision.withdraw",
            "revision",
            revision_id,
            user=user,
            document_id=revision["document_id"],
            before={"status": "pending"},
            after={"status": "withdrawn"},
        )
    return 1


def approve_many(store: Store, revision_ids: list[int], *, user: str) -> dict[str, list[int]]:
    """Approve each revision on its own; report which were approved and which refused."""
    result: dict[str, list[int]] = {"approved": [], "refused": []}
    for revision_id in revision_ids:
        try:
            approve(store, revision_id, user=user)
            result["approved"].append(revision_id)
        except (Conflict, PermissionDenied):
            result["refused"].append(revision_id)
    return result


def revert(
    store: Store,
    segment_id: int,
    to_revision: int,
    *,
    user: str,
    base_revision: int,
    replaces: int | None = None,
) -> Proposal:
    """Propose an earlier text of the paragraph again, as a new revision. Like any proposal
    it replaces the author's own pending one; `replaces` (as for `propose_replacing`) is the
    one the page showed, 0 for none, so that one proposed since elsewhere is not replaced
    unseen."""
    history = store.history(segment_id)
    earlier = [h for h in history if h["revision"] == to_revision]
    if not earlier and not history and to_revision == 0:
        # a paragraph never changed has only its imported text, revision 0: the text now
        raise InputError("the paragraph is as it was imported (revision 0): nothing to revert")
    if not earlier:
        raise InputError(f"the paragraph has no revision {to_revision}")
    return propose_replacing(
        store,
        segment_id,
        earlier[0]["text"],
        base_revision=base_revision,
        user=user,
        note=f"revert to revision {to_revision}",
        replaces=replaces,
    )


def history(store: Store, segment_id: int) -> list[dict[str, Any]]:
    """Each text the paragraph had (the imported one first), newest last.

    Revision 0 is the text as its version came in: it is dated by the version's creation (its
    import) and credited to whoever imported it, however late the first change came. (Rows
    written before this was so carry the time of the first approval; they are shown with the
    import time too.) Sentences have no history of their own: their paragraph has it, so a
    sentence's is empty.
    """
    segment = store.segment(segment_id)
    if segment["level"] != "paragraph":
        return []
    origin = _origin(store.version(segment["version_id"]))
    rows = store.history(segment_id)
    if not rows:
        return [{"segment_id": segment_id, "revision": 0, "text": segment["text"], **origin}]
    return [
        {**row, **origin, "set_by": row["set_by"] or origin["set_by"]}
        if row["revision"] == 0
        else row
        for row in rows
    ]


def _origin(version: dict[str, Any]) -> dict[str, Any]:
    """Revision 0's who, when and why: the version's import (or its making from a comparison)."""
    reason = "made from a comparison" if version.get("format") == "comparison" else "imported"
    return {"set_by": version.get("created_by"), "set_at": version["created"], "reason": reason}


# -- what pages show --------------------------------------------------------------------------


def marks(store: Store, segment_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per paragraph: its current revision number and its pending revisions with their diffs
    (`stale` when the text moved on since the revision was proposed)."""
    current = store.segment_revisions(segment_ids)
    found: dict[int, dict[str, Any]] = {
        segment_id: {"revision": revision, "pending": []}
        for segment_id, revision in current.items()
    }
    for revision in store.pending_revisions_of(segment_ids):
        found[revision["segment_id"]]["pending"].append(
            {
                **revision,
                "changes": word_diff(revision["base_text"], revision["text"]),
                "stale": revision["base_revision"] != current[revision["segment_id"]],
            }
        )
    return found


def refusal_reason(store: Store, revision_id: int, user: str) -> str:
    """Why `approve` refuses (or would refuse) this revision for `user`, in a sentence."""
    revision = store.revision(revision_id)
    if revision["status"] != "pending":
        return f"it is {revision['status']} already"
    if revision["author"] == user and not revision["allow_self_approval"]:
        return "nobody approves their own revision (four-eyes rule)"
    if revision["base_revision"] != revision["current_revision"]:
        whose = _whose(in_place(store, revision["segment_id"]))
        return f"the paragraph now has {whose} after it was proposed"
    return "it could not be approved"


# -- changing a paragraph's text -----------------------------------------------------------


def set_text(
    store: Store, paragraph: dict[str, Any], text: str, *, user: str, reason: str
) -> dict[str, int]:
    """Change a paragraph's text and keep every alignment of its version valid.

    The paragraph's sentences are split again; later sentence positions, and the sentence
    links that point at them, move by the difference; the sentence links inside the
    paragraph link that holds this paragraph are aligned again. Confirmed (or edited) ones
    that still fit are kept, with who set them: those outside the paragraph, and those whose
    sentences of the paragraph kept their texts (found again in the new split, `Resplit`), so
    that a one-word fix in one sentence does not throw away a reviewer's work on the others;
    only links touching a changed sentence are aligned afresh. Paragraph links do not change:
    the paragraph is still the same unit.

    Returns the re-split, for the log: the version, the paragraph's position, its sentences
    before ([first, old_end)) and how many more it has now (`delta`), so that positions an
    earlier event recorded can be found again (`review.undo_last`), and the sentence links it
    took away (`links`: id, alignment and positions before), so that a URL naming one still
    finds its place (`review.successor`).
    """
    if not store.history(paragraph["id"]):
        origin = _origin(store.version(paragraph["version_id"]))
        store.add_history(
            paragraph["id"],
            0,
            paragraph["text"],
            origin["set_by"],
            origin["reason"],
            set_at=origin["set_at"],
        )
    revision = paragraph["revision"] + 1
    store.set_segment_text(paragraph["id"], text, revision)
    store.add_history(paragraph["id"], revision, text, user, reason)
    position = paragraph["position"]
    before = [sentence["text"] for sentence in store.sentences_of(paragraph["id"])]
    regions = []
    for alignment, side in store.alignments_of_version(paragraph["version_id"]):
        link = store.link_covering(alignment["id"], "paragraph", side, position)
        if link is None:
            continue
        s_range = store.sentence_range(alignment["source_version_id"], link.src_start, link.src_end)
        t_range = store.sentence_range(alignment["target_version_id"], link.tgt_start, link.tgt_end)
        inside = store.links_within(alignment["id"], "sentence", s_range, t_range)
        store.delete_links([sentence.id for sentence in inside])
        regions.append((alignment, side, link, inside))
    sentences = split_sentences(text, languages.primary(paragraph["language"])) or [text]
    first, old_end, delta = store.replace_sentences(paragraph, sentences)
    resplit = Resplit(first, old_end, delta, unchanged_sentences(before, sentences, first))
    for alignment, side, link, inside in regions:
        store.shift_sentence_links(alignment["id"], side, old_end, delta)
        kept = [_moved(s, side, resplit) for s in inside if s.status != "auto"]
        rows = review.sentence_links(
            store, alignment, [link.span], [k for k in kept if k is not None]
        )
        store.insert_links(alignment["id"], rows)
    return {
        "version_id": paragraph["version_id"],
        "paragraph": position,
        "first": first,
        "old_end": old_end,
        "delta": delta,
        "links": [_was(link) for _a, _s, _l, inside in regions for link in inside],
    }


def _was(link: LinkRow) -> dict[str, Any]:
    """Where a sentence link the re-split took away was, as an edit's event records a link it
    removed (id, alignment, level, positions), for a URL that names it (`review.successor`)."""
    return {
        "id": link.id,
        "alignment_id": link.alignment_id,
        "level": link.level,
        "src_start": link.src_start,
        "src_end": link.src_end,
        "tgt_start": link.tgt_start,
        "tgt_end": link.tgt_end,
    }


def unchanged_sentences(before: list[str], after: list[str], first: int) -> dict[int, int]:
    """Where each sentence whose text a re-split left as it was stands now: old position ->
    new position, for the longest run of equal texts in order (an LCS of the two lists of
    sentences, `first` being the paragraph's first sentence position). A sentence whose
    text changed, or that came or went, has no entry: a link that joined it is of a text
    that is no longer there."""
    same: dict[int, int] = {}
    for block in Indel.opcodes(before, after):
        if block.tag != "equal":
            continue
        for offset in range(block.src_end - block.src_start):
            same[first + block.src_start + offset] = first + block.dest_start + offset
    return same


@dataclass(frozen=True)
class Resplit:
    """A paragraph's sentences split again: they were [first, old_end), later ones moved by
    `delta`, and `same` maps each of its sentences whose text did not change to where it is
    now (`unchanged_sentences`)."""

    first: int
    old_end: int
    delta: int
    same: dict[int, int]

    def position(self, old: int) -> int | None:
        """Where the sentence at `old` is now; None when its text changed or it went."""
        if old < self.first:
            return old
        if old >= self.old_end:
            return old + self.delta
        return self.same.get(old)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the sentences [start, end) are now, when every one is still there, in a row
        (else None: a link over them would join other or changed texts). An empty side is a
        place between sentences: it stays after the sentence before it, if that one is."""
        if start == end:
            if start <= self.first:
                return start, start
            if start >= self.old_end:
                return start + self.delta, start + self.delta
            before = self.same.get(start - 1)
            return None if before is None else (before + 1, before + 1)
        now = [self.position(old) for old in range(start, end)]
        if now[0] is None or now != list(range(now[0], now[0] + len(now))):
            return None
        return now[0], now[0] + len(now)


def _moved(link: LinkRow, side: str, resplit: Resplit) -> LinkRow | None:
    """A kept sentence link after the change, at its sentences' new positions; None if it
    touched a sentence whose text changed (a confirmation was of the text as it was)."""
    if side == "source":
        found = resplit.span(link.src_start, link.src_end)
        return None if found is None else replace(link, src_start=found[0], src_end=found[1])
    found = resplit.span(link.tgt_start, link.tgt_end)
    return None if found is None else replace(link, tgt_start=found[0], tgt_end=found[1])
