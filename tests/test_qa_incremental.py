"""Re-checking after a change: only what the change can affect runs again, and the findings are
exactly those of a check from scratch.

The document is the Universal Declaration of Human Rights, Albanian and English (translations/),
paired as its gold alignment pairs it, or imported and aligned like the demo's.
"""

from __future__ import annotations

import ast
import itertools
import time
from collections import Counter
from collections.abc import Callable

import pytest

from tests.conftest import TRANSLATIONS
from workbench import aligning, findings, findings_cache, glossary, qa, review, revisions, services
from workbench.qa import Finding, Pair, Term
from workbench.qa.typography import RUN_ON
from workbench.store import Store

JOINER = "\n\n"
LIBERTY = Term("liri", "liberty")  # the translation mostly says "freedom": glossary findings


def paragraphs(name: str) -> list[str]:
    return [p.strip() for p in (TRANSLATIONS / name).read_text().split(JOINER) if p.strip()]


def udhr_pairs() -> list[Pair]:
    """The declaration's paragraphs, paired as its gold alignment pairs them."""
    source, target = paragraphs("udhr_als.txt"), paragraphs("udhr_eng.txt")
    gold = (TRANSLATIONS / "udhr_als-eng.paras.gold").read_text().splitlines()
    beads = [[ast.literal_eval(side) for side in line.split(":")] for line in gold]
    return [
        Pair(JOINER.join(source[i] for i in s), JOINER.join(target[j] for j in t)) for s, t in beads
    ]


def revised(pairs: list[Pair], index: int, target: str) -> list[Pair]:
    return [*pairs[:index], Pair(pairs[index].source, target), *pairs[index + 1 :]]


def merged(pairs: list[Pair], index: int) -> list[Pair]:
    first, second = pairs[index], pairs[index + 1]
    joined = Pair(
        JOINER.join([first.source, second.source]), JOINER.join([first.target, second.target])
    )
    return [*pairs[:index], joined, *pairs[index + 2 :]]


def split(pairs: list[Pair], index: int) -> list[Pair]:
    """The pair's first paragraph on each side becomes a pair of its own."""
    pair = pairs[index]
    src, tgt = pair.source.split(JOINER, 1), pair.target.split(JOINER, 1)
    return [*pairs[:index], Pair(src[0], tgt[0]), Pair(src[1], tgt[1]), *pairs[index + 1 :]]


# -- the checks: a re-check is a full check -------------------------------------------------------


def test_a_recheck_after_each_kind_of_change_finds_what_a_full_run_finds() -> None:
    original = udhr_pairs()
    article = next(i for i, p in enumerate(original) if p.target.startswith("Article 5"))
    quoted = article + 3
    steps: list[tuple[str, list[Pair], list[Term]]] = [
        ("as imported", original, [LIBERTY]),
        ("a number changed", revised(original, article, "Article 6"), [LIBERTY]),
        ("a target cut short", revised(original, 30, "No one shall be subjected."), [LIBERTY]),
        ("two links merged", merged(original, 40), [LIBERTY]),
        ("a link split", split(merged(original, 40), 40), [LIBERTY]),
        ("a glossary term added", original, [LIBERTY, Term("njeriut", "man")]),
        ("a glossary term deleted", original, []),
        ("a quote opened", revised(original, quoted, "«" + original[quoted].target), []),
        (
            "and closed later",
            revised(
                revised(original, quoted, "«" + original[quoted].target),
                quoted + 2,
                original[quoted + 2].target + "»",
            ),
            [],
        ),
    ]
    previous = None
    for what, pairs, terms in steps:
        again, previous = qa.recheck(pairs, "sq", "en", terms, previous)
        assert again == qa.run(pairs, "sq", "en", terms), what


def test_each_kind_of_change_brings_the_findings_it_should() -> None:
    """The changes above are not idle: each one changes what is found."""
    original = udhr_pairs()
    article = next(i for i, p in enumerate(original) if p.target.startswith("Article 5"))

    def checks(pairs: list[Pair], terms: list[Term]) -> Counter[str]:
        return Counter(f.check for f in qa.run(pairs, "sq", "en", terms))

    base = checks(original, [LIBERTY])
    assert base["glossary"] > 0 and checks(original, [])["glossary"] == 0
    assert checks(revised(original, article, "Article 6"), [])["numbers"] == base["numbers"] + 1
    cut = checks(revised(original, 30, "No one shall be subjected."), [])
    assert cut["omission"] == base["omission"] + 1
    opened = revised(original, article + 3, "«" + original[article + 3].target)
    assert checks(opened, [])["quotes"] == base["quotes"] + 1
    closed = revised(opened, article + 5, original[article + 5].target + "»")
    assert checks(closed, [])["quotes"] == base["quotes"]


