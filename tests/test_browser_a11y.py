"""Accessibility and right-to-left text in a real Chromium: where the keyboard focus goes after
"Align", the names screen readers hear for the controls every row repeats, and a concordance
of Arabic laid out right to left around its keyword."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import LiveApp, Session, browser_fixture, log_in, serving  # noqa: F401 (fixture)
from tests.conftest import import_pair
from workbench import flags, services, users
from workbench.store import Store

pytestmark = pytest.mark.browser

RECORD_SQ = [
    "Procesverbal i bisedës.",
    "Delegacioni shqiptar arriti në Moskë.",
    "Takimi u mbajt më 12 maj 1961 në Tiranë.",
    "Biseda zgjati dy orë.",
]
RECORD_EN = [
    "Record of conversation.",
    "The Albanian delegation arrived in Moscow.",
    "The meeting was held on 12 May 1962 in Tirana.",
    "The conversation lasted two hours.",
]
#: "The delegation" (الوفد) three times, with text before and after it each time.
MINUTES_AR = [
    "وصل الوفد الألباني إلى موسكو في الصباح.",
    "استقبل الرئيس الوفد في القصر بعد الظهر.",
    "غادر الوفد المدينة بعد يومين من المحادثات.",
]
MINUTES_EN = [
    "The Albanian delegation arrived in Moscow in the morning.",
    "The president received the delegation at the palace in the afternoon.",
    "The delegation left the city after two days of talks.",
]


def _unaligned(store: Store) -> int:
    """A document with a source and a translation that nobody has aligned yet."""
    document = services.import_file(
        store,
        "\n\n".join(RECORD_SQ).encode(),
        filename="procesverbal.txt",
        title="Unaligned record",
        language="sq",
        role="source",
        user="test",
    ).document
    services.import_file(
        store,
        "\n\n".join(RECORD_EN).encode(),
        filename="record.txt",
        document_id=document,
        language="en",
        role="translation",
        user="test",
    )
    return document


@pytest.fixture(scope="module", name="live")
def live_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A record with a QA finding (a year that differs) and two flags, Arabic minutes aligned
    with English, and a document not aligned yet (`hostile` holds its id here)."""
    db_path = tmp_path_factory.mktemp("live-a11y") / "workbench.db"
    store = Store(db_path)
    try:
        record = import_pair(store, RECORD_SQ, RECORD_EN, title="Record of 1961")
        minutes = import_pair(
            store, MINUTES_AR, MINUTES_EN, src_lang="ar", tgt_lang="en", title="محضر الاستقبال"
        )
        links = store.links(record)
        for link, category in ((links[1], "accuracy/omission"), (links[2], "grammar")):
            flags.raise_flag(
                store, record, category=category, severity="major", link_id=link.id, user="test"
            )
        document = _unaligned(store)
        for role in ("editor", "reviewer"):
            users.add_user(store, role, role, f"{role}-demo", by="test")
    finally:
        store.close()
    with serving(db_path) as url:
        yield LiveApp(url, db_path, document, [record, minutes])


@pytest.fixture(name="session")
def session_fixture(browser, live: LiveApp) -> Iterator[Session]:
    session = log_in(browser, live)
    yield session
    session.page.context.close()
    assert session.errors == [], session.errors
    assert session.dialogs == []


def focused(session: Session) -> dict:
    """The element that has the keyboard focus: its id and text."""
    return session.page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent})"
    )


# -- focus after "Align" ----------------------------------------------------------------------


def align_with_the_keyboard(session: Session) -> None:
    page = session.page
    page.goto(f"{session.live.url}/documents/{session.live.hostile}")
    page.locator("form.align button[type=submit]").focus()
    page.keyboard.press("Enter")


def test_after_align_the_focus_is_on_the_new_alignment_and_the_outcome_is_announced(
    session: Session,
) -> None:
    page = session.page
    align_with_the_keyboard(session)
    page.wait_for_function("() => document.activeElement.matches('section.alignment h3')")
    heading = focused(session)
    alignment = heading["id"].removeprefix("alignment-heading-")
    assert heading["text"] == "Albanian source → English translation"
    # the new alignment's map is in the page (no reload needed), under the focused heading
    section = page.locator(f"#alignment-{alignment}")
    assert section.locator("svg.alignment-map a.map-link").count() == len(RECORD_SQ)
    assert page.get_by_text("No alignments yet.").count() == 0
    # the outcome is in a live region, with a way to the review page and to the map
    message = page.get_by_role("status").filter(has_text="Aligned")
    assert message.get_attribute("id") == "align-message"
    assert f"alignment {alignment} is ready for review" in message.text_content()
    review = message.get_by_role("link", name="Review the alignment")
    assert review.get_attribute("href") == f"/alignments/{alignment}/review"
    # "Go to its map" moves the focus to the map's section, not only the view
    page.locator("form.align button[type=submit]").focus()
    message.get_by_role("link", name="Go to its map").click()
    page.wait_for_function(f"() => document.activeElement.id === 'alignment-{alignment}'")
    assert page.url.endswith(f"#alignment-{alignment}")
    # the new event is listed too
    assert "align alignment" in page.locator("#activity").text_content()


