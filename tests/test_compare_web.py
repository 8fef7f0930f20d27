"""The compare page without versions in its URL: it picks a sensible pair and shows it.

`/documents/<id>/compare` with no `a`/`b` compares the first two translations; a document with
one translation shows it beside its source (the stored alignment); only a document with a
single version says there is nothing to compare. The dropdowns show the pair compared.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    Session,
    browser_fixture,
    live_fixture,
    session_fixture,
)
from tests.conftest import import_pair, snapshot
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


# -- choosing the pair and composing ----------------------------------------------------------


def test_the_same_version_twice_is_said_on_the_form_with_the_pickers_kept(
    client, as_role, two_translations: dict
) -> None:
    as_role("translator")
    version = two_translations["a"]
    response = client.get(
        f"/documents/{two_translations['document']}/compare?a={version}&b={version}"
    )
    assert response.status_code == 400
    page = lxml.html.document_fromstring(response.get_data(as_text=True))
    assert chosen(page) == {"a": str(version), "b": str(version)}
    [error] = page.xpath("//form[contains(@class, 'version-pickers')]/p[@id='pick-error']")
    assert " ".join(error.text_content().split()) == (
        f"Choose two different versions: A and B are both version {version}."
    )
    for select in page.xpath("//form[contains(@class, 'version-pickers')]//select"):
        assert select.get("aria-describedby") == "pick-error"
    assert not rows(page) and not page.xpath("//p[@class='empty']")


def compose_form(page: lxml.html.HtmlElement) -> dict[str, str]:
    """The compose form's fields as a browser would send them (checked radios only)."""
    [form] = page.xpath("//form[contains(@class, 'compose')]")
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]")}
    fields.update(
        {r.get("name"): r.get("value") for r in form.xpath(".//input[@type='radio' and @checked]")}
    )
    return fields


def differing_rows(db_path: Path, document: int, a: int, b: int) -> list[int]:
    store = Store(db_path)
    try:
        return [row.index for row in compare.compare(store, document, a, b).rows if row.changed]
    finally:
        store.close()


@pytest.fixture
def two_changes(db_path: Path, two_translations: dict) -> dict:
    """A third English translation that words two paragraphs otherwise than A."""
    store = Store(db_path)
    try:
        text = [*TARGET[:1], "All are born free.", *TARGET[2:3], "Everyone.", *TARGET[4:]]
        version = services.import_file(
            store,
            "\n\n".join(text).encode(),
            filename="two.txt",
            document_id=two_translations["document"],
            language="en",
            role="translation",
            label="Two changes",
        ).versions[0]
    finally:
        store.close()
    return {**two_translations, "b": version}


