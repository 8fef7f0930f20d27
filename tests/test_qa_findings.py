"""The findings service over a stored alignment: dismissals, re-alignment, the `qa` command."""

from __future__ import annotations

import json

import pytest

from tests.conftest import import_pair, snapshot
from workbench import aligning, findings, findings_cache, services
from workbench.errors import Conflict, InputError, NotFound

SOURCE = """Hrushovi tha se në vitin 1961 kishte 80 mijë ushtarë.

Pastaj Hrushovi foli me delegacionin tonë për dy orë.

Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.
"""
TARGET = """Khrushchev said that in 1916 there were 80,000 soldiers.

Then Khrushchev spoke with our delegation for two hours.

Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.
"""


def load(store, source: str = SOURCE, target: str = TARGET) -> int:
    alignment = import_pair(store, source.strip().split("\n\n"), target.strip().split("\n\n"))
    return store.alignment(alignment)["document_id"]


def test_findings_have_positions_links_and_keys(store) -> None:
    doc = load(store)
    report = findings.check_alignment(store, doc)
    checks = {(f.check, tuple(f.source), tuple(f.target)) for f in report.findings}
    assert ("numbers", (0,), (0,)) in checks
    assert ("untranslated", (2,), (2,)) in checks
    for f in report.findings:
        assert f.link is not None and len(f.key) == 20
    number = next(f for f in report.findings if f.check == "numbers")
    row = report.finding_json(number)
    assert row["source_text"].startswith("Hrushovi")
    assert [row["source_text"][s:e] for s, e in row["source_spans"]] == ["1961"]


def test_dismissal_is_remembered_across_runs_and_realignment(store, db_path) -> None:
    doc = load(store)
    report = findings.check_alignment(store, doc)
    number = next(f for f in report.findings if f.check == "numbers")
    findings.dismiss(store, doc, number.key, user="rev", reason="the source is wrong")
    with pytest.raises(Conflict):
        findings.dismiss(store, doc, number.key, user="rev")
    again = findings.check_alignment(store, doc)
    assert number.key not in {f.key for f in again.findings}
    assert again.dismissed == 1
    aligning.align_versions(store, doc, user="t")  # new link ids, same texts
    after = findings.check_alignment(store, doc)
    assert number.key not in {f.key for f in after.findings}
    assert store.events(doc, limit=5)[1]["action"] == "dismiss"
    findings.undismiss(store, doc, number.key, user="rev")
    assert number.key in {f.key for f in findings.check_alignment(store, doc).findings}
    with pytest.raises(NotFound):
        findings.undismiss(store, doc, number.key, user="rev")


def test_changed_text_brings_a_finding_back(store) -> None:
    doc = load(store)
    number = next(f for f in findings.check_alignment(store, doc).findings if f.check == "numbers")
    findings.dismiss(store, doc, number.key, user="rev")
    doc2 = load(store, SOURCE, TARGET.replace("80,000", "80 000"))
    keys = {f.key for f in findings.check_alignment(store, doc2).findings}
    assert number.key not in keys  # another document: its own dismissals
    assert any(f.check == "numbers" for f in findings.check_alignment(store, doc2).findings)


def test_unknown_finding_and_missing_alignment(store) -> None:
    doc = load(store)
    with pytest.raises(NotFound):
        findings.dismiss(store, doc, "0" * 20, user="rev")
    lone = services.import_file(
        store, b"Nje tekst.", filename="x.txt", language="sq", role="source", user="t"
    ).document
    with pytest.raises(InputError):
        findings.check_alignment(store, lone)


def test_to_flag_raises_a_span_flag_and_hides_the_finding(store) -> None:
    doc = load(store)
    number = next(f for f in findings.check_alignment(store, doc).findings if f.check == "numbers")
    flag = findings.to_flag(store, doc, number.key, user="rev")
    assert flag["category"] == "numbers-and-dates" and flag["severity"] == "major"
    assert flag["span_side"] == "target" and flag["quote"] == "1916"
    assert number.key not in {f.key for f in findings.check_alignment(store, doc).findings}


