"""Yes/no fields read one way everywhere: 1, true, on, yes (any case) are yes; 0, false, off, no
and an empty field are no; absent is no; anything else is a 400 naming the field. A script
that sent `one_per_line=0` to the API got one segment per line, because any text was a yes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import add_user, login
from tests.test_export_web import aligned_document
from workbench.errors import InputError
from workbench.store import Store
from workbench.users import issue_token
from workbench.web import create_app
from workbench.web.forms import JsonObject, boolean

WRAPPED = b"A hard-wrapped paragraph\nthat goes on\nand ends.\n\nA second one\nwrapped too.\n"
YES = ("1", "true", "on", "yes", "TRUE", " Yes ")
NO = ("0", "false", "off", "no", "", "OFF")


@pytest.fixture
def api(db_path: Path) -> tuple[Any, dict[str, str]]:
    """A client and a translator's API headers."""
    add_user(db_path, "tina", "translator")
    store = Store(db_path)
    try:
        token = issue_token(store, "tina")
    finally:
        store.close()
    client = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    return client, {"Authorization": f"Bearer {token}"}


def import_wrapped(api: tuple[Any, dict[str, str]], **fields: str) -> Any:
    client, headers = api
    data = {"file": (io.BytesIO(WRAPPED), "w.txt"), "lang": "en", "title": "wrapped", **fields}
    return client.post("/api/v1/documents", data=data, headers=headers)


def paragraphs(response: Any) -> int:
    assert response.status_code == 201, response.get_data(as_text=True)
    [count] = response.get_json()["paragraphs"].values()
    return count


@pytest.mark.parametrize("value", YES)
def test_one_per_line_is_on_for_every_spelling_of_yes(api, value: str) -> None:
    assert paragraphs(import_wrapped(api, one_per_line=value)) == 5


@pytest.mark.parametrize("value", NO)
def test_one_per_line_is_off_for_every_spelling_of_no(api, value: str) -> None:
    assert paragraphs(import_wrapped(api, one_per_line=value)) == 2
    assert paragraphs(import_wrapped(api)) == 2, "absent: off"


@pytest.mark.parametrize("value", ["2", "maybe", "ja", "yes please"])
def test_any_other_value_is_refused_naming_the_field(api, value: str) -> None:
    response = import_wrapped(api, one_per_line=value)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "one_per_line" in message and f"'{value}'" in message


def test_the_upload_form_refuses_it_on_the_page(client, db_path) -> None:
    add_user(db_path, "tina", "translator")
    token = login(client, "tina")
    data = {
        "file": (io.BytesIO(WRAPPED), "w.txt"),
        "lang": "en",
        "one_per_line": "maybe",
        "csrf_token": token,
    }
    response = client.post("/documents/upload", data=data)
    assert response.status_code == 400
    assert "one_per_line must be one of" in response.get_data(as_text=True)


def test_export_options_read_the_same_way(client, db_path, as_role) -> None:
    document, _ = aligned_document(db_path)
    as_role("editor")
    url = f"/documents/{document}/export?format=csv&edition=draft"
    plain = client.get(url).get_data(as_text=True)
    for no in NO:
        assert client.get(f"{url}&flags={no}&excel={no}").get_data(as_text=True) == plain
    with_notes = client.get(f"{url}&flags=yes").get_data(as_text=True)
    assert with_notes.splitlines()[0].endswith(",notes") and not plain.startswith("\ufeff")
    assert client.get(f"{url}&excel=On").get_data(as_text=True).startswith("\ufeff")
    for name in ("flags", "approved", "excel"):
        refused = client.get(f"{url}&{name}=2")
        assert refused.status_code == 400 and name in refused.get_data(as_text=True)


def test_the_glossary_export_reads_excel_the_same_way(client, db_path, as_role) -> None:
    document, _ = aligned_document(db_path)
    as_role("editor")
    url = f"/documents/{document}/glossary.csv"
    assert client.get(f"{url}?excel=0").get_data() == client.get(url).get_data()
    refused = client.get(f"{url}?excel=sure")
    assert refused.status_code == 400 and "excel" in refused.get_data(as_text=True)


def test_json_takes_booleans_and_refuses_other_types() -> None:
    assert boolean({"x": True}, "x") is True and boolean({"x": False}, "x") is False
    assert boolean({}, "x") is False and boolean({}, "x", default=True) is True
    for wrong in (None, 1, 0, [], {}):
        with pytest.raises(InputError, match=r"x must be one of .* not (null|a number|an)"):
            boolean({"x": wrong}, "x")


def test_a_json_body_takes_only_json_booleans() -> None:
    """In JSON "false" is a string: read as a yes or a no, it says what the sender did not."""
    assert boolean(JsonObject({"x": True}), "x") is True
    for wrong in ("true", "false", "1", "no"):
        with pytest.raises(
            InputError, match=rf'x must be true or false, not a string \("{wrong}"\)'
        ):
            boolean(JsonObject({"x": wrong}), "x")


def test_publishing_through_the_api_refuses_require_clean_as_a_string(db_path: Path) -> None:
    _document, alignment = aligned_document(db_path)
    add_user(db_path, "eddie", "editor")
    store = Store(db_path)
    try:
        token = issue_token(store, "eddie")
    finally:
        store.close()
    client = create_app({"TESTING": True, "DATABASE": str(db_path)}).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/alignments/{alignment}/editions"
    for sent in ("true", "false"):
        refused = client.post(url, json={"require_clean": sent}, headers=headers)
        assert refused.status_code == 400
        assert "require_clean must be true or false" in refused.get_json()["error"]["message"]
    listed = client.get(f"/api/v1/editions?alignment={alignment}", headers=headers).get_json()
    assert listed["total"] == 0
    assert client.post(url, json={"require_clean": False}, headers=headers).status_code == 201
