"""Comparing editions, and reading one, through the Flask test client on a real SQLite file.

Editions are numbered per alignment and their rows are keyed by positions in that alignment's
texts, so only two editions of one alignment can be compared: a diff between editions of two
documents (or of two translations of one document) is refused with a message saying so,
never a page that sets unrelated texts side by side. An edition's page numbers its links by
source paragraph, as the reader formats do, and says which paragraphs it leaves out.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import TRANSLATIONS
from tests.test_export import make_document
from tests.test_export_readers import EN, RU
from tests.test_review import SOURCE, TARGET
from workbench import aligning, editions, review, revisions, services
from workbench.errors import InputError
from workbench.store import Store


def confirm(store: Store, alignment: int, indexes) -> None:
    links = store.links(alignment)
    review.set_status(store, alignment, [links[i].id for i in indexes], user="rita")


@pytest.fixture
def two_documents(db_path: Path) -> dict:
    """An Albanian–English document with editions 1 and 2 (a paragraph revised between), and
    a Russian–English one with its edition 1."""
    store = Store(db_path)
    try:
        albanian = make_document(store, SOURCE, TARGET)
        confirm(store, albanian, range(4))
        first = editions.publish(store, albanian, user="eva")
        target = store.alignment(albanian)["target_version_id"]
        paragraph = store.segment_at(target, "paragraph", 3)
        proposal = revisions.propose(
            store, paragraph["id"], "Everyone has all the rights.", base_revision=0, user="tom"
        )
        revisions.approve(store, proposal, user="eva")
        second = editions.publish(store, albanian, user="eva")
        russian = make_document(store, RU, EN, ("ru", "en"))
        confirm(store, russian, range(4))
        other = editions.publish(store, russian, user="eva")
        return {"first": first, "second": second, "other": other, "alignment": albanian}
    finally:
        store.close()


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def words(element) -> str:
    return " ".join(element.text_content().split())


def test_two_editions_of_one_alignment_are_compared_row_by_row(
    client, as_role, two_documents: dict
) -> None:
    as_role("translator")
    response = client.get(f"/editions/{two_documents['first']}/diff/{two_documents['second']}")
    assert response.status_code == 200
    tree = page(response)
    assert words(tree.find(".//h1")) == "Edition 1 → edition 2"
    kinds = tree.xpath("//table[@class='edition-diff']/tbody/tr//span[@class='row-kind']/text()")
    assert kinds == ["same", "same", "same", "changed"]
    [changed] = tree.xpath("//tr[@class='kind-changed']")
    assert changed.xpath(".//ins") and changed.xpath(".//del") and SOURCE[3] in words(changed)


def test_links_merged_between_editions_show_as_one_regrouped_row(
    client, as_role, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        confirm(store, alignment, range(4))
        first = editions.publish(store, alignment, user="eva")
        [merged] = review.merge(store, alignment, store.links(alignment)[1].id, "next", user="tom")
        review.set_status(store, alignment, [merged], user="rita")
        second = editions.publish(store, alignment, user="eva")
    finally:
        store.close()
    as_role("translator")
    tree = page(client.get(f"/editions/{first}/diff/{second}"))
    kinds = tree.xpath("//table[@class='edition-diff']/tbody/tr//span[@class='row-kind']/text()")
    assert kinds == ["same", "regrouped", "same"]
    [row] = tree.xpath("//tr[@class='kind-regrouped']")
    assert "2 → 1 links" in words(row) and not row.xpath(".//ins | .//del")
    assert SOURCE[1] in words(row) and SOURCE[2] in words(row)
    assert "1 regrouped" in words(tree.xpath("//p[@class='counts']")[0])


def test_editions_of_two_documents_are_not_compared(client, as_role, two_documents: dict) -> None:
    as_role("translator")
    first, other = two_documents["first"], two_documents["other"]
    for old, new in ((first, other), (other, first)):
        response = client.get(f"/editions/{old}/diff/{new}")
        assert response.status_code == 400
        text = words(page(response).find(".//main"))
        assert "only editions of the same alignment can be compared" in text
        assert "“Deklarata — Декларация” (alignment 1)" in text
        assert "(alignment 2)" in text
        assert RU[1] not in text and TARGET[1] not in text, "no texts mixed on the page"
    # the list's compare form redirects to the diff, which refuses the same way
    response = client.get(
        f"/alignments/{two_documents['alignment']}/editions?a={first}&b={other}",
        follow_redirects=True,
    )
    assert response.status_code == 400


def test_editions_of_two_translations_of_one_document_are_not_compared(
    client, as_role, db_path: Path
) -> None:
    """Mark in Albanian with two English translations: one alignment each, so one edition
    each, and both are "edition 1". Their rows hold positions in different translations; the
    compare page is where two translations meet, through the source."""
    store = Store(db_path)
    try:
        document = services.import_file(
            store,
            (TRANSLATIONS / "MRK.sq-alb.paras.txt").read_bytes(),
            filename="MRK.sq.txt",
            language="sq",
            role="source",
        ).document
        published = []
        for name in ("MRK.en-asv.paras.txt", "MRK.en-bbe.paras.txt"):
            version = services.import_file(
                store,
                (TRANSLATIONS / name).read_bytes(),
                filename=name,
                document_id=document,
                language="en",
                role="translation",
            ).versions[0]
            alignment = aligning.align_versions(store, document, None, version)
            confirm(store, alignment, range(3))
            published.append(editions.publish(store, alignment, user="eva"))
        with pytest.raises(InputError, match="different alignments"):
            editions.diff_editions(store, *published)
    finally:
        store.close()
    as_role("translator")
    response = client.get(f"/editions/{published[0]}/diff/{published[1]}")
    assert response.status_code == 400
    assert "compare page" in words(page(response).find(".//main"))


def test_the_edition_page_numbers_links_by_source_paragraph_and_shows_gaps(
    client, as_role, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        confirm(store, alignment, (0, 2, 5))
        edition = editions.publish(store, alignment, user="eva")
    finally:
        store.close()
    as_role("translator")
    tree = page(client.get(f"/editions/{edition}"))
    rows = tree.xpath("//table[@class='edition-links']/tbody/tr")
    assert [words(row.find("td")) for row in rows] == ["1", "2", "3", "4–5", "6"]
    assert [row.get("class") for row in rows] == [None, "gap", None, "gap", None]
    assert "¶ 4–5 are not in this edition" in words(rows[3])
    assert words(rows[2].findall("td")[1]) == SOURCE[2]


def test_publishing_on_the_page_again_with_nothing_changed_says_so(
    client, as_role, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        confirm(store, alignment, (0, 1))
    finally:
        store.close()
    token = as_role("editor")
    publish = f"/alignments/{alignment}/publish"
    first = client.post(publish, data={"csrf_token": token, "note": "first"})
    assert first.status_code == 303
    again = client.post(publish, data={"csrf_token": token, "note": "second"})
    assert again.status_code == 409
    assert "nothing changed since edition 1" in words(page(again).find(".//main"))
    listed = page(client.get(f"/alignments/{alignment}/editions"))
    assert len(listed.xpath("//tr[starts-with(@id, 'edition-')]")) == 1


def test_the_edition_page_sets_the_direction_of_right_to_left_text(
    client, as_role, db_path: Path
) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(
            store, ["الفقرة الأولى.", "الفقرة الثانية."], ["First.", "Second."], ("ar", "en")
        )
        confirm(store, alignment, (0, 1))
        edition = editions.publish(store, alignment, user="eva")
    finally:
        store.close()
    as_role("translator")
    tree = page(client.get(f"/editions/{edition}"))
    cells = tree.xpath("//table[@class='edition-links']/tbody/tr/td[@lang]")
    assert {(c.get("lang"), c.get("dir")) for c in cells} == {("ar", "rtl"), ("en", "ltr")}
