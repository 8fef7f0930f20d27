"""Hostile uploads and hostile query parameters.

Uploads: the size limit (413), unknown and disguised types, XML entity bombs and external
entities (defusedxml refuses them), DOCX zip bombs (bounded before unpacking), and path
traversal in file names (only the base name is kept, and it is only ever shown as text).
Query parameters: SQL and FTS5 injection in search and filters give a clean 4xx or an empty
result, never a 500, never a changed database.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import add_user, login, snapshot
from workbench.store import Store
from workbench.web import create_app

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def tmx(entity: str) -> str:
    return (
        '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="paragraph" '
        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        f'<tu><tuv xml:lang="en"><seg>{entity}</seg></tuv>'
        '<tuv xml:lang="sq"><seg>Tekst</seg></tuv></tu></body></tmx>'
    )


def xliff(entity: str) -> str:
    return (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        f'trgLang="sq"><file id="f"><unit id="1"><segment><source>{entity}</source>'
        "<target>Tekst</target></segment></unit></file></xliff>"
    )


@pytest.fixture
def editor(app, client, db_path: Path) -> str:
    add_user(db_path, "ed", "editor")
    return login(client, "ed")


def upload(client, token: str, name: str, data: bytes, **fields: str):
    form = {"csrf_token": token, "lang": "en", "role": "source", **fields}
    form["file"] = (io.BytesIO(data), name)
    return client.post("/documents/upload", data=form, content_type="multipart/form-data")


def stored_text(db_path: Path) -> str:
    return "\n".join(snapshot(db_path))


def test_an_upload_over_the_limit_is_refused_with_413(tmp_path: Path) -> None:
    db_path = tmp_path / "small.db"
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "MAX_CONTENT_LENGTH": 10_000})
    add_user(db_path, "ed", "editor")
    client = app.test_client()
    token = login(client, "ed")
    before = snapshot(db_path)
    response = upload(client, token, "big.txt", b"word " * 5000)
    assert response.status_code == 413
    assert "larger than this server accepts" in response.get_data(as_text=True)
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("tool.exe", b"MZ\x90\x00" + bytes(200), 415),
        ("noextension", b"plain words", 415),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, 400),
        ("archive.docx", b"PK\x03\x04 not really a zip", 400),
        ("page.html", b"\x00\x01\x02" * 100, 400),
    ],
)
def test_wrong_or_disguised_types_are_refused(
    client, editor: str, db_path: Path, name: str, data: bytes, status: int
) -> None:
    before = snapshot(db_path)
    response = upload(client, editor, name, data)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("bomb.tmx", BILLION_LAUGHS + tmx("&lol9;")),
        ("bomb.xlf", BILLION_LAUGHS + xliff("&lol9;")),
        ("xxe.tmx", EXTERNAL + tmx("&xxe;")),
        ("xxe.xlf", EXTERNAL + xliff("&xxe;")),
    ],
)
def test_xml_entity_bombs_and_external_entities_are_refused(
    client, editor: str, db_path: Path, name: str, body: str
) -> None:
    before = snapshot(db_path)
    started = time.monotonic()
    response = upload(client, editor, name, body.encode())
    assert time.monotonic() - started < 5
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    assert "root:" not in response.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_entities_in_html_and_docx_are_never_expanded(client, editor: str, db_path: Path) -> None:
    page = EXTERNAL + "<html><body><p>Before &xxe; after.</p><p>Second.</p></body></html>"
    upload(client, editor, "xxe.html", page.encode())
    docx = _docx_with(
        EXTERNAL.replace('<?xml version="1.0"?>\n', "")
        + "<w:p><w:r><w:t>Before &xxe; after.</w:t></w:r></w:p>"
    )
    upload(client, editor, "xxe.docx", docx)
    assert "root:x:0" not in stored_text(db_path)


def _docx_with(body_xml: str, *, padding: int = 0) -> bytes:
    """A minimal DOCX whose body holds `body_xml` (plus `padding` spaces of compressible
    filler)."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                prologue, _, rest = data.decode().partition("<w:body>")
                if body_xml.startswith("<!DOCTYPE"):
                    doctype, _, body_xml = body_xml.partition("]>")
                    prologue = prologue.replace("?>", "?>" + doctype + "]>", 1)
                data = (prologue + "<w:body>" + body_xml + " " * padding + rest).encode()
            target.writestr(item, data)
    return out.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(
    client, editor: str, db_path: Path
) -> None:
    bomb = _docx_with("<w:p><w:r><w:t>Hi</w:t></w:r></w:p>", padding=300 * 2**20)
    assert len(bomb) < 2 * 2**20  # 300 MB of spaces compress to well under 2 MB
    before = snapshot(db_path)
    started = time.monotonic()
    response = upload(client, editor, "bomb.docx", bomb)
    assert time.monotonic() - started < 10
    assert response.status_code == 413, response.get_data(as_text=True)[:500]
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.txt", "..\\..\\windows\\passwd.txt", "/etc/passwd.txt"]
)
def test_path_traversal_in_file_names_is_neutralised(
    client, editor: str, db_path: Path, name: str
) -> None:
    response = upload(client, editor, name, b"Some text.\n\nMore text.")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    store = Store(db_path)
    try:
        (version,) = store.versions(store.documents()[0]["id"])
    finally:
        store.close()
    assert version["filename"].endswith("passwd.txt")
    assert "/" not in version["filename"] and "\\" not in version["filename"]
    assert not (db_path.parent / "passwd.txt").exists()


