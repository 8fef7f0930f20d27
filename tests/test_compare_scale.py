"""The compare page on a long document: rows a page at a time, the alignment made once.

GET /documents/<id>/compare shows `compare.PAGE_ROWS` rows a page (`page`, from 1; past the
end, the last), with the total and the rows that differ counted over the whole document;
`changed=1` pages over the rows that differ. The comparison is kept in the process while its
versions' texts and links stay the same, so a page after the first does not align the
document again, and an approved revision shows on the next page opened. The compose form
carries the choices made on other pages (`keep-a`, `keep-b`) and the side of the rows never
shown (`rest`), so a version made after paging takes every choice.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, import_pair
from tests.test_review import SOURCE, TARGET
from workbench import align, compare, revisions, services
from workbench.diff import similarity, word_diff
from workbench.store import Store

#: Rows in the long document; every seventh (3, 10, 17, …) is worded otherwise in B.
ROWS = 230
CHANGED = [i for i in range(ROWS) if i % 7 == 3]


def verse(i: int, changed: bool = False) -> str:
    words = "the land was empty and without form" if changed else "the earth was waste and void"
    return f"Verse {i}: in the beginning {words}, number {i * 3 + 1}."


@pytest.fixture
def long_pair(db_path: Path) -> dict:
    """Two English versions of ROWS paragraphs (A the source, B a translation), not aligned:
    the page aligns them directly."""
    store = Store(db_path)
    try:
        a_text = [verse(i) for i in range(ROWS)]
        b_text = [verse(i, i in CHANGED) for i in range(ROWS)]
        imported = services.import_file(
            store, "\n\n".join(a_text).encode(), filename="a.txt", language="en", role="source"
        )
        b = services.import_file(
            store,
            "\n\n".join(b_text).encode(),
            filename="b.txt",
            document_id=imported.document,
            language="en",
            role="translation",
            label="B",
        ).versions[0]
        return {"document": imported.document, "a": imported.versions[0], "b": b, "text": b_text}
    finally:
        store.close()


@pytest.fixture
def aligns(monkeypatch) -> list[int]:
    """Counts the aligner's runs (one item a run)."""
    runs: list[int] = []
    real = align.align_document

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(align, "align_document", counted)
    return runs


def get(client, url: str, status: int = 200) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return lxml.html.document_fromstring(response.get_data(as_text=True))


def shown_rows(page: lxml.html.HtmlElement) -> list[int]:
    """The row numbers (from 0) the grid shows."""
    return [int(r.get("id").removeprefix("row-")) for r in page.xpath("//div[@data-row]")]


def text(element) -> str:
    return " ".join(element.text_content().split())


def b_wording(cell) -> str:
    """B's text in its cell: the diff without A's deleted words."""
    cell = lxml.html.fragment_fromstring(lxml.html.tostring(cell, encoding="unicode"))
    for deleted in cell.xpath(".//del"):
        deleted.drop_tree()
    return cell.text_content()


def pager(page: lxml.html.HtmlElement) -> str:
    return text(page.xpath("//nav[@aria-label='Pages of rows']//span[@class='pager-at']")[0])


def test_rows_come_a_page_at_a_time_with_the_totals_of_the_whole_document(
    client, as_role, long_pair: dict
) -> None:
    as_role("translator")
    url = f"/documents/{long_pair['document']}/compare?a={long_pair['a']}&b={long_pair['b']}"
    first = get(client, url)
    assert shown_rows(first) == list(range(100))
    summary = text(first.xpath("//p[@class='summary']")[0])
    assert summary.startswith(f"230 rows (direct), {len(CHANGED)} differ.")
    assert pager(first) == "Rows 1–100 of 230 (page 1 of 3)"
    nav = first.xpath("//nav[@aria-label='Pages of rows']")[0]
    [after] = nav.xpath(".//a[@rel='next']/@href")
    assert after.startswith(f"/documents/{long_pair['document']}/compare?") and "page=2" in after
    assert not nav.xpath(".//a[@rel='prev']")  # the first page has none before it
    assert first.xpath("//nav[@aria-label='Pages of rows, below them']")

    second = get(client, f"{url}&page=2")
    assert shown_rows(second) == list(range(100, 200))
    last = get(client, f"{url}&page=3")
    assert shown_rows(last) == list(range(200, 230))
    assert pager(last) == "Rows 201–230 of 230 (page 3 of 3)"
    assert not last.xpath("//nav[@aria-label='Pages of rows']//a[@rel='next']")
    past = get(client, f"{url}&page=40")  # past the end: the last page
    assert shown_rows(past) == list(range(200, 230))
    assert pager(past) == "Rows 201–230 of 230 (page 3 of 3)"
    for wrong in ("0", "-1", "two"):
        response = client.get(f"{url}&page={wrong}")
        assert response.status_code == 400
        assert "page" in response.get_data(as_text=True)


