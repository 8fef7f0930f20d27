"""Adding a glossary term that is there already, or another translation of a source term.

Adding never erases: the same pair again keeps its note and forbidden variants (an empty note
is filled in, new forbidden variants join the old ones) and says so, with 200 and the stored
term rather than 201. Another translation of a source term is an alternative, as in a termbase
entry with several accepted translations: the glossary check accepts any of them. A
contradiction (a translation that an alternative forbids) is refused and stores nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import csrf_from, import_pair, snapshot
from workbench import findings, glossary
from workbench.qa import Pair, Term, run
from workbench.store import Store

SOURCE = ["Të gjithë kanë të drejtat e tyre.", "Neni 2 mbron të drejtat e njeriut."]
TARGET = ["Everyone has their rights.", "Article 2 protects human entitlements."]
JSON = {"Accept": "application/json"}
TERMS = "/documents/1/glossary/terms"


@pytest.fixture
def document(db_path: Path) -> int:
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, title="Rights")
        return store.alignment(alignment)["document_id"]
    finally:
        store.close()


@pytest.fixture
def term_with_note(client, document: int, as_role) -> tuple[str, int]:
    """The tester's first step: a term edited to have a note and a forbidden variant."""
    token = as_role("translator")
    added = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert added.status_code == 201, added.get_data(as_text=True)
    term_id = added.get_json()["term"]["id"]
    edited = client.post(
        f"{TERMS}/{term_id}",
        data={
            "csrf_token": token,
            "source": "të drejtat",
            "target": "rights",
            "note": "Use plural; see art. 2",
            "forbidden": "entitlements",
        },
    )
    assert edited.status_code == 303
    return token, term_id


def stored_terms(db_path: Path) -> list[tuple[str, str, str | None, list[str]]]:
    store = Store(db_path)
    try:
        rows = glossary.list_terms(store)
        return [(t["source_term"], t["target_term"], t["note"], t["forbidden"]) for t in rows]
    finally:
        store.close()


def flashed(client) -> str:
    page = lxml.html.fromstring(client.get("/documents/1/glossary").get_data(as_text=True))
    return " ".join(page.text_content().split())


def glossary_findings(db_path: Path, document: int) -> list[str]:
    store = Store(db_path)
    try:
        report = findings.check_alignment(store, document)
        return [f.message for f in report.findings if f.check == "glossary"]
    finally:
        store.close()


# -- the same pair again ------------------------------------------------------------------------


