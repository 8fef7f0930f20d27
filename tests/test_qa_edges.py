"""QA checks on what a reviewer meets in real files: digits of other scripts, very long
numbers, a heading before a paragraph, and numbers inside glossary terms."""

from __future__ import annotations

import pytest

from workbench.qa import Pair, Term, run


def messages(source: str, target: str, checks: list[str], **kw) -> list[str]:
    found = run([Pair(source, target)], "sq", "en", checks=checks, **kw)
    return [f.message for f in found]


@pytest.mark.parametrize("year", ["１９６１", "١٩٦١", "۱۹۶۱", "१९६१"])
def test_digits_of_other_scripts_are_the_same_number(year: str) -> None:
    assert messages(f"Në vitin {year} ai shkoi.", "In 1961 he went.", ["numbers"]) == []
    [changed] = messages(f"Në vitin {year} ai shkoi.", "In 1962 he went.", ["numbers"])
    assert "1961" in changed and "1962" in changed


def test_a_number_of_thousands_of_digits_is_checked_not_a_crash() -> None:
    digits = "9" * 4400
    assert messages(f"Tabela: {digits}", f"Table: {digits}", ["numbers"]) == []
    assert messages(f"Tabela: {digits}", f"Table: {digits[:-1]}", ["numbers"])


@pytest.mark.parametrize(
    ("target", "repeated"),
    [
        ("Chapter One\n\nOne day he came.", False),  # a heading, then its paragraph
        ("He came home\n\nHome was warm.", False),
        ("He came came home.", True),
        ("He came\ncame home.", True),  # a line break inside a paragraph is no excuse
    ],
)
def test_a_repeated_word_is_never_found_across_a_paragraph_break(
    target: str, repeated: bool
) -> None:
    found = messages("Ai erdhi në shtëpi.", target, ["repeated-word"])
    assert bool(found) == repeated, found


@pytest.mark.parametrize(
    ("term", "target", "used"),
    [
        (Term("Neni 5", "Article 5"), "Under Article 7.", False),
        (Term("Neni 5", "Article 5"), "Under Article 5.", True),
        (Term("COVID-19", "COVID-19"), "The COVID-20 pandemic.", False),
        (Term("COVID-19", "COVID-19"), "The COVID-19 pandemic.", True),
    ],
)
def test_a_number_in_a_glossary_term_is_that_number(term: Term, target: str, used: bool) -> None:
    source = "Sipas Nenit 5." if term.source.startswith("Neni") else "Pandemia COVID-19."
    found = [m for m in messages(source, target, ["glossary"], glossary=[term])]
    assert (found == []) == used, found


def test_a_fraction_is_shown_with_its_zero() -> None:
    [message] = messages("Peshon 0,5 kg.", "It weighs 0.6 kg.", ["numbers"])
    assert message == "number without counterpart: 0.5 in the source; 0.6 in the target"
