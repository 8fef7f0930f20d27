"""The bilingual concordance (KWIC) and the pure helpers behind search highlighting."""

from __future__ import annotations

import lxml.html
import pytest

from tests.conftest import csrf_from, login
from workbench import concordance, kwic, review
from workbench.errors import InputError
from workbench.store import Store
from workbench.web import create_app


def look_up(store: Store, **args: str) -> concordance.Concordance:
    return concordance.concordance(store, concordance.parse_concordance(args))


def test_every_occurrence_with_context_and_the_likely_translation(cstore: Store) -> None:
    result = look_up(cstore, term="Jezusi", lang="sq", target_lang="en")
    assert result.total > 50 and result.complete
    line = result.lines[0]
    assert line["keyword"] == "Jezusi"
    assert line["left"] and line["right"]
    translations = [a["translation"] for a in line["aligned"]]
    assert translations and all(t == "Jesus" for t in translations)
    for aligned in line["aligned"]:
        start, end = aligned["highlight"]
        assert aligned["text"][start:end] == "Jesus"
        assert aligned["review_url"].startswith(f"/alignments/{aligned['alignment']}/review?at=")
    assert result.candidates[0][:2] == ("jesus", "en") and result.candidates[0][2] > 50


def test_udhr_terms_across_three_languages(cstore: Store) -> None:
    rights = look_up(cstore, term="drejtë", lang="sq")
    assert rights.candidates[0][0] == "right"
    russian = look_up(cstore, term="права", lang="ru", target_lang="en")
    assert russian.total >= 5
    words = {word for word, _, _ in russian.candidates}
    assert words & {"right", "rights"}


def test_a_term_with_diacritics_folded_and_pagination(cstore: Store) -> None:
    folded = look_up(cstore, term="perendise", lang="sq", limit="3")
    assert folded.total > 3 and len(folded.lines) == 3
    assert folded.lines[0]["keyword"].startswith("Perëndis")
    page2 = look_up(cstore, term="perendise", lang="sq", limit="3", offset="3")
    assert (
        page2.lines[0]["segment"] != folded.lines[0]["segment"] or page2.lines[0] != folded.lines[0]
    )


def test_a_trailing_star_finds_every_word_the_term_begins(cstore: Store) -> None:
    """As in search: "Jezus*" is Jezusi, Jezusin, Jezusit… (it was read as "Jezus" alone)."""
    exact = look_up(cstore, term="Jezus", lang="sq")
    stem = look_up(cstore, term="Jezus*", lang="sq")
    forms = {line["keyword"] for line in stem.lines} | {
        line["keyword"] for line in look_up(cstore, term="Jezus*", lang="sq", offset="50").lines
    }
    assert stem.total > exact.total + 50
    assert {"Jezusi", "Jezusin"} <= forms and all(f.startswith("Jezus") for f in forms)


@pytest.mark.parametrize(
    ("term", "side"),
    [
        ("Jezusi", "source"),
        ("Jezus*", "source"),
        ('"Biri i njeriut"', "source"),
        ("Jesus", "target"),
    ],
)
def test_the_kept_link_texts_give_the_table_learning_from_every_link_gives(
    cstore: Store, term: str, side: str
) -> None:
    """The concordance keeps each alignment's link texts and which links hold each word
    between lookups; a lookup then reads only the links holding its term. Its table must be
    the one learned from every confident link, as each lookup once did."""
    [parsed] = kwic.parse_terms(term)
    met = 0
    for alignment in cstore.all_alignments():
        pairs = concordance._pairs(cstore, alignment, side)
        kept = concordance.link_texts(cstore, alignment, side).table(parsed)
        learned = kwic.TranslationTable.learn(parsed, pairs)
        assert (kept.with_term, kept.pair, kept.other) == (
            learned.with_term,
            learned.pair,
            learned.other,
        )
        met += kept.with_term
    assert met  # the term is in some link: the tables compared are not empty ones


def test_kept_link_texts_are_read_again_when_the_alignment_changes(cstore: Store) -> None:
    alignment = next(
        a
        for a in cstore.all_alignments()
        if cstore.version(a["source_version_id"])["language"] == "sq"
    )
    before = concordance.link_texts(cstore, alignment, "source")
    assert concordance.link_texts(cstore, alignment, "source") is before  # kept
    link = next(
        x for x in cstore.links(alignment["id"], "paragraph") if x.status == "auto" and x.src
    )
    review.set_status(cstore, alignment["id"], [link.id], user="rita")
    assert concordance.link_texts(cstore, alignment, "source") is not before


