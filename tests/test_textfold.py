"""Search folding agrees with the index: diacritics off Latin letters only, ё read as е."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.textfold import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Përgjithshme", "pergjithshme"),
        ("Kangchendzönga", "kangchendzonga"),
        ("Çështje", "ceshtje"),
        ("мой", "мой"),  # й is a letter of its own, not и with a mark
        ("Ёлка", "елка"),
        ("Straße", "straße"),
        ("ДЕКЛАРАЦИЯ", "декларация"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_every_letter_folds_as_the_index_tokenizer_does() -> None:
    """Letters with marks from Latin, Cyrillic, Greek and Devanagari, each indexed alone."""
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table f using fts5(x, tokenize='unicode61 remove_diacritics 2')")
    db.execute("create virtual table v using fts5vocab(f, 'instance')")
    letters = [chr(c) for c in range(0xC0, 0x980) if chr(c).isalpha() and chr(c) not in "ёЁ"]
    db.executemany("insert into f(rowid, x) values (?, ?)", list(enumerate(letters)))
    indexed = dict(db.execute("select doc, term from v"))
    assert len(letters) > 1000
    assert [fold(ch) for ch in letters] == [indexed[k] for k in range(len(letters))]