# -- the checks: only what a change can affect runs again ---------------------------------------


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, int]]:
    """Every check call from now on, as (check, pair index)."""
    seen: Counter[tuple[str, int]] = Counter()

    def counted(name: str, check: Callable[[Pair, qa.Context], list[Finding]]) -> Callable:
        def call(pair: Pair, ctx: qa.Context) -> list[Finding]:
            seen[name, pair.index] += 1
            return check(pair, ctx)

        return call

    for name, check in list(qa.CHECKS.items()):
        monkeypatch.setitem(qa.CHECKS, name, counted(name, check))
    return seen


def checked(calls: Counter[tuple[str, int]], kind: str) -> set[int]:
    """The pairs the checks of one kind (qa.READS) ran on."""
    return {index for (name, index) in calls if qa.READS[name] == kind}


def two_sided(pairs: list[Pair]) -> set[int]:
    """The pairs every check runs on (a one-sided pair is only an omission or an addition)."""
    return {i for i, p in enumerate(pairs) if p.source.strip() and p.target.strip()}


def test_nothing_runs_again_when_nothing_a_check_reads_changed(calls) -> None:
    pairs = udhr_pairs()
    _found, state = qa.recheck(pairs, "sq", "en", [LIBERTY])
    calls.clear()
    qa.recheck(pairs, "sq", "en", [LIBERTY], state)
    assert not calls


def test_a_glossary_change_runs_the_glossary_check_alone(calls) -> None:
    pairs = udhr_pairs()
    _found, state = qa.recheck(pairs, "sq", "en", [LIBERTY])
    calls.clear()
    qa.recheck(pairs, "sq", "en", [LIBERTY, Term("njeriut", "man")], state)
    assert {name for name, _ in calls} == {"glossary"}
    assert checked(calls, qa.GLOSSARY) == two_sided(pairs)


def test_a_revised_paragraph_runs_its_own_checks_and_those_of_the_whole_document(calls) -> None:
    pairs = udhr_pairs()
    _found, state = qa.recheck(pairs, "sq", "en", [LIBERTY])
    calls.clear()
    qa.recheck(revised(pairs, 50, pairs[50].target + " Really."), "sq", "en", [LIBERTY], state)
    assert checked(calls, qa.PAIR) == checked(calls, qa.GLOSSARY) == {50}
    assert checked(calls, qa.NEIGHBOURS) == set(range(50 - RUN_ON, 50 + RUN_ON + 1))
    assert checked(calls, qa.DOCUMENT) == set(range(len(pairs)))
    assert max(calls.values()) == 1


def test_merged_links_run_the_merged_pair_and_the_pairs_near_it(calls) -> None:
    pairs = udhr_pairs()
    _found, state = qa.recheck(pairs, "sq", "en", [])
    calls.clear()
    qa.recheck(merged(pairs, 40), "sq", "en", [], state)
    assert checked(calls, qa.PAIR) == {40}
    # the pairs after it moved up by one, their neighbours with them
    assert checked(calls, qa.NEIGHBOURS) == set(range(40 - RUN_ON, 40 + RUN_ON + 1))
    assert checked(calls, qa.DOCUMENT) == set(range(len(pairs) - 1))


def test_other_languages_run_everything_again(calls) -> None:
    pairs = udhr_pairs()
    _found, state = qa.recheck(pairs, "sq", "en", [])
    calls.clear()
    qa.recheck(pairs, "sq", "de", [], state)
    assert checked(calls, qa.PAIR) == two_sided(pairs)


# -- the findings service: the cached report after a change is the report from scratch ----------


def import_udhr(store: Store) -> int:
    """The declaration imported and aligned as the demo does it; the alignment's id."""
    document = None
    for name, language, role in (
        ("udhr_als.txt", "sq", "source"),
        ("udhr_eng.txt", "en", "translation"),
    ):
        document = services.import_file(
            store,
            (TRANSLATIONS / name).read_bytes(),
            filename=name,
            document_id=document,
            language=language,
            role=role,
            user="demo",
        ).document
    return aligning.align_versions(store, document, user="demo")


def revise(store: Store, alignment: int, position: int, edit: Callable[[str], str]) -> None:
    """A translator's revision of one target paragraph, approved by an editor."""
    target = store.alignment(alignment)["target_version_id"]
    paragraph = store.segment(store.segment_at(target, "paragraph", position)["id"])
    proposed = revisions.propose(
        store,
        paragraph["id"],
        edit(paragraph["text"]),
        base_revision=paragraph["revision"],
        user="translator",
    )
    revisions.approve(store, proposed, user="editor")


def assert_as_from_scratch(store: Store, alignment: int) -> findings.Report:
    """The cached report (re-checked from the last one) is the one a full check gives."""
    document = store.alignment(alignment)["document_id"]
    cached = findings.cached_report(store, alignment)
    scratch = findings.check_alignment(store, document, alignment, include_dismissed=True)
    assert cached.findings == scratch.findings  # texts, spans, positions, links, keys
    assert cached.pairs == scratch.pairs
    return cached


def touch(store: Store, document: int) -> None:
    """Change the document's `updated` as an edit elsewhere would, to a value it never had
    (`touch_document` writes the time in whole seconds: twice in one second is no change)."""
    store.db["documents"].update(document, {"updated": f"9999-{next(_TOUCHES):06d}"})


