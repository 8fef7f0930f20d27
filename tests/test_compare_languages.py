"""A new version is composed only from two versions in one language, and takes that language.

A version has one language. The compare page still compares an Arabic source with its English
translation side by side, but offers no "Make new version" there and says why; the server
refuses a compose posted anyway (the form is never trusted), and so does the domain. Two
translations in one language make a translation in that language; two regional variants of it
(en-GB, en-US) make one in the language they share.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair
from tests.test_review import SOURCE, TARGET
from workbench import aligning, compare, services
from workbench.errors import InputError
from workbench.store import Store

ARABIC = [
    "المادة 1.",
    "يولد جميع الناس أحرارا متساوين في الكرامة والحقوق. وهم قد وهبوا عقلا وضميرا.",
    "المادة 2.",
    "لكل إنسان حق التمتع بكافة الحقوق والحريات الواردة في هذا الإعلان.",
    "المادة 3.",
    "لكل فرد الحق في الحياة والحرية وفي الأمان على شخصه.",
]
#: TARGET with its fourth and sixth paragraphs worded otherwise.
REWORDED = [
    *TARGET[:3],
    "Everyone has all the rights and freedoms of this Declaration.",
    TARGET[4],
    "Everyone has the right to life, to liberty and to be safe.",
]


def page_of(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def arabic(db_path: Path) -> dict:
    """Document of an Arabic source and its one English translation, aligned (what the tester
    had as document 9)."""
    store = Store(db_path)
    try:
        alignment = store.alignment(import_pair(store, ARABIC, TARGET, src_lang="ar"))
        return {
            "document": alignment["document_id"],
            "source": alignment["source_version_id"],
            "translation": alignment["target_version_id"],
        }
    finally:
        store.close()


def add_translations(store: Store, languages: tuple[str, str]) -> tuple[int, int, int]:
    """An Albanian source and two translations (TARGET, REWORDED) in the given languages,
    the first aligned; returns the document and the two versions."""
    document = services.import_file(
        store, "\n\n".join(SOURCE).encode(), filename="s.txt", language="sq", role="source"
    ).document
    versions = [
        services.import_file(
            store,
            "\n\n".join(text).encode(),
            filename=f"{language}.txt",
            document_id=document,
            language=language,
            role="translation",
            label=f"English ({language})",
        ).versions[0]
        for language, text in zip(languages, (TARGET, REWORDED), strict=True)
    ]
    aligning.align_versions(store, document, None, versions[0])
    return document, versions[0], versions[1]


def a_mix(comparison: compare.Comparison) -> dict[int, str]:
    """B on the first row that differs, A elsewhere: a real mix of the two."""
    first = next(row.index for row in comparison.rows if row.changed)
    return {first: "b"}


# -- the domain -------------------------------------------------------------------------------


def test_a_source_and_a_translation_in_two_languages_cannot_be_composed(
    store: Store, arabic: dict
) -> None:
    comparison = compare.compare(store, arabic["document"], arabic["source"], arabic["translation"])
    assert comparison.rows  # compared all the same, side by side
    refusal = compare.compose_refusal(comparison)
    assert refusal is not None
    assert refusal.startswith("A is in Arabic and B in English")
    assert "would mix two languages" in refusal
    before = len(store.versions(arabic["document"]))
    choices = {row.index: ("b" if row.index % 2 else "a") for row in comparison.rows}
    with pytest.raises(InputError, match="would mix two languages"):
        compare.make_version(store, comparison, choices, label="Mixed", user="eva")
    assert len(store.versions(arabic["document"])) == before


@pytest.mark.parametrize(
    ("languages", "made"),
    [(("en", "en"), "en"), (("en-GB", "en-GB"), "en-GB"), (("en-GB", "en-US"), "en")],
)
def test_two_translations_in_one_language_make_a_translation_in_it(
    store: Store, languages: tuple[str, str], made: str
) -> None:
    document, a, b = add_translations(store, languages)
    comparison = compare.compare(store, document, a, b)
    assert compare.compose_refusal(comparison) is None
    assert compare.composed_language(comparison) == made
    version_id = compare.make_version(
        store, comparison, a_mix(comparison), label="Mixed", user="eva"
    )
    version = store.version(version_id)
    assert (version["language"], version["role"]) == (made, "translation")
    assert [s["text"] for s in store.segments(version_id)] == [*REWORDED[:4], *TARGET[4:]]
    source = store.versions(document)[0]["id"]
    assert store.alignment_between(source, version_id) is not None


def test_two_translations_in_two_languages_cannot_be_composed(store: Store) -> None:
    document, a, b = add_translations(store, ("en", "de"))
    comparison = compare.compare(store, document, a, b)
    assert comparison.mode == "via source"
    with pytest.raises(InputError, match="A is in English and B in German"):
        compare.make_version(store, comparison, a_mix(comparison), label="Mixed", user="eva")


# -- the page and the server ------------------------------------------------------------------


def test_the_page_compares_across_languages_but_offers_no_compose(
    client, as_role, arabic: dict
) -> None:
    as_role("editor")
    response = client.get(f"/documents/{arabic['document']}/compare")
    assert response.status_code == 200
    page = page_of(response)
    assert page.xpath("//div[@role='row' and starts-with(@id, 'row-')]")
    assert not page.xpath("//form[contains(@class, 'compose')]")
    assert not page.xpath("//input[@type='radio']")
    [why] = page.xpath("//p[contains(@class, 'compose-refused')]")
    assert words(why).startswith("“Make new version” is not offered: A is in Arabic and B in")
    # word differences across languages are noise: B's own text, no diff, no similarity
    assert not page.xpath("//del | //ins | //span[@class='similarity']")
    b_cells = page.xpath("//div[contains(@class, 'text b')]")
    assert any(TARGET[1] in words(cell) for cell in b_cells)


def test_the_server_refuses_a_compose_across_languages_posted_anyway(
    client, as_role, arabic: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document = arabic["document"]
    form = {
        "csrf_token": token,
        "a": arabic["source"],
        "b": arabic["translation"],
        "label": "Mixed",
        **{f"choice-{i}": "ab"[i % 2] for i in range(len(ARABIC))},
    }
    response = client.post(f"/documents/{document}/compose", data=form)
    assert response.status_code == 400
    [error] = page_of(response).xpath("//p[@id='compose-error']")
    assert words(error).startswith("No version was made: A is in Arabic and B in English")
    as_json = client.post(
        f"/documents/{document}/compose", data=form, headers={"Accept": "application/json"}
    )
    assert as_json.status_code == 400
    assert as_json.json["error"]["message"].startswith("A is in Arabic and B in English")
    store = Store(db_path)
    try:
        assert len(store.versions(document)) == 2
    finally:
        store.close()


def test_the_page_names_the_language_of_the_version_it_would_make(
    client, as_role, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        document, a, b = add_translations(store, ("en-GB", "en-US"))
    finally:
        store.close()
    as_role("editor")
    page = page_of(client.get(f"/documents/{document}/compare?a={a}&b={b}"))
    [help_text] = page.xpath("//fieldset[@class='make-version']/p[@class='help']")
    assert words(help_text).startswith(
        "The new version is a translation in English, aligned to the source row by row."
    )
