"""Flags: raising them on links and spans, threads, status, filters, quality scores, and
surviving link edits and re-alignment; the service and its web endpoints."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from lxml import html as lxml_html

from tests.conftest import import_pair, snapshot
from tests.test_web_documents import SAMPLE_TMX, import_bytes, make_tmx, two_versions
from workbench import aligning, flags, review
from workbench.errors import Conflict, InputError, NotFound
from workbench.store import Store
from workbench.users import issue_token

# Source: 5 + 5 words; target: 10 + 10 words.
QUALITY_TMX = make_tmx(
    [
        ("një dy tre katër pesë", "one two three four five six seven eight nine ten"),
        ("gjashtë shtatë tetë nëntë dhjetë", "a b c d e f g h i j"),
    ]
)
HOSTILE_TMX = make_tmx(
    [
        ("Hyrje.", "Introduction."),
        ("Teksti <script>alert(1)</script> këtu.", "The text <img src=x onerror=alert(1)> here."),
    ]
)


@pytest.fixture
def aligned(db_path) -> int:
    """The sample TMX: a document whose alignment 1 has 5 links (with a 1-0 and a 0-1)."""
    return import_bytes(db_path, SAMPLE_TMX.read_bytes(), "sample.tmx").alignment


@pytest.fixture
def opened(store, aligned) -> Store:
    return store


def link_ids(store: Store, alignment: int = 1) -> list[int]:
    return [link.id for link in store.links(alignment)]


# -- the service --------------------------------------------------------------------------------


def test_a_flag_on_a_link_keeps_its_positions_and_first_comment(opened: Store) -> None:
    second = opened.links(1)[1]
    flag = flags.raise_flag(
        opened,
        1,
        link_id=second.id,
        category="terminology",
        severity="major",
        comment="  Kim Ir Sen is Kim Il Sung  ",
        user="rita",
    )
    assert (flag["link_id"], flag["current_link_id"]) == (second.id, second.id)
    assert (flag["src_start"], flag["src_end"], flag["tgt_start"], flag["tgt_end"]) == (1, 2, 1, 2)
    assert flag["span_side"] is None and flag["status"] == "open"
    assert [c["body"] for c in flag["thread"]] == ["Kim Ir Sen is Kim Il Sung"]
    event = opened.events(1, limit=1)[0]
    assert (event["action"], event["entity"], event["entity_id"]) == ("flag", "flag", flag["id"])


def test_a_flag_on_a_span_checks_and_keeps_its_offsets(opened: Store) -> None:
    text = opened.paragraph_at(2, 1)["text"]
    start = text.index("Kim")
    flag = flags.raise_flag(
        opened,
        1,
        side="target",
        position=1,
        start=start,
        end=start + 12,
        category="names-and-transliteration",
        severity="minor",
        user="rita",
    )
    assert flag["quote"] == "Kim Il Sung "[:12] == text[start : start + 12]
    assert flag["link_id"] == link_ids(opened)[1]
    assert flag["version_id"] == 2


def test_a_span_flag_follows_its_words_through_a_revision(opened: Store) -> None:
    from workbench.web.review_marks import with_pieces

    text = opened.paragraph_at(2, 1)["text"]
    start = text.index("Kim")
    flag = flags.raise_flag(
        opened,
        1,
        side="target",
        position=1,
        start=start,
        end=start + 11,
        category="names-and-transliteration",
        severity="minor",
        user="rita",
    )
    assert flags.locate(flag, text) == (start, start + 11)
    moved = "Revised opening words. " + text  # a revision put words in front of the name
    assert flags.locate(flag, moved) == (start + 23, start + 34)
    pieces = with_pieces({"text": moved}, [flag])["pieces"]
    assert [piece for piece, mark in pieces if mark] == ["Kim Il Sung"]
    gone = text.replace("Kim Il Sung", "the leader")
    assert flags.locate(flag, gone) is None
    assert [mark for _piece, mark in with_pieces({"text": gone}, [flag])["pieces"]] == [None]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"side": "target", "position": 1, "start": -1, "end": 3}, "inside the paragraph"),
        ({"side": "target", "position": 1, "start": 3, "end": 3}, "inside the paragraph"),
        ({"side": "target", "position": 1, "start": 0, "end": 999}, "inside the paragraph"),
        ({"side": "target", "position": 9, "start": 0, "end": 1}, "no paragraph 9"),
        ({"side": "middle", "position": 1, "start": 0, "end": 1}, "side must be"),
        ({"side": "source", "position": 1, "start": None, "end": 1}, "start and end"),
    ],
)
def test_a_span_outside_its_paragraph_is_refused(opened: Store, db_path, span, message) -> None:
    with pytest.raises(InputError, match=message):
        flags.raise_flag(opened, 1, category="style", severity="minor", user="r", **span)
    assert opened.flags(alignment_id=1) == []


def test_a_span_must_lie_in_the_link_it_names(opened: Store) -> None:
    first = link_ids(opened)[0]
    with pytest.raises(InputError, match="not part of link"):
        flags.raise_flag(
            opened,
            1,
            link_id=first,
            side="source",
            position=1,
            start=0,
            end=2,
            category="style",
            severity="minor",
            user="r",
        )


def test_a_span_can_be_given_by_its_words_instead_of_offsets(opened: Store) -> None:
    """A reviewer who cannot select with a mouse types the words: they are looked for in the
    link's paragraphs of the side named, compared as stored (NFC) and without the white space
    around them."""
    second = link_ids(opened)[1]
    flag = flags.raise_flag(
        opened,
        1,
        link_id=second,
        side="target",
        quote="  Kim Il Sung ",
        category="names-and-transliteration",
        severity="minor",
        user="rita",
    )
    assert (flag["span_side"], flag["span_position"]) == ("target", 1)
    assert (flag["span_start"], flag["span_end"], flag["quote"]) == (8, 19, "Kim Il Sung")
    assert flag["link_id"] == second
    decomposed = unicodedata.normalize("NFD", "„Mirë.“")
    assert decomposed != "„Mirë.“"
    flag = flags.raise_flag(
        opened,
        1,
        link_id=second,
        side="source",
        quote=decomposed,
        category="style",
        severity="minor",
        user="rita",
    )
    assert (flag["span_side"], flag["quote"]) == ("source", "„Mirë.“")
    source = opened.paragraph_at(1, 1)["text"]
    assert source[flag["span_start"] : flag["span_end"]] == "„Mirë.“"


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (
            {"link": 1, "side": "target", "quote": "End."},
            "“End.” is not in the target text of this link (¶ 2): type the words exactly",
        ),
        ({"link": 1, "side": "target", "quote": "kim il sung"}, "is not in the target text"),
        ({"link": 2, "side": "target", "quote": "Vetëm"}, "this link has no target text"),
        ({"link": 1, "side": "target", "quote": "   "}, "the quote is empty"),
        ({"link": 1, "side": None, "quote": "Kim"}, "side must be one of source, target"),
        ({"link": None, "side": "target", "quote": "Kim"}, "give its link_id"),
        (
            {"link": 1, "side": "target", "quote": "Kim", "position": 1, "start": 8, "end": 11},
            "by its offsets or by its quote, not both",
        ),
    ],
)
def test_typed_words_the_link_does_not_hold_are_refused(opened: Store, span, message) -> None:
    span = dict(span)
    link = span.pop("link")
    with pytest.raises(InputError, match=re.escape(message)):
        flags.raise_flag(
            opened,
            1,
            link_id=None if link is None else link_ids(opened)[link],
            category="style",
            severity="minor",
            user="r",
            **span,
        )
    assert opened.flags(alignment_id=1) == []


#: Article 1 in Albanian and Arabic: "الناس" (the people) twice in the Arabic paragraph.
PEOPLE_SOURCE = ["Të gjithë njerëzit lindin të lirë dhe të barabartë."]
PEOPLE_TARGET = ["يولد جميع الناس أحرارًا متساوين، وعلى الناس أن يعامل بعضهم بعضًا بروح الإخاء."]
PEOPLE = "الناس"


@pytest.fixture
def people(store) -> int:
    """An alignment of one link whose Arabic target holds PEOPLE twice."""
    return import_pair(store, PEOPLE_SOURCE, PEOPLE_TARGET, tgt_lang="ar")


def quote_flag(store: Store, alignment: int, quote: str, **span) -> dict:
    link = store.links(alignment)[0].id
    return flags.raise_flag(
        store,
        alignment,
        link_id=link,
        side="target",
        quote=quote,
        category="terminology",
        severity="minor",
        user="rita",
        **span,
    )


def test_typed_words_that_occur_twice_flag_the_occurrence_asked_for(store, people) -> None:
    """Words a paragraph holds more than once: the first occurrence unless `occurrence` names
    another (counted from 1, in reading order); each flag marks its own place."""
    text = PEOPLE_TARGET[0]
    first, second = text.index(PEOPLE), text.index(PEOPLE, text.index(PEOPLE) + 1)
    plain = quote_flag(store, people, PEOPLE)
    assert (plain["span_start"], plain["span_end"]) == (first, first + len(PEOPLE))
    one = quote_flag(store, people, PEOPLE, occurrence=1)
    assert (one["span_start"], one["span_end"]) == (first, first + len(PEOPLE))
    two = quote_flag(store, people, f" {PEOPLE} ", occurrence=2)
    assert (two["span_side"], two["span_position"]) == ("target", 0)
    assert (two["span_start"], two["span_end"]) == (second, second + len(PEOPLE))
    assert two["quote"] == PEOPLE == text[two["span_start"] : two["span_end"]]
    # once flagged, the second occurrence is found there again (not at the first)
    assert flags.locate(two, text) == (second, second + len(PEOPLE))


def test_occurrences_are_counted_across_the_links_paragraphs_in_reading_order(store) -> None:
    alignment = import_pair(store, ["Një.", "Dy."], ["One and One.", "One."])
    review.merge(store, alignment, store.links(alignment)[0].id, "next", user="rita")
    assert (store.links(alignment)[0].tgt_start, store.links(alignment)[0].tgt_end) == (0, 2)
    third = quote_flag(store, alignment, "One", occurrence=3)
    assert (third["span_position"], third["span_start"]) == (1, 0)
    with pytest.raises(InputError, match=re.escape("not 4: “One” occurs 3 times")):
        quote_flag(store, alignment, "One", occurrence=4)


@pytest.mark.parametrize(
    ("quote", "occurrence", "message"),
    [
        (
            PEOPLE,
            3,
            f"occurrence must be from 1 to 2, not 3: “{PEOPLE}” occurs 2 times in the target"
            " text of this link (¶ 1)",
        ),
        ("جميع", 2, "occurrence must be from 1 to 1, not 2: “جميع” occurs once in the target"),
        (PEOPLE, 0, "occurrence must be a whole number from 1 (1 is the first), not 0"),
        (PEOPLE, -1, "occurrence must be a whole number from 1 (1 is the first), not -1"),
        (None, 1, "occurrence says which occurrence of a quote to flag: give the quote"),
        ("ليست هنا", 1, "“ليست هنا” is not in the target text of this link (¶ 1)"),
    ],
)
def test_an_occurrence_the_text_does_not_have_is_refused_naming_it(
    store, people, quote, occurrence, message
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        quote_flag(store, people, quote, occurrence=occurrence)
    assert store.flags(alignment_id=people) == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ({"category": "spelling", "severity": "minor"}, "category must be"),
        ({"category": "style", "severity": "fatal"}, "severity must be"),
        ({"category": "style", "severity": "minor", "comment": "x" * 10_001}, "at most 10,000"),
    ],
)
def test_category_severity_and_comment_are_checked(opened: Store, args, error) -> None:
    with pytest.raises(InputError, match=error):
        flags.raise_flag(opened, 1, link_id=link_ids(opened)[0], user="r", **args)


def test_unknown_alignments_and_links_are_not_found(opened: Store) -> None:
    with pytest.raises(NotFound):
        flags.raise_flag(opened, 9, link_id=1, category="style", severity="minor", user="r")
    with pytest.raises(NotFound):
        flags.raise_flag(opened, 1, link_id=999, category="style", severity="minor", user="r")


def test_comments_and_status_changes_make_a_thread(opened: Store) -> None:
    flag = flags.raise_flag(
        opened, 1, link_id=link_ids(opened)[0], category="style", severity="minor", user="rita"
    )
    with pytest.raises(InputError, match="empty"):
        flags.add_comment(opened, flag["id"], "   ", user="tom")
    flags.add_comment(opened, flag["id"], "I disagree.", user="tom")
    resolved = flags.set_status(opened, flag["id"], "resolved", user="eve", comment="Fixed.")
    assert (resolved["status"], resolved["status_by"]) == ("resolved", "eve")
    assert [c["body"] for c in resolved["thread"]] == ["I disagree.", "Fixed."]
    with pytest.raises(Conflict):
        flags.set_status(opened, flag["id"], "resolved", user="eve")
    assert flags.set_status(opened, flag["id"], "open", user="eve")["status"] == "open"
    actions = [e["action"] for e in reversed(opened.events(1)) if e["entity"] == "flag"]
    assert actions == ["flag", "comment", "resolved", "reopen"]


def test_filters_and_severity_counts(opened: Store) -> None:
    ids = link_ids(opened)
    for link_id, category, severity in [
        (ids[0], "style", "minor"),
        (ids[1], "terminology", "major"),
        (ids[4], "terminology", "critical"),
    ]:
        flags.raise_flag(opened, 1, link_id=link_id, category=category, severity=severity, user="r")
    flags.raise_flag(
        opened,
        1,
        side="source",
        position=0,
        start=0,
        end=3,
        category="grammar",
        severity="minor",
        user="r",
    )
    flags.set_status(opened, 3, "dismissed", user="e")

    def found(**filters) -> list[int]:
        return [f["id"] for f in flags.list_flags(opened, 1, **filters)]

    assert found() == [1, 2, 3, 4]
    assert found(status="open") == [1, 2, 4]
    assert found(category="terminology") == [2, 3]
    assert found(severity="minor", status="open") == [1, 4]
    assert found(version_id=1) == [4]  # the only span on the source side
    assert found(version_id=2) == [1, 2, 3]
    assert flags.severity_counts(opened) == {1: {"minor": 2, "major": 1}}
    with pytest.raises(InputError):
        flags.list_flags(opened, 1, status="closed")


def test_quality_scores_weigh_open_and_resolved_flags_per_thousand_words(store, db_path) -> None:
    import_bytes(db_path, QUALITY_TMX, "q.tmx")
    first, second = link_ids(store)
    flags.raise_flag(store, 1, link_id=first, category="terminology", severity="major", user="r")
    minor = flags.raise_flag(
        store,
        1,
        side="target",
        position=1,
        start=0,
        end=1,
        category="grammar",
        severity="minor",
        user="r",
    )
    flags.set_status(store, minor["id"], "resolved", user="e")
    dismissed = flags.raise_flag(
        store, 1, link_id=second, category="style", severity="critical", user="r"
    )
    flags.set_status(store, dismissed["id"], "dismissed", user="e")
    flags.raise_flag(
        store,
        1,
        side="source",
        position=0,
        start=0,
        end=3,
        category="accuracy/mistranslation",
        severity="critical",
        user="r",
    )
    flags.raise_flag(store, 1, link_id=second, category="other", severity="neutral", user="r")
    scores = flags.quality_scores(store, 1)
    assert (scores[1].words, scores[1].points, scores[1].flags, scores[1].score) == (
        10,
        25,
        1,
        2500.0,
    )
    # target: major 5 + minor 1 (resolved) + neutral 0; the dismissed critical does not count
    assert (scores[2].words, scores[2].points, scores[2].flags, scores[2].score) == (
        20,
        6,
        3,
        300.0,
    )


def test_flags_survive_a_merge_of_their_links(opened: Store) -> None:
    first, second, *_ = opened.links(1)
    on_second = flags.raise_flag(
        opened, 1, link_id=second.id, category="style", severity="minor", user="r"
    )
    span = flags.raise_flag(
        opened,
        1,
        side="source",
        position=1,
        start=0,
        end=5,
        category="style",
        severity="minor",
        user="r",
    )
    rows = [
        {"src_start": 0, "src_end": 2, "tgt_start": 0, "tgt_end": 2, "status": "edited"},
        *(
            {
                k: getattr(link, k)
                for k in ("src_start", "src_end", "tgt_start", "tgt_end", "status")
            }
            for link in opened.links(1)[2:]
        ),
    ]
    opened.replace_links(1, "paragraph", rows)
    merged = opened.links(1)[0]
    assert (merged.src_start, merged.src_end) == (first.src_start, second.src_end)
    assert [f["id"] for f in flags.flags_for_link(opened, 1, merged.id)] == [
        on_second["id"],
        span["id"],
    ]
    assert opened.flag(on_second["id"])["current_link_id"] == merged.id
    assert flags.flags_for_link(opened, 1, opened.links(1)[1].id) == []


def test_flags_survive_a_re_alignment(store, db_path) -> None:
    document = two_versions(db_path)
    alignment = aligning.align_versions(store, document, user="t")
    before = store.links(alignment)
    flag = flags.raise_flag(
        store,
        alignment,
        link_id=before[1].id,
        category="accuracy/omission",
        severity="major",
        user="r",
    )
    aligning.align_versions(store, document, user="t")
    after = store.links(alignment)
    assert {link.id for link in after}.isdisjoint(link.id for link in before)
    now = store.flag(flag["id"])
    assert now["current_link_id"] == after[1].id
    assert [f["id"] for f in flags.flags_for_link(store, alignment, after[1].id)] == [flag["id"]]


# -- the web endpoints ----------------------------------------------------------------------------

JSON = {"Accept": "application/json"}


def post_json(client, path: str, token: str, body: dict):
    return client.post(path, json=body, headers={**JSON, "X-CSRF-Token": token})


def test_a_reviewer_raises_a_flag_with_json(client, as_role, aligned, db_path) -> None:
    token = as_role("reviewer")
    response = post_json(
        client,
        "/alignments/1/flags",
        token,
        {
            "link_id": 2,
            "category": "terminology",
            "severity": "major",
            "comment": "Name.",
        },
    )
    assert response.status_code == 201
    flag = response.get_json()
    assert (flag["id"], flag["link_id"], flag["created_by"]) == (1, 2, "reviewer1")
    assert flag["thread"][0]["body"] == "Name."


def test_a_span_flag_by_form_and_its_page(client, as_role, aligned) -> None:
    token = as_role("editor")
    response = client.post(
        "/alignments/1/flags",
        data={
            "csrf_token": token,
            "side": "target",
            "position": "1",
            "start": "8",
            "end": "19",
            "category": "names-and-transliteration",
            "severity": "minor",
        },
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/documents/1/flags#flag-1"
    tree = lxml_html.fromstring(client.get("/documents/1/flags").get_data(as_text=True))
    quote = tree.xpath("//article[@id='flag-1']//blockquote")[0]
    assert quote.xpath("string(mark)") == "Kim Il Sung"
    assert quote.text_content().startswith("Comrade Kim Il Sung said")
    assert quote.get("lang") == "en" and quote.get("dir") == "ltr"


def test_positions_ranges_are_accepted(client, as_role, aligned) -> None:
    token = as_role("reviewer")
    body = {
        "src_start": 2,
        "src_end": 3,
        "tgt_start": 2,
        "tgt_end": 2,
        "category": "accuracy/omission",
        "severity": "major",
    }
    flag = post_json(client, "/alignments/1/flags", token, body).get_json()
    assert (flag["src_start"], flag["tgt_end"], flag["link_id"]) == (2, 2, 3)
    body["src_end"] = None
    response = post_json(client, "/alignments/1/flags", token, body)
    assert (
        response.status_code == 400
        and "src_start, src_end" in response.get_json()["error"]["message"]
    )


def test_positions_ranges_cannot_end_past_the_text(client, as_role, aligned, db_path) -> None:
    """A range past the last paragraph named every paragraph in `source_texts` and stored a
    position no text has."""
    token = as_role("reviewer")
    body = {"src_start": 0, "tgt_start": 0, "tgt_end": 1}
    body |= {"category": "other", "severity": "minor"}
    before = snapshot(db_path)
    for end in (5, 2**62):
        response = post_json(client, "/alignments/1/flags", token, body | {"src_end": end})
        assert response.status_code == 400
        message = response.get_json()["error"]["message"]
        assert message.startswith("position ranges end past the source text: it has 4 paragraphs")
    assert snapshot(db_path) == before
    whole = post_json(client, "/alignments/1/flags", token, body | {"src_end": 4})
    assert whole.status_code == 201


def test_a_quote_without_its_side_says_the_side_is_missing(client, as_role, aligned) -> None:
    token = as_role("reviewer")
    body = {"link_id": 2, "quote": "the", "category": "other", "severity": "minor"}
    response = post_json(client, "/alignments/1/flags", token, body)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message == "side must be one of source, target, and is missing"


def test_a_span_flag_by_its_quoted_words_with_json(client, as_role, aligned) -> None:
    token = as_role("reviewer")
    body = {"link_id": 2, "side": "target", "quote": "Kim Il Sung"}
    body |= {"category": "names-and-transliteration", "severity": "minor"}
    response = post_json(client, "/alignments/1/flags", token, body)
    assert response.status_code == 201
    flag = response.get_json()
    assert (flag["span_position"], flag["span_start"], flag["span_end"]) == (1, 8, 19)
    # a blank quote (an empty field) is no quote: the flag is on the whole link
    blank = {"link_id": 2, "quote": " ", "category": "style", "severity": "minor"}
    whole_link = post_json(client, "/alignments/1/flags", token, blank)
    assert whole_link.status_code == 201 and whole_link.get_json()["span_side"] is None
    refused = post_json(client, "/alignments/1/flags", token, body | {"quote": "Kim Jong"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"] == (
        "“Kim Jong” is not in the target text of this link (¶ 2): type the words exactly as "
        "they read there, or leave the quote empty to flag the whole link"
    )


def test_the_occurrence_of_quoted_words_with_json(client, as_role, store, people) -> None:
    """The pages' endpoint and the API take `occurrence` (a JSON integer from 1) beside the
    quote; one out of range, or not an integer, is a 400 naming it."""
    token = as_role("reviewer")
    link = store.links(people)[0].id
    body = {"link_id": link, "side": "target", "quote": PEOPLE, "occurrence": 2}
    body |= {"category": "terminology", "severity": "minor"}
    path = f"/alignments/{people}/flags"
    response = post_json(client, path, token, body)
    assert response.status_code == 201, response.get_json()
    second = PEOPLE_TARGET[0].rindex(PEOPLE)
    assert response.get_json()["span_start"] == second
    for value, named in [
        (3, "occurrence must be from 1 to 2, not 3: “الناس” occurs 2 times"),
        (0, "occurrence must be a whole number from 1"),
        ("2", "occurrence must be a whole number, not"),
        (True, "occurrence must be a whole number, not"),
        (1.5, "occurrence must be a whole number, not"),
    ]:
        refused = post_json(client, path, token, body | {"occurrence": value})
        assert refused.status_code == 400
        assert refused.get_json()["error"]["message"].startswith(named), value
    # the API, with a token
    api = {"Authorization": f"Bearer {issue_token(store, 'reviewer1')}"}
    answered = client.post(f"/api/v1{path}", headers=api, json=body | {"occurrence": 1})
    assert answered.status_code == 201
    assert answered.get_json()["span_start"] == PEOPLE_TARGET[0].index(PEOPLE)
    too_far = client.post(f"/api/v1{path}", headers=api, json=body | {"occurrence": 9})
    assert too_far.status_code == 400
    assert too_far.get_json()["error"]["message"].startswith("occurrence must be from 1 to 2")
    assert len(store.flags(alignment_id=people)) == 2


def test_the_api_description_names_the_occurrence_of_a_quote() -> None:
    from workbench.web.openapi import FLAG_BODY

    occurrence = FLAG_BODY["properties"]["occurrence"]
    assert (occurrence["type"], occurrence["minimum"], occurrence["default"]) == ("integer", 1, 1)
    assert "occurrence" in FLAG_BODY["properties"]["quote"]["description"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"side": "target", "position": 1, "start": 0, "end": 500}, 400),
        ({"link_id": 2, "category": "spelling"}, 400),
        ({"link_id": 99}, 404),
        ({"link_id": "two"}, 400),
    ],
)
def test_bad_flags_are_refused_with_json_errors(
    client, as_role, aligned, db_path, body, status
) -> None:
    from tests.conftest import snapshot

    token = as_role("reviewer")
    before = snapshot(db_path)
    payload = {"category": "style", "severity": "minor", **body}
    response = post_json(client, "/alignments/1/flags", token, payload)
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status
    assert snapshot(db_path) == before


def test_who_may_flag_comment_and_change_status(client, as_role, aligned, store) -> None:
    flags.raise_flag(store, 1, link_id=1, category="style", severity="minor", user="r")
    token = as_role("translator")
    body = {"link_id": 1, "category": "style", "severity": "minor"}
    assert post_json(client, "/alignments/1/flags", token, body).status_code == 403
    assert post_json(client, "/flags/1/status", token, {"status": "resolved"}).status_code == 403
    response = post_json(client, "/flags/1/comments", token, {"body": "Why?"})
    assert response.status_code == 201
    assert response.get_json()["author"] == "translator1"


def test_comment_and_status_by_form_return_to_the_flags_page(
    client, as_role, aligned, store
) -> None:
    flags.raise_flag(store, 1, link_id=1, category="style", severity="minor", user="r")
    token = as_role("reviewer")
    html = {"Accept": "text/html"}
    back = "/documents/1/flags?status=open"
    response = client.post(
        "/flags/1/comments",
        headers=html,
        data={"csrf_token": token, "body": "Agreed.", "next": back},
    )
    assert response.headers["Location"] == back + "#flag-1"
    response = client.post(
        "/flags/1/status",
        headers=html,
        data={"csrf_token": token, "status": "resolved", "next": "//evil.example/"},
    )
    assert response.headers["Location"] == "/documents/1/flags#flag-1"
    tree = lxml_html.fromstring(
        client.get("/documents/1/flags?status=resolved").get_data(as_text=True)
    )
    article = tree.xpath("//article[@id='flag-1']")[0]
    assert "resolved by reviewer1" in article.text_content()
    assert [p.text for p in article.xpath(".//p[@class='body']")] == ["Agreed."]
    assert article.xpath(".//button[@value='open']")
    assert (
        client.get("/documents/1/flags?status=open").get_data(as_text=True).count("<article") == 0
    )


def test_status_errors(client, as_role, aligned, store) -> None:
    flags.raise_flag(store, 1, link_id=1, category="style", severity="minor", user="r")
    token = as_role("editor")
    repeat = post_json(client, "/flags/1/status", token, {"status": "open"})  # it is open
    assert repeat.status_code == 200 and repeat.json["changed"] == 0
    assert post_json(client, "/flags/1/status", token, {"status": "gone"}).status_code == 400
    assert post_json(client, "/flags/7/status", token, {"status": "resolved"}).status_code == 404
    assert post_json(client, "/flags/1/comments", token, {"body": ""}).status_code == 400
    long = {"body": "x" * 10_001}
    assert post_json(client, "/flags/1/comments", token, long).status_code == 400


def test_flags_json_lists_the_flags_overlapping_a_link(client, as_role, aligned, store) -> None:
    flags.raise_flag(store, 1, link_id=2, category="style", severity="minor", user="r")
    flags.raise_flag(
        store,
        1,
        side="source",
        position=1,
        start=0,
        end=5,
        category="grammar",
        severity="major",
        user="r",
    )
    flags.raise_flag(store, 1, link_id=5, category="style", severity="minor", user="r")
    as_role("translator")
    response = client.get("/alignments/1/flags.json?link=2", headers=JSON)
    assert [f["id"] for f in response.get_json()["flags"]] == [1, 2]
    every = client.get("/alignments/1/flags.json", headers=JSON).get_json()["flags"]
    assert len(every) == 3
    assert client.get("/alignments/1/flags.json?link=77", headers=JSON).status_code == 404
    assert client.get("/alignments/9/flags.json", headers=JSON).status_code == 404


def test_flagged_hostile_text_is_escaped_part_by_part(client, as_role, db_path, store) -> None:
    import_bytes(db_path, HOSTILE_TMX, "hostile.tmx")
    text = store.paragraph_at(2, 1)["text"]
    start = text.index("<img")
    flags.raise_flag(
        store,
        1,
        side="target",
        position=1,
        start=start,
        end=start + 4,
        category="formatting",
        severity="minor",
        user="r",
        comment="<script>alert(3)</script>",
    )
    flags.raise_flag(store, 1, link_id=2, category="other", severity="minor", user="r")
    as_role("reviewer")
    shown = client.get("/documents/1/flags").get_data(as_text=True)
    assert "<script>alert" not in shown and "<img src" not in shown
    assert "The text <mark>&lt;img</mark> src=x onerror=alert(1)&gt; here." in shown
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in shown
    assert "Teksti &lt;script&gt;alert(1)&lt;/script&gt; këtu." in shown


def test_the_flags_page_filters_and_refuses_unknown_values(client, as_role, aligned, store) -> None:
    flags.raise_flag(store, 1, link_id=1, category="style", severity="minor", user="r")
    flags.raise_flag(store, 1, link_id=2, category="terminology", severity="critical", user="r")
    as_role("reviewer")

    def shown(query: str) -> list[str]:
        tree = lxml_html.fromstring(client.get("/documents/1/flags" + query).get_data(as_text=True))
        return [a.get("id") for a in tree.xpath("//article")]

    assert shown("") == ["flag-1", "flag-2"]
    assert shown("?severity=critical") == ["flag-2"]
    assert shown("?category=style&status=open") == ["flag-1"]
    assert shown("?version=1") == []
    assert client.get("/documents/1/flags?severity=bad").status_code == 400
    assert client.get("/documents/5/flags").status_code == 404


def test_the_document_page_shows_quality_and_open_flags(client, as_role, db_path, store) -> None:
    import_bytes(db_path, QUALITY_TMX, "q.tmx")
    flags.raise_flag(store, 1, link_id=1, category="terminology", severity="major", user="r")
    as_role("reviewer")
    tree = lxml_html.fromstring(client.get("/documents/1").get_data(as_text=True))
    quality = [td.text_content().split() for td in tree.xpath("//td[@class='quality']")]
    assert quality == [
        ["0.00", "(0", "points,", "0", "flags)"],
        ["250.00", "(5", "points,", "1", "flags)"],
    ]
    assert "1 major" in tree.xpath("string(//section[@class='citation'])")


def test_flag_json_is_plain_data(opened: Store) -> None:
    flag = flags.raise_flag(opened, 1, link_id=1, category="style", severity="minor", user="r")
    assert json.loads(json.dumps(flag))["category"] == "style"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/alignments/1/flags", [1, 2]),
        ("/alignments/1/flags", {"link_id": 1.5, "category": "style", "severity": "minor"}),
        ("/alignments/1/flags", {"link_id": True, "category": "style", "severity": "minor"}),
        ("/flags/1/comments", {"body": " "}),
        ("/flags/1/status", {"status": 7}),
    ],
)
def test_malformed_json_is_a_400_not_a_crash(client, as_role, aligned, store, path, body) -> None:
    flags.raise_flag(store, 1, link_id=1, category="style", severity="minor", user="r")
    token = as_role("editor")
    response = post_json(client, path, token, body)
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