_TOUCHES = itertools.count()


@pytest.fixture
def starts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each report the cache computes from now on: whether it started from an earlier one."""
    seen: list[bool] = []
    real = findings._checked

    def checked(store, document_id, alignment_id, previous=None):
        seen.append(previous is not None)
        return real(store, document_id, alignment_id, previous)

    monkeypatch.setattr(findings, "_checked", checked)
    return seen


def test_the_cached_report_after_each_kind_of_change_is_the_report_from_scratch(
    store: Store, starts: list[bool]
) -> None:
    alignment = import_udhr(store)
    document = store.alignment(alignment)["document_id"]
    term = glossary.add(
        store, glossary.TermInput("liri", "liberty"), document_id=document, user="t"
    )
    first = assert_as_from_scratch(store, alignment)
    assert any(f.check == "glossary" for f in first.findings)

    revise(store, alignment, 21, lambda text: text.replace("5", "6"))  # "Article 5"
    revise(store, alignment, 78, lambda text: ". ".join(text.split(". ")[:2]) + ".")
    assert_as_from_scratch(store, alignment)

    links = store.links(alignment, "paragraph")
    review.merge(store, alignment, links[40].id, "next", user="reviewer")
    assert_as_from_scratch(store, alignment)
    joined = store.links(alignment, "paragraph")[40]
    review.split(store, alignment, joined.id, joined.src_start + 1, joined.tgt_start + 1, user="r")
    assert_as_from_scratch(store, alignment)

    glossary.add(store, glossary.TermInput("njeriut", "man"), document_id=document, user="t")
    assert_as_from_scratch(store, alignment)
    glossary.delete_term(store, term.term["id"], user="t")
    assert_as_from_scratch(store, alignment)

    touch(store, document)  # what a sentence link edit or another alignment does
    assert_as_from_scratch(store, alignment)
    assert starts == [False] + [True] * 6  # every report after the first


def test_a_dismissal_changes_no_report_only_what_is_open(store: Store) -> None:
    alignment = import_udhr(store)
    document = store.alignment(alignment)["document_id"]
    glossary.add(store, glossary.TermInput("liri", "liberty"), document_id=document, user="t")
    before = assert_as_from_scratch(store, alignment)
    key = next(f.key for f in before.findings if f.check == "glossary")
    findings.dismiss(store, document, key, user="reviewer")
    assert findings.cached_report(store, alignment) is before  # nothing checked again
    _report, still_open = findings.open_findings(store, alignment)
    assert key not in {f.key for f in still_open}
    revise(store, alignment, 50, lambda text: text + " Surely.")
    after = assert_as_from_scratch(store, alignment)
    assert key in {f.key for f in after.findings}  # the texts it was about are the same
    assert key not in {f.key for f in findings.open_findings(store, alignment)[1]}


# -- the cache: where and when re-checks run ------------------------------------------------------


def test_a_worker_process_rechecks_from_the_report_it_is_sent(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    alignment = import_udhr(store)
    monkeypatch.setattr(findings_cache, "SYNC_SECONDS", 0.0)  # every report goes to the worker
    findings_cache.offload_checks()
    pool = findings_cache._POOL
    assert pool is not None
    sent: list[object] = []  # the previous report each computation was sent
    submit = pool.submit

    def sending(*args):
        sent.append(args[-1])
        return submit(*args)

    monkeypatch.setattr(pool, "submit", sending)
    try:
        assert_as_from_scratch(store, alignment)
        revise(store, alignment, 21, lambda text: text.replace("5", "6"))
        assert_as_from_scratch(store, alignment)
    finally:
        findings_cache._POOL = None
        pool.shutdown()
    first, second = sent
    assert first is None and isinstance(second, findings.Report)


def test_a_quick_recheck_leaves_a_slow_alignment_slow_for_the_review_badges(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next change may be a text change, which re-checks the whole document's models: the
    badges go on taking the last report rather than wait for it."""
    alignment = import_udhr(store)
    document = store.alignment(alignment)["document_id"]
    real = findings._checked

    def first_one_slow(store, document_id, alignment_id, previous=None):
        if previous is None:
            time.sleep(0.3)
        return real(store, document_id, alignment_id, previous)

    monkeypatch.setattr(findings, "_checked", first_one_slow)
    monkeypatch.setattr(findings_cache, "SYNC_SECONDS", 0.25)
    monkeypatch.setattr(findings_cache, "STALE_SECONDS", 3600.0)
    findings.open_by_link(store, alignment)
    touch(store, document)  # a quick re-check: nothing the checks read changed
    quick = findings.open_by_link(store, alignment)
    revise(store, alignment, 21, lambda text: text.replace("5", "6"))
    assert findings.open_by_link(store, alignment, stale_ok=True) is quick
    assert findings.open_by_link(store, alignment) is not quick  # pages that need it wait