def test_a_refused_compose_comes_back_with_the_choices_and_label_kept(
    client, as_role, two_changes: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    first, second = differing_rows(db_path, document, a, b)
    url = f"/documents/{document}/compare?a={a}&b={b}&changed=1"
    form = {**compose_form(open_page(client, url)), "csrf_token": token}
    assert form["changed"] == "1"  # the re-rendered page shows what the editor saw
    copy = client.post(f"/documents/{document}/compose", data={**form, "label": "Copy"})
    assert copy.status_code == 400
    page = lxml.html.document_fromstring(copy.get_data(as_text=True))
    error = " ".join(page.xpath("string(//p[@id='compose-error'])").split())
    assert error.startswith("No version was made: every row that differs keeps A's wording")
    no_label = client.post(
        f"/documents/{document}/compose",
        data={**form, f"choice-{second}": "b", "label": "  "},
    )
    assert no_label.status_code == 400
    page = lxml.html.document_fromstring(no_label.get_data(as_text=True))
    assert "give the new version a label" in page.xpath("string(//p[@id='compose-error'])")
    picked = compose_form(page)
    assert (picked[f"choice-{first}"], picked[f"choice-{second}"]) == ("a", "b")
    assert len(rows(page)) == 2  # still the changed rows only
    assert page.xpath("string(//span[@class='from-b'])") == "1"


def test_the_label_field_holds_what_the_server_keeps_and_a_longer_label_comes_back(
    client, as_role, two_changes: dict, db_path: Path
) -> None:
    """The form's maxlength is services.MAX_LABEL; a label sent past it is a 400 naming the
    limit, with the editor's choices kept, and no version is made."""
    token = as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    first, _ = differing_rows(db_path, document, a, b)
    page = open_page(client, f"/documents/{document}/compare?a={a}&b={b}")
    assert page.xpath("string(//input[@id='compose-label']/@maxlength)") == str(services.MAX_LABEL)
    form = {**compose_form(page), "csrf_token": token, f"choice-{first}": "b"}
    before = snapshot(db_path)
    long = client.post(f"/documents/{document}/compose", data={**form, "label": "l" * 501})
    assert long.status_code == 400
    page = lxml.html.document_fromstring(long.get_data(as_text=True))
    assert page.xpath("string(//p[@id='compose-error'])").strip() == (
        f"No version was made: label: 501 characters; at most {services.MAX_LABEL}."
    )
    assert compose_form(page)[f"choice-{first}"] == "b"
    assert snapshot(db_path) == before


def test_a_composed_version_is_reported_in_the_rows_that_differ(
    client, as_role, two_changes: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    first, _ = differing_rows(db_path, document, a, b)
    form = {**compose_form(open_page(client, f"/documents/{document}/compare?a={a}&b={b}"))}
    form.update({"csrf_token": token, "label": "Mixed", f"choice-{first}": "b"})
    response = client.post(f"/documents/{document}/compose", data=form)
    assert response.status_code == 303
    shown = " ".join(client.get(response.headers["Location"]).get_data(as_text=True).split())
    made = Store(db_path)
    try:
        version = made.versions(document)[-1]
    finally:
        made.close()
    assert (version["label"], version["language"], version["role"]) == (
        "Mixed",
        "en",
        "translation",
    )
    assert (
        f"Made version {version['id']}, a translation in English: of the 2 rows where A and B "
        "differ, 1 keep A&#39;s wording and 1 take B&#39;s."
    ) in shown


def test_choices_made_on_rows_that_have_changed_since_are_refused(
    client, as_role, two_changes: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    first, _ = differing_rows(db_path, document, a, b)
    form = {**compose_form(open_page(client, f"/documents/{document}/compare?a={a}&b={b}"))}
    assert form["rows"]  # the fingerprint of the rows the choices were made on
    form.update({"csrf_token": token, "label": "Mixed", f"choice-{first}": "b"})
    response = client.post(f"/documents/{document}/compose", data={**form, "rows": "0" * 16})
    assert response.status_code == 409
    page = lxml.html.document_fromstring(response.get_data(as_text=True))
    error = " ".join(page.xpath("string(//p[@id='compose-error'])").split())
    assert error.startswith("No version was made: A or B changed since the comparison was opened")
    assert compose_form(page)[f"choice-{first}"] == "b"
    store = Store(db_path)
    try:
        assert len(store.versions(document)) == 4
    finally:
        store.close()


def test_two_versions_worded_alike_offer_no_compose(client, as_role, db_path: Path) -> None:
    store = Store(db_path)
    try:
        text = "\n\n".join(TARGET).encode()
        document = services.import_file(store, text, filename="a.txt", language="en").document
        services.import_file(
            store, text, filename="b.txt", document_id=document, language="en", role="translation"
        )
    finally:
        store.close()
    as_role("editor")
    page = open_page(client, f"/documents/{document}/compare")
    assert not page.xpath("//form[contains(@class, 'compose')]")
    refused = " ".join(page.xpath("string(//p[contains(@class, 'compose-refused')])").split())
    assert refused == (
        "“Make new version” is not offered: A and B have the same wording in every row, so "
        "there is nothing to choose between."
    )


def test_editors_get_the_keys_and_a_range_to_choose_rows_with(
    client, as_role, two_changes: dict
) -> None:
    as_role("editor")
    document, a, b = two_changes["document"], two_changes["a"], two_changes["b"]
    page = open_page(client, f"/documents/{document}/compare?a={a}&b={b}")
    assert page.xpath("//script[contains(@src, 'compare.js')]")
    [tools] = page.xpath("//form[contains(@class, 'compose')]//div[@class='compose-tools']")
    assert tools.get("hidden") is not None  # compare.js shows them; without it, the radios
    keys = " ".join(tools.xpath("string(.//p[@id='compose-keys'])").split())
    assert keys.startswith("Keys: j/k next/previous row, n/p next/previous row that differs")
    assert tools.xpath(".//input[@id='range-to']/@max") == [str(len(SOURCE))]
    assert tools.xpath(".//button[@type='button']/@data-take") == ["a", "b"]
    tally = " ".join(page.xpath("string(//p[@class='compose-tally'])").split())
    assert tally == "B's wording on 0 of the 2 rows that differ."


@pytest.mark.browser
def test_in_a_browser_rows_are_chosen_with_keys_by_range_and_by_shift_click(
    session: Session,
) -> None:
    """Mark's ASV against BBE (the demo's document 3): all 15 rows differ."""
    page = session.page
    page.goto(f"{session.live.url}/documents/3/compare")
    page.wait_for_selector(".compose-tools:not([hidden])")

    def focused() -> str:
        return page.evaluate("document.activeElement.id")

    def from_b() -> list[int]:
        script = "els => els.flatMap((e, i) => (e.checked ? [i + 1] : []))"
        return page.eval_on_selector_all("input[type=radio][value=b]", script)

    def tally() -> str:
        return page.text_content(".compose-tally .from-b")

    assert tally() == "0"
    page.keyboard.press("j")  # outside the grid of rows a letter does nothing
    assert (focused(), tally()) == ("", "0")
    page.focus("#row-0")  # a click on the row, or Tab to its choice
    page.keyboard.press("b")  # B on row 1, then on to the next row that differs
    assert (from_b(), focused(), tally()) == ([1], "row-1", "1")
    page.keyboard.press("k")
    page.keyboard.press("a")
    assert (from_b(), focused(), tally()) == ([], "row-1", "0")
    page.fill("#range-from", "3")
    page.fill("#range-to", "5")
    page.click("button[data-take=b]")
    assert (from_b(), tally()) == ([3, 4, 5], "3")
    page.click("#row-9 input[value=b]")
    page.click("#row-11 input[value=b]", modifiers=["Shift"])
    assert (from_b(), tally()) == ([3, 4, 5, 10, 11, 12], "6")
    page.focus("#compose-label")
    page.keyboard.type("ab")  # typing a label chooses nothing
    assert (from_b(), page.input_value("#compose-label")) == ([3, 4, 5, 10, 11, 12], "ab")


@pytest.mark.parametrize(("changed", "only"), [("yes", True), ("TRUE", True), ("off", False)])
def test_changed_rows_only_takes_a_yes_or_a_no_in_any_spelling_forms_take(
    client, as_role, two_translations: dict, changed: str, only: bool
) -> None:
    as_role("translator")
    url = f"/documents/{two_translations['document']}/compare?changed={changed}"
    assert len(rows(open_page(client, url))) == (1 if only else len(SOURCE))


@pytest.mark.parametrize("changed", ["maybe", "2", "only"])
def test_changed_rows_only_refuses_what_is_neither_a_yes_nor_a_no(
    client, as_role, two_translations: dict, changed: str
) -> None:
    """Taking a typo for "all rows" would hide it: the compare page and the composer say so."""
    token = as_role("editor")
    document = two_translations["document"]
    response = client.get(f"/documents/{document}/compare?changed={changed}")
    assert response.status_code == 400
    assert "changed must be one of" in response.get_data(as_text=True)
    form = {"a": two_translations["a"], "b": two_translations["b"], "changed": changed}
    headers = {"X-CSRF-Token": token, "Accept": "application/json"}
    composed = client.post(f"/documents/{document}/compose", data=form, headers=headers)
    assert composed.status_code == 400
    assert composed.get_json()["error"]["message"] == (
        f"changed must be one of 1, true, on, yes or 0, false, off, no, not '{changed}'"
    )