def test_adding_an_existing_term_again_by_form_keeps_its_note_and_forbidden_variants(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note
    response = client.post(
        TERMS, data={"csrf_token": token, "source": "të drejtat", "target": "rights"}
    )
    assert response.status_code == 303
    assert stored_terms(db_path) == [
        ("të drejtat", "rights", "Use plural; see art. 2", ["entitlements"])
    ]
    page = flashed(client)
    assert "“të drejtat” → “rights” is already in this document's glossary: nothing changed." in (
        page
    )
    assert "Added “të drejtat”" not in page


def test_adding_an_existing_term_again_by_json_answers_200_with_the_stored_term(
    client, db_path: Path, term_with_note
) -> None:
    token, term_id = term_with_note
    response = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["outcome"] == "unchanged"
    assert body["term"]["id"] == term_id
    assert body["term"]["note"] == "Use plural; see art. 2"
    assert body["term"]["forbidden"] == ["entitlements"]
    assert "already in this document's glossary" in body["message"]


def test_the_concordance_one_click_add_keeps_an_existing_term(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note
    response = client.post(
        "/concordance/glossary",
        data={
            "csrf_token": token,
            "source": "të drejtat",
            "target": "rights",
            "src_lang": "sq",
            "tgt_lang": "en",
            "document": "1",
            "term": "të drejtat",
            "lang": "sq",
        },
    )
    assert response.status_code == 303
    assert stored_terms(db_path) == [
        ("të drejtat", "rights", "Use plural; see art. 2", ["entitlements"])
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is already in the document&#39;s glossary: nothing changed." in page
    assert "Added to the glossary" not in page


def test_the_same_term_in_other_letter_case_is_the_same_term(
    client, db_path: Path, term_with_note
) -> None:
    token, term_id = term_with_note
    response = client.post(
        TERMS,
        json={"source": "Të Drejtat", "target": "RIGHTS"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 200
    assert response.get_json()["term"]["id"] == term_id
    assert len(stored_terms(db_path)) == 1


def test_adding_again_fills_an_empty_note_and_adds_new_forbidden_variants(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights", "forbidden": "entitlements"},
        headers=headers,
    )
    response = client.post(
        TERMS,
        json={
            "source": "të drejtat",
            "target": "rights",
            "note": "plural",
            "forbidden": "Entitlements; claims",
        },
        headers=headers,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["outcome"] == "updated"
    assert body["message"] == (
        "“të drejtat” → “rights” is already in this document's glossary: added its note "
        "and the forbidden variant “claims”."
    )
    assert stored_terms(db_path) == [("të drejtat", "rights", "plural", ["entitlements", "claims"])]


def test_adding_again_with_another_note_keeps_the_stored_note_and_says_so(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note
    response = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights", "note": "something else"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "unchanged"
    assert "It keeps its note: edit the term to change it." in response.get_json()["message"]
    assert stored_terms(db_path)[0][2] == "Use plural; see art. 2"


def test_a_bad_request_to_add_an_existing_term_changes_nothing(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note
    before = snapshot(db_path)
    too_long = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights", "note": "x" * 2001},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert too_long.status_code == 400
    no_target = client.post(TERMS, data={"csrf_token": token, "source": "të drejtat"})
    assert no_target.status_code == 400
    no_token = client.post(TERMS, data={"source": "të drejtat", "target": "rights", "note": "n"})
    assert no_token.status_code in (400, 403)
    assert snapshot(db_path) == before


def test_a_pair_in_the_shared_glossary_is_still_added_to_the_documents_own(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    shared = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights", "scope": "shared"},
        headers=headers,
    )
    assert shared.status_code == 201
    own = client.post(TERMS, json={"source": "të drejtat", "target": "rights"}, headers=headers)
    assert own.status_code == 201
    assert own.get_json()["outcome"] == "added"
    assert "The shared glossary has the same term." in own.get_json()["message"]


# -- another translation of the same source term --------------------------------------------------


def test_another_translation_is_added_as_an_alternative(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    client.post(
        TERMS,
        data={"csrf_token": token, "source": "të drejtat", "target": "rights", "note": "plural"},
    )
    response = client.post(
        TERMS,
        data={"csrf_token": token, "source": "të drejtat", "target": "entitlements"},
    )
    assert response.status_code == 303
    assert stored_terms(db_path) == [
        ("të drejtat", "rights", "plural", []),
        ("të drejtat", "entitlements", None, []),
    ]
    assert (
        "Added “entitlements” to this document's glossary as an alternative translation of "
        "“të drejtat” (besides “rights”): the glossary check accepts any of them."
    ) in flashed(client)
    # paragraph 1 has "rights", paragraph 2 "entitlements": each is an accepted translation
    assert glossary_findings(db_path, document) == []


def test_an_alternative_by_json_answers_201_and_names_the_other_translations(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    first = client.post(TERMS, json={"source": "të drejtat", "target": "rights"}, headers=headers)
    response = client.post(
        TERMS, json={"source": "të drejtat", "target": "entitlements"}, headers=headers
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["outcome"] == "alternative"
    assert body["term"]["target_term"] == "entitlements"
    assert [t["id"] for t in body["alternatives"]] == [first.get_json()["term"]["id"]]


def test_a_shared_translation_and_a_documents_own_are_alternatives_to_the_check(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(
        TERMS,
        json={"source": "të drejtat", "target": "rights", "scope": "shared"},
        headers=headers,
    )
    # before the alternative, paragraph 2 ("entitlements") misses the required translation
    assert glossary_findings(db_path, document) == [
        "glossary: “të drejtat” should be translated as “rights”"
    ]
    response = client.post(
        TERMS, json={"source": "të drejtat", "target": "entitlements"}, headers=headers
    )
    assert response.status_code == 201
    assert response.get_json()["outcome"] == "alternative"
    assert glossary_findings(db_path, document) == []


def test_a_translation_forbidden_by_an_alternative_is_refused_and_changes_nothing(
    client, db_path: Path, term_with_note
) -> None:
    token, term_id = term_with_note  # rights, with "entitlements" forbidden
    before = snapshot(db_path)
    response = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "entitlements"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert response.status_code == 409
    assert f"(term {term_id})" in response.get_json()["error"]["message"]
    form = client.post(
        TERMS, data={"csrf_token": token, "source": "të drejtat", "target": "entitlements"}
    )
    assert form.status_code == 409
    assert "is a forbidden variant of" in form.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_forbidding_an_alternatives_translation_is_refused_and_changes_nothing(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(TERMS, json={"source": "të drejtat", "target": "rights"}, headers=headers)
    before = snapshot(db_path)
    for target in ("entitlements", "rights"):  # a new alternative, or the pair again
        response = client.post(
            TERMS,
            json={"source": "të drejtat", "target": target, "forbidden": "Rights; claims"},
            headers=headers,
        )
        assert response.status_code in (400, 409), target
    assert snapshot(db_path) == before


def test_editing_a_term_into_a_contradiction_is_refused_as_adding_is(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note  # rights, with "entitlements" forbidden
    other = client.post(
        TERMS,
        json={"source": "të drejtat", "target": "claims"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert other.status_code == 201
    other_id = other.get_json()["term"]["id"]
    before = snapshot(db_path)
    for change in ({"target": "entitlements"}, {"forbidden": "rights"}):
        response = client.post(
            f"{TERMS}/{other_id}",
            data={"csrf_token": token, "source": "të drejtat", "target": "claims", **change},
        )
        assert response.status_code == 409, change
    response = client.post(
        f"{TERMS}/{other_id}",
        data={
            "csrf_token": token,
            "source": "të drejtat",
            "target": "claims",
            "forbidden": "claims",
        },
    )
    assert response.status_code == 400
    assert snapshot(db_path) == before


def test_alternatives_escape_their_text_in_the_message(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    for target in ("<b>rights</b>", "<i>entitlements</i>"):
        client.post(TERMS, data={"csrf_token": token, "source": "të drejtat", "target": target})
    html = client.get("/documents/1/glossary").get_data(as_text=True)
    assert "<b>rights</b>" not in html and "<i>entitlements</i>" not in html
    assert "besides “&lt;b&gt;rights&lt;/b&gt;”" in html


# -- editing and importing erase nothing by accident ------------------------------------------


def test_editing_a_term_into_another_terms_pair_is_refused(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    headers = {"X-CSRF-Token": token, **JSON}
    client.post(TERMS, json={"source": "të drejtat", "target": "rights"}, headers=headers)
    other = client.post(TERMS, json={"source": "Neni", "target": "Article"}, headers=headers)
    before = snapshot(db_path)
    for target in ("Rights", "rights"):  # the same term in other letters, or the same text
        response = client.post(
            f"{TERMS}/{other.get_json()['term']['id']}",
            data={"csrf_token": token, "source": "të drejtat", "target": target},
        )
        assert response.status_code == 409, target
        assert "already in this glossary" in response.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_an_import_keeps_the_note_and_forbidden_variants_a_row_leaves_empty(
    client, db_path: Path, term_with_note
) -> None:
    token, _term_id = term_with_note
    data = "source,target,note,forbidden\ntë drejtat,rights,,\nNeni,Article,,\n".encode()
    response = client.post(
        "/documents/1/glossary/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "g.csv")},
    )
    assert response.status_code == 303
    assert "Imported g.csv: 1 new, 0 updated, 1 unchanged terms." in flashed(client)
    assert stored_terms(db_path) == [
        ("të drejtat", "rights", "Use plural; see art. 2", ["entitlements"]),
        ("Neni", "Article", None, []),
    ]
    data = "source,target,note\ntë drejtat,rights,the plural\n".encode()
    client.post(
        "/documents/1/glossary/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "g.csv")},
    )
    assert stored_terms(db_path)[0] == ("të drejtat", "rights", "the plural", ["entitlements"])


def test_the_glossary_page_form_still_carries_its_csrf_token(
    client, document: int, as_role
) -> None:
    as_role("translator")
    html = client.get("/documents/1/glossary").get_data(as_text=True)
    form = lxml.html.fromstring(html).xpath("//form[@class='glossary-add']")[0]
    assert form.xpath(".//input[@name='csrf_token']")[0].get("value") == csrf_from(html)


# -- the glossary check ---------------------------------------------------------------------------


def glossary_messages(source: str, target: str, terms: list[Term]) -> list[str]:
    return [
        f.message for f in run([Pair(source, target)], "sq", "en", terms) if f.check == "glossary"
    ]


def test_the_check_accepts_any_translation_of_a_source_term() -> None:
    terms = [Term("të drejtat", "rights"), Term("Të drejtat", "entitlements")]
    assert glossary_messages("Kanë të drejtat.", "They have rights.", terms) == []
    assert glossary_messages("Kanë të drejtat.", "They have entitlements.", terms) == []
    # neither translation: one finding that names both
    assert glossary_messages("Kanë të drejtat.", "They have claims.", terms) == [
        "glossary: “të drejtat” should be translated as “rights” or “entitlements”"
    ]


def test_the_check_with_one_translation_reports_as_before() -> None:
    terms = [Term("të drejtat", "rights"), Term("të drejtat", "Rights")]  # the same twice
    assert glossary_messages("Kanë të drejtat.", "They have claims.", terms) == [
        "glossary: “të drejtat” should be translated as “rights”"
    ]


def test_an_alternatives_translation_is_never_reported_as_forbidden() -> None:
    terms = [
        Term("të drejtat", "rights", ("entitlements", "claims")),
        Term("të drejtat", "entitlements", ("claims",)),
    ]
    assert glossary_messages("Kanë të drejtat.", "They have entitlements.", terms) == []
    # a variant forbidden by both alternatives is reported once
    assert glossary_messages("Kanë të drejtat.", "They have rights and claims.", terms) == [
        "glossary: “claims” is not to be used (“të drejtat” → “rights”)"
    ]


def test_different_source_terms_are_not_alternatives() -> None:
    terms = [Term("të drejtat", "rights"), Term("Neni", "Article")]
    assert glossary_messages("Neni 2: të drejtat.", "Article 2: the claims.", terms) == [
        "glossary: “të drejtat” should be translated as “rights”"
    ]
