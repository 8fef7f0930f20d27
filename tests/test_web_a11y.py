"""Accessibility and right-to-left text in the pages as the server renders them.

- A control every row of a list repeats ("Dismiss", "Resolve", "Sentences", "Review") is
  named after its row, its visible text first, so a screen reader tells them apart.
- Titles and version labels carry `lang` and `dir` of the language they are written in. The
  language of a document's title is not recorded (it was read from the first file or typed on
  import, often in English), so it is taken from the document's languages only when its
  letters are in that language's own script; otherwise its direction comes from its letters.
- The concordance of an Arabic or Hebrew term runs right to left around its keyword.
- The align form has a live message the keyboard focus can be put on.
- A wide table scrolls sideways in a box of its own (a region, named, that the keyboard can
  reach), not the page; header cells are never empty; landmarks and forms have names that tell
  them apart; the reader edition's column heads are headings, and all of it is in landmarks.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import import_pair
from workbench import aligning, editions, flags, glossary, review, revisions, services
from workbench.store import Store
from workbench.web.documents import label_attributes, text_language, title_attributes

RECORD_SQ = [
    "Takimi u mbajt më 12 maj 1961 në Tiranë.",
    "Delegacioni shqiptar arriti në Moskë.",
    "Numri 7 i protokollit u nënshkrua.",
]
RECORD_EN = [
    "The meeting was held on 12 May 1962 in Tirana.",
    "The Albanian delegation arrived in Moscow.",
    "Protocol number 8 was signed.",
]
MINUTES_AR = [
    "وصل الوفد الألباني إلى موسكو في الصباح.",
    "استقبل الرئيس الوفد في القصر بعد الظهر.",
]
MINUTES_EN = [
    "The Albanian delegation arrived in Moscow in the morning.",
    "The president received the delegation at the palace in the afternoon.",
]
ARABIC_TITLE = "محضر الاستقبال"


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return lxml.html.fromstring(response.get_data(as_text=True))


def lang_dir(element) -> tuple[str | None, str | None]:
    return element.get("lang"), element.get("dir")


def holding(tree, text: str) -> list:
    """The elements whose own text is exactly `text`."""
    return [e for e in tree.iter() if isinstance(e.tag, str) and (e.text or "").strip() == text]


def _minutes(store: Store) -> int:
    """The Arabic minutes, labelled in Arabic, and their English translation, aligned."""
    document = services.import_file(
        store,
        "\n\n".join(MINUTES_AR).encode(),
        filename="minutes.txt",
        title=ARABIC_TITLE,
        language="ar",
        role="source",
        label="النص الأصلي",
    ).document
    services.import_file(
        store,
        "\n\n".join(MINUTES_EN).encode(),
        filename="minutes.en.txt",
        document_id=document,
        language="en",
        role="translation",
    )
    return aligning.align_versions(store, document)


@pytest.fixture
def documents(db_path: Path) -> dict[str, int]:
    """An Albanian record with an English title (two QA findings, two flags), Arabic minutes
    with an Arabic title and an Arabic label on the source, both aligned with English."""
    store = Store(db_path)
    try:
        record = import_pair(store, RECORD_SQ, RECORD_EN, title="Record of 1961")
        links = store.links(record)
        for link in links[:2]:
            flags.raise_flag(
                store,
                record,
                category="accuracy/omission",
                severity="major",
                link_id=link.id,
                user="rita",
            )
        review.set_status(store, record, [link.id for link in links], user="rita")
        editions.publish(store, record, user="eva")
        return {"record": record, "minutes": _minutes(store)}
    finally:
        store.close()


# -- the language of titles and labels ------------------------------------------------------------


def test_a_title_is_in_a_language_of_its_document_when_its_letters_are_in_that_script() -> None:
    assert title_attributes("محضر الاستقبال", "ar", "en") == ' lang="ar" dir="rtl"'
    assert title_attributes("פרוטוקול", None, "he") == ' lang="he" dir="rtl"'
    assert title_attributes("Протокол беседы", "ru", "en") == ' lang="ru" dir="ltr"'
    # English titles of Albanian or Arabic documents (the demo's are typed on import)
    assert title_attributes("Record of 1961", "sq", "en") == ' dir="auto"'
    assert title_attributes("Minutes (Arabic–English)", "ar", "en") == ' dir="auto"'
    # Latin letters cannot tell Albanian from English: the page's language stays
    assert title_attributes("Procesverbal i bisedës", "sq", "en") == ' dir="auto"'
    assert title_attributes("1961", "ar") == ' dir="auto"'


def test_a_label_is_in_its_versions_language_unless_written_otherwise() -> None:
    assert label_attributes("النص الأصلي", "ar") == ' lang="ar" dir="rtl"'
    assert label_attributes("Shqip, 1961", "sq") == ' lang="sq" dir="ltr"'
    assert label_attributes("Bible in Basic English", "en") == ' lang="en" dir="ltr"'
    # the workbench's own labels are English, and so is a Latin label of an Arabic version
    assert label_attributes("Albanian source", "sq") == ' dir="auto"'
    assert label_attributes("Arabic translation (tmx)", "ar") == ' dir="auto"'
    assert label_attributes("Cairo edition", "ar") == ' dir="auto"'
    assert text_language("Cairo edition", "ar") is None
    assert text_language("Hrushovi", "sq", latin=False) is None


def test_titles_and_labels_carry_lang_and_dir_wherever_they_are_shown(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("editor")
    minutes = documents["minutes"]
    for url in (
        "/",
        "/documents/2",
        f"/alignments/{minutes}/review",
        f"/alignments/{minutes}/editions",
        f"/alignments/{minutes}/qa",
        "/documents/2/flags",
        "/documents/2/glossary",
        "/search?q=الوفد",
    ):
        shown = holding(page(client, url), ARABIC_TITLE)
        assert shown, url
        assert {lang_dir(e) for e in shown} == {("ar", "rtl")}, url
    document = page(client, "/documents/2")
    assert [lang_dir(e) for e in holding(document, "النص الأصلي")] == [("ar", "rtl")] * 2
    assert [lang_dir(e) for e in holding(document, "English translation")] == [(None, "auto")] * 2
    header = page(client, f"/alignments/{minutes}/review").xpath("//p[@class='versions']/span")
    assert [lang_dir(e) for e in header] == [("ar", "rtl"), (None, "auto")]
    # an English title of an Albanian document is not said to be Albanian
    index = page(client, "/")
    assert [lang_dir(e) for e in holding(index, "Record of 1961")] == [(None, "auto")]


def test_an_editions_title_carries_the_language_of_its_letters(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("editor")
    tree = page(client, "/editions/1")
    title = tree.xpath("//h1/span")[0]
    assert (title.text, lang_dir(title)) == ("Record of 1961", (None, "auto"))


# -- controls named after their row ----------------------------------------------------------------


def named(tree, xpath: str) -> list[tuple[str, str]]:
    """(visible text, accessible name) of the controls at `xpath`."""
    controls = tree.xpath(xpath)
    assert controls, xpath
    return [
        (c.text_content().strip(), c.get("aria-label") or c.text_content().strip())
        for c in controls
    ]


def assert_told_apart(controls: list[tuple[str, str]]) -> None:
    """Each control's name starts with its visible text (speech users say what they see), and
    no two controls share a name."""
    for visible, name in controls:
        assert name.startswith(visible) and name != visible, (visible, name)
    assert len({name for _, name in controls}) == len(controls), controls


def test_the_qa_reports_buttons_name_their_finding(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("editor")
    tree = page(client, f"/alignments/{documents['record']}/qa")
    dismiss = named(tree, "//li[@class='finding']//button[text()='Dismiss']")
    assert len(dismiss) == 2
    assert_told_apart(dismiss)
    assert dismiss[0][1].startswith("Dismiss numbers finding 1: ")
    assert dismiss[0][1].endswith("(¶1 → ¶1)") and dismiss[1][1].endswith("(¶3 → ¶3)")
    assert_told_apart(named(tree, "//li[@class='finding']//button[text()='Turn into a flag']"))
    assert_told_apart(named(tree, "//li[@class='finding']//a[text()='open in review']"))
    for finding in tree.xpath("//li[@class='finding']"):
        head = finding.xpath(".//p[@class='finding-head']/@id")[0]
        assert finding.xpath(".//input[@name='reason']/@aria-describedby") == [head]
        assert finding.xpath(".//input[@name='comment']/@aria-describedby") == [head]


def test_the_flags_pages_buttons_name_their_flag(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("reviewer")
    tree = page(client, "/documents/1/flags")
    for visible in ("Resolve", "Dismiss", "Add comment"):
        controls = named(tree, f"//article//button[text()='{visible}']")
        assert len(controls) == 2
        assert_told_apart(controls)
    resolve = tree.xpath("//article//button[text()='Resolve']/@aria-label")
    assert (
        resolve[0].startswith("Resolve flag ") and "(major accuracy/omission, open, " in resolve[0]
    )
    assert_told_apart(named(tree, "//article//a[text()='review at this link']"))


def test_review_rows_name_their_controls(client, as_role, documents: dict[str, int]) -> None:
    as_role("editor")
    tree = page(client, f"/alignments/{documents['record']}/review")
    sentences = named(tree, "//li[contains(@class, 'link-row')]//button[text()='Sentences']")
    assert sentences[0] == ("Sentences", "Sentences of link 1 (¶ 1 → ¶ 1)")
    assert_told_apart(sentences)
    assert_told_apart(named(tree, "//li[contains(@class, 'link-row')]//button[text()='Edit text']"))
    why = tree.xpath("//details[@class='reasons']/summary")
    assert why and all(
        s.get("aria-label").startswith("Why: the aligner's reasons for link ") for s in why
    )
    assert len({s.get("aria-label") for s in why}) == len(why)
    findings = tree.xpath("//details[@class='qa-findings']/summary")
    assert findings[0].text_content().endswith(" 1 QA finding on link 1 (¶ 1 → ¶ 1)")


def test_the_queues_review_links_name_their_alignment(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("reviewer")
    queue = page(client, "/queue")
    reviews = named(queue, "//table[contains(@class, 'unconfirmed')]//a[text()='Review']")
    assert reviews == [
        (
            "Review",
            f"Review the unconfirmed links of {ARABIC_TITLE}, النص الأصلي → English translation",
        )
    ]
    # the queue's rows know the translation's language only: the title reads right to left
    # by its letters
    row = queue.xpath("//table[contains(@class, 'unconfirmed')]/tbody/tr")[0]
    assert lang_dir(row.xpath("td")[0]) == (None, "auto")


def test_the_glossarys_buttons_name_their_term(
    client, as_role, db_path: Path, documents: dict[str, int]
) -> None:
    store = Store(db_path)
    try:
        for source, target in (("Hyrje", "Introduction"), ("Dalje", "Exit")):
            term = glossary.TermInput(source, target)
            glossary.add(store, term, document_id=1, src_lang="sq", tgt_lang="en", user="eva")
    finally:
        store.close()
    as_role("editor")
    tree = page(client, "/documents/1/glossary")
    for visible in ("Save", "Delete"):
        controls = named(tree, f"//table[@id='own-terms']//button[text()='{visible}']")
        assert len(controls) == 2
        assert_told_apart(controls)
    assert ("Delete", "Delete the term Dalje → Exit") in named(tree, "//button[text()='Delete']")


def test_the_document_page_describes_each_alignments_links_by_its_heading(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("editor")
    tree = page(client, "/documents/2")
    section = tree.xpath("//section[@class='alignment']")[0]
    heading = section.xpath("h3/@id")[0]
    for link in section.xpath(".//a[@class='review' or @class='editions' or @class='qa-report']"):
        assert link.get("aria-describedby") == heading
    # the align form's message: in the page from the start (so it is read out when it
    # changes), able to take the focus, and apart from the progress count
    message = tree.xpath("//form[@class='align']//*[@id='align-message']")[0]
    assert (message.get("role"), message.get("tabindex"), message.text_content()) == (
        "status",
        "-1",
        "",
    )
    assert tree.xpath("//form[@class='align']//progress/@aria-label") == ["Alignment progress"]
    # align.js replaces the alignments and the activity from a fresh copy of the page
    assert tree.xpath("//div[@id='alignment-list']/section[@class='alignment']")
    assert tree.xpath("//div[@id='activity']/table[@class='events']")


# -- the concordance ------------------------------------------------------------------------------


def test_an_arabic_concordance_runs_right_to_left(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("reviewer")
    tree = page(client, "/concordance?term=الوفد&lang=ar")
    table = tree.xpath("//table[@class='kwic']")[0]
    assert table.get("dir") == "rtl"
    assert [th.text for th in table.xpath("thead//th")] == ["Before", "Term", "After", "Aligned"]
    assert {th.get("dir") for th in table.xpath("thead//th")} == {"ltr"}
    assert table.xpath("caption/@dir") == ["ltr"]
    rows = table.xpath("tbody/tr")
    assert len(rows) == len(MINUTES_AR)
    for row in rows:
        cells = row.xpath("td[@class='left' or @class='keyword' or @class='right']")
        assert [lang_dir(cell) for cell in cells] == [("ar", "rtl")] * 3
        review_link = row.xpath("td[@class='aligned']//a")[0]
        assert lang_dir(review_link) == ("en", "ltr")
    first = rows[0]
    assert first.xpath("td[@class='left']")[0].text_content() == "وصل "
    assert first.xpath("td[@class='keyword']/mark")[0].text == "الوفد"
    names = table.xpath("tbody//td[@class='aligned']//a/@aria-label")
    assert names == [
        "review occurrence 1 in English translation",
        "review occurrence 2 in English translation",
    ]


def test_a_latin_concordance_stays_left_to_right(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("reviewer")
    tree = page(client, "/concordance?term=delegacioni&lang=sq")
    table = tree.xpath("//table[@class='kwic']")[0]
    assert table.get("dir") == "ltr"
    row = table.xpath("tbody/tr")[0]
    assert lang_dir(row.xpath("td[@class='keyword']")[0]) == ("sq", "ltr")


# -- wide tables, header cells, names of forms, the reader's headings ---------------------------


def _second_translation(db_path: Path, document: int) -> int:
    """Another English translation of the record's source, aligned with it: its alignment."""
    store = Store(db_path)
    try:
        services.import_file(
            store,
            "\n\n".join([*RECORD_EN[:2], "Protocol number 7 was signed."]).encode(),
            filename="record-again.txt",
            document_id=document,
            language="en",
            role="translation",
            label="English translation, second hand",
        )
        source, *_, again = (v["id"] for v in store.versions(document))
        return aligning.align_versions(store, document, source, again)
    finally:
        store.close()


