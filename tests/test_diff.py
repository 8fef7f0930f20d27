"""Word-level diffs: what an editor reads when approving a revision."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.diff import LONG_TEXTS, Change, changed_words, similarity, tokenize, word_diff


def kinds(changes: list[Change]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.old, c.new) for c in changes]


def test_identical_texts_are_one_equal_stretch() -> None:
    assert kinds(word_diff("All human beings", "All human beings")) == [
        ("equal", "All human beings", "All human beings")
    ]


def test_a_replaced_word_carries_character_detail() -> None:
    changes = word_diff("Comrade Hrushovi said", "Comrade Khrushchev said")
    assert kinds(changes) == [
        ("equal", "Comrade ", "Comrade "),
        ("replace", "Hrushovi", "Khrushchev"),
        ("equal", " said", " said"),
    ]
    assert "".join(c.new for c in changes[1].chars) == "Khrushchev"
    assert any(c.kind == "equal" and "rush" in c.old for c in changes[1].chars)


def test_insertions_and_deletions_are_words() -> None:
    assert kinds(word_diff("born free and equal", "born free and fully equal")) == [
        ("equal", "born free and ", "born free and "),
        ("insert", "", "fully "),
        ("equal", "equal", "equal"),
    ]
    assert kinds(word_diff("80 thousand tons short", "80 tons short"))[1] == (
        "delete",
        "thousand ",
        "",
    )


def test_neighbouring_word_changes_read_as_one_change() -> None:
    changes = word_diff("the red old cat", "the big young cat")
    assert kinds(changes)[1] == ("replace", "red old", "big young")


def test_punctuation_is_its_own_token() -> None:
    assert tokenize("Well, “yes”.") == ["Well", ",", " ", "“", "yes", "”", "."]
    assert kinds(word_diff("yes.", "yes?"))[1] == ("replace", ".", "?")


def test_similarity_and_counts() -> None:
    assert similarity("abc", "abc") == 1.0
    assert similarity("", "") == 1.0
    assert 0 < similarity("Article 1", "Article 2") < 1
    assert changed_words(word_diff("a b c", "a x c")) == 1


@given(st.text(), st.text())
def test_the_diff_rebuilds_both_texts(old: str, new: str) -> None:
    changes = word_diff(old, new)
    assert "".join(c.old for c in changes) == old
    assert "".join(c.new for c in changes) == new


def test_a_changed_number_is_replaced_whole_not_digit_by_digit() -> None:
    # digit-level pieces of a number fall apart in right-to-left text (ל-1,2[5→6]0,000$)
    changes = word_diff("שולמו ל-1,250,000$ בסך הכול", "שולמו ל-1,260,000$ בסך הכול")
    [changed] = [c for c in changes if c.kind == "replace"]
    assert (changed.old, changed.new, changed.chars) == ("1,250,000", "1,260,000", ())


def test_long_texts_are_as_similar_as_their_word_diff_leaves_them() -> None:
    """The characters' ratio costs the product of the lengths (a compare row of two unlike
    800,000-character paragraphs took half a minute): past LONG_TEXTS the similarity is the
    share of characters the word diff leaves equal, the diff the row shows anyway."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    a = " ".join(words[(k * 7) % 6] for k in range(LONG_TEXTS // 8))
    middle = len(a) // 2
    b = a[:middle] + " A sentence put in here. " + a[middle:]
    assert len(a) + len(b) > LONG_TEXTS
    changes = word_diff(a, b)
    changed = sum(len(c.old) + len(c.new) for c in changes if c.kind != "equal")
    assert similarity(a, b, changes) == similarity(a, b) == 1 - changed / (len(a) + len(b))
    assert 0.99 < similarity(a, b) < 1
    assert similarity(a, a) == 1.0
    assert similarity(a, "x" * len(a)) == 0.0


def test_texts_too_long_to_diff_word_by_word_are_diffed_sentence_by_sentence(
    monkeypatch,
) -> None:
    """A word-level Levenshtein costs the product of the two texts' words (two unlike
    paragraphs of 760,000 characters took 8 s): past MAX_CELLS the sentences two long texts
    share are found first, and only the changed sentences are diffed word by word."""
    from workbench import diff

    sentences = [f"Sentence number {k} tells of the {k % 7}th camp." for k in range(40)]
    old_text = " ".join(sentences)
    changed = list(sentences)
    changed[5] = "Sentence number 5 tells of the fifth camp."
    changed[30:32] = ["Two sentences became one here."]
    new_text = " ".join(changed)
    full = word_diff(old_text, new_text)
    monkeypatch.setattr(diff, "MAX_CELLS", 1_000)  # these texts are "too long" now
    by_sentence = word_diff(old_text, new_text)
    assert "".join(c.old for c in by_sentence) == old_text
    assert "".join(c.new for c in by_sentence) == new_text
    assert [(c.kind, c.old, c.new) for c in by_sentence if c.kind != "equal"] == [
        ("replace", "5th", "fifth"),
        (
            "replace",
            "Sentence number 30 tells of the 2th camp. Sentence number 31 tells of the 3th camp",
            "Two sentences became one here",
        ),
    ]
    # the same changes a word-level diff of the whole finds, where that diff can be afforded
    assert [c.kind for c in full if c.kind != "equal"] == ["replace", "replace"]


def test_a_changed_run_of_sentences_still_too_long_is_replaced_whole(monkeypatch) -> None:
    from workbench import diff

    monkeypatch.setattr(diff, "MAX_CELLS", 100)
    old_text = "Common start. " + " ".join(f"old{k}" for k in range(50)) + ". Common end."
    new_text = "Common start. " + " ".join(f"new{k}" for k in range(50)) + ". Common end."
    changes = word_diff(old_text, new_text)
    assert [(c.kind, c.old[:6], c.new[:6]) for c in changes] == [
        ("equal", "Common", "Common"),
        ("replace", "old0 o", "new0 n"),
        ("equal", ". Comm", ". Comm"),
    ]
