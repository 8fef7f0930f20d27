"""The compare page without versions in its URL: it picks a sensible pair and shows it.

`/documents/<id>/compare` with no `a`/`b` compares the first two translations; a document with
one translation shows it beside its source (the stored alignment); only a document with a
single version says there is nothing to compare. The dropdowns show the pair compared.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair
from tests.test_review import SOURCE, TARGET
from workbench import compare, services
from workbench.store import Store


def chosen(page: lxml.html.HtmlElement) -> dict[str, str | None]:
    """The version each dropdown shows as selected."""
    return {
        select.get("name"): next(
            (o.get("value") for o in select.findall("option") if o.get("selected") is not None),
            None,
        )
        for select in page.xpath("//form[contains(@class, 'version-pickers')]//select")
    }


def open_page(client, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def rows(page: lxml.html.HtmlElement) -> list:
    return page.xpath("//div[@role='row' and not(contains(@class, 'compare-head'))]")


@pytest.fixture
def one_translation(db_path: Path) -> dict:
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET)
        row = store.alignment(alignment)
        return {
            "document": row["document_id"],
            "source": row["source_version_id"],
            "target": row["target_version_id"],
        }
    finally:
        store.close()


@pytest.fixture
def two_translations(db_path: Path) -> dict:
    """An Albanian source with two English translations that differ in one paragraph (as
    Mark has ASV and BBE); neither is aligned yet, so the comparison aligns them now."""
    store = Store(db_path)
    try:
        document = services.import_file(
            store, "\n\n".join(SOURCE).encode(), filename="s.txt", language="sq", role="source"
        ).document
        versions = [
            services.import_file(
                store,
                "\n\n".join(text).encode(),
                filename=f"{label}.txt",
                document_id=document,
                language="en",
                role="translation",
                label=label,
            ).versions[0]
            for label, text in (("ASV", TARGET), ("BBE", [*TARGET[:3], "Everyone.", *TARGET[4:]]))
        ]
        return {"document": document, "a": versions[0], "b": versions[1]}
    finally:
        store.close()


def test_without_versions_in_the_url_the_first_two_translations_are_compared(
    client, as_role, two_translations: dict
) -> None:
    as_role("translator")
    page = open_page(client, f"/documents/{two_translations['document']}/compare")
    assert chosen(page) == {"a": str(two_translations["a"]), "b": str(two_translations["b"])}
    assert not page.xpath("//p[@class='empty']")
    assert len(rows(page)) == len(SOURCE)
    summary = " ".join(page.findtext(".//p[@class='summary']").split())
    assert summary.startswith(f"{len(SOURCE)} rows (via source)")
    changed = page.xpath("//div[contains(@class, 'compare-row') and contains(@class, 'changed')]")
    assert len(changed) == 1 and changed[0].xpath(".//del")


def test_a_document_with_one_translation_shows_it_beside_its_source(
    client, as_role, one_translation: dict
) -> None:
    as_role("translator")
    page = open_page(client, f"/documents/{one_translation['document']}/compare")
    assert chosen(page) == {
        "a": str(one_translation["source"]),
        "b": str(one_translation["target"]),
    }
    assert not page.xpath("//p[@class='empty']")
    assert "the document has one translation" in " ".join(page.text_content().split())
    texts = [" ".join(row.text_content().split()) for row in rows(page)]
    assert len(texts) == len(SOURCE)
    assert SOURCE[0] in texts[0] and TARGET[0] in texts[0]
    # naming one version picks the other one
    named = open_page(
        client,
        f"/documents/{one_translation['document']}/compare?a={one_translation['target']}",
    )
    assert chosen(named) == {
        "a": str(one_translation["target"]),
        "b": str(one_translation["source"]),
    }
    assert len(rows(named)) >= 1


def test_a_document_with_a_single_version_says_so(client, as_role, db_path: Path) -> None:
    store = Store(db_path)
    try:
        document = services.import_file(
            store, b"Article 1\n\nAll are born free.", filename="a.txt", language="en"
        ).document
    finally:
        store.close()
    as_role("translator")
    page = open_page(client, f"/documents/{document}/compare")
    empty = " ".join(page.findtext(".//p[@class='empty']").split())
    assert empty == "This document has 1 version: import another version to compare two."
    assert not rows(page)


def test_the_default_pair_rule() -> None:
    def versions(*roles: str) -> list[dict]:
        return [{"id": i, "role": role} for i, role in enumerate(roles, start=1)]

    assert compare.default_pair(versions("source", "translation", "translation")) == (2, 3)
    assert compare.default_pair(versions("source", "translation")) == (1, 2)
    assert compare.default_pair(versions("translation", "translation")) == (1, 2)
    assert compare.default_pair(versions("translation")) == (1, None)
    assert compare.default_pair([]) == (None, None)
    assert compare.default_pair(versions("source", "translation", "translation"), 3) == (3, 2)
    assert compare.default_pair(versions("source", "translation", "translation"), b=2) == (3, 2)
    assert compare.default_pair(versions("source", "translation"), 2, 1) == (2, 1)


def test_two_translations_in_different_languages_are_compared_with_a_warning(
    client, as_role, two_translations: dict, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        russian = services.import_file(
            store,
            "\n\n".join(TARGET).encode(),  # the wording does not matter, only the language
            filename="ru.txt",
            document_id=two_translations["document"],
            language="ru",
            role="translation",
        ).versions[0]
    finally:
        store.close()
    as_role("translator")
    document = two_translations["document"]
    mixed = open_page(
        client, f"/documents/{document}/compare?a={two_translations['a']}&b={russian}"
    )
    note = " ".join(mixed.findtext(".//p[@class='note cross-language']").split())
    assert note.startswith("A is in English and B in Russian")
    same = open_page(client, f"/documents/{document}/compare")
    assert not same.xpath("//p[contains(@class, 'cross-language')]")
