"""A QA finding turned into a flag: what the flag highlights and says, and how the CLI and the QA
report count findings raised as flags apart from dismissed ones (a real SQLite store)."""

from __future__ import annotations

import lxml.html
import pytest

from tests.conftest import add_user, import_pair, login
from workbench import findings, flags, qa
from workbench.errors import Conflict
from workbench.store import Store

SUBMARINES = (
    "Албания получила 3 подводные лодки и 12 самолётов.",
    "Albania received 4 submarines and 13 aircraft.",
)


def load(store: Store, pairs: list[tuple[str, str]], src_lang: str = "sq") -> tuple[int, int]:
    """A document of these paragraph pairs: (document id, alignment id)."""
    alignment = import_pair(
        store, [s for s, _ in pairs], [t for _, t in pairs], src_lang=src_lang, tgt_lang="en"
    )
    return store.alignment(alignment)["document_id"], alignment


def numbers_findings(store: Store, doc: int) -> list:
    return [f for f in findings.check_alignment(store, doc).findings if f.check == "numbers"]


def thread_text(flag: dict) -> str:
    return "\n".join(comment["body"] for comment in flag["thread"])


# -- several spans: a flag on the whole link that names them all ----------------------------------


def test_a_finding_with_several_spans_becomes_a_flag_on_its_link(store) -> None:
    doc, alignment = load(store, [SUBMARINES], src_lang="ru")
    [finding] = numbers_findings(store, doc)
    assert finding.message == "number without counterpart: 3, 12 in the source; 4, 13 in the target"
    assert [list(s) for s in finding.target_spans] == [[17, 18], [34, 36]]

    flag = findings.to_flag(store, doc, finding.key, user="rev")

    # no span: neither "4" alone nor a span "4 submarines and 13" that is not the finding's
    assert flag["span_side"] is None and flag["quote"] is None
    assert flag["link_id"] == finding.link
    body = thread_text(flag)
    assert body.startswith(finding.message)
    assert "In the target: “4”, “13”; in the source: “3”, “12”." in body
    assert [f["id"] for f in store.flags(alignment_id=alignment)] == [flag["id"]]


def test_the_reviewers_comment_follows_the_findings_words(store) -> None:
    doc, _alignment = load(store, [SUBMARINES], src_lang="ru")
    [finding] = numbers_findings(store, doc)
    flag = findings.to_flag(store, doc, finding.key, user="rev", comment=" check the report ")
    assert thread_text(flag).endswith("“3”, “12”.\n\ncheck the report")


# -- one span: a flag on exactly the finding's words ----------------------------------------------


def test_a_finding_with_one_span_is_flagged_on_its_own_words(store) -> None:
    doc, _alignment = load(
        store,
        [
            ("Takimi u mbajt në Tiranë.", "The meeting was held in Tirana."),
            (
                "Letra e KQ të PPSH-së erdhi në vitin 1961.",
                "The letter of the CPSU CC came in 1916.",
            ),
        ],
    )
    [finding] = numbers_findings(store, doc)
    assert finding.message == "number without counterpart: 1961 in the source; 1916 in the target"
    flag = findings.to_flag(store, doc, finding.key, user="rev")
    # the target's one span, in its own paragraph: "1916", never the CC before it
    assert (flag["span_side"], flag["span_position"], flag["quote"]) == ("target", 1, "1916")
    paragraph = store.paragraph_at(store.alignment(flag["alignment_id"])["target_version_id"], 1)
    assert paragraph["text"][flag["span_start"] : flag["span_end"]] == "1916"
    assert thread_text(flag) == finding.message


def test_a_finding_with_a_span_on_the_source_only_is_flagged_there(store) -> None:
    doc, _alignment = load(
        store, [("Ai dërgoi 3 kopje të letrës.", "He sent copies of the letter.")]
    )
    [finding] = numbers_findings(store, doc)
    assert not finding.target_spans and len(finding.source_spans) == 1
    flag = findings.to_flag(store, doc, finding.key, user="rev")
    assert (flag["span_side"], flag["quote"]) == ("source", "3")


