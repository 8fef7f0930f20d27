"""A paragraph's history and refused approvals, through the Flask test client on a real file.

- Revision 0 of a paragraph is its imported text: the history dates it by the import (the
  version's creation) however much later the first approval came.
- An approval refused because the paragraph moved on names who wrote the text now in place
  and who approved it, not only the approver.
- History is kept per paragraph: a sentence's history page is its paragraph's (a redirect),
  so there is never a form that cannot work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_editions_web as editions_web
from tests import test_web_revisions as web
from tests.test_web_revisions import paragraph, post, propose, tree, use
from workbench import revisions
from workbench.store import Store

IMPORTED_AT = "2020-01-02T03:04:05Z"
aligned, people = web.aligned, web.people  # fixtures: an aligned pair, logged-in clients
two_documents = editions_web.two_documents  # fixture: editions 1 and 2 of one alignment


def imported_long_ago(db_path: Path, alignment: int) -> int:
    """Date the import of the alignment's target version in the past; its id."""

    def backdate(store: Store) -> int:
        version = store.alignment(alignment)["target_version_id"]
        with store.transaction():
            store.db.execute("update versions set created = ? where id = ?", [IMPORTED_AT, version])
        return version

    return use(db_path, backdate)


def history_rows(client, segment: int) -> list[list[str]]:
    page = tree(client.get(f"/segments/{segment}/history"))
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")][:5]
        for row in page.xpath("//table[@class='history']/tbody/tr")
    ]


# -- revision 0 is dated by the import ----------------------------------------------------------


def test_the_imported_text_keeps_its_import_time_after_the_first_approval(
    people,
    aligned,
    db_path,
) -> None:
    imported_long_ago(db_path, aligned)
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)
    before = history_rows(translator, segment["id"])
    assert before == [["0 current", segment["text"], "translator1", IMPORTED_AT, "imported"]], (
        "never changed: the import, by whoever imported it"
    )
    proposed = propose(translator, t_token, segment["id"], "Everyone has every right.")
    approved = post(editor, e_token, f"/revisions/{proposed.json['revision']}/approve")
    assert approved.status_code == 200
    rows = history_rows(translator, segment["id"])
    assert rows[0] == ["0", segment["text"], "translator1", IMPORTED_AT, "imported"]
    assert rows[1][0] == "1 current" and rows[1][2] == "editor1"
    assert rows[1][3] > IMPORTED_AT, "the approval has its own time"
    stored = use(db_path, lambda store: store.history(segment["id"]))
    assert stored[0]["set_at"] == IMPORTED_AT, "written with the import time"


def test_a_history_recorded_with_the_approval_time_shows_the_import_time(
    db_path,
    aligned,
) -> None:
    """Databases written before the fix hold revision 0 with the first approval's time."""
    imported_long_ago(db_path, aligned)

    def old_style(store: Store) -> list[dict]:
        segment = paragraph(db_path, aligned, 5)
        with store.transaction():
            store.add_history(segment["id"], 0, segment["text"], None, "imported", set_at="2026")
        return revisions.history(store, segment["id"])

    [row] = use(db_path, old_style)
    assert (row["revision"], row["set_at"], row["reason"]) == (0, IMPORTED_AT, "imported")


# -- a refused approval says whose text is in place ----------------------------------------------


def test_a_stale_approval_names_who_wrote_the_text_now_in_place_and_who_approved_it(
    people,
    aligned,
    db_path,
) -> None:
    ana, ana_token = people("ana", "translator")
    tom, tom_token = people("tom", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)
    first = propose(ana, ana_token, segment["id"], "Each person is entitled to all the rights.")
    second = propose(tom, tom_token, segment["id"], "Everyone is entitled to every right.")
    ana_rid, tom_rid = first.json["revision"], second.json["revision"]
    assert post(editor, e_token, f"/revisions/{ana_rid}/approve").status_code == 200

    refused = post(editor, e_token, f"/revisions/{tom_rid}/approve")
    assert refused.status_code == 409
    body = refused.json["error"]
    assert (body["written_by"], body["changed_by"]) == ("ana", "editor1")
    assert f"ana's wording (revision {ana_rid}), changed by editor1's approval" in body["message"]
    assert f"after revision {tom_rid} was proposed on text revision 0" in body["message"]

    form = post(editor, e_token, f"/revisions/{tom_rid}/approve", as_json=False)
    assert form.status_code == 409
    [message] = tree(form).xpath("//span[@class='refusal-message']")
    assert f"ana's wording (revision {ana_rid})" in message.text_content()

    bulk = post(editor, e_token, "/revisions/approve", ids=[tom_rid])
    assert bulk.json["refused"] == [tom_rid]
    assert f"ana's wording (revision {ana_rid})" in bulk.json["why"][str(tom_rid)]

    again = propose(tom, tom_token, segment["id"], "Everybody.")
    assert again.status_code == 409 and again.json["error"]["written_by"] == "ana"
    assert "after you opened it" in again.json["error"]["message"]
    assert paragraph(db_path, aligned, 3)["text"] == "Each person is entitled to all the rights."


# -- history is per paragraph ---------------------------------------------------------------------


def test_a_sentences_history_is_its_paragraphs(
    people,
    aligned,
    db_path,
) -> None:
    translator, t_token = people("translator1", "translator")
    segment = paragraph(db_path, aligned, 1)
    sentences = use(db_path, lambda store: store.sentences_of(segment["id"]))
    assert len(sentences) == 2
    second = sentences[1]["id"]

    response = translator.get(f"/segments/{second}/history?alignment={aligned}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/segments/{segment['id']}/history?alignment={aligned}"
    page = tree(translator.get(response.headers["Location"]))
    assert " ".join(page.findtext(".//h1").split()).startswith("History of ¶ 2")
    [form] = page.xpath("//form[@class='propose']")
    assert form.get("action") == f"/segments/{segment['id']}/revisions"

    refused = propose(translator, t_token, second, "They have reason.")
    assert refused.status_code == 400
    assert f"is a sentence of paragraph {segment['id']}" in refused.json["error"]["message"]
    assert use(db_path, lambda store: revisions.history(store, second)) == []
    assert translator.get("/segments/99999/history").status_code == 404


@pytest.mark.parametrize(
    ("changed", "kinds"), [("Yes", ["changed"]), ("no", ["same"] * 3 + ["changed"])]
)
def test_an_edition_diff_shows_changed_rows_only_for_a_yes(
    client, as_role, two_documents: dict, changed: str, kinds: list[str]
) -> None:
    as_role("translator")
    url = f"/editions/{two_documents['first']}/diff/{two_documents['second']}?changed={changed}"
    response = client.get(url)
    assert response.status_code == 200
    shown = editions_web.page(response).xpath("//span[@class='row-kind']/text()")
    assert shown == kinds


def test_an_edition_diff_refuses_changed_that_is_neither_a_yes_nor_a_no(
    client, as_role, two_documents: dict
) -> None:
    """`?changed=maybe` showed every row as if it said no; a typo is said, not hidden."""
    as_role("translator")
    url = f"/editions/{two_documents['first']}/diff/{two_documents['second']}?changed=maybe"
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("changed must be one of 1, true")
