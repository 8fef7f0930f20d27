"""Accessibility and right-to-left text in a real Chromium: where the keyboard focus goes after
"Align", the names screen readers hear for the controls every row repeats, a concordance of
Arabic laid out right to left around its keyword, pages that fit a window 320 pixels wide (their
wide tables scroll in a box of their own), the contrast of badges and keys, and what Windows
high contrast (forced colours) leaves of states drawn in colour."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.browser import LiveApp, Session, browser_fixture, log_in, serving  # noqa: F401 (fixture)
from tests.conftest import import_pair
from workbench import aligning, editions, flags, glossary, review, revisions, services, users
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
#: A document wide in every way: a long title (in every document menu), two translations
#: (two alignments, a comparison), an edition, a glossary, flags of every severity, revisions.
WIDE_TITLE = (
    "Record of the conversation between the Albanian delegation and the Soviet leadership "
    "in Moscow, with its annexes and the list of those present, "
    "AQSH_fondi_14_APL_marredhenie_me_BS_dosja_12_viti_1961_procesverbal_i_bisedes"
)  # …and a file name: a word no wider window would hold
#: The second paragraph holds "marrëveshjen" (the agreement) after a long run of words.
AGREEMENT_SQ = [
    "Procesverbal i bisedës në Moskë.",
    "Pas një bisede të gjatë për tregtinë, kufijtë, shkollat, hekurudhat dhe portet e vendit, "
    "të dy palët nënshkruan marrëveshjen e re në pallat.",
    "Takimi mbaroi në mbrëmje.",
    "Të pranishmit janë në shtojcë.",
]
AGREEMENT_EN = [
    "Record of the conversation in Moscow.",
    "After a long talk about the trade, borders, schools, railways and ports of the country, "
    "both sides signed the new agreement at the palace.",
    "The meeting ended in the evening.",
    "Those present are listed in the annex.",
]
AGREEMENT_EN_AGAIN = [
    "Minutes of the talk in Moscow.",
    "After a long talk about trade, borders, schools, railways and ports, "
    "both parties signed the new agreement in the palace.",
    "The meeting ended in the evening.",
    "Those present are listed in the annex.",
]
#: "The agreement" (الاتفاقية) after a long run of words, right to left.
TREATY_AR = [
    "بعد محادثات طويلة حول التجارة والحدود والمدارس والسكك الحديدية والموانئ في البلاد "
    "وقع الطرفان الاتفاقية الجديدة في القصر.",
]
TREATY_EN = [
    "After long talks about trade, borders, schools, railways and ports, "
    "the two sides signed the new agreement at the palace.",
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


@dataclass
class Wide:
    """The ids of the wide document and of what hangs on it."""

    document: int
    alignments: tuple[int, int]  # the source with each translation
    translations: tuple[int, int]  # version ids
    edition: int
    segment: int  # a paragraph of the first translation, revised once
    pending: int  # a revision of it waiting for an editor

    def pages(self, record: int) -> list[str]:
        """Every page with a wide table, a long menu or a form that must wrap; `record`: the
        alignment with a QA finding."""
        document, (first, _) = self.document, self.alignments
        a, b = self.translations
        return [
            "/",
            f"/documents/{document}",
            f"/documents/{document}/exports",
            f"/documents/{document}/compare?a={a}&b={b}",
            f"/documents/{document}/glossary",
            f"/documents/{document}/flags",
            f"/documents/{document}/read",
            f"/alignments/{record}/qa",
            f"/alignments/{first}/review",
            f"/alignments/{first}/editions",
            f"/editions/{self.edition}",
            f"/editions/{self.edition}/read",
            f"/editions/{self.edition}/read?layout=facing",
            "/queue",
            "/queue?role=reviewer",
            f"/segments/{self.segment}/history",
            f"/revisions/{self.pending}",
            "/search?q=marrëveshjen",
            "/concordance?term=marrëveshjen&lang=sq",
            "/concordance?term=الاتفاقية&lang=ar",
        ]


@dataclass
class A11yApp(LiveApp):
    wide: Wide | None = field(default=None)


def _wide(store: Store) -> Wide:
    """The wide document: see WIDE_TITLE."""
    first = import_pair(store, AGREEMENT_SQ, AGREEMENT_EN, title=WIDE_TITLE)
    document = store.alignment(first)["document_id"]
    services.import_file(
        store,
        "\n\n".join(AGREEMENT_EN_AGAIN).encode(),
        filename="record-again.txt",
        document_id=document,
        language="en",
        role="translation",
        label="English translation, second hand",
    )
    source, a, b = (v["id"] for v in store.versions(document))
    second = aligning.align_versions(store, document, source, b)
    links = store.links(first)
    review.set_status(store, first, [link.id for link in links], user="rita")
    edition = editions.publish(store, first, user="eva")
    for link, severity in zip(links, ("critical", "major", "minor"), strict=False):
        flags.raise_flag(
            store,
            first,
            category="accuracy/mistranslation",
            severity=severity,
            link_id=link.id,
            user="rita",
        )
    term = glossary.TermInput("marrëveshje", "agreement", note="the 1961 agreement")
    glossary.add(store, term, document_id=document, src_lang="sq", tgt_lang="en", user="eva")
    paragraph = store.segments(a)[2]
    approved = revisions.propose(
        store,
        paragraph["id"],
        "The meeting ended late in the evening.",
        base_revision=store.segment(paragraph["id"])["revision"],
        user="ana",
    )
    revisions.approve(store, approved, user="eva")
    pending = revisions.propose(
        store,
        paragraph["id"],
        "The meeting ended at night.",
        base_revision=store.segment(paragraph["id"])["revision"],
        user="ana",
    )
    return Wide(document, (first, second), (a, b), edition, paragraph["id"], pending)


@pytest.fixture(scope="module", name="live")
def live_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A record with a QA finding (a year that differs) and two flags, Arabic minutes aligned
    with English, a document not aligned yet (`hostile` holds its id here), the wide document
    (`wide`) and an Arabic treaty with a long text before its "agreement"."""
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
        wide = _wide(store)
        import_pair(store, TREATY_AR, TREATY_EN, src_lang="ar", tgt_lang="en", title="الاتفاقية")
        for role in ("editor", "reviewer"):
            users.add_user(store, role, role, f"{role}-demo", by="test")
    finally:
        store.close()
    with serving(db_path) as url:
        yield A11yApp(url, db_path, document, [record, minutes], wide)


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


