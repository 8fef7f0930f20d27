"""An editor reviewing a revision that changes only characters nobody can see.

A zero-width space, a no-break space put for a space, a soft hyphen or a bidi override looks
like no change (or like the space it replaced) in a word diff. The revision page, the editor's
queue and the compare page name such characters by code point, so nothing is approved unseen;
a visible change (typographic quotes, a doubled space) is left to the diff alone.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, login
from tests.test_review import TARGET
from tests.test_revisions import aligned, target_paragraph  # noqa: F401  (fixture)
from workbench import revisions, services
from workbench.diff import invisible_changes, word_diff
from workbench.store import Store


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("And in", "And\u200b in", ["inserted U+200B ZERO WIDTH SPACE"]),
        ("And in", "And\u00a0in", ["inserted U+00A0 NO-BREAK SPACE"]),
        ("word", "wo\u00adrd", ["inserted U+00AD SOFT HYPHEN"]),
        ("abc", "a\u202ebc", ["inserted U+202E RIGHT-TO-LEFT OVERRIDE"]),
        ("a\u200bb c", "ab c", ["deleted U+200B ZERO WIDTH SPACE"]),
        ('He said "yes".', "He said \u201cyes\u201d.", []),
        ("a b", "a  b", []),
        ("one two", "one three", []),
    ],
)
def test_invisible_characters_are_named(old: str, new: str, named: list[str]) -> None:
    assert invisible_changes(word_diff(old, new)) == named


def test_a_quote_change_marks_only_the_quotes() -> None:
    changes = word_diff('He said "yes" today.', "He said \u201cyes\u201d today.")
    assert [(c.old, c.new) for c in changes if c.kind != "equal"] == [
        ('"', "\u201c"),
        ('"', "\u201d"),
    ]


@pytest.fixture
def unseen(store: Store, aligned: int) -> int:  # noqa: F811
    """A pending revision that only inserts a zero-width space."""
    paragraph = target_paragraph(store, aligned, 1)
    text = paragraph["text"].replace(" ", "\u200b ", 1)
    return revisions.propose(store, paragraph["id"], text, base_revision=0, user="tom")


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def test_the_revision_page_and_queue_name_an_invisible_change(
    client, db_path: Path, unseen: int
) -> None:
    add_user(db_path, "eva", "editor")
    login(client, "eva")
    revision = page(client.get(f"/revisions/{unseen}"))
    [note] = revision.find_class("invisible-changes")
    assert "inserted U+200B ZERO WIDTH SPACE" in note.text_content()
    queue = page(client.get("/queue?role=editor"))
    [row] = queue.xpath(f"//tr[@id='pending-{unseen}']")
    assert "U+200B ZERO WIDTH SPACE" in row.text_content()


def test_the_compare_page_names_an_invisible_difference(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    document = store.alignment(aligned)["document_id"]
    other = list(TARGET)
    other[1] = other[1].replace(" ", "\u00a0", 1)
    b = services.import_file(
        store,
        "\n\n".join(other).encode(),
        filename="b.txt",
        document_id=document,
        language="en",
        role="translation",
    ).versions[0]
    a = store.alignment(aligned)["target_version_id"]
    add_user(db_path, "eva", "editor")
    login(client, "eva")
    compared = page(client.get(f"/documents/{document}/compare?a={a}&b={b}&changed=1"))
    [row] = compared.xpath("//div[@role='row' and contains(@class, 'changed')]")
    assert "not visible: inserted U+00A0 NO-BREAK SPACE" in row.text_content()
