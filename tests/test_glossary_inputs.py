"""What a glossary refuses, whichever way a term comes in: the same rules for a form, JSON, a
CSV or TBX file and the CLI, and a refusal stores nothing.

- Fields are text: JSON lists, numbers, objects or nulls where text belongs are a 400 naming
  the field (never their Python spelling stored as a term).
- Languages are language codes this workbench knows, and a document's glossary has the
  document's languages (its source language, the language of one of its translations); the
  shared glossary takes any known pair.
- An import is all or nothing, and refuses what adding its rows one by one would refuse: a
  translation one row (or a stored term) accepts and another forbids for the same source term.
- A document's list shows its own terms and the shared terms of its languages only.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import import_pair, snapshot
from workbench import glossary, services
from workbench.errors import InputError
from workbench.store import Store

JSON = {"Accept": "application/json"}
TERMS = "/documents/1/glossary/terms"
IMPORT = "/documents/1/glossary/import"


@pytest.fixture
def document(db_path: Path) -> int:
    """Document 1: Albanian into English."""
    store = Store(db_path)
    try:
        alignment = import_pair(
            store, ["Puna e Kuvendit."], ["The work of the Assembly."], title="Work"
        )
        return store.alignment(alignment)["document_id"]
    finally:
        store.close()


@pytest.fixture
def french(db_path: Path, document: int) -> int:
    """Document 2: French into English."""
    store = Store(db_path)
    try:
        alignment = import_pair(
            store, ["Le travail."], ["The work."], src_lang="fr", tgt_lang="en", title="Travail"
        )
        return store.alignment(alignment)["document_id"]
    finally:
        store.close()


def stored_terms(db_path: Path) -> list[tuple[str, str, str, str, list[str]]]:
    store = Store(db_path)
    try:
        return [
            (
                t["source_language"],
                t["target_language"],
                t["source_term"],
                t["target_term"],
                t["forbidden"],
            )
            for t in glossary.list_terms(store)
        ]
    finally:
        store.close()


def post_json(client, token: str, body: dict, url: str = TERMS):
    return client.post(url, json=body, headers={"X-CSRF-Token": token, **JSON})


def upload(client, token: str, data: str, name: str = "g.csv", url: str = IMPORT, **form: str):
    return client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(data.encode()), name), **form},
        headers=JSON,
    )


def error_of(response) -> str:
    return response.get_json()["error"]["message"]


# -- fields are text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"source": ["a"], "target": "y"}, "source must be a string, not an array"),
        ({"source": "a", "target": 5}, "target must be a string, not a number (5)"),
        ({"source": "a", "target": "y", "note": {"n": 1}}, "note must be a string, not an object"),
        (
            {"source": "a", "target": "y", "forbidden": [1, None]},
            "forbidden must be an array of strings, not one with a number (1)",
        ),
        ({"source": "a", "target": "y", "forbidden": ["z", None]}, "not one with null"),
        (
            {"source": "a", "target": "y", "forbidden": 7},
            "forbidden must be a string (variants separated by ;)",
        ),
        (
            {"source": "a", "target": "y", "src_lang": ["sq"]},
            "src_lang must be a string, not an array",
        ),
        (
            {"source": "a", "target": "y", "scope": ["shared"]},
            "scope must be a string, not an array",
        ),
    ],
)
def test_a_json_value_that_is_not_text_is_refused_naming_its_field(
    client, db_path: Path, document: int, as_role, body: dict, field: str
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = post_json(client, token, body)
    assert response.status_code == 400
    assert field in error_of(response)
    assert snapshot(db_path) == before


def test_an_edit_with_a_value_that_is_not_text_is_refused(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    term_id = post_json(client, token, {"source": "punë", "target": "work"}).get_json()["term"]
    before = snapshot(db_path)
    response = post_json(
        client, token, {"source": "punë", "target": "work", "forbidden": [None]}, f"{TERMS}/1"
    )
    assert response.status_code == 400 and "forbidden" in error_of(response)
    assert term_id["id"] == 1 and snapshot(db_path) == before


def test_a_null_field_counts_as_left_out(client, db_path: Path, document: int, as_role) -> None:
    token = as_role("translator")
    response = post_json(
        client, token, {"source": "punë", "target": "work", "note": None, "forbidden": None}
    )
    assert response.status_code == 201
    assert stored_terms(db_path) == [("sq", "en", "punë", "work", [])]


def test_the_core_refuses_what_is_not_text_too(store, document: int) -> None:
    with pytest.raises(InputError, match="every forbidden variant must be a string, not a number"):
        glossary.add(
            store,
            glossary.TermInput("a", "b", None, ["c", 1]),  # type: ignore[list-item]
            document_id=document,
            user="t",
        )
    assert glossary.list_terms(store) == []


# -- a term is one line of text --------------------------------------------------------------------


def test_a_csv_term_spanning_lines_is_refused_naming_its_row(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = upload(client, token, 'source,target\nNeni,Article\n"multi\nline source",x\n')
    assert response.status_code == 400
    assert error_of(response) == (
        "g.csv, row 3: source must be one line of text, but “multi\\nline source” contains a"
        " line break"
    )
    assert snapshot(db_path) == before


def test_a_forbidden_variant_with_a_tab_is_refused_too(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    response = upload(client, token, 'source,target,forbidden\npunë,work,"toil;la\tbour"\n')
    assert response.status_code == 400
    assert error_of(response) == (
        "g.csv, row 2: every forbidden variant must be one line of text, but “la\\tbour”"
        " contains a tab"
    )


def test_a_note_may_run_over_several_lines(client, db_path: Path, document: int, as_role) -> None:
    # A note is prose about the term, not text the glossary check matches.
    token = as_role("translator")
    response = upload(client, token, 'source,target,note\npunë,work,"First line.\nSecond."\n')
    assert response.status_code == 200
    store = Store(db_path)
    try:
        assert [t["note"] for t in glossary.list_terms(store)] == ["First line.\nSecond."]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("multi\nline", "a line break"),
        ("carriage\rreturn", "a line break"),
        ("paragraph\u2029separator", "a line break"),
        ("a\ttab", "a tab"),
        ("a\x07bell", "a control character (U+0007)"),
        ("a\x9bcsi", "a control character (U+009B)"),
    ],
)
def test_a_term_added_or_edited_with_a_line_break_or_control_character_is_refused(
    client, db_path: Path, document: int, as_role, value: str, what: str
) -> None:
    token = as_role("translator")
    assert post_json(client, token, {"source": "punë", "target": "work"}).status_code == 201
    before = snapshot(db_path)
    added = post_json(client, token, {"source": value, "target": "work"})
    assert added.status_code == 400
    assert error_of(added).startswith("term: source must be one line of text, but “")
    assert error_of(added).endswith(f"” contains {what}")
    edited = post_json(client, token, {"source": "punë", "target": value}, f"{TERMS}/1")
    assert edited.status_code == 400
    assert error_of(edited).startswith("term 1: target must be one line of text")
    form = client.post(TERMS, data={"csrf_token": token, "source": "punë", "target": value})
    assert form.status_code == 400 and "must be one line of text" in form.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_space_around_a_term_is_not_part_of_it(store, document: int) -> None:
    glossary.add(
        store, glossary.TermInput("\n punë\t", " work\r\n"), document_id=document, user="t"
    )
    assert [(t["source_term"], t["target_term"]) for t in glossary.list_terms(store)] == [
        ("punë", "work")
    ]


def test_the_cli_import_refuses_a_term_spanning_lines(
    cli, db_path: Path, document: int, tmp_path
) -> None:
    path = tmp_path / "nlsource.csv"
    path.write_bytes(b'source,target,note,forbidden\n"multi\nline source",target,,\n')
    before = snapshot(db_path)
    result = cli("glossary", "import", path, "--document", document)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: nlsource.csv, row 2: source must be one line of text, but “multi\\nline source”"
        " contains a line break"
    )
    assert snapshot(db_path) == before


# -- languages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["shared", "document"])
def test_a_language_code_no_language_has_is_refused(
    client, db_path: Path, document: int, as_role, scope: str
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = post_json(
        client,
        token,
        {"source": "a", "target": "y", "src_lang": "xx-invalid", "tgt_lang": "en", "scope": scope},
    )
    assert response.status_code == 400
    assert error_of(response).startswith("src_lang: 'xx-invalid' is not")
    malformed = post_json(
        client, token, {"source": "a", "target": "y", "tgt_lang": "e n", "scope": scope}
    )
    assert malformed.status_code == 400 and error_of(malformed).startswith("tgt_lang: 'e n'")
    assert snapshot(db_path) == before


def test_a_documents_glossary_has_the_documents_languages(
    client, db_path: Path, document: int, french: int, as_role
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    url = f"/documents/{french}/glossary/terms"
    response = post_json(
        client,
        token,
        {"source": "Arbeit", "target": "lavoro", "src_lang": "de", "tgt_lang": "it"},
        url,
    )
    assert response.status_code == 400
    assert error_of(response) == (
        f"src_lang: document {french} is fr→en, so its glossary cannot have de→it terms "
        "(the shared glossary takes any language pair)"
    )
    only_target = post_json(
        client, token, {"source": "travail", "target": "x", "tgt_lang": "it"}, url
    )
    assert only_target.status_code == 400 and error_of(only_target).startswith("tgt_lang:")
    imported = upload(
        client,
        token,
        "source,target\nArbeit,lavoro\n",
        url=f"/documents/{french}/glossary/import",
        src_lang="de",
        tgt_lang="it",
    )
    assert imported.status_code == 400 and error_of(imported).startswith("src_lang:")
    form = client.post(
        url,
        data={
            "csrf_token": token,
            "source": "Arbeit",
            "target": "lavoro",
            "src_lang": "de",
            "tgt_lang": "it",
        },
    )
    assert form.status_code == 400 and "its glossary cannot have de→it terms" in form.get_data(
        as_text=True
    )
    assert snapshot(db_path) == before
    # the same pair in the shared glossary is fine, and the document's own pair too
    shared = post_json(
        client,
        token,
        {
            "source": "Arbeit",
            "target": "lavoro",
            "src_lang": "de",
            "tgt_lang": "it",
            "scope": "shared",
        },
        url,
    )
    assert shared.status_code == 201
    own = post_json(
        client,
        token,
        {"source": "travail", "target": "work", "src_lang": "fr-FR", "tgt_lang": "en"},
        url,
    )
    assert own.status_code == 201
    assert stored_terms(db_path) == [
        ("de", "it", "Arbeit", "lavoro", []),
        ("fr", "en", "travail", "work", []),
    ]


def test_a_translation_in_another_language_is_one_of_the_documents_languages(
    client, db_path: Path, document: int, as_role
) -> None:
    store = Store(db_path)
    try:
        services.import_file(
            store,
            "Труд Собрания.".encode(),
            filename="ru.txt",
            document_id=document,
            language="ru",
            role="translation",
        )
    finally:
        store.close()
    token = as_role("translator")
    response = post_json(
        client, token, {"source": "punë", "target": "труд", "src_lang": "sq", "tgt_lang": "ru"}
    )
    assert response.status_code == 201
    assert stored_terms(db_path) == [("sq", "ru", "punë", "труд", [])]


def test_a_language_without_a_two_letter_code_is_known_once_a_document_has_it(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    body = {"source": "Chuchichäschtli", "target": "kitchen cupboard", "scope": "shared"}
    refused = post_json(client, token, {**body, "src_lang": "gsw"})
    assert refused.status_code == 400 and "'gsw' is not a known language" in error_of(refused)
    store = Store(db_path)
    try:
        import_pair(store, ["Grüezi."], ["Hello."], src_lang="gsw", title="Zürich")
    finally:
        store.close()
    assert post_json(client, token, {**body, "src_lang": "gsw"}).status_code == 201
    assert post_json(client, token, {**body, "src_lang": "qqq"}).status_code == 400


def test_the_cli_refuses_an_unknown_language(cli, db_path: Path, document: int, tmp_path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nA,B\n", encoding="utf-8")
    before = snapshot(db_path)
    shared = cli(
        "glossary", "import", path, "--shared", "--src-lang", "xx-invalid", "--tgt-lang", "en"
    )
    assert shared.exit_code == 2 and "--src-lang: 'xx-invalid' is not" in shared.stderr
    own = cli("glossary", "import", path, "--document", document, "--tgt-lang", "it")
    assert own.exit_code == 2 and "document 1 is sq→en" in own.stderr
    assert snapshot(db_path) == before


# -- an import refuses contradictions, as adding does ----------------------------------------------


def test_rows_that_accept_and_forbid_one_translation_are_refused_naming_both(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = upload(client, token, "source,target,forbidden\npunë,work,labour\npunë,labour,\n")
    assert response.status_code == 400
    assert error_of(response) == (
        "g.csv: nothing was imported, because row 3 makes “labour” an accepted translation of "
        "“punë”, so row 2 cannot forbid it"
    )
    assert snapshot(db_path) == before


def test_the_cli_import_refuses_the_same_contradiction(
    cli, db_path: Path, document: int, tmp_path
) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "source,target,note,forbidden\npunë,work,,labour\nNeni,Article,,\npunë,Labour,,\n",
        encoding="utf-8",
    )
    before = snapshot(db_path)
    result = cli("glossary", "import", path, "--document", document)
    assert result.exit_code == 2
    assert "row 4 makes “Labour” an accepted translation" in result.stderr
    assert "row 2 cannot forbid it" in result.stderr
    assert snapshot(db_path) == before


def test_a_row_that_forbids_a_stored_alternative_is_refused(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    post_json(client, token, {"source": "punë", "target": "labour"})
    before = snapshot(db_path)
    response = upload(client, token, "source,target,note,forbidden\npunë,work,,labour;toil\n")
    assert response.status_code == 400
    assert "row 2 forbids “labour”, an accepted translation of “punë” (term 1)" in error_of(
        response
    )
    assert snapshot(db_path) == before


def test_a_row_whose_translation_a_stored_term_forbids_is_refused(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    post_json(client, token, {"source": "punë", "target": "work", "forbidden": "labour"})
    before = snapshot(db_path)
    response = upload(client, token, "source,target\nPunë,Labour\n")
    assert response.status_code == 400
    assert "row 2 (“Punë” → “Labour”): “Labour” is a forbidden variant of “punë” → “work” " in (
        error_of(response)
    )
    assert snapshot(db_path) == before


def test_a_shared_terms_forbidden_variant_is_refused_in_a_documents_import(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    post_json(
        client,
        token,
        {"source": "punë", "target": "work", "forbidden": "labour", "scope": "shared"},
    )
    before = snapshot(db_path)
    response = upload(client, token, "source,target\npunë,labour\n")
    assert response.status_code == 400 and "(term 1)" in error_of(response)
    assert snapshot(db_path) == before


def test_a_file_may_replace_the_forbidden_variants_that_stood_in_its_way(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    post_json(client, token, {"source": "punë", "target": "work", "forbidden": "labour"})
    response = upload(
        client, token, "source,target,note,forbidden\npunë,work,,toil\npunë,labour,,\n"
    )
    assert response.status_code == 200, error_of(response)
    assert stored_terms(db_path) == [
        ("sq", "en", "punë", "work", ["toil"]),
        ("sq", "en", "punë", "labour", []),
    ]


def test_a_contradiction_stored_before_does_not_block_a_file_that_only_restates_it(
    client, db_path: Path, document: int, as_role
) -> None:
    store = Store(db_path)
    try:  # stored by an older workbench, which let imports contradict themselves
        glossary_id = store.add_glossary(document, "sq", "en", "old")
        store.add_term(
            glossary_id,
            {"source_term": "punë", "target_term": "work", "forbidden": ["labour"]},
            "old",
        )
        store.add_term(glossary_id, {"source_term": "punë", "target_term": "labour"}, "old")
    finally:
        store.close()
    token = as_role("translator")
    restated = upload(client, token, "source,target,note\npunë,work,hard work\npunë,labour,\n")
    assert restated.status_code == 200, error_of(restated)
    assert "0 new, 1 updated, 1 unchanged" in restated.get_json()["message"]
    # but a file that forbids it again is refused
    again = upload(client, token, "source,target,forbidden\npunë,work,labour\n")
    assert again.status_code == 400
    assert "row 2 forbids “labour”, an accepted translation of “punë” (term 2)" in error_of(again)


def test_a_row_whose_translation_is_its_own_forbidden_variant_is_refused(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    before = snapshot(db_path)
    response = upload(client, token, "source,target,forbidden\nNeni,Article,\npunë,work,Work\n")
    assert response.status_code == 400
    assert error_of(response) == (
        "g.csv, row 3: “work” cannot be both the translation and a forbidden variant"
    )
    assert snapshot(db_path) == before


def test_many_contradictions_are_counted_after_the_first_five(
    client, db_path: Path, document: int, as_role
) -> None:
    token = as_role("translator")
    rows = "".join(f"term{i},good{i},bad{i}\nterm{i},bad{i},\n" for i in range(7))
    response = upload(client, token, "source,target,forbidden\n" + rows)
    assert response.status_code == 400
    assert error_of(response).endswith("; and 2 more")


# -- a document's list: its own terms and the shared ones of its languages ----------------------


def test_listing_a_document_shows_only_the_shared_terms_of_its_languages(
    cli, client, db_path: Path, document: int, french: int, as_role
) -> None:
    token = as_role("translator")
    post_json(client, token, {"source": "punë", "target": "work", "scope": "shared"})
    post_json(
        client,
        token,
        {"source": "travail", "target": "work", "scope": "shared"},
        f"/documents/{french}/glossary/terms",
    )
    post_json(
        client, token, {"source": "emploi", "target": "job"}, f"/documents/{french}/glossary/terms"
    )
    listed = cli("glossary", "list", "--document", french)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert [line.split(maxsplit=3)[1:] for line in lines] == [
        ["shared", "fr→en", "travail → work"],
        ["doc", "2", "fr→en  emploi → job"],
    ]
    assert "punë" not in listed.stdout
    everything = cli("glossary", "list")
    assert "punë → work" in everything.stdout and "emploi → job" in everything.stdout


def test_the_cli_export_of_a_shared_glossary_with_several_pairs_asks_for_one(
    cli, client, db_path: Path, document: int, french: int, as_role, tmp_path
) -> None:
    token = as_role("translator")
    post_json(client, token, {"source": "punë", "target": "work", "scope": "shared"})
    post_json(
        client,
        token,
        {"source": "travail", "target": "work", "scope": "shared"},
        f"/documents/{french}/glossary/terms",
    )
    out = tmp_path / "shared.csv"
    refused = cli("glossary", "export", "--shared", "-o", out)
    assert refused.exit_code == 2
    assert "the shared glossary has terms in sq→en, fr→en: choose one pair" in refused.stderr
    assert not out.exists()
    done = cli("glossary", "export", "--shared", "--src-lang", "fr", "--tgt-lang", "en", "-o", out)
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8") == "source,target,note,forbidden\ntravail,work,,\n"