def test_changed_rows_only_pages_over_the_rows_that_differ(
    client, as_role, long_pair: dict, monkeypatch
) -> None:
    monkeypatch.setattr(compare, "PAGE_ROWS", 10)
    as_role("translator")
    base = f"/documents/{long_pair['document']}/compare?a={long_pair['a']}&b={long_pair['b']}"
    url = f"{base}&changed=1"
    seen: list[int] = []
    pages = -(-len(CHANGED) // 10)
    for number in range(1, pages + 1):
        page = get(client, f"{url}&page={number}")
        rows = page.xpath("//div[@data-row]")
        assert all("changed" in r.get("class").split() for r in rows)
        seen.extend(shown_rows(page))
        assert "page=" in "".join(page.xpath("//nav[@aria-label='Pages of rows']//a/@href"))
        assert all("changed=1" in h for h in page.xpath("//nav//a[contains(@href, 'page=')]/@href"))
    assert seen == CHANGED
    last = get(client, f"{url}&page={pages}")
    assert pager(last) == (
        f"Rows that differ {10 * (pages - 1) + 1}–{len(CHANGED)} of {len(CHANGED)} "
        f"(page {pages} of {pages})"
    )
    summary = text(last.xpath("//p[@class='summary']")[0])
    assert summary.startswith(f"230 rows (direct), {len(CHANGED)} differ; showing only those.")


def test_the_first_page_of_a_short_document_shows_every_row_with_its_diff(
    client, as_role, db_path: Path
) -> None:
    """Under a page of rows there is no pager, and the rows, their texts, diffs and
    similarities are those the comparison makes (as the page showed before it had pages)."""
    store = Store(db_path)
    try:
        alignment = import_pair(store, SOURCE, TARGET)
        row = store.alignment(alignment)
        document = row["document_id"]
        changed = [*TARGET[:3], "Everyone is entitled to every right and freedom.", *TARGET[4:]]
        b = services.import_file(
            store,
            "\n\n".join(changed).encode(),
            filename="b.txt",
            document_id=document,
            language="en",
            role="translation",
            label="B",
        ).versions[0]
        a = row["target_version_id"]
    finally:
        store.close()
    as_role("translator")
    page = get(client, f"/documents/{document}/compare?a={a}&b={b}")
    assert not page.xpath("//nav[contains(@class, 'compare-pager')]")
    rows = page.xpath("//div[@data-row]")
    assert len(rows) == len(TARGET)
    for index, (row, a_text, b_text) in enumerate(zip(rows, TARGET, changed, strict=True)):
        cells = row.xpath("./div[contains(@class, 'text')]")
        assert [c.text_content() for c in cells[:2]] == [SOURCE[index], a_text]
        changes = word_diff(a_text, b_text)
        assert [text(d) for d in cells[2].xpath(".//del")] == [
            " ".join(c.old.split()) for c in changes if c.kind != "equal" and c.old.strip()
        ]
        assert [text(d) for d in cells[2].xpath(".//ins")] == [
            " ".join(c.new.split()) for c in changes if c.kind != "equal" and c.new.strip()
        ]
        assert b_wording(cells[2]) == b_text
        shown = text(row.xpath(".//span[@class='similarity']")[0])
        assert shown == f"{int(similarity(a_text, b_text, changes) * 100)}%"
        assert ("changed" in row.get("class").split()) == (a_text != b_text)


def test_paging_aligns_the_document_once(client, as_role, long_pair: dict, aligns) -> None:
    as_role("translator")
    url = f"/documents/{long_pair['document']}/compare?a={long_pair['a']}&b={long_pair['b']}"
    for query in ("", "&page=2", "&page=3", "&changed=1", "&changed=1&page=2"):
        get(client, url + query)
    assert len(aligns) == 1


def test_stored_links_are_used_either_way_round(
    client, as_role, db_path: Path, aligns, monkeypatch
) -> None:
    """A translation compared with its source (B the source): the stored alignment source →
    translation gives the rows, read the other way round; nothing is aligned now."""
    monkeypatch.setattr(compare, "_KEPT", type(compare._KEPT)(compare._KEPT.size))
    store = Store(db_path)
    try:
        row = store.alignment(import_pair(store, SOURCE, TARGET))
    finally:
        store.close()
    aligns.clear()  # import_pair aligned them: that alignment is stored
    as_role("translator")
    a, b = row["target_version_id"], row["source_version_id"]
    page = get(client, f"/documents/{row['document_id']}/compare?a={a}&b={b}")
    assert not aligns
    cells = [c.xpath("./div[contains(@class, 'text')]") for c in page.xpath("//div[@data-row]")]
    assert [(c[0].text_content(), c[1].text_content()) for c in cells] == list(
        zip(TARGET, SOURCE, strict=True)
    )


def test_an_approved_revision_shows_on_the_next_page_opened(
    client, as_role, long_pair: dict, db_path: Path, aligns
) -> None:
    as_role("translator")
    url = f"/documents/{long_pair['document']}/compare?a={long_pair['a']}&b={long_pair['b']}"
    get(client, url)
    store = Store(db_path)
    try:
        paragraph = store.segment(store.segment_at(long_pair["b"], "paragraph", 151)["id"])
        revised = "Verse 151: a wholly new wording of this verse, number 454."
        add_user(db_path, "editor1", "editor")
        proposed = revisions.propose(
            store,
            paragraph["id"],
            revised,
            base_revision=paragraph["revision"],
            user="translator1",
        )
        revisions.approve(store, proposed, user="editor1")
    finally:
        store.close()
    second = get(client, f"{url}&page=2")
    [row] = second.xpath("//div[@id='row-151']")
    assert b_wording(row.xpath("./div[contains(@class, 'text')]")[1]) == revised
    assert "changed" in row.get("class").split()
    summary = text(second.xpath("//p[@class='summary']")[0])
    assert summary.startswith(f"230 rows (direct), {len(CHANGED) + 1} differ.")
    assert len(aligns) == 2  # once before the revision, once after it


def compose_fields(page: lxml.html.HtmlElement) -> dict[str, str]:
    """The compose form's fields as a browser sends them (checked radios only, no button)."""
    [form] = page.xpath("//form[contains(@class, 'compose')]")
    fields = {
        i.get("name"): i.get("value") or ""
        for i in form.xpath(".//input[@name and not(@type='radio')]")
    }
    fields.update(
        {r.get("name"): r.get("value") for r in form.xpath(".//input[@type='radio' and @checked]")}
    )
    return fields


def made_text(db_path: Path, document: int) -> tuple[int, list[str]]:
    store = Store(db_path)
    try:
        version = store.versions(document)[-1]["id"]
        return version, [s["text"] for s in store.segments(version)]
    finally:
        store.close()


def test_choices_made_on_several_pages_all_go_into_the_new_version(
    client, as_role, long_pair: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document = long_pair["document"]
    url = f"/documents/{document}/compare?a={long_pair['a']}&b={long_pair['b']}"
    first = get(client, url)
    assert first.xpath("//form[contains(@class, 'compose')]//button[@name='go' and @value='2']")
    form = {**compose_fields(first), "csrf_token": token, "choice-3": "b"}
    assert form["page"] == "1" and form["rest"] == "a"
    # the page's buttons post the form: page 2, with row 3's choice carried
    second = client.post(f"/documents/{document}/compose", data={**form, "go": "2"})
    assert second.status_code == 200
    page = lxml.html.document_fromstring(second.get_data(as_text=True))
    assert shown_rows(page) == list(range(100, 200))
    fields = compose_fields(page)
    assert (fields["page"], fields["keep-b"]) == ("2", "3")
    assert fields["keep-a"] == "0-2,4-99"
    assert page.xpath("string(//span[@class='from-b'])") == "1"
    assert page.xpath("string(//span[@class='from-b']/@data-elsewhere)") == "1"
    made = client.post(
        f"/documents/{document}/compose",
        data={**fields, "csrf_token": token, "choice-108": "b", "label": "Mixed"},
    )
    assert made.status_code == 303, made.get_data(as_text=True)[:2000]
    version, texts = made_text(db_path, document)
    expected = [verse(i, i in (3, 108)) for i in range(ROWS)]
    assert texts == expected
    shown = " ".join(client.get(made.headers["Location"]).get_data(as_text=True).split())
    assert (
        f"Made version {version}, a translation in English: of the {len(CHANGED)} rows where A "
        f"and B differ, {len(CHANGED) - 2} keep A&#39;s wording and 2 take B&#39;s."
    ) in shown


def test_the_rows_never_shown_take_the_side_chosen_for_them(
    client, as_role, long_pair: dict, db_path: Path
) -> None:
    token = as_role("editor")
    document = long_pair["document"]
    first = get(client, f"/documents/{document}/compare?a={long_pair['a']}&b={long_pair['b']}")
    form = {**compose_fields(first), "csrf_token": token, "rest": "b", "label": "Mostly B"}
    made = client.post(f"/documents/{document}/compose", data=form)
    assert made.status_code == 303, made.get_data(as_text=True)[:2000]
    _, texts = made_text(db_path, document)
    # the first page's rows keep A (their radios say so), every other row takes B
    assert texts == [verse(i, i >= 100 and i in CHANGED) for i in range(ROWS)]


def test_a_refused_compose_comes_back_on_its_page_with_the_carried_choices(
    client, as_role, long_pair: dict
) -> None:
    token = as_role("editor")
    document = long_pair["document"]
    first = get(client, f"/documents/{document}/compare?a={long_pair['a']}&b={long_pair['b']}")
    form = {**compose_fields(first), "csrf_token": token, "choice-3": "b"}
    second = lxml.html.document_fromstring(
        client.post(f"/documents/{document}/compose", data={**form, "go": "3"}).get_data(
            as_text=True
        )
    )
    refused = client.post(
        f"/documents/{document}/compose",
        data={**compose_fields(second), "csrf_token": token, "label": " "},
    )
    assert refused.status_code == 400
    page = lxml.html.document_fromstring(refused.get_data(as_text=True))
    assert "give the new version a label" in page.xpath("string(//p[@id='compose-error'])")
    assert shown_rows(page) == list(range(200, 230))
    assert compose_fields(page)["keep-b"] == "3"


@pytest.mark.parametrize("carried", ["x", "5-2", "1-" + "9" * 40, "3;4"])
def test_carried_choices_that_are_no_rows_are_refused(
    client, as_role, long_pair: dict, carried: str
) -> None:
    token = as_role("editor")
    document = long_pair["document"]
    form = {"csrf_token": token, "a": long_pair["a"], "b": long_pair["b"], "label": "X"}
    response = client.post(f"/documents/{document}/compose", data={**form, "keep-b": carried})
    assert response.status_code == 400
    assert "keep-b" in response.get_data(as_text=True)


def test_row_ranges_round_trip() -> None:
    rows = [0, 1, 2, 5, 7, 8, 20]
    assert compare.row_ranges(rows) == "0-2,5,7-8,20"
    assert compare.parse_row_ranges("0-2,5,7-8,20", 100, field_name="keep-a") == rows
    assert compare.parse_row_ranges("0-2,5,7-8,20", 6, field_name="keep-a") == [0, 1, 2, 5]
    assert compare.row_ranges([]) == ""