def test_turn_into_a_flag_on_the_qa_page_flags_the_whole_pair(client, db_path) -> None:
    store = Store(db_path)
    try:
        doc, alignment = load(store, [SUBMARINES], src_lang="ru")
        [finding] = numbers_findings(store, doc)
    finally:
        store.close()
    add_user(db_path, "rev", "reviewer")
    token = login(client, "rev")
    response = client.post(
        f"/alignments/{alignment}/findings/flag",
        data={"csrf_token": token, "key": finding.key},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    flag = response.get_json()["result"]
    assert flag["span_side"] is None and flag["quote"] is None
    assert "“4”, “13”" in thread_text(flag)


# -- the count: dismissed apart from raised as flags ----------------------------------------------

THREE = [
    ("Në vitin 1961 erdhi në Tiranë.", "He came to Tirana in 1916."),
    ("Delegacioni kishte 80 anëtarë.", "The delegation had 8 members."),
    ("Biseda zgjati 2 orë.", "The conversation lasted 3 hours."),
]


def handle_three(store: Store) -> tuple[int, int, list]:
    """Two findings raised as flags and one dismissed; the others as they were."""
    doc, alignment = load(store, THREE)
    found = numbers_findings(store, doc)
    assert len(found) == 3
    findings.to_flag(store, doc, found[0].key, user="rev")
    findings.to_flag(store, doc, found[1].key, user="rev")
    findings.dismiss(store, doc, found[2].key, user="rev", reason="the source is wrong")
    return doc, alignment, found


def test_the_report_counts_flagged_and_dismissed_findings_apart(store) -> None:
    doc, _alignment, found = handle_three(store)
    report = findings.check_alignment(store, doc)
    assert not {f.key for f in found} & {f.key for f in report.findings}
    assert (report.dismissed, report.raised) == (1, 2)
    assert report.handled() == "1 dismissed, 2 raised as flags"
    rows = findings.dismissals(store, doc)
    assert findings.handled_counts(rows) == (1, 2)
    assert [findings.raised_flag(row) is not None for row in rows] == [True, True, False]


def test_the_qa_command_says_what_became_of_the_findings(cli, store) -> None:
    doc, alignment, _found = handle_three(store)
    result = cli("qa", doc)
    assert result.exit_code == 0, result.output
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.endswith(f"in alignment {alignment} (1 dismissed, 2 raised as flags)")
    assert "(3 dismissed)" not in result.stderr


def test_the_qa_command_with_one_flag_and_no_dismissal(cli, store) -> None:
    doc, _alignment = load(store, THREE)
    findings.to_flag(store, doc, numbers_findings(store, doc)[0].key, user="rev")
    result = cli("qa", doc)
    assert result.stderr.strip().splitlines()[-1].endswith("(1 raised as a flag)")
    assert "dismissed" not in result.stderr


def test_the_qa_report_page_says_what_became_of_the_findings(client, db_path) -> None:
    store = Store(db_path)
    try:
        _doc, alignment, found = handle_three(store)
    finally:
        store.close()
    add_user(db_path, "rev", "reviewer")
    login(client, "rev")
    page = client.get(f"/alignments/{alignment}/qa")
    assert page.status_code == 200
    html = lxml.html.fromstring(page.get_data(as_text=True))
    summary = " ".join(html.xpath("//p[@class='summary']")[0].text_content().split())
    assert "1 dismissed, 2 raised as flags (below)." in summary
    details = html.xpath("//details[@id='dismissed']/summary")[0].text_content()
    assert "(1 dismissed, 2 raised as flags)" in details
    # every handled finding is still listed, each with what became of it
    for finding in found:
        assert html.xpath(f"//li[@id='dismissed-{finding.key}']")
    listed = html.xpath("//details[@id='dismissed']")[0].text_content()
    assert listed.count("raised as flag ") == 2 and "the source is wrong" in listed


# -- raised as a flag is the flag's id, never the words of a reason -------------------------------


def test_a_dismissal_whose_reason_reads_raised_as_flag_is_a_dismissal(store) -> None:
    doc, _alignment = load(store, THREE)
    found = numbers_findings(store, doc)
    findings.dismiss(store, doc, found[0].key, user="rev", reason="raised as flag 3")
    report = findings.check_alignment(store, doc)
    assert (report.dismissed, report.raised) == (1, 0)
    assert report.handled() == "1 dismissed"
    [row] = findings.dismissals(store, doc)
    assert (row["reason"], row["flag_id"]) == ("raised as flag 3", None)  # kept as typed


def test_a_reason_naming_a_real_flag_does_not_make_a_dismissal_that_flag(store) -> None:
    doc, _alignment = load(store, THREE)
    found = numbers_findings(store, doc)
    flag = findings.to_flag(store, doc, found[0].key, user="rev")
    findings.dismiss(store, doc, found[1].key, user="rev", reason=f"raised as flag {flag['id']}")
    report = findings.check_alignment(store, doc)
    assert report.handled() == "1 dismissed, 1 raised as a flag"
    rows = findings.dismissals(store, doc)
    assert [findings.raised_flag(row) for row in rows] == [flag["id"], None]
    # the dismissed one is a dismissal: raising it as a flag asks to bring it back first
    with pytest.raises(Conflict, match="is dismissed: bring it back"):
        findings.to_flag(store, doc, found[1].key, user="rev")


def test_a_finding_raised_as_a_flag_records_the_flags_id(store) -> None:
    doc, _alignment = load(store, THREE)
    found = numbers_findings(store, doc)
    flag = findings.to_flag(store, doc, found[0].key, user="rev", comment="check the year")
    [row] = findings.dismissals(store, doc)
    assert (row["key"], row["flag_id"], row["reason"]) == (found[0].key, flag["id"], None)
    assert findings.handled_as(row) == f"raised as flag {flag['id']}"
    report = findings.check_alignment(store, doc)
    assert (report.dismissed, report.raised) == (0, 1)
    assert report.handled() == "1 raised as a flag"


def test_the_qa_command_counts_a_typed_reason_as_a_dismissal(cli, store) -> None:
    doc, alignment = load(store, THREE)
    found = numbers_findings(store, doc)
    findings.to_flag(store, doc, found[0].key, user="rev")
    findings.dismiss(store, doc, found[1].key, user="rev", reason="raised as flag 1")
    result = cli("qa", doc)
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.endswith(f"in alignment {alignment} (1 dismissed, 1 raised as a flag)")


def test_the_qa_page_lists_the_flag_and_the_typed_reason_as_they_read(client, db_path) -> None:
    store = Store(db_path)
    try:
        doc, alignment = load(store, THREE)
        found = numbers_findings(store, doc)
        flag = findings.to_flag(store, doc, found[0].key, user="rev")
        findings.dismiss(store, doc, found[1].key, user="rev", reason="raised as flag 99")
    finally:
        store.close()
    add_user(db_path, "rev", "reviewer")
    login(client, "rev")
    html = lxml.html.fromstring(client.get(f"/alignments/{alignment}/qa").get_data(as_text=True))
    summary = html.xpath("//details[@id='dismissed']/summary")[0].text_content()
    assert "(1 dismissed, 1 raised as a flag)" in summary

    def listed(finding) -> str:
        [item] = html.xpath(f"//li[@id='dismissed-{finding.key}']")
        return " ".join(item.text_content().split())

    assert f": raised as flag {flag['id']}" in listed(found[0])
    assert ": raised as flag 99" in listed(found[1])


def test_a_dismissal_in_json_says_it_is_no_flag(client, db_path) -> None:
    store = Store(db_path)
    try:
        doc, alignment = load(store, THREE)
        key = numbers_findings(store, doc)[0].key
    finally:
        store.close()
    add_user(db_path, "rev", "reviewer")
    token = login(client, "rev")
    response = client.post(
        f"/alignments/{alignment}/findings/dismiss",
        json={"key": key, "reason": "raised as flag 1"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert response.status_code == 200
    result = response.get_json()["result"]
    assert (result["reason"], result["flag_id"]) == ("raised as flag 1", None)


def test_each_kind_of_finding_becomes_a_flag_of_a_category_reviewers_have() -> None:
    """A possible misalignment (the omission check's `alignment` finding) is flagged as
    "other", not as formatting; the checks without a category of their own (brackets,
    spacing, punctuation) are formatting."""
    assert findings.FLAG_CATEGORIES["alignment"] == "other"
    assert set(findings.FLAG_CATEGORIES.values()) <= set(flags.CATEGORIES)
    unmapped = set(qa.CHECKS) - set(findings.FLAG_CATEGORIES)
    assert unmapped == {"brackets", "final-punctuation", "spacing"}
