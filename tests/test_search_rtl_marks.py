"""Hebrew and Arabic are found with or without their vowel marks, both ways.

A vocalised text (Arabic harakat, Hebrew niqqud and cantillation) and its plain spelling are
the same words to a searcher: a query with or without marks finds both, in search (words and
FTS5 syntax), the concordance and the review page's text filter, and the highlight covers the
whole word as written, its marks included. The Arabic letters searchers write one for another
(hamza on alef, alef maksura, teh marbuta) and tatweel are read as one too.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, import_pair, login
from workbench import concordance, kwic, review, search
from workbench.store import Store
from workbench.store.review import LinkFilter
from workbench.web import create_app


def nfc(text: str) -> str:
    """As the import stores it (marks in canonical order)."""
    return unicodedata.normalize("NFC", text)


AR_VOCALISED = [
    nfc("كَتَبَ الوَلَدُ الدَّرْسَ فِي المَدْرَسَةِ."),
    nfc("ذَهَبَ أَحْمَدُ إِلَى السُّوقِ."),
]
AR_PLAIN = ["كتب الولد الدرس في المدرسة.", "ذهب أحمد إلى السوق."]
AR_ENGLISH = ["The boy wrote the lesson at school.", "Ahmed went to the market."]
HE_POINTED = [
    nfc("בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁמַ֖יִם וְאֵ֥ת הָאָֽרֶץ׃"),
    nfc("וְהָאָ֗רֶץ הָיְתָ֥ה תֹ֙הוּ֙ וָבֹ֔הוּ׃"),
]
HE_PLAIN = ["בראשית ברא אלהים את השמים ואת הארץ.", "והארץ היתה תהו ובהו."]
HE_ENGLISH = [
    "In the beginning God created the heaven and the earth.",
    "And the earth was without form, and void.",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four documents, each aligned with an English translation: Arabic vocalised and plain,
    Hebrew pointed (with cantillation) and plain."""
    path = tmp_path_factory.mktemp("rtl") / "template.db"
    store = Store(path)
    for title, source, target, language in (
        ("ar vocalised", AR_VOCALISED, AR_ENGLISH, "ar"),
        ("ar plain", AR_PLAIN, AR_ENGLISH, "ar"),
        ("he pointed", HE_POINTED, HE_ENGLISH, "he"),
        ("he plain", HE_PLAIN, HE_ENGLISH, "he"),
    ):
        import_pair(store, source, target, src_lang=language, title=title)
    store.close()
    return path


@pytest.fixture
def rtl(template: Path, db_path: Path) -> Path:
    shutil.copy(template, db_path)
    return db_path


@pytest.fixture
def rstore(rtl: Path):
    store = Store(rtl)
    yield store
    store.close()


def highlighted(store: Store, **args: str) -> set[str]:
    """The highlighted words of every hit, cut from the hit's text as stored."""
    result = search.search(store, search.parse_query(args))
    return {hit["text"][a:b] for hit in result.items for a, b in hit["highlights"]}


def alignment_of(store: Store, title: str) -> int:
    sql = "select a.id from alignments a join documents d on d.id = a.document_id where title = ?"
    return store.db.execute(sql, [title]).fetchone()[0]


# -- search ---------------------------------------------------------------------------------

LESSON = {nfc("الدَّرْسَ"), "الدرس"}
WROTE = {nfc("كَتَبَ"), "كتب"}
BEGINNING = {nfc("בְּרֵאשִׁ֖ית"), "בראשית"}
GOD = {nfc("אֱלֹהִ֑ים"), "אלהים"}
FORMLESS = {nfc("תֹ֙הוּ֙"), "תהו"}


@pytest.mark.parametrize("syntax", ["words", "fts"])
@pytest.mark.parametrize(
    ("query", "found"),
    [
        pytest.param("الدرس", LESSON, id="arabic-plain"),
        pytest.param(nfc("الدَّرْسَ"), LESSON, id="arabic-shadda-sukun"),
        pytest.param("كتب", WROTE, id="arabic-plain-short"),
        pytest.param(nfc("كَتَبَ"), WROTE, id="arabic-fatha"),
        pytest.param("בראשית", BEGINNING, id="hebrew-plain"),
        pytest.param(nfc("בְּרֵאשִׁ֖ית"), BEGINNING, id="hebrew-niqqud-cantillation"),
        pytest.param(nfc("אֱלֹהִים"), GOD, id="hebrew-niqqud-where-the-text-has-an-accent"),
        pytest.param("תהו", FORMLESS, id="hebrew-plain-two-accents-in-the-text"),
    ],
)
def test_a_query_with_or_without_marks_finds_text_with_and_without(
    rstore: Store, syntax: str, query: str, found: set[str]
) -> None:
    assert highlighted(rstore, q=query, syntax=syntax) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        pytest.param("احمد", {nfc("أَحْمَدُ"), "أحمد"}, id="hamza-on-alef"),
        pytest.param("الى", {nfc("إِلَى"), "إلى"}, id="hamza-under-alef-alef-maksura"),
        pytest.param("المدرسه", {nfc("المَدْرَسَةِ"), "المدرسة"}, id="teh-marbuta"),
        pytest.param("كتـــب", {nfc("كَتَبَ"), "كتب"}, id="tatweel"),
    ],
)
def test_arabic_letters_written_one_for_another_are_one(
    rstore: Store, query: str, found: set[str]
) -> None:
    assert highlighted(rstore, q=query) == found


