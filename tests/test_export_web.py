"""Export and edition routes and the CLI commands: downloads, permissions, CSRF, exit codes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import lxml.html
from lxml import etree

from tests.conftest import add_user, login
from tests.test_export import make_document
from tests.test_review import SOURCE, TARGET
from workbench import review
from workbench.store import Store


def aligned_document(db_path: Path, confirm: int = 3) -> tuple[int, int]:
    """(document id, alignment id) with the first `confirm` links confirmed."""
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        links = store.links(alignment)
        review.set_status(store, alignment, [link.id for link in links[:confirm]], user="rita")
        return store.alignment(alignment)["document_id"], alignment
    finally:
        store.close()


def publish(client, token: str, alignment: int, note: str = "first"):
    return client.post(f"/alignments/{alignment}/publish", data={"csrf_token": token, "note": note})


def test_anonymous_visitors_are_sent_to_the_login_form(client, db_path) -> None:
    document, _ = aligned_document(db_path)
    for url in (f"/documents/{document}/export?format=tmx", f"/documents/{document}/exports"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/alignments/1/publish").status_code in (400, 401)


def test_publishing_needs_an_editor_and_a_csrf_token(client, db_path, as_role) -> None:
    _document, alignment = aligned_document(db_path)
    token = as_role("translator")
    assert publish(client, token, alignment).status_code == 403
    add_user(db_path, "eva", "editor")
    token = login(client, "eva")
    assert client.post(f"/alignments/{alignment}/publish").status_code == 400  # no token
    response = publish(client, token, alignment)
    assert response.status_code == 303 and response.headers["Location"].startswith("/editions/")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    tree = lxml.html.document_fromstring(page.get_data(as_text=True))
    assert "edition 1" in tree.find(".//h1").text_content()
    assert tree.find(".//form[@class='export-menu']/input[@name='edition']").get("value") == "1"
    assert len(tree.findall(".//table[@class='edition-links']/tbody/tr")) == 3


def test_downloads_have_safe_names_and_stream(client, db_path, as_role) -> None:
    document, alignment = aligned_document(db_path)
    token = as_role("editor")
    publish(client, token, alignment)
    response = client.get(f"/documents/{document}/export?format=tmx&edition=1&flags=1")
    assert response.status_code == 200 and response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert 'filename="deklarata-deklaratsiya-ed1.tmx"' in disposition
    readable = quote("Deklarata — Декларация ed1.tmx", safe="")  # the dash kept, words apart
    assert disposition.endswith(f"filename*=UTF-8''{readable}")
    assert len(etree.fromstring(response.get_data()).findall(".//tu")) == 3
    draft = client.get(f"/documents/{document}/export?format=csv&level=sentence&excel=1")
    assert draft.status_code == 200 and draft.get_data().startswith(b"\xef\xbb\xbf")
    assert "draft-sentences.csv" in draft.headers["Content-Disposition"]
    pdf = client.get(f"/documents/{document}/export?format=pdf&edition=1")
    assert pdf.get_data().startswith(b"%PDF") and pdf.mimetype == "application/pdf"


def test_download_errors(client, db_path, as_role) -> None:
    document, _ = aligned_document(db_path)
    as_role("translator")
    assert client.get(f"/documents/{document}/export?format=rtf").status_code == 400
    assert client.get(f"/documents/{document}/export?format=tmx&edition=7").status_code == 404
    assert client.get(f"/documents/{document}/export?format=tmx&edition=x").status_code == 400
    assert client.get("/documents/99/export?format=tmx").status_code == 404
    assert client.get("/editions/99").status_code == 404


def test_exports_page_and_previews_follow_the_csp(client, db_path, as_role) -> None:
    document, alignment = aligned_document(db_path)
    token = as_role("editor")
    publish(client, token, alignment)
    page = client.get(f"/documents/{document}/exports").get_data(as_text=True)
    tree = lxml.html.document_fromstring(page)
    formats = [o.get("value") for o in tree.findall(".//select[@name='format']/option")]
    assert formats == ["html", "pdf", "docx", "epub", "tmx", "xliff", "tei", "csv", "tsv", "json"]
    assert next(o.text for o in tree.findall(".//select[@name='edition']/option")).startswith(
        "Edition 1"
    )
    assert tree.find(".//form[@class='publish']") is not None
    note = tree.find(".//form[@class='publish']//input[@name='note']")
    assert note.get("maxlength") == "10000", "the note the server keeps, not less"
    for url in ("/editions/1/read", f"/documents/{document}/read"):
        response = client.get(url)
        assert "style-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.get_data(as_text=True)
        assert "<style" not in html and 'href="/static/edition.css"' in html
        assert " style=" not in html and "<script" not in html
    assert "DRAFT" in client.get(f"/documents/{document}/read").get_data(as_text=True)


def test_cli_export_publish_and_editions(cli, db_path, tmp_path) -> None:
    document, _ = aligned_document(db_path)
    result = cli("publish", document, "--note", "first")
    assert result.exit_code == 0 and "edition 1" in result.output
    assert "first" in cli("editions", document).output
    out = tmp_path / "out.xlf"
    result = cli("export", document, "--format", "xliff", "--edition", "1", "-o", out)
    assert result.exit_code == 0, result.output
    assert etree.parse(str(out)).getroot().get("version") == "2.1"
    stdout = cli("export", document, "--format", "json", "-o", "-")
    assert stdout.exit_code == 0 and '"draft": true' in stdout.output
    assert cli("export", document, "--format", "rtf", "-o", out).exit_code == 2
    missing = cli("export", document, "--format", "tmx", "--edition", "5", "-o", tmp_path / "x")
    assert missing.exit_code == 2 and "no edition 5" in missing.output
    assert not (tmp_path / "x").exists()
    assert cli("export", document, "--format", "pdf", "-o", "-").exit_code == 2
    assert cli("export", 42, "--format", "tmx", "-o", out).exit_code == 2


def test_the_document_page_offers_an_export_menu_per_alignment(client, db_path, as_role) -> None:
    document, alignment = aligned_document(db_path)
    token = as_role("editor")
    publish(client, token, alignment)
    tree = lxml.html.document_fromstring(
        client.get(f"/documents/{document}").get_data(as_text=True)
    )
    [menu] = tree.findall(f".//section[@id='alignment-{alignment}']//form[@class='export-menu']")
    assert menu.get("action") == f"/documents/{document}/export"
    assert [o.get("value") for o in menu.findall(".//select[@name='edition']/option")] == [
        "1",
        "draft",
    ]
    assert "tmx" in [o.get("value") for o in menu.findall(".//select[@name='format']/option")]


def test_the_edition_page_shows_its_links_200_at_a_time(client, db_path, as_role) -> None:
    _document, alignment = aligned_document(db_path)
    store = Store(db_path)
    try:
        edition = store.add_edition(
            {
                "alignment_id": alignment,
                "title": "Long",
                "source_language": "sq",
                "target_language": "en",
                "published_by": "eva",
                "links_total": 450,
                "links_included": 450,
            },
            [
                {
                    "level": "paragraph",
                    "ordinal": i,
                    "src_start": i,
                    "src_end": i + 1,
                    "tgt_start": i,
                    "tgt_end": i + 1,
                    "source_text": f"burim {i + 1}",
                    "target_text": f"source {i + 1}",
                    "status": "confirmed",
                    "set_by": "rita",
                }
                for i in range(450)
            ],
        )
    finally:
        store.close()
    as_role("translator")

    def page(query: str = ""):
        response = client.get(f"/editions/{edition}{query}")
        assert response.status_code == 200
        tree = lxml.html.document_fromstring(response.get_data(as_text=True))
        rows = tree.findall(".//table[@class='edition-links']/tbody/tr")
        numbers = [int(row.findtext("td")) for row in rows]
        nav = tree.find(".//nav[@class='pager']")
        links = {a.get("rel"): a.get("href") for a in nav.findall("a")}
        return numbers, links, " ".join(nav.text_content().split())

    numbers, links, text = page()
    assert numbers == list(range(1, 201)) and "Links 1–200 of 450" in text
    assert "prev" not in links and links["next"] == f"/editions/{edition}?offset=200#links"
    numbers, links, _ = page("?offset=200")
    assert numbers == list(range(201, 401))
    assert links["prev"].endswith("?offset=0#links") and links["next"].endswith("?offset=400#links")
    numbers, links, text = page("?offset=400")
    assert numbers == list(range(401, 451)) and "next" not in links and "of 450" in text
    assert page("?offset=9999")[0] == numbers, "past the end: the last page"
    assert page("?offset=250")[0][0] == 201, "an offset inside a page: that page"
    assert client.get(f"/editions/{edition}?offset=-1").status_code == 400