def test_aligning_again_redraws_the_map_in_place_and_announces_only_news(
    session: Session,
) -> None:
    page = session.page
    align_with_the_keyboard(session)
    page.wait_for_function("() => document.activeElement.matches('section.alignment h3')")
    first = focused(session)["id"]
    # every text the live region takes from now on
    page.evaluate(
        """() => {
            const message = document.getElementById("align-message");
            window.said = [];
            new MutationObserver(() => window.said.push(message.textContent))
                .observe(message, {childList: true, subtree: true, characterData: true});
        }"""
    )
    page.locator("form.align button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        """id => document.activeElement.id === id && window.said.length > 1
                && window.said.at(-1).startsWith("Aligned")""",
        arg=first,
    )
    said = page.evaluate("() => window.said")
    # "Starting…", perhaps "Aligning…" once (never a count of the work done), the outcome
    assert said[0] == "Starting…" and said[-1].startswith("Aligned: alignment")
    assert set(said[1:-1]) <= {"Aligning…"} and len(said) <= 3
    assert page.locator("section.alignment").count() == 1  # the same alignment, redrawn
    assert page.locator("form.align button[type=submit]").is_enabled()


def test_when_the_page_cannot_be_fetched_again_the_reload_link_opens_the_map(
    session: Session,
) -> None:
    page = session.page
    document_path = f"/documents/{session.live.hostile}"

    def refuse_the_refetch(route) -> None:
        if route.request.resource_type == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(re.escape(document_path) + "$"), refuse_the_refetch)
    align_with_the_keyboard(session)
    page.wait_for_function(
        "() => document.activeElement.id === 'align-message' && "
        "document.activeElement.textContent.startsWith('Aligned')"
    )
    reload = page.get_by_role("link", name="Reload this page for its map")
    alignment = re.search(r"#alignment-(\d+)$", reload.get_attribute("href")).group(1)
    reload.click()
    page.wait_for_function(f"() => document.activeElement.id === 'alignment-{alignment}'")
    assert page.locator(f"#alignment-{alignment} svg.alignment-map").is_visible()


# -- names with context -------------------------------------------------------------------------


def names(session: Session, role: str, starting: str) -> list[str]:
    """The names Chromium's accessibility tree (what screen readers read) gives the controls of
    a role whose names start with `starting`, in page order."""
    cdp = session.page.context.new_cdp_session(session.page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [
        node["name"]["value"]
        for node in nodes
        if node.get("role", {}).get("value") == role
        and not node.get("ignored")
        and node["name"]["value"].startswith(starting)
    ]


def test_the_qa_report_names_each_finding_in_its_buttons(session: Session) -> None:
    page, record = session.page, session.live.alignments[0]
    page.goto(f"{session.live.url}/alignments/{record}/qa")
    dismiss = page.get_by_role("button", name=re.compile(r"^Dismiss numbers finding 1: "))
    assert dismiss.count() == 1
    assert "1961" in dismiss.get_attribute("aria-label")
    assert dismiss.get_attribute("aria-label").endswith("(¶3 → ¶3)")
    flag = page.get_by_role("button", name=re.compile("^Turn into a flag: numbers finding 1: "))
    assert flag.count() == 1
    reason = page.get_by_role("textbox", name="Reason")
    assert reason.get_attribute("aria-describedby") == dismiss.evaluate(
        "b => b.closest('li.finding').querySelector('.finding-head').id"
    )
    # acting on it by that name works as the visible button does
    dismiss.click()
    page.wait_for_selector("ul.flashes li")
    page.locator("details.dismissed summary").click()
    again = page.get_by_role("button", name=re.compile("^Report it again: numbers, "))
    assert again.count() == 1
    again.click()
    page.wait_for_selector("li.finding")


def test_the_flags_page_tells_apart_the_buttons_of_each_flag(session: Session) -> None:
    page = session.page
    page.goto(f"{session.live.url}/documents/1/flags")
    resolve = names(session, "button", "Resolve")
    dismiss = names(session, "button", "Dismiss")
    assert all(name.startswith(("Resolve flag ", "Dismiss flag ")) for name in resolve + dismiss)
    assert len(resolve) == len(dismiss) == 2
    assert len(set(resolve)) == 2 and len(set(dismiss)) == 2
    omission = page.get_by_role(
        "button", name=re.compile(r"^Resolve flag \d+ \(major accuracy\/omission, open, ")
    )
    assert omission.get_attribute("aria-label").endswith("source ¶2 ↔ target ¶2)")
    comment = page.get_by_role(
        "button", name=re.compile(r"^Add comment to flag \d+ \(major grammar")
    )
    assert comment.count() == 1
    assert (
        page.get_by_role("textbox", name="Comment")
        .first.get_attribute("aria-describedby")
        .startswith("flag-heading-")
    )
    omission.click()
    page.wait_for_selector("article.flag.status-resolved")
    reopen = re.compile(r"^Reopen flag \d+ \(major accuracy\/omission, resolved, ")
    assert page.get_by_role("button", name=reopen).count() == 1


def test_review_rows_name_their_controls_after_the_row(session: Session) -> None:
    page = session.page
    session.open_review(session.live.alignments[0])
    sentences = names(session, "button", "Sentences")
    assert sentences[:2] == ["Sentences of link 1 (¶ 1 → ¶ 1)", "Sentences of link 2 (¶ 2 → ¶ 2)"]
    assert len(set(sentences)) == len(sentences) == len(RECORD_SQ)
    assert page.get_by_role("button", name="Edit text of link 3 (¶ 3 → ¶ 3)").count() == 1
    # the disclosures (<summary>): the aligner's reasons and the QA findings of each row
    why = names(session, "DisclosureTriangle", "Why")
    assert why == [
        f"Why: the aligner's reasons for link {n} (¶ {n} → ¶ {n})"
        for n in range(1, page.locator("details.reasons").count() + 1)
    ]
    assert why
    assert names(session, "DisclosureTriangle", "numbers") == [
        "numbers 1 QA finding on link 3 (¶ 3 → ¶ 3)"
    ]
    page.locator("details.qa-findings summary").click()
    report = page.get_by_role("link", name="QA report: the findings on link 3 (¶ 3 → ¶ 3)")
    assert report.text_content() == "QA report"


# -- right to left ------------------------------------------------------------------------------


def kwic_geometry(session: Session, query: str) -> dict:
    """Where the before/term/after cells and their text sit in each line of the concordance."""
    session.page.goto(f"{session.live.url}/concordance?{query}")
    return session.page.evaluate(
        """() => {
            const box = (e) => e.getBoundingClientRect();
            const text = (cell) => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                return range.getBoundingClientRect();
            };
            const headers = Array.from(document.querySelectorAll("table.kwic th"))
                .map((th) => ({text: th.textContent, left: box(th).left}));
            const lines = Array.from(document.querySelectorAll("table.kwic tbody tr")).map((tr) => {
                const [before, term, after] = ["left", "keyword", "right"].map(
                    (c) => tr.querySelector("td." + c));
                return {
                    before: box(before), term: box(term), after: box(after),
                    beforeText: text(before), afterText: text(after),
                    dirs: [before.dir, term.dir, after.dir],
                };
            });
            return {headers, lines};
        }"""
    )


def test_an_arabic_concordance_runs_right_to_left_around_an_aligned_keyword(
    session: Session,
) -> None:
    found = kwic_geometry(session, "term=الوفد&lang=ar")
    lines = found["lines"]
    assert len(lines) == len(MINUTES_AR)
    for line in lines:
        assert line["dirs"] == ["rtl", "rtl", "rtl"]
        # the text before the term is on its right, the text after it on its left
        assert line["before"]["left"] >= line["term"]["right"] - 1
        assert line["after"]["right"] <= line["term"]["left"] + 1
        # and both meet the term: the context is aligned to the keyword's side of its cell
        assert line["beforeText"]["left"] - line["before"]["left"] < 12
        assert line["after"]["right"] - line["afterText"]["right"] < 12
    # the keyword column is one column: every term cell starts where the others do
    assert len({round(line["term"]["left"]) for line in lines}) == 1
    # the headers name the columns above them
    headers = {h["text"]: h["left"] for h in found["headers"]}
    assert headers["Before"] == pytest.approx(lines[0]["before"]["left"], abs=1)
    assert headers["After"] == pytest.approx(lines[0]["after"]["left"], abs=1)


def test_a_latin_concordance_keeps_its_left_to_right_layout(session: Session) -> None:
    lines = kwic_geometry(session, "term=delegacioni&lang=sq")["lines"]
    assert lines
    for line in lines:
        assert line["dirs"] == ["ltr", "ltr", "ltr"]
        assert line["before"]["right"] <= line["term"]["left"] + 1
        assert line["after"]["left"] >= line["term"]["right"] - 1


def test_an_arabic_title_reads_right_to_left_where_it_is_shown(session: Session) -> None:
    page, minutes = session.page, session.live.alignments[1]

    def direction(locator) -> tuple[str | None, str]:
        return locator.get_attribute("lang"), locator.evaluate("e => getComputedStyle(e).direction")

    page.goto(f"{session.live.url}/")
    assert direction(page.get_by_role("link", name="محضر الاستقبال")) == ("ar", "rtl")
    english = page.get_by_role("link", name="Record of 1961")
    assert direction(english) == (None, "ltr")
    page.goto(f"{session.live.url}/alignments/{minutes}/review")
    assert direction(page.locator("h1 .title")) == ("ar", "rtl")
