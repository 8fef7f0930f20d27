"""Export fields a format (or an edition) would ignore are refused on the web and in the API,
as the CLI refuses such options: a script that asks for Excel's CSV in a PDF, facing pages in
TMX or a draft's confirmed links only in an edition would otherwise believe it got them. The
400 names the field as it was sent (`excel`, `layout`, `approved`). The export menu disables
such fields, so a person never sends them."""

from __future__ import annotations

import pytest

from tests import test_api as shared
from tests.browser import Session, browser_fixture  # noqa: F401 (fixture)
from tests.test_api_exports import publish, web_client
from tests.test_browser_export import exports_page, live_fixture, session_fixture  # noqa: F401

api = shared.api
error_of = shared.error_of

IGNORED = [
    ("format=pdf&excel=1", "excel is for csv and tsv, not pdf: leave it out"),
    ("format=json&excel=yes", "excel is for csv and tsv, not json: leave it out"),
    ("format=tmx&layout=facing", "layout is for html and pdf, not tmx: leave it out"),
    ("format=docx&layout=columns", "layout is for html and pdf, not docx: leave it out"),
    ("format=csv&layout=facing", "layout is for html and pdf, not csv: leave it out"),
]
APPROVED = "approved is for a draft: an edition holds confirmed links only"


@pytest.mark.parametrize(("query", "message"), IGNORED)
def test_an_option_the_format_ignores_is_refused_by_every_download(
    api, query: str, message: str
) -> None:
    client, headers = api
    edition = publish(client, headers["editor"])
    h = headers["translator"]
    assert error_of(client.get(f"/api/v1/documents/1/export?{query}", headers=h), 400) == message
    url = f"/api/v1/editions/{edition['id']}/export?{query}"
    assert error_of(client.get(url, headers=h), 400) == message
    web = web_client(client)
    page = web.get(f"/documents/1/export?{query}&edition=1")
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    menu = web.get(f"/documents/1/export?{query}&progress=page", headers={"Accept": "text/html"})
    assert menu.status_code == 400 and message in menu.get_data(as_text=True)


def test_a_background_job_is_refused_the_same_fields(api) -> None:
    client, _headers = api
    web = web_client(client)
    token = web.get("/documents/1/exports").get_data(as_text=True)
    csrf = token.split('name="csrf-token" content="')[1].split('"')[0]
    response = web.post(
        "/documents/1/export/jobs",
        data={"format": "pdf", "excel": "1"},
        headers={"X-CSRF-Token": csrf, "Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == IGNORED[0][1]


def test_confirmed_links_only_is_refused_for_an_edition(api) -> None:
    client, headers = api
    edition = publish(client, headers["editor"])
    h = headers["reviewer"]
    url = "/api/v1/documents/1/export?format=csv&edition=1&approved=1"
    assert error_of(client.get(url, headers=h), 400) == APPROVED
    url = f"/api/v1/editions/{edition['id']}/export?format=csv&approved=yes"
    assert error_of(client.get(url, headers=h), 400) == APPROVED
    page = web_client(client).get("/documents/1/export?format=csv&edition=1&approved=on")
    assert page.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "format=csv&excel=1",
        "format=tsv&excel=true",
        "format=html&layout=facing",
        "format=pdf&layout=columns&excel=0",  # a no is no option asked for
        "format=csv&approved=1",  # a draft of confirmed links only
        "format=csv&edition=draft&approved=1",
        "format=csv&edition=1&approved=0",
    ],
)
def test_options_the_format_uses_are_taken(api, query: str) -> None:
    client, headers = api
    publish(client, headers["editor"])
    response = client.get(f"/api/v1/documents/1/export?{query}", headers=headers["translator"])
    assert response.status_code == 200, response.get_data(as_text=True)
    web = web_client(client)
    assert web.get(f"/documents/1/export?{query}").status_code == 200
    # the menu's "usual" layout is an empty field (the API refuses empty values)
    assert web.get(f"/documents/1/export?{query}&layout=").status_code == 200


@pytest.mark.browser
def test_the_menu_disables_what_the_chosen_format_or_text_would_ignore(session: Session) -> None:
    page = session.page
    exports_page(session)
    menu = page.locator("form.export-menu").first
    layout, excel = menu.locator("select[name=layout]"), menu.locator("input[name=excel]")
    approved = menu.locator("input[name=approved]")
    menu.locator("select[name=format]").select_option("csv")
    assert layout.is_disabled() and excel.is_enabled()
    menu.locator("select[name=format]").select_option("pdf")
    assert layout.is_enabled() and excel.is_disabled()
    menu.locator("select[name=edition]").select_option("1")
    assert approved.is_disabled()
    menu.locator("select[name=edition]").select_option("draft")
    assert approved.is_enabled()
    excel.evaluate("box => { box.checked = true; }")  # ticked, then a format that ignores it
    menu.locator("select[name=format]").select_option("tmx")
    with page.expect_download() as download:
        menu.locator("button[type=submit]").click()
    assert download.value.suggested_filename.endswith(".tmx")