def test_the_api_neutralises_path_traversal_too(tmp_path: Path) -> None:
    from workbench.users import issue_token

    db_path = tmp_path / "api.db"
    app = create_app({"TESTING": True, "DATABASE": str(db_path)})
    add_user(db_path, "ed", "editor")
    store = Store(db_path)
    token = issue_token(store, "ed")
    store.close()
    response = app.test_client().post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(b"Text."), "../../x.txt"), "lang": "en", "role": "source"},
        headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    store = Store(db_path)
    assert store.versions(response.get_json()["document"])[0]["filename"] == "x.txt"
    store.close()


# -- injection in query parameters ------------------------------------------------------------

PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE segments; --",
    '" OR 1=1 --',
    "1 UNION SELECT password_hash FROM users",
    "NEAR(a b",
    'x" OR "y',
    "*",
    "^",
    "(((",
    "a AND OR NOT b",
    "segments MATCH 'x'",
    "%",
    "_",
    "\\",
    "(a+)+$",
    "[",
    "\x00",
    "-1",
    "99999999999999999999999",
    "1e309",
]
PARAMS = {
    "/search": ["q", "lang", "document", "version", "level", "link_status", "limit", "offset"],
    "/concordance": ["term", "lang", "target_lang", "document"],
    "/documents/1/flags": ["status", "severity", "category", "version"],
    "/alignments/1/review": ["q", "status", "below", "level", "at", "offset", "limit", "flagged"],
    "/alignments/1/rows": ["q", "status", "below", "offset", "limit"],
    "/api/v1/search": ["q", "lang", "document", "syntax", "limit"],
    "/api/v1/concordance": ["term", "lang", "target_lang"],
    "/api/v1/documents": ["limit", "offset"],
    "/api/v1/revisions": ["status", "author", "document", "limit"],
    "/api/v1/alignments/1/links": ["status", "level", "limit", "offset"],
    "/queue": ["role", "user", "document", "author"],
    "/documents/1/compare": ["a", "b"],
}


def test_injection_in_search_and_filters_never_crashes_or_changes_anything(
    corpus: Path, client, db_path: Path
) -> None:
    """On the demo database (`corpus`, copied before the app opens it)."""
    login(client, "admin", "admin-demo")
    before = snapshot(db_path)
    checked = 0
    for path, names in PARAMS.items():
        for name in names:
            for payload in PAYLOADS:
                base = {"q": "drejt", "term": "drejt"} if name not in ("q", "term") else {}
                for extra in ({}, {"regex": "1"}, {"syntax": "fts"}):
                    if extra and "search" not in path:
                        continue
                    query = {**base, **extra, name: payload}
                    response = client.get(path, query_string=query)
                    assert response.status_code < 500, (path, query)
                    checked += 1
    assert checked > 500
    assert snapshot(db_path) == before
    # An injected condition matches nothing rather than everything.
    result = client.get("/api/v1/search", query_string={"q": "zzqx' OR '1'='1"}).get_json()
    assert result.get("total", 0) == 0 and not result.get("hits")
