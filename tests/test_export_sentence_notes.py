"""At sentence level, a note on words goes with the sentence that holds them.

A flag raised on quoted words knows its paragraph and where in it the words stand; a
sentence-level export attached it to the paragraph's first sentence, so a reader looked for
"Enver Hoxha" in a sentence about Monday.
"""

from __future__ import annotations

import json

from tests.test_formats_exchange import tmx, tu
from tests.test_formats_roundtrip import import_units
from workbench import export, flags
from workbench.exports.base import ExportOptions
from workbench.store import Store

SOURCE = "Delegacioni arriti të hënën. Ai takoi Enver Hoxhën të martën. Pastaj iku."
TARGET = "The delegation arrived on Monday. It met Enver Hoxha on Tuesday. Then it left."


def sentence_notes(store: Store, alignment: int) -> list[tuple[str, list[str]]]:
    """(target sentence, its notes' quotes) of each sentence link of a draft with notes."""
    document = store.alignment(alignment)["document_id"]
    options = ExportOptions(level="sentence", flags=True)
    data = export.build(store, document, options=options)
    found = json.loads(b"".join(export.exporter("json").write(data)))
    return [
        (link["target"], [n["quote"] for n in link.get("notes", [])]) for link in found["links"]
    ]


def test_a_note_on_words_goes_with_the_sentence_holding_them(store: Store) -> None:
    alignment = import_units(store, tmx(tu(sq=SOURCE, en=TARGET), srclang="sq"))
    link = store.links(alignment)[0].id
    for side, quote in (("target", "Enver Hoxha"), ("target", "left"), ("source", "hënën")):
        flags.raise_flag(
            store,
            alignment,
            category="terminology",
            severity="minor",
            link_id=link,
            side=side,
            quote=quote,
            user="rita",
        )
    flags.raise_flag(
        store, alignment, category="style", severity="minor", link_id=link, user="rita"
    )
    assert sentence_notes(store, alignment) == [
        ("The delegation arrived on Monday.", ["hënën", None]),  # the whole link: its start
        ("It met Enver Hoxha on Tuesday.", ["Enver Hoxha"]),
        ("Then it left.", ["left"]),
    ]
