"""Words capitalised for reverence (Божий, Ангел, Мой) are not names the translator dropped.

The Russian Synodal Bible capitalises them everywhere, so on its own text they look like
names. They are reported only when the document seems to show the translator carrying them
over, and what it seemed to show was chance: a word of the other side spelled loosely alike,
that is no name (a sentence's first word, "Mos", that the text also writes in lower case), or
that turns up just as often beside them in pairs that are not each other's translation (a
long chapter always has some name spelled loosely like "Мой"). Real names keep being checked.
"""

from __future__ import annotations

from workbench.qa import Pair, run

LORD_SPOKE = [Pair(f"Pastaj Perëndia foli {i}.", f"И сказал Бог {i}.") for i in range(6)]
JACOB_WENT = [
    Pair(f"Pastaj Jakobi shkoi në fushë {i}.", f"И пошёл Иаков в поле {i}.") for i in range(4)
]
JACOB_LOST = Pair("Pastaj Jakobi u kthye në shtëpi.", "И вернулся он домой.")


def names_found(pairs: list[Pair]) -> dict[int, str]:
    """Every names finding, weak ones too: pair -> message."""
    found = run(pairs, "sq", "ru", checks=["names"], min_confidence=0)
    return {f.pair: f.message for f in found}


def test_a_first_word_written_in_lower_case_elsewhere_is_no_counterpart() -> None:
    # "Mos" (do not) opens a sentence and is spelled loosely like "Божий"; the text also
    # writes "mos", so it is no name that could stand for one in another spelling
    pairs = [
        *LORD_SPOKE,
        Pair(
            "Mos u frikëso, sepse engjëlli i Perëndisë është me ty.",
            "Не бойся, ибо Ангел Божий с тобою.",
        ),
        Pair("Pastaj Fryma e Perëndisë fluturonte mbi ujërat.", "И Дух Божий носился над водою."),
        Pair("Ai u tha atyre: mos kini frikë.", "Он сказал им: не бойтесь."),
        *JACOB_WENT,
        JACOB_LOST,
    ]
    found = names_found(pairs)
    assert not any("Божий" in message for message in found.values())
    assert "Jakobi" in found[len(pairs) - 1]


def test_a_word_found_as_often_in_other_pairs_is_not_carried_over() -> None:
    # chapter-long pairs: "Мой" (Son of Mine) finds "Moisiu" (Moses) in the chapters that
    # name Moses, but chapters without "Мой" that name Moses show it just as often: a
    # coincidence of spelling, not a name carried over
    def chapter(i: int, son: bool, moses: bool) -> Pair:
        source = ["Dhe ai tha: ky është Biri im, dëgjojeni." if son else "Dhe ai u ngrit."]
        target = ["И сказал: вот Сын Мой, слушайте." if son else "И встал он."]
        if moses:
            source.append("Pastaj Moisiu ju dha ligjin.")
            target.append("И Моисей дал вам закон.")
        source.append(f"Pastaj ata shkuan {i}.")
        target.append(f"И пошли они {i}.")
        return Pair(" ".join(source), " ".join(target), i)

    chapters = [chapter(i, son=i < 6, moses=i not in (3, 4, 5)) for i in range(12)]
    assert not any("Мой" in message for message in names_found(chapters).values())


def test_a_name_carried_over_in_most_pairs_is_still_checked() -> None:
    # short pairs: a name finds its counterpart in its own pair, hardly ever in another
    pairs = [*LORD_SPOKE, *JACOB_WENT, JACOB_LOST]
    assert list(names_found(pairs)) == [len(pairs) - 1]