def test_phrases_and_prefixes_across_marks(rstore: Store) -> None:
    assert highlighted(rstore, q='"كتب الولد"') == {nfc("كَتَبَ الوَلَدُ"), "كتب الولد"}
    assert highlighted(rstore, q="الدر*") == LESSON
    near = highlighted(rstore, q="NEAR(ברא השמים, 3)", syntax="fts")
    assert near == {"ברא", "השמים", nfc("בָּרָ֣א"), nfc("הַשָּׁמַ֖יִם")}


def test_the_search_page_marks_the_word_as_written_right_to_left(rtl: Path) -> None:
    add_user(rtl, "reader", "translator")
    client = create_app({"TESTING": True, "DATABASE": str(rtl)}).test_client()
    login(client, "reader")
    response = client.get("/search", query_string={"q": "الدرس"})
    page = lxml.html.fromstring(response.get_data(as_text=True))
    quotes = page.xpath("//ol[@class='hits']/li/blockquote")
    assert {q.get("dir") for q in quotes} == {"rtl"}
    assert {m.text_content() for q in quotes for m in q.xpath(".//mark")} == {
        nfc("الدَّرْسَ"),
        "الدرس",
    }
    assert {q.text_content().strip() for q in quotes} == {AR_VOCALISED[0], AR_PLAIN[0]}


def test_the_index_follows_edits_and_deletions_of_vocalised_text(rstore: Store) -> None:
    db = rstore.db
    paragraph = db.execute("select id from segments where text = ?", [AR_VOCALISED[1]]).fetchone()
    db.execute("update segments set text = ? where id = ?", [nfc("قَرَأَ الكِتَابَ."), paragraph[0]])
    assert highlighted(rstore, q="الكتاب") == {nfc("الكِتَابَ")}
    assert highlighted(rstore, q="السوق") == {"السوق"}
    db.execute("delete from segments where parent_id = ?", [paragraph[0]])
    db.execute("delete from segments where id = ?", [paragraph[0]])
    assert highlighted(rstore, q="الكتاب") == set()
    db.execute("insert into segments_fts(segments_fts) values ('integrity-check')")


def test_a_regular_expression_stays_literal(rstore: Store) -> None:
    """A pattern matches the characters as written: marks are characters to a regex."""
    assert highlighted(rstore, q="الدرس", regex="1") == {"الدرس"}


# -- concordance ----------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["الدرس", nfc("الدَّرْسَ")], ids=["plain", "vocalised"])
def test_the_concordance_finds_both_spellings_with_either(rstore: Store, term: str) -> None:
    result = concordance.concordance(
        rstore, concordance.parse_concordance({"term": term, "lang": "ar"})
    )
    assert sorted(line["keyword"] for line in result.lines) == sorted([nfc("الدَّرْسَ"), "الدرس"])
    for line in result.lines:
        assert line["left"] + line["keyword"] + line["right"] in (AR_VOCALISED[0], AR_PLAIN[0])


def test_the_likely_translation_is_a_whole_vocalised_word() -> None:
    vocalised, plain = AR_VOCALISED[0], AR_PLAIN[0]
    keys = kwic.word_keys(vocalised)
    assert [vocalised[a:b] for a, b, _ in keys] == [w.strip(".") for w in vocalised.split()]
    assert [k for *_, k in keys] == [k for *_, k in kwic.word_keys(plain)]
    table = kwic.TranslationTable.learn(kwic.Term(("lesson",)), [(AR_ENGLISH[0], vocalised)])
    start, end = table.best(vocalised)
    assert vocalised[start:end] in vocalised.split()


def test_translations_spelt_with_and_without_marks_are_counted_as_one() -> None:
    found = [(nfc("الدَّرْسَ"), "ar"), ("الدرس", "ar"), ("الدرس", "ar"), ("Lesson", "en")]
    assert kwic.candidate_counts(found) == [("الدرس", "ar", 3), ("lesson", "en", 1)]
    assert kwic.candidate_counts([("côte", "fr"), ("coté", "fr")]) == [
        ("coté", "fr", 1),
        ("côte", "fr", 1),
    ]


# -- the review page's text filter ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "needle"),
    [
        ("ar vocalised", "الدرس"),
        ("ar plain", nfc("الدَّرْسَ")),
        ("ar vocalised", "احمد"),
        ("he pointed", "בראשית"),
        ("he plain", nfc("בְּרֵאשִׁ֖ית")),
    ],
    ids=["arabic-plain", "arabic-vocalised", "arabic-hamza", "hebrew-plain", "hebrew-pointed"],
)
def test_the_review_text_filter_folds_marks_both_ways(
    rstore: Store, title: str, needle: str
) -> None:
    page = review.page(rstore, alignment_of(rstore, title), LinkFilter(text=needle))
    assert page.total == 1