def scrolling_box(table) -> tuple[str | None, str | None, str | None, str]:
    """(class, role, tabindex, name) of the element around a table: the name is the text of
    the element its aria-labelledby names, or its aria-label."""
    box = table.getparent()
    labelledby = box.get("aria-labelledby")
    name = box.get("aria-label") or ""
    if labelledby:
        [label] = box.getroottree().getroot().xpath(f"//*[@id='{labelledby}']")
        name = label.text_content()
    return box.get("class"), box.get("role"), box.get("tabindex"), " ".join(name.split())


def test_every_table_scrolls_in_a_named_box_of_its_own(
    client, as_role, db_path: Path, documents: dict[str, int]
) -> None:
    record = documents["record"]
    store = Store(db_path)
    try:
        glossary.add(store, glossary.TermInput("Takimi", "The meeting"), document_id=1, user="eva")
        translation = store.versions(1)[1]["id"]
        segment = store.segments(translation)[0]["id"]
        revision = store.segment(segment)["revision"]
        revisions.propose(store, segment, "The meeting.", base_revision=revision, user="ana")
    finally:
        store.close()
    as_role("editor")
    names = {}
    for url in (
        "/",
        "/documents/1",
        "/documents/1/exports",
        "/documents/1/glossary",
        f"/alignments/{record}/editions",
        "/editions/1",
        "/queue",
        "/queue?role=reviewer",
        f"/segments/{segment}/history",
        "/concordance?term=delegacioni&lang=sq",
    ):
        tables = page(client, url).xpath("//main//table")
        assert tables, url
        for table in tables:
            kind, role, tabindex, name = scrolling_box(table)
            assert (kind, role, tabindex) == ("table-scroll", "region", "0"), url
            names[(url, table.get("id") or table.get("class"))] = name
    assert names[("/", "documents")] == "Documents"
    assert names[("/documents/1", "versions")] == "Versions"
    assert names[("/documents/1", "events")] == "Recent activity"
    assert names[("/documents/1/exports", "editions")].startswith("Editions: ")
    assert names[("/documents/1/glossary", "own-terms")] == "This document's terms (1)"
    assert names[("/documents/1/glossary", "shared-terms")].startswith("Shared terms ")
    assert names[("/editions/1", "edition-links")] == "Links"
    assert names[("/queue", "queue pending")] == "Pending revisions (1)"
    assert names[("/queue?role=reviewer", "queue unconfirmed")] == "Unconfirmed links"
    assert names[(f"/segments/{segment}/history", "history")].startswith("History of ¶ 1")
    assert names[(f"/segments/{segment}/history", "proposals")] == "Proposals"
    assert names[("/concordance?term=delegacioni&lang=sq", "kwic")].startswith("Each occurrence")


