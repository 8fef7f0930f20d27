"""Search folding agrees with the index: diacritics off Latin letters only, ё read as е,
Hebrew and Arabic vowel marks dropped, Arabic letters written one for another read as one."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from workbench.store import Store
from workbench.textfold import EQUIVALENT, fold, index_form, unmarked


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
        ("كَتَبَ", "كتب"),  # fatha
        ("الدَّرْسَ", "الدرس"),  # shadda, sukun
        ("كتابٌ", "كتاب"),  # tanwin
        ("ٱللَّٰهِ", "الله"),  # alef wasla, superscript alef
        ("كتـــاب", "كتاب"),  # tatweel
        ("أإآا", "اااا"),
        ("على", "علي"),
        ("مدرسة", "مدرسه"),
        ("בְּרֵאשִׁ֖ית", "בראשית"),  # niqqud, dagesh, shin dot, a cantillation mark
        ("שָׁלוֹם", "שלום"),
        ("ך", "ך"),  # final forms are spelling, not marks
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_every_letter_folds_as_the_index_tokenizer_does() -> None:
    """Letters with marks from Latin, Cyrillic, Greek and Devanagari, each indexed alone."""
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table f using fts5(x, tokenize='unicode61 remove_diacritics 2')")
    db.execute("create virtual table v using fts5vocab(f, 'instance')")
    letters = [chr(c) for c in range(0xC0, 0x980) if chr(c).isalpha() and chr(c) not in EQUIVALENT]
    db.executemany("insert into f(rowid, x) values (?, ?)", list(enumerate(letters)))
    indexed = dict(db.execute("select doc, term from v"))
    assert len(letters) > 1000
    assert [fold(ch) for ch in letters] == [indexed[k] for k in range(len(letters))]


def _indexed_by_a_database(words: list[str]) -> list[str]:
    """Each word as the index of a freshly migrated database holds it (one term each)."""
    store = Store(memory=True)
    document = store.add_document("probe", {})
    version = store.add_version(document, language="ar", role="source", label="probe")
    store.db.conn.executemany(
        "insert into segments (id, version_id, level, position, kind, text)"
        " values (?, ?, 'paragraph', ?, 'paragraph', ?)",
        [(n + 1, version, n, word) for n, word in enumerate(words)],
    )
    store.db.execute("create virtual table probe_terms using fts5vocab(segments_fts, 'instance')")
    terms = dict(
        store.db.execute("select doc, term from probe_terms where col = 'text'").fetchall()
    )
    store.close()
    return [terms.get(n + 1, "") for n in range(len(words))]


def test_hebrew_and_arabic_fold_as_the_database_index_does() -> None:
    """Every letter and mark of the Hebrew and Arabic blocks, and every character read as
    another, inside a word: the index (built by the migrations) and `fold` agree."""
    chars = {
        chr(c)
        for c in range(0x0590, 0x0700)
        if chr(c).isalpha() or unicodedata.category(chr(c)) == "Mn"
    }
    words = sorted(f"ب{ch}ب" for ch in chars | set(EQUIVALENT))
    assert len(words) > 200
    assert [fold(w) for w in words] == _indexed_by_a_database(words)


def test_index_form_is_what_the_view_feeding_the_index_makes_of_a_text() -> None:
    store = Store(memory=True)
    document = store.add_document("probe", {})
    version = store.add_version(document, language="he", role="source", label="probe")
    text = "Ёлка, كَتَبَ إِلَى مَدْرَسَةٍ; בְּרֵאשִׁ֖ית; Përgjithshme"
    store.db.execute(
        "insert into segments (version_id, level, position, kind, text)"
        " values (?, 'paragraph', 0, 'paragraph', ?)",
        [version, text],
    )
    fed = store.db.execute("select text from segments_search").fetchone()[0]
    store.close()
    assert index_form(fed) == fed
    assert index_form(text).lower() == fed.lower()


def test_unmarked_drops_only_the_vowel_marks() -> None:
    assert unmarked("الدَّرْسَ إِلَى مَدْرَسَةٍ") == "الدرس إلى مدرسة"
    assert unmarked("בְּרֵאשִׁ֖ית") == "בראשית"
    assert unmarked("Përgjithshme ёлка") == "Përgjithshme ёлка"
