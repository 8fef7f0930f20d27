"""QA findings on the review page, the QA report with its actions, and the glossary pages."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, csrf_from, login, snapshot
from workbench import aligning, findings, revisions, services
from workbench.store import Store

SOURCE = [
    "Takimi u mbajt më 12 maj 1961 në Tiranë.",
    "Delegacioni shqiptar arriti në Moskë.",
    "Biseda zgjati dy orë.",
    "<script>window.__xss=1</script> Neni 9 i marrëveshjes.",
]
TARGET = [
    "The meeting was held on 12 May 1962 in Tirana.",
    "The Albanian delegation arrived in Moscow.",
    "The conversation lasted two hours.",
    '<img src=x onerror="window.__xss=1"> Article 9 of the agreement.',
]
ROLES = ("translator", "reviewer", "editor", "admin")
JSON = {"Accept": "application/json"}


def _import(store: Store, source: list[str], target: list[str], title: str) -> int:
    doc = services.import_file(
        store,
        "\n\n".join(source).encode(),
        filename="s.txt",
        language="sq",
        role="source",
        title=title,
    ).document
    services.import_file(
        store,
        "\n\n".join(target).encode(),
        filename="t.txt",
        document_id=doc,
        language="en",
        role="translation",
    )
    return aligning.align_versions(store, doc)


def record_alignment(db_path: Path) -> int:
    """The record of 1961 and its translation, aligned: the alignment's id."""
    store = Store(db_path)
    try:
        return _import(store, SOURCE, TARGET, "Record of 1961")
    finally:
        store.close()


@pytest.fixture
def aligned(db_path: Path) -> int:
    return record_alignment(db_path)


def open_store(db_path: Path) -> Store:
    return Store(db_path)


def the_finding(db_path: Path, alignment: int):
    store = open_store(db_path)
    try:
        _report, found = findings.open_findings(store, alignment)
        return next(f for f in found if f.check == "numbers"), store.alignment(alignment)
    finally:
        store.close()