def test_no_header_cell_is_empty(client, as_role, db_path: Path, documents: dict[str, int]) -> None:
    store = Store(db_path)
    try:
        segment = store.segments(store.versions(1)[1]["id"])[0]["id"]
    finally:
        store.close()
    as_role("editor")
    for url in ("/queue?role=reviewer", f"/segments/{segment}/history"):
        headers = page(client, url).xpath("//main//thead//th")
        assert headers, url
        assert all(th.text_content().strip() for th in headers), url
    [actions] = page(client, "/queue?role=reviewer").xpath("//thead//th[4]")
    assert actions.xpath("span[@class='visually-hidden']/text()") == ["Actions"]


def test_each_export_menu_is_named_after_what_it_exports(
    client, as_role, db_path: Path, documents: dict[str, int]
) -> None:
    _second_translation(db_path, 1)
    as_role("editor")
    for url in ("/documents/1", "/documents/1/exports"):
        tree = page(client, url)
        headings = [
            " ".join(h.text_content().split())
            for h in tree.xpath("//section[.//form[@class='export-menu']]/*[self::h2 or self::h3]")
        ]
        forms = tree.xpath("//form[@class='export-menu']/@aria-label")
        assert len(forms) == len(set(forms)) == 2, url
        assert forms == [f"Export: {heading}" for heading in headings], url
    assert forms[1] == "Export: Albanian source → English translation, second hand"
    assert page(client, "/editions/1").xpath("//form[@class='export-menu']/@aria-label") == [
        "Export: edition 1"
    ]


