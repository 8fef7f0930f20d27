"""The documents page with its upload form, and one document's page with its align action."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import REPO, TRANSLATIONS, add_user, csrf_from, login, snapshot
from workbench import services
from workbench.store import Store
from workbench.web import create_app

SAMPLE_TMX = REPO / "tests" / "data" / "formats" / "sample.tmx"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"
HOSTILE_TEXT = "<img src=x onerror=alert(1)>"


def make_tmx(pairs: list[tuple[str | None, str | None]], src: str = "sq", tgt: str = "en") -> bytes:
    """A TMX file with one translation unit per (source, target) pair (None: a missing side)."""
    from xml.sax.saxutils import escape

    units = []
    for source, target in pairs:
        tuvs = "".join(
            f'<tuv xml:lang="{lang}"><seg>{escape(text)}</seg></tuv>'
            for lang, text in ((src, source), (tgt, target))
            if text is not None
        )
        units.append(f"<tu>{tuvs}</tu>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4">'
        f'<header creationtool="t" creationtoolversion="1" segtype="paragraph" o-tmf="none" '
        f'adminlang="en" srclang="{src}" datatype="plaintext"/><body>{"".join(units)}</body></tmx>'
    ).encode()


def import_bytes(db_path: Path, data: bytes, filename: str, **options) -> services.ImportResult:
    store = Store(db_path)
    try:
        return services.import_file(store, data, filename=filename, user="test", **options)
    finally:
        store.close()


def page(response) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(response.get_data(as_text=True))


def upload(client, token: str, data: bytes, filename: str, **fields: str):
    form = {"csrf_token": token, "file": (io.BytesIO(data), filename), **fields}
    return client.post("/documents/upload", data=form, content_type="multipart/form-data")


def docx_bytes(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("A heading", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/documents/1", "/documents/1/flags", "/jobs/x", "/alignments/1/flags.json"]
)
def test_anonymous_visitors_of_pages_are_sent_to_login(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_anonymous_scripts_get_401(client) -> None:
    response = client.get("/jobs/x", headers={"Accept": "application/json"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/documents/upload",
        "/documents/1/align",
        "/alignments/1/flags",
        "/flags/1/comments",
        "/flags/1/status",
    ],
)
def test_anonymous_posts_are_refused_with_401(client, path) -> None:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post(path, data={"csrf_token": token}).status_code == 401


def test_a_reviewer_may_not_import(client, as_role, db_path) -> None:
    token = as_role("reviewer")
    before = snapshot(db_path)
    response = upload(client, token, b"Hello.\n", "a.txt", lang="en", role="source")
    assert response.status_code == 403
    assert snapshot(db_path) == before
    assert 'action="/documents/upload"' not in client.get("/").get_data(as_text=True)


def test_an_upload_needs_the_csrf_token(client, as_role, db_path) -> None:
    as_role("translator")
    response = upload(client, "wrong", b"Hello.\n", "a.txt", lang="en", role="source")
    assert response.status_code == 400


# -- upload ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["translator", "editor", "admin"])
def test_a_txt_upload_creates_a_document(client, as_role, db_path, role) -> None:
    token = as_role(role)
    text = "First paragraph. It has two sentences.\n\nSecond paragraph.\n"
    response = upload(client, token, text.encode(), "notes.txt", lang="en", role="source")
    assert response.status_code == 303
    assert response.headers["Location"] == "/documents/1"
    shown = client.get("/documents/1").get_data(as_text=True)
    assert "Imported notes.txt: 2 paragraphs." in shown
    tree = lxml_html.fromstring(shown)
    cells = [td.text_content() for td in tree.xpath("//tr[@id='version-1']/td")]
    assert cells[:7] == ["1", "English source", "English (en)", "source", "notes.txt", "2", "3"]


def test_the_file_picker_offers_every_extension_the_readers_take(client, as_role) -> None:
    """The picker's `accept` is the readers' own list: .text, .mdown and .mkd included."""
    from workbench import formats

    as_role("translator")
    picker = page(client.get("/")).xpath("//input[@id='upload-file']")[0]
    offered = picker.get("accept").split(",")
    taken = [ext for module in formats.READERS.values() for ext in module.EXTENSIONS]
    assert sorted(offered) == sorted(set(taken))
    assert {".text", ".mdown", ".mkd"} <= set(offered)


@pytest.mark.parametrize("extension", [".text", ".mdown", ".mkd"])
def test_a_file_with_an_extension_the_picker_offers_is_imported(client, as_role, extension) -> None:
    token = as_role("translator")
    response = upload(client, token, b"One.\n\nTwo.\n", f"notes{extension}", lang="en")
    assert response.status_code == 303


def test_a_docx_upload_adds_a_translation_to_a_document(client, as_role, db_path) -> None:
    token = as_role("translator")
    upload(client, token, b"Pars e pare.\n\nPars e dyte.\n", "a.txt", lang="sq", role="source")
    data = docx_bytes(["First paragraph.", "Second paragraph."])
    response = upload(
        client, token, data, "english.docx", lang="en", role="translation", document="1"
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    store = Store(db_path)
    versions = store.versions(1)
    store.close()
    assert [(v["language"], v["role"], v["paragraphs"]) for v in versions] == [
        ("sq", "source", 2),
        ("en", "translation", 3),
    ]


def test_a_tmx_upload_brings_its_languages_and_its_alignment_with_what_is_translated_confirmed(
    client, as_role
) -> None:
    # sample.tmx has five units; one has no target text, which no one can have confirmed
    token = as_role("editor")
    response = upload(client, token, SAMPLE_TMX.read_bytes(), "sample.tmx", title="Sample")
    assert response.status_code == 303
    row = page(client.get("/")).xpath("//table[@class='documents']//tr[td]")[0]
    cells = [td.text_content().strip() for td in row.xpath("td")]
    assert cells[0] == "Sample"
    assert cells[1] == "sq, en"
    assert cells[3].endswith("80%")


def test_role_left_automatic_is_source_then_translation(client, as_role, db_path) -> None:
    # a plain file does not say its role: a new document starts with its source, and a file
    # added to a document that has one is a translation
    token = as_role("translator")
    first = upload(client, token, b"Pars e pare.\n", "sq.txt", lang="sq")
    second = upload(client, token, b"First part.\n", "en.txt", lang="en", document="1")
    assert first.status_code == second.status_code == 303
    store = Store(db_path)
    roles = [(v["language"], v["role"]) for v in store.versions(1)]
    store.close()
    assert roles == [("sq", "source"), ("en", "translation")]


def test_documents_of_the_same_title_are_told_apart_in_the_upload_form(client, as_role) -> None:
    """Two imports of one file make two documents of one title: the picker that adds a version
    names each by its number and languages, so the translator picks the right one."""
    token = as_role("translator")
    for lang in ("sq", "de"):
        assert upload(client, token, b"Pars e pare.\n", "letter.txt", lang=lang).status_code == 303
    options = page(client.get("/")).xpath("//select[@id='upload-document']/option")
    labels = [(o.get("value"), o.text_content()) for o in options]
    assert labels[0] == ("", "a new document")
    assert sorted(labels[1:]) == [
        ("1", "add a version to: letter (#1, sq)"),
        ("2", "add a version to: letter (#2, de)"),
    ]


def test_upload_errors_name_the_form_fields_not_command_options(client, as_role) -> None:
    token = as_role("translator")
    response = upload(client, token, b"Hello.", "notes.txt")
    alert = page(response).xpath("//p[@id='upload-error']")[0].text_content()
    assert "the Language field" in alert and "--" not in alert
    response = upload(client, token, b"Hello.", "notes.xyz", lang="en")
    alert = page(response).xpath("//p[@id='upload-error']")[0].text_content()
    assert response.status_code == 415 and "the Format field" in alert and "--" not in alert


@pytest.mark.parametrize(
    ("data", "filename", "fields", "status", "message"),
    [
        (b"", "empty.txt", {"lang": "en", "role": "source"}, 400, "empty"),
        (bytes(range(256)) * 8, "binary.txt", {"lang": "en", "role": "source"}, 400, "binary"),
        (b"Hello.", "notes.xyz", {"lang": "en", "role": "source"}, 415, ".xyz"),
        (b"Hello.", "notes.txt", {"lang": "not a language", "role": "source"}, 400, "language"),
        (b"Hello.", "notes.txt", {"role": "source"}, 400, "language"),
        (b"Hello.", "notes.txt", {"lang": "en", "role": "boss"}, 400, "role"),
        (b"Hello.", "notes.txt", {"lang": "en", "document": "42"}, 404, "no document"),
        (b"Hello.", "notes.txt", {"lang": "en", "document": "x"}, 400, "whole number"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    client, as_role, db_path, data, filename, fields, status, message
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = upload(client, token, data, filename, **fields)
    assert response.status_code == status
    alert = page(response).xpath("//p[@id='upload-error']")
    assert alert and message in alert[0].text_content().lower()
    assert snapshot(db_path) == before


def test_an_upload_without_a_file_is_refused(client, as_role, db_path) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = client.post("/documents/upload", data={"csrf_token": token, "lang": "en"})
    assert response.status_code == 400
    assert "choose a file" in response.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_a_second_source_version_is_a_conflict(client, as_role, db_path) -> None:
    token = as_role("translator")
    upload(client, token, b"One.\n", "a.txt", lang="en", role="source")
    before = snapshot(db_path)
    response = upload(client, token, b"Two.\n", "b.txt", lang="en", role="source", document="1")
    assert response.status_code == 409
    assert snapshot(db_path) == before


def test_a_too_large_upload_gets_a_clear_413_and_stores_nothing(tmp_path) -> None:
    db_path = tmp_path / "small.db"
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "MAX_CONTENT_LENGTH": 4096})
    client = app.test_client()
    add_user(db_path, "tina", "translator")
    token = login(client, "tina")
    before = snapshot(db_path)
    response = upload(client, token, b"Word. " * 2000, "big.txt", lang="en", role="source")
    assert response.status_code == 413
    text = page(response).text_content()
    assert "larger than this server accepts (4 KB)" in text and "Nothing was stored" in text
    assert snapshot(db_path) == before


def test_hostile_file_names_and_texts_are_shown_as_text(client, as_role, db_path) -> None:
    token = as_role("translator")
    data = f"{HOSTILE_TEXT}\n\nSecond.\n".encode()
    response = upload(
        client, token, data, HOSTILE_NAME, lang="en", role="source", title=HOSTILE_TEXT
    )
    assert response.status_code == 303
    for path in ("/", "/documents/1"):
        shown = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in shown and "<img src=x" not in shown
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in client.get("/documents/1").get_data(
        as_text=True
    )
    refused = upload(client, token, b"x", "<script>alert(2)</script>.exe", lang="en")
    assert refused.status_code == 415
    assert "<script>alert(2)" not in refused.get_data(as_text=True)


def test_a_path_in_the_file_name_is_dropped(client, as_role, db_path) -> None:
    token = as_role("translator")
    upload(client, token, b"Hello.\n", "home/ana/notes.txt", lang="en", role="source")
    store = Store(db_path)
    assert store.versions(1)[0]["filename"] == "notes.txt"
    store.close()


# -- the documents page -------------------------------------------------------------------------


def test_the_documents_page_shows_progress_open_flags_and_last_activity(
    client, as_role, db_path
) -> None:
    result = import_bytes(db_path, SAMPLE_TMX.read_bytes(), "sample.tmx")
    store = Store(db_path)
    link = store.links(result.alignment)[0]
    store.db.execute("update links set status = 'auto' where id != ?", [link.id])
    from workbench import flags

    flags.raise_flag(
        store, result.alignment, link_id=link.id, category="style", severity="major", user="rita"
    )
    flags.raise_flag(
        store, result.alignment, link_id=link.id, category="grammar", severity="minor", user="rita"
    )
    latest = store.events(1, limit=1)[0]["at"]
    store.close()
    as_role("reviewer")
    row = page(client.get("/")).xpath("//table[@class='documents']//tr[td]")[0]
    cells = [td.text_content().split() for td in row.xpath("td")]
    assert cells[3] == ["20%", "20%"]  # 1 of 5 links confirmed
    assert cells[4] == ["1", "major", "1", "minor"]
    assert cells[6] == [latest]


# -- the document page --------------------------------------------------------------------------


def test_the_document_page_shows_the_citation_block(client, as_role, db_path) -> None:
    data = (TRANSLATIONS / "record-1961-10-04.en.txt").read_bytes()
    import_bytes(db_path, data, "record.txt", language="en", role="translation")
    as_role("reviewer")
    tree = page(client.get("/documents/1"))
    terms = [dt.text_content().lower() for dt in tree.xpath("//dl[@class='metadata']/dt")]
    assert {"date", "summary", "citation", "translator", "date (iso 8601)"} <= set(terms)
    assert "Enkel Daljani" in tree.xpath("string(//dd[@class='meta-translator'])")


def test_every_page_leads_to_documents_queue_search_and_concordance(client, as_role) -> None:
    as_role("reviewer")
    for url in ("/", "/search", "/concordance", "/queue"):
        tree = page(client.get(url))
        nav = tree.xpath("//header//nav[@class='sections']//a")
        assert [a.text_content() for a in nav] == ["Documents", "Queue", "Search", "Concordance"]
        current = [a.get("href") for a in nav if a.get("aria-current") == "page"]
        assert current == [url]
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon.location.endswith("/static/favicon.svg")
    assert client.get(icon.location).status_code == 200


def test_the_map_marks_paragraphs_without_counterpart_whatever_the_confidence(
    client, as_role, db_path
) -> None:
    from workbench import aligning

    source = import_bytes(
        db_path, (TRANSLATIONS / "udhr_als.txt").read_bytes(), "als.txt", language="sq"
    )
    import_bytes(
        db_path,
        (TRANSLATIONS / "udhr_eng.txt").read_bytes(),
        "eng.txt",
        language="en",
        document_id=source.document,
    )
    store = Store(db_path)
    alignment = aligning.align_versions(store, source.document)
    alone = [link.id for link in store.links(alignment) if not (link.src and link.tgt)]
    store.close()
    assert alone
    as_role("reviewer")
    svg = page(client.get(f"/documents/{source.document}")).xpath("//svg")[0]
    kinds = {int(a.get("data-link")): a.get("class").split()[1] for a in svg.xpath(".//a")}
    assert {kinds[k] for k in alone} == {"map-unmatched"}
    assert f"{len(alone)} on one side only" in svg.xpath("string(./desc)")


def test_the_alignment_map_has_one_link_per_alignment_link(client, as_role, db_path) -> None:
    result = import_bytes(db_path, SAMPLE_TMX.read_bytes(), "sample.tmx")
    store = Store(db_path)
    links = store.links(result.alignment)
    store.db.execute(
        "update links set status = 'auto', confidence = 0.3 where id = ?", [links[1].id]
    )
    store.close()
    as_role("translator")
    tree = page(client.get("/documents/1"))
    svg = tree.xpath("//svg[contains(@class, 'alignment-map')]")
    assert len(svg) == 1
    anchors = svg[0].xpath(".//a")
    expected = [f"/alignments/{result.alignment}/review?at={link.id}" for link in links]
    assert [a.get("href") for a in anchors] == expected
    assert [a.get("class").split()[1] for a in anchors][:2] == ["map-confirmed", "map-low"]
    assert svg[0].xpath("./title") and svg[0].xpath("./desc")
    assert "1 with confidence below 0.5" in svg[0].xpath("string(./desc)")
    legend = tree.xpath("string(//ul[@class='legend'])")
    assert "confidence < 0.5" in legend and "confirmed" in legend
    review = tree.xpath("//a[@class='review']/@href")
    assert review == [f"/alignments/{result.alignment}/review"]


def test_an_unknown_document_is_404(client, as_role) -> None:
    as_role("reviewer")
    assert client.get("/documents/99").status_code == 404


def test_the_document_page_shows_recent_events(client, as_role, db_path) -> None:
    import_bytes(db_path, SAMPLE_TMX.read_bytes(), "sample.tmx")
    as_role("reviewer")
    rows = page(client.get("/documents/1")).xpath("//table[@class='events']//tr[td]")
    assert [row.xpath("td")[1].text_content() for row in rows] == ["test"]
    assert "import alignment" in rows[0].text_content()


# -- the align action ---------------------------------------------------------------------------

SOURCE = "Neni 1\n\nTë gjithë njerëzit lindin të lirë.\n\nNeni 2\n\nÇdo njeri ka të drejtë.\n"
TARGET = "Article 1\n\nAll human beings are born free.\n\nArticle 2\n\nEveryone has the right.\n"


def two_versions(db_path: Path) -> int:
    document = import_bytes(db_path, SOURCE.encode(), "sq.txt", language="sq", role="source")
    import_bytes(
        db_path,
        TARGET.encode(),
        "en.txt",
        language="en",
        role="translation",
        document_id=document.document,
    )
    return document.document


def test_a_translator_without_scripts_aligns_and_is_redirected(client, as_role, db_path) -> None:
    document = two_versions(db_path)
    token = as_role("translator")
    response = client.post(f"/documents/{document}/align", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/documents/{document}#alignment-1"
    tree = page(client.get(response.headers["Location"]))
    assert len(tree.xpath("//svg[contains(@class, 'alignment-map')]//a")) == 4


def test_a_script_aligns_in_the_background_and_polls_the_job(client, as_role, db_path) -> None:
    document = two_versions(db_path)
    token = as_role("translator")
    response = client.post(
        f"/documents/{document}/align",
        data={"csrf_token": token, "source": "1", "target": "2"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 202
    job = response.get_json()
    deadline = time.monotonic() + 60
    while job["state"] not in ("done", "error") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = client.get(job["status_url"], headers={"Accept": "application/json"}).get_json()
    assert job["state"] == "done", job
    assert job["alignment"] == 1 and job["review_url"] == "/alignments/1/review"
    assert job["total"] > 0 and job["done"] == job["total"]


def test_a_failing_background_job_reports_its_error(app, client, as_role, db_path) -> None:
    """A job whose alignment fails once running (here started past the view's checks, which
    refuse such a pair at once) says why on its status URL."""
    from workbench.web.documents import JOBS

    document = two_versions(db_path)
    as_role("translator")
    with app.test_request_context():
        job = JOBS.start(str(db_path), document, 1, 1, "translator1").as_json()
    deadline = time.monotonic() + 30
    while job["state"] not in ("done", "error") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = client.get(job["status_url"], headers={"Accept": "application/json"}).get_json()
    assert job["state"] == "error" and "itself" in job["error"]


def test_a_script_aligning_a_version_with_itself_is_refused_at_once_with_no_job(
    client, as_role, db_path, store
) -> None:
    document = two_versions(db_path)
    token = as_role("translator")
    for fields in ({"source": "1", "target": "1"}, {"source": "", "target": "1"}):
        response = client.post(
            f"/documents/{document}/align",
            data={"csrf_token": token, **fields},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 400, fields
        assert response.get_json() == {
            "error": {"status": 400, "message": "a version cannot be aligned with itself"}
        }
    assert store.alignments(document) == []


def test_a_browser_aligning_a_version_with_itself_gets_the_form_again_with_the_message(
    client, as_role, db_path, store
) -> None:
    document = two_versions(db_path)
    token = as_role("translator")
    response = client.post(
        f"/documents/{document}/align", data={"csrf_token": token, "source": "2", "target": "2"}
    )
    assert response.status_code == 400
    tree = page(response)
    form = tree.xpath("//form[contains(@class, 'align')]")[0]
    error = form.xpath(".//*[@id='align-error']")[0]
    assert error.text_content() == "a version cannot be aligned with itself"
    assert error.get("role") == "alert"
    assert form.xpath(".//select[@name='source']/option[@selected]/@value") == ["2"]
    assert form.xpath(".//select[@name='target']/option[@selected]/@value") == ["2"]
    assert store.alignments(document) == []
    # the same page then aligns two different versions
    response = client.post(
        f"/documents/{document}/align", data={"csrf_token": token, "source": "1", "target": "2"}
    )
    assert response.status_code == 303


def test_the_api_refuses_aligning_a_version_with_itself_with_its_error_shape(
    client, as_role, db_path, store
) -> None:
    from workbench.users import issue_token

    document = two_versions(db_path)
    as_role("translator")
    headers = {"Authorization": f"Bearer {issue_token(store, 'translator1')}"}
    response = client.post(
        f"/api/v1/documents/{document}/alignments", json={"source": 2, "target": 2}, headers=headers
    )
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"status": 400, "message": "a version cannot be aligned with itself"}
    }
    assert store.alignments(document) == []


def test_align_errors_are_4xx_and_json_for_scripts(client, as_role, db_path) -> None:
    token = as_role("editor")
    response = client.post(
        "/documents/9/align", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no document with id 9"
    import_bytes(db_path, b"Only one.\n", "a.txt", language="en", role="source")
    response = client.post("/documents/1/align", data={"csrf_token": token})
    assert response.status_code == 400
    assert "needs a source and a translation" in response.get_data(as_text=True)


def test_an_unknown_job_is_404(client, as_role) -> None:
    as_role("reviewer")
    response = client.get("/jobs/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "no alignment job" in response.get_json()["error"]["message"]


def test_pages_load_only_scripts_from_static(client, as_role, db_path) -> None:
    two_versions(db_path)
    as_role("editor")
    tree = page(client.get("/documents/1"))
    scripts = tree.xpath("//script")
    assert scripts and all(s.get("src", "").startswith("/static/") for s in scripts)
    assert not tree.xpath("//*[@style]") and not tree.xpath("//style")
    assert client.get(scripts[0].get("src")).status_code == 200


# -- the alignment map of a long alignment ----------------------------------------------------


def long_alignment(db_path: Path, count: int, *, low_every: int = 0, doubtful_every: int = 0):
    """A TMX of `count` units imported as one alignment of `count` links, all automatic with
    confidence 0.95 except every `low_every`-th (0.2 + a little) and `doubtful_every`-th
    (0.6); returns (document id, alignment id, the links)."""
    pairs = [(f"Vargu {i}: Perëndia foli.", f"Verse {i}: God spoke.") for i in range(count)]
    result = import_bytes(db_path, make_tmx(pairs), "long.tmx")
    store = Store(db_path)
    try:
        store.db.execute(
            "update links set status = 'auto', confidence = 0.95 where alignment_id = ?",
            [result.alignment],
        )
        for number, link in enumerate(store.links(result.alignment)):
            if low_every and number % low_every == 0:
                confidence = 0.2 + number / count / 10
            elif doubtful_every and number % doubtful_every == 0:
                confidence = 0.6
            else:
                continue
            store.db.execute("update links set confidence = ? where id = ?", [confidence, link.id])
        store.db.conn.commit()
        return result.document, result.alignment, store.links(result.alignment)
    finally:
        store.close()


def test_a_5000_link_map_draws_the_path_as_lines_and_marks_only_what_needs_a_person(
    client, as_role, db_path
) -> None:
    document, alignment, links = long_alignment(db_path, 5000, low_every=10, doubtful_every=7)
    low = [link for link in links if link.confidence < 0.5]
    doubtful = [link for link in links if 0.5 <= link.confidence < 0.8]
    as_role("reviewer")
    response = client.get(f"/documents/{document}")
    assert response.status_code == 200
    assert len(response.data) < 150_000, f"{len(response.data):,} bytes"
    svg = page(response).xpath("//svg[contains(@class, 'alignment-map')]")[0]
    # the path: one line per kind of link, not a mark per link
    paths = svg.xpath(".//path")
    assert {p.get("class") for p in paths} == {
        "map-path map-auto",
        "map-path map-low",
        "map-path map-doubtful",
    }
    # marks: at most 300, each a link to the review page at a link that needs a person,
    # the least confident first (all 500 low links outrank the doubtful ones)
    anchors = svg.xpath(".//a")
    assert len(anchors) == 300
    marked = [int(a.get("data-link")) for a in anchors]
    assert marked == sorted(marked), "marks follow the text"
    lowest = sorted(low, key=lambda link: link.confidence)[:300]
    assert set(marked) == {link.id for link in lowest}
    assert all(
        a.get("href") == f"/alignments/{alignment}/review?at={a.get('data-link')}" for a in anchors
    )
    description = svg.xpath("string(./desc)")
    assert description.startswith("5000 links over 5000 source and 5000 target paragraphs;")
    assert "500 with confidence below 0.5" in description
    assert f"and {len(low) + len(doubtful) - 300} more" in description
    note = page(response).xpath("string(//p[@class='map-note'])")
    assert "the 300 most urgent of" in note


def test_a_map_with_few_links_needing_a_person_marks_them_all(client, as_role, db_path) -> None:
    document, _alignment, links = long_alignment(db_path, 1533, low_every=100)
    low = [link.id for link in links if link.confidence < 0.5]
    as_role("reviewer")
    svg = page(client.get(f"/documents/{document}")).xpath("//svg")[0]
    assert [int(a.get("data-link")) for a in svg.xpath(".//a")] == low
    assert "more" not in svg.xpath("string(./desc)")
    assert len(svg.xpath(".//path")) == 2  # automatic and low


def test_up_to_300_links_every_link_stays_a_mark_of_its_own(client, as_role, db_path) -> None:
    document, _alignment, links = long_alignment(db_path, 300, low_every=50)
    as_role("reviewer")
    svg = page(client.get(f"/documents/{document}")).xpath("//svg")[0]
    assert [int(a.get("data-link")) for a in svg.xpath(".//a")] == [link.id for link in links]
    assert not svg.xpath(".//path") and len(svg.xpath(".//a/line")) == 300


def test_a_straight_stretch_of_the_path_is_drawn_with_a_few_points() -> None:
    from workbench.store import LinkRow
    from workbench.web.documents import alignment_map

    def link(number: int, src: tuple[int, int], tgt: tuple[int, int]) -> LinkRow:
        return LinkRow(number, 1, "paragraph", *src, *tgt, 1.0, 0.95, [], "auto", None, None)

    # 5,000 one-to-one links, then the translation leaves out nothing and adds 100 paragraphs
    # after the 2,000th source paragraph (100 links with nothing on the source side)
    links = []
    for s in range(5000):
        t = s if s < 2000 else s + 100
        links.append(link(len(links) + 1, (s, s + 1), (t, t + 1)))
        if s == 1999:
            links += [link(len(links) + 1, (2000, 2000), (2000 + k, 2001 + k)) for k in range(100)]

    drawn = alignment_map(1, links, 5000, 5100, "/alignments/1/review")

    paths = {path["kind"]: path["d"] for path in drawn["paths"]}
    assert set(paths) == {"auto", "unmatched"}
    assert paths["auto"].count("M") == 2  # before and after the added paragraphs
    assert paths["auto"].count("L") < 12 and paths["unmatched"].count("L") < 4
    assert len(drawn["items"]) == 100  # each added paragraph is for a person to see
    assert drawn["summary"].endswith(
        "the 100 links that need a person (low or doubtful confidence, one side only, edited)"
        " are marked"
    )


MULTI_TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="paragraph"
 adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu><tuv xml:lang="en"><seg>Good morning.</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv>
<tuv xml:lang="de-DE"><seg>Guten Morgen.</seg></tuv></tu>
</body></tmx>"""


def test_a_memory_of_several_languages_is_imported_by_the_target_language_field(
    client, as_role, db_path
) -> None:
    token = as_role("translator")
    refused = upload(client, token, MULTI_TMX, "multi.tmx")
    alert = page(refused).xpath("//p[@id='upload-error']")[0].text_content()
    assert "the Target language field" in alert and "--" not in alert
    assert page(refused).xpath("//input[@name='target_lang']")
    response = upload(client, token, MULTI_TMX, "multi.tmx", target_lang="de-DE")
    assert response.status_code == 303
    store = Store(db_path)
    versions = [(v["language"], v["role"]) for v in store.versions(1)]
    store.close()
    assert versions == [("en", "source"), ("de-DE", "translation")]
