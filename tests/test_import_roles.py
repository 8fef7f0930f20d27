"""A bilingual file says no more than the person importing it may say here.

A file can carry a review: links marked confirmed by a named reviewer, flags raised and
answered by named people (our own exports write them; CAT tools write statuses and comments).
Brought in by someone who may confirm links and raise flags (an editor), all of it comes back.
Brought in by a translator, who may do neither on the review page or through the API, it
comes in as a translator's work: its links edited in the translator's name, waiting for a
reviewer, and its comments not raised as flags, with a note saying so. Otherwise one upload
would make links "confirmed by" the editor and flags "by" the admin that no one made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import add_user, api_upload, upload
from tests.test_import_file_comments import exported, flagged_document
from workbench.exports.base import ExportOptions
from workbench.store import Store


@pytest.fixture
def reviewed_file(db_path: Path) -> dict[str, bytes]:
    """Our own exports of a document whose links are confirmed and flagged (by `importer`,
    `rita` and `tom`), in TMX and XLIFF, paragraph and sentence level."""
    from workbench import export

    store = Store(db_path)
    try:
        alignment = flagged_document(store)
        document = store.alignment(alignment)["document_id"]
        sentences = export.build(store, document, options=ExportOptions(level="sentence"))
        return {
            "record.tmx": exported(store, alignment, "tmx"),
            "record.xlf": exported(store, alignment, "xliff"),
            "sentences.tmx": b"".join(export.exporter("tmx").write(sentences)),
        }
    finally:
        store.close()


def stored(db_path: Path, alignment: int) -> dict:
    store = Store(db_path)
    try:
        return {
            "links": [(link.status, link.set_by) for link in store.links(alignment)],
            "sentences": {
                (link.status, link.set_by) for link in store.links(alignment, "sentence")
            },
            "flags": [(f["created_by"], f["status"]) for f in store.flags(alignment_id=alignment)],
        }
    finally:
        store.close()


@pytest.mark.parametrize("filename", ["record.tmx", "record.xlf", "sentences.tmx"])
def test_a_translators_import_comes_in_edited_in_their_name_without_flags(
    client, db_path: Path, reviewed_file: dict[str, bytes], filename: str
) -> None:
    add_user(db_path, "translator1", "translator")
    response = api_upload(client, db_path, reviewed_file[filename], filename)
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["links"] == {"edited": 2} and answer["flags"] == 0
    found = stored(db_path, answer["alignment"])
    assert found["links"] == [("edited", "translator1")] * 2
    assert "confirmed" not in {status for status, _ in found["sentences"]}
    assert {by for _, by in found["sentences"]} <= {"translator1", None}
    assert found["flags"] == []
    notes = " ".join(answer["notes"])
    assert "2 links the file marks confirmed came in edited" in notes
    if filename != "sentences.tmx":  # the sentence-level export was made without notes
        assert "comments in the file not raised as flags: your role may not raise flags" in notes


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_an_editors_import_brings_the_files_review_back_as_it_was(
    client, db_path: Path, reviewed_file: dict[str, bytes], role: str
) -> None:
    add_user(db_path, f"{role}1", role)
    response = api_upload(client, db_path, reviewed_file["record.tmx"], "record.tmx", f"{role}1")
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["links"] == {"confirmed": 2} and answer["flags"] == 2
    found = stored(db_path, answer["alignment"])
    assert found["links"] == [("confirmed", "importer")] * 2
    assert sorted(found["flags"]) == [("rita", "open"), ("rita", "resolved")]
    assert not any("your role" in note for note in answer["notes"])


def test_the_upload_form_tells_a_translator_what_was_held_back(
    client, as_role, db_path: Path, reviewed_file: dict[str, bytes]
) -> None:
    token = as_role("translator")
    page = upload(client, token, reviewed_file["record.xlf"], "record.xlf")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 links: 2 edited" in text
    assert "2 links the file marks confirmed came in edited: your role may not confirm" in text
    assert "not raised as flags: your role may not raise flags" in text