def test_the_compare_pages_choices_sit_in_cells(
    client, as_role, db_path: Path, documents: dict[str, int]
) -> None:
    """A fieldset's role is group: it may not be a cell, so the choice of a row is a group in
    a cell."""
    _second_translation(db_path, 1)
    as_role("editor")
    tree = page(client, "/documents/1/compare?a=2&b=5")
    rows = tree.xpath("//div[@role='row' and @data-row]")
    assert rows
    for row in rows:
        [choice] = row.xpath("div[@role='cell']/fieldset[@class='choice']")
        assert choice.get("role") is None
        assert choice.xpath("legend/text()") == [f"Row {row.get('data-row')}: keep"]
    assert tree.xpath("//fieldset[@role]") == []


def test_the_reader_editions_heads_are_headings_and_all_of_it_is_in_landmarks(
    client, as_role, documents: dict[str, int]
) -> None:
    as_role("editor")
    record = documents["record"]
    for url, draft in (
        ("/editions/1/read", False),
        (f"/documents/1/read?alignment={record}", True),
    ):
        tree = page(client, url)
        heads = tree.xpath("//main//div[contains(@class, 'head')]/h2")
        assert [h.text for h in heads] == ["Albanian source", "English translation"], url
        assert tree.xpath("//*[@aria-hidden='true']") == [], url
        landmarks = [
            child.tag
            for child in tree.xpath("/html/body/*")
            if child.tag in ("header", "main", "footer")
            or (child.tag == "section" and child.get("aria-labelledby"))
        ]
        assert landmarks == [child.tag for child in tree.xpath("/html/body/*")], url
        banner = tree.xpath("//*[@class='draft-banner']")
        assert len(banner) == draft, url
        if draft:
            assert banner[0].getparent().tag == "header"
    # the facing pages head each page with its version
    facing = page(client, "/editions/1/read?layout=facing")
    for spread in facing.xpath("//main/section[@class='spread']"):
        assert spread.xpath("div/h2/text()") == ["Albanian source", "English translation"]