def test_german_french_pair(cstore: Store) -> None:
    result = look_up(cstore, term="Gletscher", lang="de")
    assert result.total == 1
    assert result.lines[0]["aligned"][0]["version"]["language"] == "fr"


@pytest.mark.parametrize(
    "args",
    [
        {"term": "", "lang": "en"},
        {"term": "x"},
        {"term": "!!", "lang": "en"},
        {"term": "x", "lang": "en", "limit": "9999"},
    ],
)
def test_bad_requests(cstore: Store, args: dict) -> None:
    with pytest.raises(InputError):
        look_up(cstore, **args)


# -- pure helpers --------------------------------------------------------------------------------


def test_fold_and_term_spans() -> None:
    assert kwic.fold("Përgjithshme ËSHTË") == "pergjithshme eshte"
    text = "Deklarata e Përgjithshme, e përgjithshme."
    assert kwic.term_spans(text, kwic.parse_terms("pergjithshme")) == [(12, 24), (28, 40)]
    assert kwic.term_spans("Universal Declaration", kwic.parse_terms("declar*")) == [(10, 21)]
    assert kwic.term_spans("human and rights", kwic.parse_terms('"human rights"')) == []


def test_parts_escape_each_piece_separately() -> None:
    text = "<b>Khrushchev</b> & co"
    pieces = kwic.parts(text, [(3, 13)])
    assert pieces == [("<b>", False), ("Khrushchev", True), ("</b> & co", False)]
    assert "".join(p for p, _ in pieces) == text


def test_kwic_context_is_cut_at_spaces() -> None:
    line = kwic.kwic("one two three four five six seven", 14, 18, width=8)
    assert (
        line.keyword == "four" and line.left.endswith("three ") and line.right.startswith(" five")
    )


def test_translation_table_dice_and_cognates() -> None:
    term = kwic.Term(("khrushchev",))
    pairs = [
        ("Khrushchev spoke", "Hrushovi foli"),
        ("Khrushchev left", "Hrushovi iku"),
        ("The delegation spoke", "Delegacioni foli"),
    ]
    table = kwic.TranslationTable.learn(term, pairs)
    text = "Shoku Hrushovi tha"
    start, end = table.best(text)
    assert text[start:end] == "Hrushovi"
    found = [("Hrushovi", "sq"), ("hrushovi", "sq"), ("Hrushov", "sq")]
    assert kwic.candidate_counts(found) == [("hrushovi", "sq", 2), ("hrushov", "sq", 1)]


# -- the page --------------------------------------------------------------------------------------


def test_the_page_marks_term_and_translation_with_lang_and_dir(corpus) -> None:
    app = create_app({"TESTING": True, "DATABASE": str(corpus)})
    client = app.test_client()
    login(client, "reviewer", "reviewer-demo")
    response = client.get("/concordance?term=Jezusi&lang=sq&target_lang=en")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.get_data(as_text=True))
    rows = page.xpath("//table[@class='kwic']/tbody/tr")
    assert rows
    keyword = rows[0].xpath("td[@class='keyword']")[0]
    assert keyword.get("lang") == "sq" and keyword.get("dir") == "ltr"
    assert keyword.text_content() == "Jezusi"
    aligned = rows[0].xpath("td[@class='aligned']/p")[0]
    assert aligned.get("lang") == "en"
    assert aligned.xpath(".//mark")[0].text_content() == "Jesus"
    assert "jesus ×" in page.xpath("//ul[@class='candidates']")[0].text_content()
    assert client.get("/concordance?term=x").status_code == 400


def test_one_click_adds_a_candidate_to_the_glossary(corpus) -> None:
    app = create_app({"TESTING": True, "DATABASE": str(corpus)})
    client = app.test_client()
    login(client, "reviewer", "reviewer-demo")
    page = client.get("/concordance?term=Jezusi&lang=sq&target_lang=en").get_data(as_text=True)
    assert "Add to glossary" not in page  # a reviewer may not edit text
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    token = login(client, "translator", "translator-demo")
    page = client.get("/concordance?term=Jezusi&lang=sq&target_lang=en").get_data(as_text=True)
    form = lxml.html.fromstring(page).xpath("//ul[@class='candidates']//form")[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert fields["target"] == "jesus" and fields["tgt_lang"] == "en"
    response = client.post(form.get("action"), data={**fields, "csrf_token": token})
    assert response.status_code == 303
    assert "/concordance?" in response.headers["Location"]
    store = Store(corpus)
    rows = store.db.execute("select source_term, target_term from glossary_terms").fetchall()
    store.close()
    assert rows == [("Jezusi", "jesus")]
    assert "Added to the glossary" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
