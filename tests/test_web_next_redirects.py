"""Where a form or the login page sends the browser next (`next`): a path on this site, or
the page it would go to without one. A `next` holding a line break, a tab, a space or any other
control character, a backslash, or anything but a local path is dropped, never put in the
Location header (a line break there was a 500 after the action was done) nor used to send the
browser to another site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import add_user, csrf_from, login
from workbench import flags
from workbench.store import Store
from workbench.web import create_app
from workbench.web.forms import local_path

#: Targets that are no path on this site, or that no header may carry.
BAD_TARGETS = [
    "/documents/1/flags\r\nX-Evil: 1",
    "/\r\nX:1",
    "/documents\n",
    "/documents/1/flags\r",
    "/documents/1/flags\tx",
    "/documents/1/flags x",
    "/documents/1/flags\x00",
    "/documents/1/flags\x7f",
    "/documents/1/flags\u2028",
    "/documents/1/flags\u202e",
    " /documents/1/flags",
    "//evil.example/documents/",
    "/\\evil.example",
    "/documents/\\\\evil.example",
    "https://evil.example/documents/1",
    "javascript:alert(1)",
    "documents/1/flags",
    "",
]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_a_next_that_is_no_clean_local_path_is_refused(target: str) -> None:
    assert local_path(target) is None


@pytest.mark.parametrize(
    "target",
    ["/", "/documents/1", "/documents/1/flags?status=open&page=2", "/search?q=%C3%BCber"],
)
def test_a_local_path_is_kept_as_it_is(target: str) -> None:
    assert local_path(target) == target


def test_a_next_outside_the_place_a_form_allows_is_refused() -> None:
    assert local_path("/documents/1/flags", under="/documents/") == "/documents/1/flags"
    assert local_path("/users", under="/documents/") is None
    assert local_path(None) is None
    assert local_path(["/documents/1"]) is None


# -- the flag forms ---------------------------------------------------------------------------


@pytest.fixture
def flagged(corpus: Path) -> int:
    """The demo, with one flag on the first link of the UDHR (document 1); its id."""
    store = Store(corpus)
    try:
        link = store.links(1)[0]
        flag = flags.raise_flag(
            store, 1, link_id=link.id, category="style", severity="minor", user="rita"
        )
        return flag["id"]
    finally:
        store.close()


def thread(db_path: Path, flag_id: int) -> list[str]:
    store = Store(db_path)
    try:
        return [comment["body"] for comment in flags.flag_json(store, flag_id)["thread"]]
    finally:
        store.close()


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_a_comment_with_a_bad_next_is_added_once_and_goes_back_to_the_flags_page(
    corpus: Path, flagged: int, target: str
) -> None:
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    token = login(client, "reviewer", "reviewer-demo")
    response = client.post(
        f"/flags/{flagged}/comments",
        headers={"Accept": "text/html"},
        data={"csrf_token": token, "body": "Agreed.", "next": target},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == f"/documents/1/flags#flag-{flagged}"
    assert thread(corpus, flagged) == ["Agreed."]


def test_a_status_change_with_a_line_break_in_next_goes_back_to_the_flags_page(
    corpus: Path, flagged: int
) -> None:
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    token = login(client, "reviewer", "reviewer-demo")
    response = client.post(
        f"/flags/{flagged}/status",
        headers={"Accept": "text/html"},
        data={"csrf_token": token, "status": "resolved", "next": "/documents/1/flags\r\nX: 1"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == f"/documents/1/flags#flag-{flagged}"
    assert "X" not in response.headers


def test_a_comment_form_still_goes_back_to_the_page_it_came_from(
    corpus: Path, flagged: int
) -> None:
    client = create_app({"TESTING": True, "DATABASE": str(corpus)}).test_client()
    token = login(client, "reviewer", "reviewer-demo")
    back = "/documents/1/flags?status=open&severity=minor"
    response = client.post(
        f"/flags/{flagged}/comments",
        headers={"Accept": "text/html"},
        data={"csrf_token": token, "body": "Agreed.", "next": back},
    )
    assert response.headers["Location"] == f"{back}#flag-{flagged}"


# -- logging in -------------------------------------------------------------------------------


def log_in(client, target: str):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        query_string={"next": target},
        data={"username": "ana", "password": "password-1", "csrf_token": token},
    )


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_logging_in_with_a_bad_next_lands_on_the_documents_page(
    client, db_path: Path, target: str
) -> None:
    add_user(db_path, "ana", "editor")
    response = log_in(client, target)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200, "logged in all the same"


def test_logging_in_goes_on_to_the_page_asked_for(client, db_path: Path) -> None:
    add_user(db_path, "ana", "editor")
    response = log_in(client, "/documents/1/flags?status=open")
    assert response.headers["Location"] == "/documents/1/flags?status=open"


def test_a_link_with_a_line_break_that_needs_a_login_ends_on_the_documents_page(
    client, db_path: Path
) -> None:
    add_user(db_path, "ana", "editor")
    sent = client.get("/documents%0D%0AX:1")
    assert sent.status_code == 302
    login_page = sent.headers["Location"]
    assert login_page.startswith("/login?next=")
    token = csrf_from(client.get(login_page).get_data(as_text=True))
    response = client.post(
        login_page, data={"username": "ana", "password": "password-1", "csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
