"""A confirmation holds for the text a reviewer saw: a file of ours whose text was changed in a
CAT tool comes back with that text unreviewed, whatever statuses the tool left in the file.

Our TMX and XLIFF exports fingerprint each unit's two texts, white space aside (TMX
`x-text-key`, XLIFF 2 `<mda:meta type="text-key">`). Where the fingerprint no longer fits, the
statuses we recorded there (TMX x-status and x-paragraph-status, XLIFF subState and
paragraph-status) are not taken: a TMX unit comes back `edited`, an XLIFF segment as its own
`state` says, at most `edited`. translate-toolkit plays the CAT tool: it rewrites the files as
a third-party tool does, keeping what it does not understand.
"""

from __future__ import annotations

import pytest
from translate.storage import tmx as tk_tmx
from translate.storage import xliff2 as tk_xliff2

from tests.test_export_sentence_paragraphs import IN_PARAGRAPH_LINK, declaration, exported
from workbench import review, services
from workbench.store import Store

__all__ = ["declaration"]  # a fixture


def revised(data: bytes, fmt: str, unit: int, text: str) -> bytes:
    """The file with one unit's target replaced, as a translator's CAT tool saves it."""
    store = (tk_tmx.tmxfile if fmt == "tmx" else tk_xliff2.Xliff2File).parsestring(data)
    store.units[unit].target = text
    return bytes(store)


def relaid(data: bytes) -> bytes:
    """The same file with every target's spaces laid out again (a tool's pretty-printing)."""
    return data.replace(b". ", b".\n    ")


def imported(store: Store, data: bytes, fmt: str) -> list[tuple[str, str | None]]:
    filename = "back.tmx" if fmt == "tmx" else "back.xlf"
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    return [(link.status, link.set_by) for link in store.links(result.alignment, "paragraph")]


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_a_confirmed_paragraph_changed_in_a_cat_tool_comes_back_unconfirmed(
    store: Store, declaration: int, fmt: str
) -> None:
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [link.id for link in links], user="rita")
    data = exported(store, declaration, fmt, level="paragraph")
    assert imported(store, data, fmt) == [("confirmed", "rita")] * 5
    changed = revised(data, fmt, 1, "All human beings are born free and equal, truly.")
    assert imported(store, changed, fmt) == [
        ("confirmed", "rita"),
        ("edited", "cli"),  # the text rita confirmed is not this one: the importer's edit
        ("confirmed", "rita"),
        ("confirmed", "rita"),
        ("confirmed", "rita"),
    ]


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_at_sentence_level_one_changed_sentence_unconfirms_its_paragraph_link(
    store: Store, declaration: int, fmt: str
) -> None:
    """The paragraph links were confirmed, their sentence links not: each unit carries the
    paragraph link's status, which is taken only where none of its sentences changed; where one
    did, the paragraph link is as settled as its sentence links (the changed one edited, the
    others automatic)."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [link.id for link in links], user="rita")
    data = exported(store, declaration, fmt)
    # the third sentence link lies in paragraph link 2 (a TMX unit per sentence link; an
    # XLIFF unit per paragraph link, its target the paragraph's)
    unit = 2 if fmt == "tmx" else 1
    assert IN_PARAGRAPH_LINK[2] == 2
    text = "They should act towards each other as brothers."
    if fmt == "xliff":
        text = "All human beings are born free and equal in dignity and rights. " + text
    changed = revised(data, fmt, unit, text)
    assert imported(store, changed, fmt) == [
        ("confirmed", "rita"),
        ("auto", None),  # as its sentence links are, the changed one and two automatic
        ("confirmed", "rita"),
        ("confirmed", "rita"),
        ("confirmed", "rita"),
    ]


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_white_space_laid_out_again_changes_nothing(
    store: Store, declaration: int, fmt: str, level: str
) -> None:
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [links[0].id, links[1].id], user="rita")
    data = exported(store, declaration, fmt, level=level)
    assert relaid(data) != data
    expected = [("confirmed", "rita")] * 2 + [("auto", None)] * 3
    assert imported(store, data, fmt) == expected
    assert imported(store, relaid(data), fmt) == expected


def test_a_memory_read_the_other_way_round_keeps_its_statuses(
    store: Store, declaration: int
) -> None:
    """Read with its target language as the source, the unchanged units still fit their keys."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [links[0].id], user="rita")
    data = exported(store, declaration, "tmx", level="paragraph")
    result = services.import_file(
        store, data, filename="back.tmx", language="en", target_language="sq", user="cli"
    )
    assert result.alignment is not None
    statuses = [link.status for link in store.links(result.alignment, "paragraph")]
    assert statuses == ["confirmed", "auto", "auto", "auto", "auto"]