# -- reflow: a window 320 pixels wide (WCAG 1.4.10) ---------------------------------------------

#: What makes a page wider than its window: every element that reaches past its right edge
#: and is not inside a box that scrolls (empty when the page fits).
PAST_THE_EDGE = """() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll("body *"))
        .filter((e) => e.getBoundingClientRect().right > width + 1
            && !e.parentElement.closest(".table-scroll"))
        .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
            + (e.className && typeof e.className === "string" ? "." + e.className : ""));
}"""


@pytest.mark.parametrize("width", [320, 640], ids=["phone", "zoom-200%"])
def test_no_page_scrolls_sideways_in_a_narrow_window(browser, live: A11yApp, width: int) -> None:
    """At 320 CSS pixels (400 % zoom of a 1280-pixel window) and 640 (200 %) no page is wider
    than the window: menus fit, forms wrap, and a wide table scrolls inside its own box."""
    session = log_in(browser, live, width=width)
    page = session.page
    try:
        for path in live.wide.pages(live.alignments[0]):
            page.goto(f"{live.url}{path}")
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= width, (path, wide, page.evaluate(PAST_THE_EDGE))
        assert session.errors == []
    finally:
        page.context.close()


def test_a_wide_table_scrolls_in_a_named_box_the_keyboard_can_reach(browser, live: A11yApp) -> None:
    session = log_in(browser, live, width=320)
    page = session.page
    try:
        page.goto(f"{live.url}/documents/{live.wide.document}")
        versions = page.get_by_role("region", name="Versions")
        assert versions.locator("table.versions").count() == 1
        sizes = versions.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] > sizes[1], "the table is wider than the window: its box scrolls"
        # the box is next in the tab order before the link below it, and the arrows scroll it
        page.locator("a.compare").focus()
        page.keyboard.press("Shift+Tab")
        assert versions.evaluate("e => e === document.activeElement")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('[aria-labelledby=versions]').scrollLeft > 0"
        )
    finally:
        page.context.close()