def tree(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def findings_on_page(response) -> list[str]:
    return [
        " ".join(li.text_content().split())
        for li in tree(response).xpath("//details[contains(@class,'qa-findings')]//li")
    ]


# -- anonymous visitors and roles -----------------------------------------------------------


def test_every_route_needs_a_login(client, aligned: int) -> None:
    for url in (
        f"/alignments/{aligned}/qa",
        "/documents/1/glossary",
        "/documents/1/glossary.csv",
        f"/alignments/{aligned}/review?qa=minor",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
    assert client.get(f"/alignments/{aligned}/next-finding", headers=JSON).status_code == 401
    token = csrf_from(client.get("/login").get_data(as_text=True))
    for url in (
        f"/alignments/{aligned}/findings/flag",
        f"/alignments/{aligned}/findings/dismiss",
        f"/alignments/{aligned}/findings/undismiss",
        "/documents/1/glossary/terms",
        "/documents/1/glossary/terms/1",
        "/documents/1/glossary/terms/1/delete",
        "/documents/1/glossary/import",
    ):
        assert client.post(url, data={"csrf_token": token}).status_code == 401, url
        # without a token too: a visitor who is not logged in hears "log in again" first
        assert client.post(url, data={}).status_code == 401, url


@pytest.mark.parametrize("role", ROLES)
def test_permissions_per_role(client, db_path: Path, aligned: int, role: str) -> None:
    add_user(db_path, "someone", role)
    token = login(client, "someone")
    finding, _ = the_finding(db_path, aligned)
    before = snapshot(db_path)
    may_flag = role != "translator"
    response = client.post(
        f"/alignments/{aligned}/findings/dismiss",
        data={"csrf_token": token, "key": finding.key, "reason": "ok"},
    )
    assert response.status_code == (303 if may_flag else 403)
    if not may_flag:
        assert snapshot(db_path) == before
    response = client.post(
        "/documents/1/glossary/terms",
        data={"csrf_token": token, "source": "Moskë", "target": "Moscow"},
    )
    may_edit = role != "reviewer"
    assert response.status_code == (303 if may_edit else 403)
    page = client.get(f"/alignments/{aligned}/qa").get_data(as_text=True)
    # flaggers saw the finding dismissed (with a button to undo); others see no buttons
    assert ("Report it again" in page) == may_flag
    assert "Turn into a flag" not in page if may_flag else "1962" in page
    glossary = client.get("/documents/1/glossary").get_data(as_text=True)
    assert ("Import terms" in glossary) == may_edit


# -- findings on the review page -----------------------------------------------------------


def test_review_rows_show_badges_and_the_qa_filter(client, as_role, aligned: int) -> None:
    as_role("reviewer")
    page = client.get(f"/alignments/{aligned}/review")
    assert page.status_code == 200
    rows = tree(page).xpath("//li[contains(@class,'link-row')]")
    marked = [r for r in rows if "has-findings" in r.get("class")]
    assert len(marked) == 1 and marked[0].get("data-findings") == "1"
    badge = marked[0].xpath(".//span[contains(@class,'qa-badge')]")[0]
    assert badge.text_content() == "numbers" and "severity-major" in badge.get("class")
    assert any("1961" in text and "1962" in text for text in findings_on_page(page))
    only = client.get(f"/alignments/{aligned}/review?qa=minor")
    assert len(tree(only).xpath("//li[contains(@class,'link-row')]")) == 1
    assert tree(only).xpath("//select[@name='qa']/option[@selected]")[0].get("value") == "minor"
    critical = client.get(f"/alignments/{aligned}/rows?qa=critical")
    assert tree(critical).xpath("//p[@class='empty']")
    assert client.get(f"/alignments/{aligned}/review?qa=worst").status_code == 400
    # at sentence level: the sentence links inside the paragraph link with the finding
    sentences = client.get(f"/alignments/{aligned}/rows?qa=minor&level=sentence")
    assert sentences.status_code == 200
    sentence_rows = tree(sentences).xpath("//li[contains(@class,'link-row')]")
    assert sentence_rows and any("1962" in r.text_content() for r in sentence_rows)
    jump = client.get(f"/alignments/{aligned}/next-finding", headers=JSON).get_json()
    link = int(marked[0].get("data-link"))
    assert jump["link"] == link and jump["index"] == 0
    again = client.get(f"/alignments/{aligned}/next-finding?after={link}", headers=JSON)
    assert again.get_json()["link"] == link and "from the start" in again.get_json()["message"]
    none = client.get(f"/alignments/{aligned}/next-finding?qa=critical", headers=JSON)
    assert none.get_json()["link"] is None


def test_the_next_finding_keeps_to_flagged_links_when_the_page_shows_only_those(
    client, as_role, db_path: Path, aligned: int
) -> None:
    """The q key with the "flagged" filter on asks for the next flagged link with findings."""
    from workbench import flags

    as_role("reviewer")
    page = client.get(f"/alignments/{aligned}/review")
    rows = tree(page).xpath("//li[contains(@class,'link-row')]")
    [with_finding] = [int(r.get("data-link")) for r in rows if "has-findings" in r.get("class")]
    other = next(int(r.get("data-link")) for r in rows if int(r.get("data-link")) != with_finding)
    url = f"/alignments/{aligned}/next-finding?flagged=1"
    assert client.get(url, headers=JSON).get_json()["link"] is None  # nothing flagged yet
    store = Store(db_path)
    try:
        flags.raise_flag(
            store, aligned, category="style", severity="minor", link_id=other, user="rita"
        )
        assert client.get(url, headers=JSON).get_json()["link"] is None  # flagged, no finding
        flags.raise_flag(
            store, aligned, category="style", severity="minor", link_id=with_finding, user="rita"
        )
    finally:
        store.close()
    assert client.get(url, headers=JSON).get_json()["link"] == with_finding
    after = client.get(f"{url}&after={with_finding}&level=sentence", headers=JSON)
    assert after.status_code == 200 and after.get_json()["link"] == with_finding


def test_cache_follows_text_and_glossary_changes(
    client, db_path: Path, aligned: int, monkeypatch
) -> None:
    from workbench import findings_cache

    # a report counts as fast however busy the machine, so the page recomputes on each change
    # (a slow report's badges may lag behind; test_qa_findings covers that path)
    monkeypatch.setattr(findings_cache, "SYNC_SECONDS", 3600.0)
    add_user(db_path, "tr", "translator")
    add_user(db_path, "ed", "editor")
    token = login(client, "tr")
    url = f"/alignments/{aligned}/review"
    assert len(findings_on_page(client.get(url))) == 1
    # a glossary term whose translation is missing brings a glossary finding at once
    response = client.post(
        "/documents/1/glossary/terms",
        json={"source": "Delegacioni", "target": "mission"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    shown = findings_on_page(client.get(url))
    assert any("mission" in text for text in shown), shown
    # an approved revision of the target text removes the number finding
    store = open_store(db_path)
    try:
        segment = store.segments(store.alignment(aligned)["target_version_id"], "paragraph")[0]
        revision = revisions.propose(
            store,
            segment["id"],
            "The meeting was held on 12 May 1961 in Tirana.",
            base_revision=0,
            user="tr",
        )
        revisions.approve(store, revision, user="ed")
    finally:
        store.close()
    shown = findings_on_page(client.get(url))
    assert not any("1962" in text for text in shown), shown


# -- the QA report ----------------------------------------------------------------------------


def test_report_lists_findings_with_excerpts_and_links(client, as_role, aligned: int) -> None:
    as_role("reviewer")
    finding, _ = the_finding(client.application.config["DATABASE"], aligned)
    page = client.get(f"/alignments/{aligned}/qa")
    assert page.status_code == 200
    html = tree(page)
    item = html.xpath(f"//li[@id='finding-{finding.key}']")[0]
    assert [m.text_content() for m in item.xpath(".//mark")] == ["1961", "1962"]
    link = item.xpath(".//a[text()='open in review']")[0].get("href")
    assert link == f"/alignments/{aligned}/review?at={finding.link}"
    assert html.xpath("//section[@id='check-numbers']//span[contains(@class,'severity-major')]")
    assert client.get(f"/alignments/{aligned}/qa?severity=critical").status_code == 200
    assert client.get(f"/alignments/{aligned}/qa?severity=huge").status_code == 400
    assert client.get("/alignments/999/qa").status_code == 404


def test_dismissal_is_remembered_and_can_be_undone(client, db_path: Path, aligned: int) -> None:
    add_user(db_path, "rev", "reviewer")
    token = login(client, "rev")
    finding, _ = the_finding(db_path, aligned)
    response = client.post(
        f"/alignments/{aligned}/findings/dismiss",
        data={"csrf_token": token, "key": finding.key, "reason": "the source has a typo"},
    )
    assert response.status_code == 303
    # the only finding is gone: the page opens at its top, where the message is
    assert response.location.endswith(f"/alignments/{aligned}/qa#findings-top")
    for _ in range(2):  # re-running the checks does not bring it back
        html = tree(client.get(f"/alignments/{aligned}/qa"))
        assert not html.xpath(f"//li[@id='finding-{finding.key}']")
        dismissed = html.xpath(f"//details[@id='dismissed']//li[@id='dismissed-{finding.key}']")
        assert dismissed and "the source has a typo" in dismissed[0].text_content()
    assert findings_on_page(client.get(f"/alignments/{aligned}/review")) == []
    before = snapshot(db_path)
    again = client.post(
        f"/alignments/{aligned}/findings/dismiss",
        data={"csrf_token": token, "key": finding.key},
        headers=JSON,
    )
    assert again.status_code == 409 and snapshot(db_path) == before
    bad = client.post(
        f"/alignments/{aligned}/findings/dismiss", data={"csrf_token": token, "key": "nope"}
    )
    assert bad.status_code == 400 and snapshot(db_path) == before
    response = client.post(
        f"/alignments/{aligned}/findings/undismiss", data={"csrf_token": token, "key": finding.key}
    )
    assert response.status_code == 303
    assert tree(client.get(f"/alignments/{aligned}/qa")).xpath(f"//li[@id='finding-{finding.key}']")


def test_to_flag_creates_a_flag_and_hides_the_finding(client, db_path, aligned: int) -> None:
    add_user(db_path, "rev", "reviewer")
    token = login(client, "rev")
    finding, _ = the_finding(db_path, aligned)
    response = client.post(
        f"/alignments/{aligned}/findings/flag",
        data={"csrf_token": token, "key": finding.key, "comment": "<b>check the year</b>"},
        headers=JSON,
    )
    assert response.status_code == 201
    flag = response.get_json()["result"]
    assert flag["category"] == "numbers-and-dates" and flag["severity"] == "major"
    flags_page = client.get("/documents/1/flags").get_data(as_text=True)
    assert "&lt;b&gt;check the year&lt;/b&gt;" in flags_page
    html = tree(client.get(f"/alignments/{aligned}/qa"))
    assert not html.xpath(f"//li[@id='finding-{finding.key}']")
    dismissed = html.xpath("//details[@id='dismissed']")[0].text_content()
    assert f"raised as flag {flag['id']}" in dismissed
    review = tree(client.get(f"/alignments/{aligned}/review"))
    assert review.xpath("//span[contains(@class,'flag-badge')]")


def test_hostile_text_is_escaped(client, db_path: Path, as_role) -> None:
    store = open_store(db_path)
    try:
        alignment = _import(
            store,
            ["<script>alert(1)</script> Viti 1961."],
            ['<img src=x onerror="alert(1)"> The year 1962.'],
            "<b>Hostile</b>",
        )
    finally:
        store.close()
    token = as_role("editor")
    client.post(
        "/documents/1/glossary/terms",
        data={"csrf_token": token, "source": "<script>x</script>", "target": "<i>y</i>"},
    )
    for url in (
        f"/alignments/{alignment}/qa",
        f"/alignments/{alignment}/review",
        "/documents/1/glossary",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "<script>x" not in html and "<i>y</i>" not in html, url
    report = client.get(f"/alignments/{alignment}/qa").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Viti" in report
    assert "&lt;b&gt;Hostile&lt;/b&gt;" in report


# -- the glossary -----------------------------------------------------------------------------


def test_glossary_add_edit_delete_and_export(client, db_path: Path, aligned: int, as_role) -> None:
    token = as_role("translator")
    response = client.post(
        "/documents/1/glossary/terms",
        data={
            "csrf_token": token,
            "source": "Tiranë",
            "target": "Tirana",
            "forbidden": "Tirane; Tiranë",
            "note": "the city",
        },
    )
    assert response.status_code == 303
    page = client.get("/documents/1/glossary")
    rows = tree(page).xpath("//table[@id='own-terms']//tr[starts-with(@id,'term-')]")
    assert len(rows) == 1 and "Added" in page.get_data(as_text=True)
    term_id = int(rows[0].get("id").removeprefix("term-"))
    client.post(
        "/documents/1/glossary/terms",
        data={"csrf_token": token, "source": "Moskë", "target": "Moscow", "scope": "shared"},
    )
    shared = tree(client.get("/documents/1/glossary")).xpath(
        "//table[@id='shared-terms']//tbody/tr"
    )
    assert "Moskë" in lxml.html.tostring(shared[0], encoding="unicode")
    response = client.post(
        f"/documents/1/glossary/terms/{term_id}",
        data={"csrf_token": token, "source": "Tiranë", "target": "Tirana", "note": "capital"},
    )
    assert response.status_code == 303
    csv = client.get("/documents/1/glossary.csv")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    assert csv.get_data(as_text=True) == "source,target,note,forbidden\nTiranë,Tirana,capital,\n"
    assert "Moskë,Moscow" in client.get("/documents/1/glossary.csv?scope=shared").get_data(
        as_text=True
    )
    response = client.post(
        f"/documents/1/glossary/terms/{term_id}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 303
    assert client.get("/documents/1/glossary.csv").get_data(as_text=True).count("\n") == 1


def _term_forms(client, term_id: int) -> dict[str, dict[str, str]]:
    """The glossary page's edit and delete forms of a term: their hidden fields."""
    page = tree(client.get("/documents/1/glossary"))
    found = {}
    for kind, xpath in (
        ("edit", f"//form[@id='edit-{term_id}']"),
        ("delete", f"//tr[@id='term-{term_id}']//form[contains(@action, '/delete')]"),
    ):
        [form] = page.xpath(xpath)
        found[kind] = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    return found


def test_a_stale_glossary_form_does_not_undo_a_change_made_since(
    client, db_path: Path, aligned: int, as_role
) -> None:
    token = as_role("translator")
    term = {"csrf_token": token, "source": "deklarata", "target": "declaration"}
    client.post("/documents/1/glossary/terms", data=term)
    term_id = open_store(db_path).terms(document_id=1)[0]["id"]
    opened = _term_forms(client, term_id)  # one person's page, opened now
    url = f"/documents/1/glossary/terms/{term_id}"
    # someone else saves a change from a page opened at the same time
    other = {**opened["edit"], "source": "deklarata", "target": "Declaration", "note": "titles"}
    assert client.post(url, data=other).status_code == 303
    # the first page's save and delete are refused, naming what the term says now
    mine = {**opened["edit"], "source": "deklarata", "target": "declaration", "note": "mine"}
    refused = client.post(url, data=mine)
    assert refused.status_code == 409
    row = tree(refused).xpath(f"//tr[@id='term-{term_id}']")[0]
    [message] = row.xpath(f".//p[@id='term-{term_id}-error']/text()")
    assert "changed" in message and "“Declaration”" in message and "note: titles" in message
    assert row.xpath(".//input[@name='note']/@value") == ["mine"]  # what was typed stays
    add_form = tree(refused).xpath("//form[@class='glossary-add']//input[@name='source']")[0]
    assert add_form.get("value") == ""  # not typed into the add form
    refused = client.post(f"{url}/delete", data=opened["delete"])
    assert refused.status_code == 409
    row = tree(refused).xpath(f"//tr[@id='term-{term_id}']")[0]
    assert row.xpath(".//input[@name='target']/@value") == ["Declaration"]  # the term as it is
    assert row.xpath(f".//p[@id='term-{term_id}-error']")
    [stored] = open_store(db_path).terms(document_id=1)
    assert (stored["target_term"], stored["note"]) == ("Declaration", "titles")
    # a page opened after the change saves and deletes as before
    fresh = _term_forms(client, term_id)
    assert client.post(url, data={**other, **fresh["edit"], "note": "any"}).status_code == 303
    assert client.post(
        f"{url}/delete", data=_term_forms(client, term_id)["delete"]
    ).status_code == (303)
    assert open_store(db_path).terms(document_id=1) == []


def test_glossary_import_csv_and_tbx(client, aligned: int, as_role) -> None:
    token = as_role("editor")
    data = {
        "csrf_token": token,
        "file": (io.BytesIO("source,target\nTiranë,Tirana\nMoskë,Moscow\n".encode()), "g.csv"),
    }
    response = client.post("/documents/1/glossary/import", data=data)
    assert response.status_code == 303
    assert "Imported g.csv: 2 new" in client.get("/documents/1/glossary").get_data(as_text=True)
    tbx = b"""<?xml version="1.0"?>
<tbx type="TBX-Basic" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="1">
 <langSec xml:lang="sq"><termSec><term>marr\xc3\xabveshje</term></termSec></langSec>
 <langSec xml:lang="en"><termSec><term>agreement</term></termSec>
  <termSec><term>deal</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry></body></text></tbx>"""
    response = client.post(
        "/documents/1/glossary/import",
        data={"csrf_token": token, "file": (io.BytesIO(tbx), "g.tbx")},
    )
    assert response.status_code == 303
    assert "marrëveshje,agreement,,deal" in client.get("/documents/1/glossary.csv").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "form",
    [
        {"file": (io.BytesIO(b"source,target\nA,B\n,C\n"), "bad.csv")},
        {"file": (io.BytesIO(b"word,meaning\nA,B\n"), "header.csv")},
        {"file": (io.BytesIO(b"<tbx><unclosed>"), "bad.tbx")},
        {"file": (io.BytesIO(b"A,B"), "glossary.pdf")},
        {"file": (io.BytesIO(b""), "")},
        {"file": (io.BytesIO(b"source,target\nA,B\n"), "g.csv"), "scope": "everyone"},
    ],
)
def test_bad_imports_store_nothing(client, db_path, aligned: int, as_role, form) -> None:
    token = as_role("editor")
    before = snapshot(db_path)
    response = client.post("/documents/1/glossary/import", data={"csrf_token": token, **form})
    assert response.status_code == 400
    assert tree(response).xpath("//p[@class='error']")
    assert snapshot(db_path) == before


def test_bad_terms_store_nothing(client, db_path, aligned: int, as_role) -> None:
    token = as_role("editor")
    other = open_store(db_path)
    try:
        _import(other, ["Neni 1."], ["Article 1"], "Other")
    finally:
        other.close()
    client.post(
        "/documents/2/glossary/terms",
        data={"csrf_token": token, "source": "Neni", "target": "Article"},
    )
    before = snapshot(db_path)
    empty = client.post(
        "/documents/1/glossary/terms", data={"csrf_token": token, "source": " ", "target": "x"}
    )
    assert empty.status_code == 400 and "both a source and a target" in empty.get_data(as_text=True)
    long = client.post(
        "/documents/1/glossary/terms",
        json={"source": "x" * 501, "target": "y"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert long.status_code == 400 and "500" in long.get_json()["error"]["message"]
    # a term of another document is not reachable through this one
    assert (
        client.post("/documents/1/glossary/terms/1/delete", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.post("/documents/9/glossary/terms", data={"csrf_token": token}).status_code == 404
    assert snapshot(db_path) == before


def test_a_failing_check_does_not_take_the_review_page_down(
    client, as_role, aligned: int, monkeypatch
) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("a check in the making")

    monkeypatch.setattr(findings, "check_alignment", broken)
    as_role("reviewer")
    page = client.get(f"/alignments/{aligned}/review")
    assert page.status_code == 200
    assert tree(page).xpath("//p[@class='qa-failed']") and findings_on_page(page) == []


def test_after_acting_on_a_finding_the_report_opens_at_the_next_one(
    client, db_path: Path, as_role
) -> None:
    store = open_store(db_path)
    try:
        source = [*SOURCE[:2], "Biseda zgjati 2 orë.", *SOURCE[3:]]
        target = [*TARGET[:2], "The conversation lasted 3 hours.", *TARGET[3:]]
        alignment = _import(store, source, target, "Two numbers")
    finally:
        store.close()
    token = as_role("reviewer")
    html = tree(client.get(f"/alignments/{alignment}/qa"))
    keys = [li.get("id").removeprefix("finding-") for li in html.xpath("//li[@class='finding']")]
    assert len(keys) >= 2
    nexts = html.xpath(f"//li[@id='finding-{keys[0]}']//input[@name='next']/@value")
    assert nexts and set(nexts) == {keys[1]}  # both of its forms
    response = client.post(
        f"/alignments/{alignment}/findings/dismiss",
        data={"csrf_token": token, "key": keys[0], "next": keys[1]},
    )
    assert response.location.endswith(f"/alignments/{alignment}/qa#finding-{keys[1]}")
    forged = client.post(
        f"/alignments/{alignment}/findings/undismiss",
        data={"csrf_token": token, "key": keys[0], "next": '"><script>'},
    )
    assert forged.location.endswith("#findings-top")  # only a finding key becomes an anchor


def test_the_message_is_shown_where_the_report_opens(client, db_path: Path, as_role) -> None:
    """After acting on a finding the message is in the finding the page opens at (a status
    that names it, focusable without a script), else at the top; the filters are kept."""
    store = open_store(db_path)
    try:
        source = [*SOURCE[:2], "Biseda zgjati 2 orë.", "Ata ishin 5 veta."]
        target = [*TARGET[:2], "The conversation lasted 3 hours.", "They were 6 people."]
        alignment = _import(store, source, target, "Three numbers")
    finally:
        store.close()
    token = as_role("reviewer")
    report = f"/alignments/{alignment}/qa"
    html = tree(client.get(f"{report}?check=numbers&severity=minor"))
    keys = [li.get("id").removeprefix("finding-") for li in html.xpath("//li[@class='finding']")]
    assert len(keys) >= 3
    # the forms carry the view they were posted from (the severity "minor" is the default)
    assert (
        html.xpath(f"//li[@id='finding-{keys[0]}']//input[@name='check']/@value") == ["numbers"] * 2
    )
    assert not html.xpath("//input[@name='severity']")
    response = client.post(
        f"{report.removesuffix('/qa')}/findings/dismiss",
        data={"csrf_token": token, "key": keys[0], "next": keys[1], "check": "numbers"},
    )
    assert response.location.endswith(f"{report}?check=numbers#finding-{keys[1]}")
    page = client.get(response.location)
    html = tree(page)
    landing = html.xpath(f"//li[@id='finding-{keys[1]}']")[0]
    assert landing.get("tabindex") == "-1"
    assert landing.get("aria-labelledby") == f"flashes-{keys[1]} next-{keys[1]}"
    status = landing.xpath("./ul[@class='flashes']")[0]
    assert status.get("role") == "status" and status.get("id") == f"flashes-{keys[1]}"
    assert status.text_content().strip() == (
        "Dismissed: it stays hidden while its texts stay the same."
    )
    assert (
        html.xpath(f"//span[@id='next-{keys[1]}']")[0]
        .text_content()
        .startswith("Next: numbers finding 1: ")
    )
    assert html.xpath("//div[@id='findings-top']")[0].text_content().strip() == ""
    assert len(html.xpath("//ul[@class='flashes']")) == 1
    # shown once: the page again has no message, and no finding is named by one
    html = tree(client.get(f"{report}?check=numbers"))
    assert not html.xpath("//ul[@class='flashes'] | //li[@aria-labelledby]")
    # a forged view is not kept; a next finding no longer listed: the message is at the top
    response = client.post(
        f"{report.removesuffix('/qa')}/findings/flag",
        data={"csrf_token": token, "key": keys[2], "next": "0" * 20, "severity": "huge"},
    )
    assert response.location.endswith(f"{report}#finding-{'0' * 20}")
    top = tree(client.get(response.location)).xpath("//div[@id='findings-top']")[0]
    assert (top.get("tabindex"), top.get("aria-labelledby")) == ("-1", "flashes-top")
    assert top.xpath("./ul[@role='status']")[0].text_content().strip().startswith("Raised flag")
