"""Migration m015: an edition keeps its segments and how far the flags had got when published."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.migrations import migrations


@migrations()
def m015_edition_segments(db: Database) -> None:
    """An edition stored its links' texts joined, and its exports took the rest from today's
    segments where those still held its text: after a revision had moved sentences, a
    sentence-level export lost its paragraphs, its headings and the places of its notes, and a
    flag raised in the second of publication counted as raised before it.

    `edition_segments`: each paragraph an edition's paragraph links hold, per side, and each
    sentence of those paragraphs, as they stood at publication: its text, its paragraph's
    position and kind, and for a sentence the white space before it in its paragraph.
    `edition_state`: how many paragraphs and sentences each text had, and the last flag, flag
    comment and event there were (ids only grow: what came after has a larger one).

    Editions published before have neither (nothing can tell what their segments were once
    revised): their exports read today's segments, as before. Both tables are immutable, as
    editions are."""
    db["edition_segments"].create(
        {
            "id": int,
            "edition_id": int,
            "side": str,  # source | target
            "level": str,  # paragraph | sentence
            "position": int,
            "paragraph": int,  # its paragraph's position (a paragraph's own)
            "kind": str,  # its paragraph's kind: paragraph | heading
            "space": str,  # a sentence's white space before it in its paragraph ("" first)
            "text": str,
        },
        pk="id",
        foreign_keys=[("edition_id", "editions", "id")],
        not_null={"edition_id", "side", "level", "position", "text"},
    )
    db["edition_segments"].create_index(["edition_id", "side", "level", "position"], unique=True)
    db["edition_segments"].create_index(["edition_id", "side", "level", "paragraph"])
    db["edition_state"].create(
        {
            "edition_id": int,
            "source_paragraphs": int,
            "target_paragraphs": int,
            "source_sentences": int,
            "target_sentences": int,
            "last_flag_id": int,
            "last_flag_comment_id": int,
            "last_event_id": int,
        },
        pk="edition_id",
        foreign_keys=[("edition_id", "editions", "id")],
        not_null={
            "source_paragraphs",
            "target_paragraphs",
            "source_sentences",
            "target_sentences",
            "last_flag_id",
            "last_flag_comment_id",
            "last_event_id",
        },
    )
    for table in ("edition_segments", "edition_state"):
        for event in ("update", "delete"):
            db.execute(
                f"create trigger {table}_no_{event} before {event} on {table}"
                " begin select raise(abort, 'editions are immutable'); end"
            )