# -- contrast (WCAG 1.4.3) ----------------------------------------------------------------------

#: The contrast ratio of each element's text with what is behind it, from the computed styles:
#: the colour, faded by the opacity of the element and its ancestors, over the backgrounds of
#: the element and its ancestors down to the first opaque one.
CONTRAST = """(elements) => {
    const rgba = (css) => {
        const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
        return [r, g, b, a];
    };
    const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
    const behind = (e) => {
        const layers = [];
        for (let node = e; node; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour[3] > 0) layers.push(colour);
            if (colour[3] === 1) break;
        }
        const white = [255, 255, 255, 1];
        return layers.reverse().reduce((below, top) => [...over(top, below), 1], white);
    };
    const opacity = (e) => {
        let product = 1;
        for (let node = e; node; node = node.parentElement) {
            product *= Number(getComputedStyle(node).opacity);
        }
        return product;
    };
    const luminance = (rgb) => {
        const [r, g, b] = rgb.map((v) => v / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return elements.map((e) => {
        const background = behind(e);
        const colour = rgba(getComputedStyle(e).color);
        const text = over([colour[0], colour[1], colour[2], colour[3] * opacity(e)], background);
        const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x);
        return {
            text: e.textContent.trim(), classes: e.className,
            ratio: (light + 0.05) / (dark + 0.05), background: luminance(background),
        };
    });
}"""


def contrasts(session: Session, selector: str) -> list[dict]:
    found = session.page.eval_on_selector_all(selector, CONTRAST)
    assert found, selector
    return found


def assert_legible(found: list[dict]) -> None:
    """Text at least 4.5 times as light as its background, or as dark (WCAG AA)."""
    low = [(f["text"], f["classes"], round(f["ratio"], 2)) for f in found if f["ratio"] < 4.5]
    assert low == []


def test_severity_badges_are_legible_and_darker_the_worse_they_are(session: Session) -> None:
    page, live = session.page, session.live
    record, document = live.alignments[0], live.wide.document
    for path in ("/", f"/documents/{document}", f"/documents/{document}/flags"):
        page.goto(f"{live.url}{path}")
        badges = contrasts(session, ".severity")
        assert_legible(badges)
        assert {"critical", "major", "minor"} <= {b["classes"].split("-")[-1] for b in badges}
    page.goto(f"{live.url}/")
    shade = {b["classes"].split("-")[-1]: b["background"] for b in contrasts(session, ".severity")}
    assert shade["critical"] < shade["major"] < shade["minor"]
    page.goto(f"{live.url}/alignments/{record}/qa")
    assert_legible(contrasts(session, ".severity.severity-major"))
    session.open_review(record)
    assert_legible(contrasts(session, ".qa-badge.severity-major"))


def test_the_keys_named_on_buttons_are_legible(session: Session) -> None:
    page = session.page
    session.open_review(session.live.wide.alignments[0])
    assert_legible(contrasts(session, "button:not(:disabled) kbd"))
    page.keyboard.press("e")  # the inline editor: Propose (Ctrl+Enter), Cancel (Esc)
    page.wait_for_selector("form.inline-editor")
    cancel = contrasts(session, "form.inline-editor button.cancel kbd")
    assert [k["text"] for k in cancel] == ["Esc"]
    assert_legible(cancel)
    page.keyboard.press("Escape")


