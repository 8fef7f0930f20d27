"""A cap on the terms of one document's glossary. A 20,000-line CSV (12,328 terms) made the
glossary page 14.6 MB and QA of a 92-link document take 25 s: an import that would pass
MAX_DOCUMENT_TERMS is refused whole (nothing stored), and so is one more term at the cap, by
the service, the web form and the API alike; under the cap both work as before."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import snapshot
from workbench import glossary, services
from workbench.errors import InputError
from workbench.store import Store

CAP = 3  # the cap, made small for the tests
JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glossary, "MAX_DOCUMENT_TERMS", CAP)


@pytest.fixture
def doc(store: Store) -> int:
    return services.import_file(
        store, b"Tekst.", filename="s.txt", language="sq", role="source", user="t"
    ).document


def csv(*pairs: tuple[str, str]) -> bytes:
    return ("source,target\n" + "".join(f"{s},{t}\n" for s, t in pairs)).encode()


def terms(store: Store, doc: int) -> list[str]:
    return sorted(t["source_term"] for t in store.terms(document_id=doc))


def add(store: Store, doc: int, source: str, target: str = "x") -> glossary.Addition:
    term = glossary.TermInput(source, target, "", [])
    return glossary.add(store, term, document_id=doc, tgt_lang="en", user="t")


def test_an_import_up_to_the_cap_is_stored(store: Store, doc: int) -> None:
    result = glossary.import_file(
        store, csv(("a", "1"), ("b", "2"), ("c", "3")), filename="g.csv",
        document_id=doc, tgt_lang="en", user="t",
    )  # fmt: skip
    assert result["added"] == CAP
    assert terms(store, doc) == ["a", "b", "c"]


def test_an_import_past_the_cap_stores_nothing(store: Store, doc: int, db_path: Path) -> None:
    add(store, doc, "a")
    before = snapshot(db_path)
    with pytest.raises(InputError) as raised:
        glossary.import_file(
            store, csv(("a", "x"), ("b", "2"), ("c", "3"), ("d", "4")), filename="g.csv",
            document_id=doc, tgt_lang="en", user="t",
        )  # fmt: skip
    message = str(raised.value)
    assert message.startswith("g.csv: ")
    assert f"at most {CAP} terms" in message
    assert "this one has 1, so 3 new terms cannot be added" in message
    assert "nothing was stored" in message
    assert snapshot(db_path) == before


def test_rows_for_terms_already_there_count_nothing(store: Store, doc: int) -> None:
    for source in ("a", "b", "c"):
        add(store, doc, source)
    result = glossary.import_file(
        store, b"source,target,note\na,x,first\nb,x,\n", filename="g.csv",
        document_id=doc, tgt_lang="en", user="t",
    )  # fmt: skip
    assert (result["added"], result["updated"], result["unchanged"]) == (0, 1, 1)


def test_adding_at_the_cap_is_refused(store: Store, doc: int, db_path: Path) -> None:
    for source in ("a", "b", "c"):
        add(store, doc, source)
    before = snapshot(db_path)
    with pytest.raises(InputError, match=f"at most {CAP} terms; this one has {CAP}, so a term"):
        add(store, doc, "d")
    assert snapshot(db_path) == before
    assert add(store, doc, "a").outcome == "unchanged"  # the same pair again adds nothing


def test_adding_under_the_cap_works(store: Store, doc: int) -> None:
    assert add(store, doc, "a").outcome == "added"
    assert add(store, doc, "a", "y").outcome == "alternative"
    assert terms(store, doc) == ["a", "a"]


def test_the_shared_glossary_is_not_capped(store: Store) -> None:
    for source in ("a", "b", "c", "d"):
        term = glossary.TermInput(source, "x", "", [])
        glossary.add(store, term, document_id=None, src_lang="sq", tgt_lang="en", user="t")
    assert len(store.terms(shared=True)) == 4


def test_web_import_and_add_past_the_cap_are_refused(
    client, doc: int, as_role, db_path: Path
) -> None:
    token = as_role("translator")
    data = csv(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"))
    before = snapshot(db_path)
    response = client.post(
        f"/documents/{doc}/glossary/import",
        data={"csrf_token": token, "tgt_lang": "en", "file": (io.BytesIO(data), "g.csv")},
        headers=JSON,
    )
    assert response.status_code == 400
    assert f"at most {CAP} terms" in response.get_data(as_text=True)
    assert snapshot(db_path) == before
    for source in ("a", "b", "c"):
        added = client.post(
            f"/documents/{doc}/glossary/terms",
            json={"source": source, "target": "x", "tgt_lang": "en"},
            headers={"X-CSRF-Token": token, **JSON},
        )
        assert added.status_code == 201, added.get_data(as_text=True)
    refused = client.post(
        f"/documents/{doc}/glossary/terms",
        json={"source": "d", "target": "x", "tgt_lang": "en"},
        headers={"X-CSRF-Token": token, **JSON},
    )
    assert refused.status_code == 400
    assert f"this one has {CAP}" in refused.get_json()["error"]["message"]