def test_glossary_terms_reach_the_checks(store) -> None:
    from workbench import glossary

    doc = load(store)
    glossary.add(
        store,
        glossary.TermInput("delegacion", "delegation", forbidden=["mission"]),
        document_id=doc,
        user="rev",
    )
    assert not [f for f in findings.check_alignment(store, doc).findings if f.check == "glossary"]
    glossary.add(
        store,
        glossary.TermInput("ushtarë", "troops"),
        document_id=None,
        src_lang="sq",
        tgt_lang="en",
        user="rev",
    )
    found = [f for f in findings.check_alignment(store, doc).findings if f.check == "glossary"]
    assert [f.source for f in found] == [[0]]


# -- the command -----------------------------------------------------------------------------


def test_qa_command_exit_codes_and_json(cli, store, db_path) -> None:
    doc = load(store)
    result = cli("qa", doc, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"check", "severity", "message", "source", "target", "link"} <= set(rows[0])
    assert all(isinstance(p, int) for r in rows for p in r["source"] + r["target"])
    assert cli("qa", doc, "--fail-on", "critical").exit_code == 1  # untranslated paragraph
    assert cli("qa", doc, "--fail-on", "major").exit_code == 1
    for row in rows:
        if row["severity"] == "critical":
            findings.dismiss(store, doc, row["key"], user="rev")
    assert cli("qa", doc, "--fail-on", "critical").exit_code == 0
    text = cli("qa", doc)
    assert text.exit_code == 0 and "numbers" in text.stdout


def test_qa_command_errors(cli, store, db_path) -> None:
    doc = load(store)
    before = snapshot(db_path)
    missing = cli("qa", 999)
    assert missing.exit_code == 2 and missing.stderr.startswith("error:")
    assert cli("qa", doc, "--alignment", 999).exit_code == 2
    assert cli("qa", doc, "--fail-on", "huge").exit_code == 2
    assert snapshot(db_path) == before


def _fix_the_number(store, alignment: int) -> None:
    from workbench import revisions

    target = store.alignment(alignment)["target_version_id"]
    paragraph = store.segment_at(target, "paragraph", 0)
    fixed = revisions.propose(
        store,
        paragraph["id"],
        "Khrushchev said that in 1961 there were 80,000 soldiers.",
        base_revision=0,
        user="tom",
    )
    revisions.approve(store, fixed, user="eva")


def numbers(by_link: dict) -> int:
    return sum(f.check == "numbers" for group in by_link.values() for f in group)


def test_review_badges_take_a_slow_report_and_refresh_it_in_the_background(
    store, monkeypatch
) -> None:

    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    monkeypatch.setattr(findings_cache, "SYNC_SECONDS", 0.0)  # every report counts as slow
    before = findings.open_by_link(store, alignment, stale_ok=True)
    assert numbers(before) == 1
    _fix_the_number(store, alignment)
    assert findings.open_by_link(store, alignment, stale_ok=True) is before  # no waiting
    monkeypatch.setattr(findings_cache, "STALE_SECONDS", 0.0)
    findings.open_by_link(store, alignment, stale_ok=True)  # starts the refresh
    key = (str(store.path), alignment)
    with findings_cache._COMPUTING[key]:  # the refresh holds this until it is done
        pass
    assert numbers(findings.open_by_link(store, alignment, stale_ok=True)) == 0


def test_a_long_first_report_is_not_waited_for_by_the_review_badges(store, monkeypatch) -> None:
    import threading
    import time

    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    release = threading.Event()
    real = findings._checked

    def slow(*args):  # a chapter-length document's checks
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(findings, "_checked", slow)
    monkeypatch.setattr(findings_cache, "FIRST_WAIT_SECONDS", 0.05)
    started = time.monotonic()
    with pytest.raises(findings_cache.Pending):
        findings.open_by_link(store, alignment, stale_ok=True)
    assert time.monotonic() - started < 2
    release.set()
    with findings_cache._COMPUTING[(str(store.path), alignment)]:  # the background run
        pass
    assert numbers(findings.open_by_link(store, alignment, stale_ok=True)) == 1