# -- the concordance keeps the words next to the term -------------------------------------------

LAST_WORD_BEFORE = """() => {
    const cell = document.querySelector("table.kwic tbody tr td.left");
    const text = cell.querySelector(".context").firstChild;
    const words = [...text.data.matchAll(/\\S+/g)];
    const box = (from, to) => {
        const range = document.createRange();
        range.setStart(text, from);
        range.setEnd(text, to);
        return range.getBoundingClientRect();
    };
    const [first, last] = [words[0], words.at(-1)];
    return {
        cell: cell.getBoundingClientRect(),
        first: box(first.index, first.index + first[0].length),
        last: box(last.index, last.index + last[0].length),
        word: last[0],
        overflows: cell.scrollWidth > cell.clientWidth,
    };
}"""


@pytest.mark.parametrize(
    ("query", "word"),
    [("term=marrëveshjen&lang=sq", "nënshkruan"), ("term=الاتفاقية&lang=ar", "الطرفان")],
    ids=["left-to-right", "right-to-left"],
)
def test_a_long_context_before_the_term_loses_its_far_end(
    session: Session, query: str, word: str
) -> None:
    """The cell before the term cuts a context too long for it where it starts, far from the
    term: the words next to the term are the ones shown whole."""
    session.page.goto(f"{session.live.url}/concordance?{query}")
    found = session.page.evaluate(LAST_WORD_BEFORE)
    assert found["word"] == word
    assert found["overflows"], "the context is longer than its cell"
    cell, last, first = found["cell"], found["last"], found["first"]
    assert cell["left"] - 1 <= last["left"] and last["right"] <= cell["right"] + 1
    assert first["left"] < cell["left"] or first["right"] > cell["right"], "the far end is cut"


# -- Windows high contrast (forced colours) -----------------------------------------------------


def test_in_forced_colours_states_and_focus_stay_visible(session: Session) -> None:
    """Forced colours drop backgrounds, shadows and most colours: a compared row that differs
    keeps a bar, a finding linked to keeps an outline, the map's labels take the text's colour,
    and the focus outline stays."""
    page, live, wide = session.page, session.live, session.live.wide
    page.emulate_media(forced_colors="active", color_scheme="dark")
    a, b = wide.translations
    page.goto(f"{live.url}/documents/{wide.document}/compare?a={a}&b={b}")
    bars = page.eval_on_selector_all(
        ".compare-row[data-row]",
        """rows => rows.map((row) => {
            const style = getComputedStyle(row);
            return [row.classList.contains("changed"), style.borderLeftStyle,
                    parseFloat(style.borderLeftWidth)];
        })""",
    )
    assert {tuple(bar) for bar in bars} == {(True, "solid", 4), (False, "none", 0)}
    page.goto(f"{live.url}/documents/{wide.document}")
    labels = page.eval_on_selector_all(
        "svg.alignment-map text", "texts => texts.map((t) => getComputedStyle(t).fill)"
    )
    assert labels and set(labels) == {page.evaluate("getComputedStyle(document.body).color")}
    region = page.get_by_role("region", name="Versions")
    page.keyboard.press("Tab")  # the keyboard, so that the focus shows
    region.focus()
    outline = region.evaluate(
        "e => [e.matches(':focus-visible'), getComputedStyle(e).outlineStyle, "
        "parseFloat(getComputedStyle(e).outlineWidth)]"
    )
    assert outline == [True, "solid", 3]
    page.goto(f"{live.url}/alignments/{live.alignments[0]}/qa")
    finding = page.locator("li.finding").first
    page.goto(f"{live.url}/alignments/{live.alignments[0]}/qa#{finding.get_attribute('id')}")
    assert finding.evaluate("e => [e.matches(':target'), getComputedStyle(e).outlineStyle]") == [
        True,
        "solid",
    ]
