"""The review page's letter keys on the keyboards translators really use, in a real Chromium;
and a span flag on words a paragraph holds more than once.

A Russian or Greek translator's layout types its own letters: the M key gives `ь` or `μ`, not
`m`. The letters then follow the physical key (`event.code` "KeyM" is m, with Shift M), where
they are on an English keyboard. Caps Lock does not turn a lowercase command into its
uppercase one (m, merge with the next link, is not M, merge with the previous): with Caps Lock
on, Shift says which. Keys typed in a field or a dialog stay there, and punctuation of a Latin
layout that sits on a letter key (AZERTY's comma on the M key) is not taken for that letter;
on a layout of another script it is (Hebrew's / on the Q key is q, Greek's ; too), as the
Keyboard API's layout map, or else an earlier key press, tells which kind of layout is on.

Playwright's keyboard cannot switch layouts or turn Caps Lock on, so the key events are
dispatched as such a keyboard sends them (key, code, Shift, Caps Lock), and the layout map
(navigator.keyboard.getLayoutMap) is replaced before the page's scripts run.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import (  # noqa: F401 (fixtures)
    Session,
    browser_fixture,
    live_fixture,
    session_fixture,
)
from tests.conftest import import_pair
from workbench.store import Store

pytestmark = pytest.mark.browser

SOURCE = ["Një.", "Dy.", "Tre.", "Katër.", "Pesë."]
TARGET = ["One.", "Two.", "Three.", "Four.", "Five."]
#: Article 1 in Albanian and Arabic: "الناس" (the people) twice in the Arabic paragraph.
PEOPLE = "الناس"
PEOPLE_TARGET = "يولد جميع الناس أحرارًا متساوين، وعلى الناس أن يعامل بعضهم بعضًا بروح الإخاء."

#: Press a key as a keyboard of some layout sends it, on the focused element: whether the page
#: took it (prevented its default) is the answer.
PRESS = """init => {
    init = {...init, bubbles: true, cancelable: true, composed: true};
    const target = document.activeElement;
    const taken = !target.dispatchEvent(new KeyboardEvent("keydown", init));
    target.dispatchEvent(new KeyboardEvent("keyup", init));
    return taken;
}"""


def press(
    session: Session,
    key: str,
    code: str,
    *,
    shift: bool = False,
    caps: bool = False,
    alt_graph: bool = False,
) -> bool:
    init = {"key": key, "code": code, "shiftKey": shift, "modifierCapsLock": caps}
    return session.page.evaluate(PRESS, init | {"modifierAltGraph": alt_graph})


def fresh(session: Session, source: list[str], target: list[str], **languages) -> int:
    """A new alignment (one link per paragraph) opened on the review page; its id."""
    store = Store(session.live.db_path)
    try:
        alignment = import_pair(store, source, target, **languages)
    finally:
        store.close()
    session.open_review(alignment)
    return alignment


def current(session: Session) -> dict:
    return session.page.evaluate(
        """() => {
            const row = document.querySelector("li.link-row.is-current");
            const d = row.dataset;
            return {index: Number(d.index), focused: document.activeElement === row,
                    src: [Number(d.srcStart), Number(d.srcEnd)],
                    tgt: [Number(d.tgtStart), Number(d.tgtEnd)]};
        }"""
    )


def said(session: Session, words: str) -> str:
    """Wait until the status line holds `words`; return it."""
    session.page.wait_for_function(
        "words => document.getElementById('status').textContent.includes(words)", arg=words
    )
    return session.page.locator("#status").text_content()


def settled(session: Session) -> None:
    """Wait until no edit is being saved (the rows are fetched again after each one)."""
    session.page.wait_for_function("() => !document.querySelector('li.link-row.is-busy')")
    session.page.wait_for_selector("li.link-row.is-current")


def events(session: Session) -> int:
    store = Store(session.live.db_path)
    try:
        return store.db.execute("select count(*) from events").fetchone()[0]
    finally:
        store.close()


def test_on_a_russian_layout_the_letters_are_the_physical_keys(session: Session) -> None:
    fresh(session, SOURCE, TARGET)
    assert current(session) == {"index": 0, "focused": True, "src": [0, 1], "tgt": [0, 1]}
    # о is on the J key: the next link
    assert press(session, "о", "KeyJ")
    assert current(session)["index"] == 1
    # ь is on the M key: merge with the next link
    assert press(session, "ь", "KeyM")
    said(session, "Merged with the next link.")
    settled(session)
    assert current(session) == {"index": 1, "focused": True, "src": [1, 3], "tgt": [1, 3]}
    # я (Z): undo it
    assert press(session, "я", "KeyZ")
    said(session, "Undone: merge")
    settled(session)
    assert current(session)["src"] == [1, 2]
    # Shift makes the capital: Ь (Shift+M) merges with the previous link
    assert press(session, "Ь", "KeyM", shift=True)
    said(session, "Merged with the previous link.")
    settled(session)
    assert current(session) == {"index": 0, "focused": True, "src": [0, 2], "tgt": [0, 2]}


def test_on_a_greek_layout_too_and_shift_gives_the_capital(session: Session) -> None:
    fresh(session, SOURCE, TARGET)
    assert press(session, "ξ", "KeyJ") and press(session, "ξ", "KeyJ")
    assert current(session)["index"] == 2
    # κ (K) goes back; U (Shift+θ) moves the first source paragraph up, not the target's
    assert press(session, "κ", "KeyK")
    assert current(session)["index"] == 1
    assert press(session, "Θ", "KeyU", shift=True)
    said(session, "Moved a source paragraph up.")
    settled(session)
    rows = session.page.locator("li.link-row")
    assert rows.nth(0).get_attribute("data-src-end") == "2"
    assert rows.nth(0).get_attribute("data-tgt-end") == "1"


def test_caps_lock_does_not_turn_a_command_into_its_capital(session: Session) -> None:
    fresh(session, SOURCE, TARGET)
    session.page.keyboard.press("j")
    session.page.keyboard.press("j")
    assert current(session)["index"] == 2
    # Caps Lock on, no Shift: the M key gives "M", and it is m (merge with the NEXT link)
    assert press(session, "M", "KeyM", caps=True)
    said(session, "Merged with the next link.")
    settled(session)
    assert current(session) == {"index": 2, "focused": True, "src": [2, 4], "tgt": [2, 4]}
    # Caps Lock on, U: the first target paragraph moves up (u), the source stays
    assert press(session, "U", "KeyU", caps=True)
    said(session, "Moved a target paragraph up.")
    settled(session)
    row = current(session)
    assert (row["src"], row["tgt"]) == ([2, 4], [3, 4])
    # Caps Lock and Shift: the capital (on most systems the key then reads "u")
    assert press(session, "u", "KeyU", shift=True, caps=True)
    said(session, "Moved a source paragraph up.")
    settled(session)
    row = current(session)
    assert (row["src"], row["tgt"]) == ([3, 4], [3, 4])
    # a Russian layout with Caps Lock: Ь without Shift is m
    assert press(session, "Ь", "KeyM", caps=True)
    said(session, "Merged with the next link.")
    settled(session)
    assert current(session)["src"] == [3, 5]


def test_the_letters_stay_as_documented_on_an_english_keyboard(session: Session) -> None:
    """Without Caps Lock a capital is what it says, whether Shift is reported or not (an
    on-screen keyboard, speech input, or Playwright's own press)."""
    fresh(session, SOURCE, TARGET)
    page = session.page
    page.keyboard.press("j")
    page.keyboard.press("M")
    said(session, "Merged with the previous link.")
    settled(session)
    assert current(session)["src"] == [0, 2]
    page.keyboard.press("z")
    said(session, "Undone: merge")
    settled(session)
    assert current(session)["index"] == 0  # undo goes to where the merge was
    page.keyboard.press("j")
    assert press(session, "M", "KeyM", shift=True)
    said(session, "Merged with the previous link.")
    settled(session)
    assert press(session, "m", "KeyM")
    said(session, "Merged with the next link.")
    settled(session)
    assert current(session)["src"] == [0, 3]
    assert press(session, "?", "Slash", shift=True)
    page.locator("#help-dialog").wait_for(state="visible")
    assert "Caps Lock" in page.locator("#keys-layouts").text_content()


def test_layout_letters_are_not_taken_while_typing_or_from_punctuation(session: Session) -> None:
    fresh(session, SOURCE, TARGET)
    page = session.page
    edits = events(session)
    # AZERTY: the M key types a comma (and ? with Shift, which is help)
    assert not press(session, ",", "KeyM")
    # a letter of another script on a key that is no command's (Arabic's لا on the B key)
    assert not press(session, "لا", "KeyB")
    # what AltGr types on a letter key (µ on AltGr+M) is no letter command either
    assert not press(session, "µ", "KeyM", alt_graph=True)
    # in the flag dialog's quote field, ь is typed, not a merge
    page.keyboard.press("f")
    page.locator("#flag-dialog").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "flag-quote"
    assert not press(session, "ь", "KeyM")
    assert not press(session, "Ь", "KeyM", shift=True, caps=True)
    assert page.locator("#flag-dialog").is_visible()
    page.keyboard.press("Escape")
    page.locator("#flag-dialog").wait_for(state="hidden")
    page.wait_for_timeout(300)  # an edit, had one been posted, would have been answered
    assert events(session) == edits
    assert current(session)["src"] == [0, 1]
    # with the letters turned off, a Russian letter is a letter too: nothing, and said so
    page.click("#toolbar button[data-action=help]")
    page.locator("#shortcuts-on").uncheck()
    page.keyboard.press("Escape")
    page.locator("li.link-row.is-current").focus()
    assert not press(session, "ь", "KeyM")
    said(session, "Keyboard shortcuts are off: turn them on")
    assert events(session) == edits
    page.click("#toolbar button[data-action=help]")
    page.locator("#shortcuts-on").check()
    page.keyboard.press("Escape")


def test_a_quote_that_occurs_twice_is_flagged_where_the_reviewer_says(session: Session) -> None:
    """A typed quote the paragraph holds twice: the dialog says so and asks which (1, the
    first, unless changed); the flag marks the one chosen."""
    fresh(
        session,
        ["Të gjithë njerëzit lindin të lirë dhe të barabartë."],
        [PEOPLE_TARGET],
        tgt_lang="ar",
    )
    page = session.page
    dialog = page.locator("#flag-dialog")
    occurrence = dialog.locator("#flag-occurrence")
    page.keyboard.press("f")
    dialog.wait_for(state="visible")
    assert occurrence.is_hidden() and occurrence.is_disabled()
    page.keyboard.type("جميع")  # once: nothing to choose
    assert occurrence.is_hidden()
    assert dialog.locator("#flag-occurrences").text_content() == ""
    page.locator("#flag-quote").fill("")
    page.keyboard.type(PEOPLE)
    occurrence.wait_for(state="visible")
    hint = dialog.locator("#flag-occurrences")
    assert hint.get_attribute("role") == "status"
    assert hint.text_content().startswith(f"“{PEOPLE}” occurs 2 times in the target text")
    assert "flag-occurrences" in page.locator("#flag-quote").get_attribute("aria-describedby")
    assert occurrence.input_value() == "1" and occurrence.get_attribute("max") == "2"
    # the keyboard reaches it: Tab past the side, then the number
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "flag-occurrence"
    page.keyboard.press("ArrowUp")
    assert occurrence.input_value() == "2"
    page.keyboard.press("Control+Enter")
    message = said(session, "Flag raised")
    assert message == (
        f"Flag raised: accuracy/mistranslation, minor, on “{PEOPLE}” "
        "(target paragraph 1, occurrence 2 of 2)."
    )
    mark = page.locator("li.link-row.is-current p.text[data-side=target] mark.flagged")
    assert mark.text_content() == PEOPLE
    before = mark.evaluate("m => m.previousSibling.textContent")
    assert before == PEOPLE_TARGET[: PEOPLE_TARGET.rindex(PEOPLE)] and before.count(PEOPLE) == 1
    # the selection path is unchanged: selected words are flagged where they were selected
    page.locator("li.link-row.is-current").focus()
    page.keyboard.press("f")
    dialog.wait_for(state="visible")
    assert occurrence.is_hidden()
    page.keyboard.press("Escape")


# -- punctuation on the letter keys of another script's layout --------------------------------

LETTER_KEYS = [f"Key{c}" for c in "QWERTYUIOPASDFGHJKLZXCVBNM"]
#: What the letter keys type (navigator.keyboard.getLayoutMap()) on three layouts.
HEBREW = dict(zip(LETTER_KEYS, "/'קראטוןםפשדגכעיחלךזסבהנמצ", strict=True))
GREEK = dict(zip(LETTER_KEYS, ";ςερτυθιοπασδφγηξκλζχψωβνμ", strict=True))
AZERTY = dict(zip(LETTER_KEYS, "azertyuiopqsdfghjklwxcvbn,", strict=True)) | {"Semicolon": "m"}

#: Before the page's scripts: the Keyboard API answers with `layout`, or is missing (null).
LAYOUT = """(layout => {
    const value = layout && {getLayoutMap: async () => new Map(Object.entries(layout))};
    Object.defineProperty(navigator, "keyboard", {configurable: true, value});
})(%s)"""

#: Rows 3 and 5 have a number that differs: QA findings there.
FOUND_SOURCE = ["Një.", "Dy.", "Tre më 1961.", "Katër.", "Pesë më 1970."]
FOUND_TARGET = ["One.", "Two.", "Three in 1962.", "Four.", "Five in 1971."]


def on_layout(session: Session, layout: dict[str, str] | None) -> None:
    """The review page of a new alignment with findings, on a keyboard of `layout`."""
    session.page.add_init_script(LAYOUT % json.dumps(layout))
    fresh(session, FOUND_SOURCE, FOUND_TARGET)
    # the page asked the (simulated) API when it loaded; let the answer arrive
    session.page.evaluate("() => navigator.keyboard?.getLayoutMap()")


def reasons_answered(session: Session) -> None:
    """w did its thing: the current row's reasons opened, or the status says it has none."""
    session.page.wait_for_function(
        """() => document.querySelector("li.link-row.is-current details.reasons[open]")
            || document.getElementById("status").textContent.includes("gave no reasons")"""
    )


def test_on_a_hebrew_layout_q_and_w_are_the_keys_that_type_punctuation(session: Session) -> None:
    on_layout(session, HEBREW)
    # the Q key types "/": q, the next finding
    assert press(session, "/", "KeyQ")
    said(session, "QA findings: link 3.")
    assert current(session)["index"] == 2
    # the W key types "'": w, the reasons of the link
    assert press(session, "'", "KeyW")
    reasons_answered(session)


def test_on_a_greek_layout_q_is_the_key_that_types_a_semicolon(session: Session) -> None:
    on_layout(session, GREEK)
    assert press(session, ";", "KeyQ")
    said(session, "QA findings: link 3.")
    assert current(session)["index"] == 2


def test_without_the_layout_api_an_earlier_letter_tells_the_layout(session: Session) -> None:
    on_layout(session, None)
    assert session.page.evaluate("() => navigator.keyboard") is None
    # nothing said yet which layout is on: "/" and ";" are themselves
    assert not press(session, "/", "KeyQ")
    assert not press(session, ";", "KeyQ")
    assert current(session)["index"] == 0
    # a Hebrew letter (נ on the B key, no command) says it: now / on Q is q
    assert not press(session, "נ", "KeyB")
    assert press(session, "/", "KeyQ")
    said(session, "QA findings: link 3.")
    assert current(session)["index"] == 2
    # a Greek letter, then ; on Q: q again, the next finding
    assert press(session, "ξ", "KeyJ")
    assert press(session, ";", "KeyQ")
    said(session, "QA findings: link 5.")
    assert current(session)["index"] == 4
    # switched to AZERTY (an a on the Q key): its comma on the M key is no m again
    edits = events(session)
    assert not press(session, "a", "KeyQ")
    assert not press(session, ",", "KeyM")
    assert not press(session, "/", "KeyQ")
    session.page.wait_for_timeout(300)  # a merge, had one been posted, would have been answered
    assert events(session) == edits and current(session)["src"] == [4, 5]


def test_on_azerty_the_comma_of_the_m_key_is_still_no_m(session: Session) -> None:
    on_layout(session, AZERTY)
    edits = events(session)
    assert not press(session, ",", "KeyM")
    assert press(session, "?", "KeyM", shift=True)  # ? with Shift: the keys' help
    session.page.locator("#help-dialog").wait_for(state="visible")
    session.page.keyboard.press("Escape")
    session.page.locator("li.link-row.is-current").focus()
    # even after a Greek letter was typed, an AZERTY letter since says the layout is Latin
    assert press(session, "ξ", "KeyJ")
    assert not press(session, "a", "KeyQ")
    assert not press(session, ",", "KeyM")
    session.page.wait_for_timeout(300)
    assert events(session) == edits and current(session)["src"] == [1, 2]