def test_a_fast_report_is_always_current_and_pages_that_need_it_wait(store, monkeypatch) -> None:
    # "fast" is below SYNC_SECONDS; on a loaded machine this short text can take longer
    monkeypatch.setattr(findings_cache, "SYNC_SECONDS", 3600.0)
    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    assert numbers(findings.open_by_link(store, alignment, stale_ok=True)) == 1
    _fix_the_number(store, alignment)
    assert numbers(findings.open_by_link(store, alignment, stale_ok=True)) == 0


def test_checks_offloaded_to_a_worker_process_give_the_same_report(store) -> None:

    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    here = findings._checked(store, doc, alignment)
    findings_cache.offload_checks()
    try:
        report, _memo = findings._cached(store, alignment)
    finally:
        pool, findings_cache._POOL = findings_cache._POOL, None
        pool.shutdown()
    assert [f.key for f in report.findings] == [f.key for f in here.findings]


def test_prewarm_checks_the_recent_alignments_in_the_background(store) -> None:
    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    findings.prewarm(str(store.path)).join(timeout=60)
    key = (str(store.path), alignment)

    assert key in findings_cache._CACHE
    assert findings_cache._CACHE[key].report.findings


# -- a finding becomes one flag ---------------------------------------------------------------


def test_a_finding_raised_as_a_flag_twice_makes_one_flag(store, db_path) -> None:
    doc = load(store)
    alignment = store.alignments(doc)[0]["id"]
    number = next(f for f in findings.check_alignment(store, doc).findings if f.check == "numbers")
    flag = findings.to_flag(store, doc, number.key, user="rev")
    before = snapshot(db_path)
    with pytest.raises(Conflict, match=f"was raised as flag {flag['id']} already"):
        findings.to_flag(store, doc, number.key, user="rev", comment="once more")
    assert snapshot(db_path) == before
    assert [f["id"] for f in store.flags(alignment_id=alignment)] == [flag["id"]]
    # brought back, it may be raised again: that is a decision, not a repeated request
    findings.undismiss(store, doc, number.key, user="rev")
    again = findings.to_flag(store, doc, number.key, user="rev")
    assert again["id"] != flag["id"]


def test_a_dismissed_finding_is_not_raised_as_a_flag(store, db_path) -> None:
    doc = load(store)
    number = next(f for f in findings.check_alignment(store, doc).findings if f.check == "numbers")
    findings.dismiss(store, doc, number.key, user="rev", reason="the source is wrong")
    before = snapshot(db_path)
    with pytest.raises(Conflict, match="is dismissed: bring it back"):
        findings.to_flag(store, doc, number.key, user="rev")
    assert snapshot(db_path) == before


def test_the_qa_page_answers_a_repeated_flag_request_with_409(client, as_role, db_path) -> None:
    from workbench.store import Store

    store = Store(db_path)
    try:
        doc = load(store)
        alignment = store.alignments(doc)[0]["id"]
        key = next(
            f for f in findings.check_alignment(store, doc).findings if f.check == "numbers"
        ).key
    finally:
        store.close()
    token = as_role("reviewer")
    url = f"/alignments/{alignment}/findings/flag"
    headers = {"X-CSRF-Token": token, "Accept": "application/json"}
    first = client.post(url, json={"key": key}, headers=headers)
    assert first.status_code == 201
    second = client.post(url, json={"key": key}, headers=headers)
    assert second.status_code == 409
    assert (
        f"raised as flag {first.get_json()['result']['id']}"
        in second.get_json()["error"]["message"]
    )
    form = client.post(url, data={"key": key, "csrf_token": token})
    assert form.status_code == 409 and "already" in form.get_data(as_text=True)
    store = Store(db_path)
    try:
        assert len(store.flags(alignment_id=alignment)) == 1
    finally:
        store.close()
