"""QA findings of a stored alignment, and the dismissals people make of them.

Each paragraph link becomes one pair (its paragraphs joined by a blank line); every check in
`workbench.qa` runs over the document's pairs with the document's and the shared glossary
(after a change, from the alignment's previous report: `qa.recheck` runs again only what the
change can affect, and finds what a run from scratch finds). A finding's key hashes its
check, message, spans and the exact texts of its pair, so a dismissed finding stays dismissed
after re-running the checks or re-aligning, as long as the texts it was about are the same;
if either text changes, it is a new finding. An omission's key hashes its check and texts
only (`PER_PAIR`): what it highlights and says follows the document's whole sentence
alignment, which moves when other pairs change.

A finding raised as a flag is remembered like a dismissal, with the flag's id (`flag_id`):
the reports count it apart ("1 dismissed, 2 raised as flags").
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from workbench import findings_cache, glossary, languages, qa
from workbench.errors import Conflict, InputError, NotFound
from workbench.qa import Finding, Pair
from workbench.store import LinkRow, Store
from workbench.store.review import LinkFilter
from workbench.typed import typed_text

JOINER = "\n\n"
EXCERPT = 200
MAX_REASON = 10_000  # characters of a dismissal's reason, as of a flag's comment
#: The flag category (workbench/flags.py) a finding of each check becomes.
FLAG_CATEGORIES = {
    "numbers": "numbers-and-dates",
    "names": "names-and-transliteration",
    "omission": "accuracy/omission",
    "addition": "accuracy/addition",
    "untranslated": "accuracy/untranslated",
    "glossary": "terminology",
    "inconsistency": "terminology",
    "repeated-word": "grammar",
    # the omission check's "the text is in the next row": the rows, not the wording, are wrong
    "alignment": "other",
}


@dataclass
class Report:
    """The findings of one alignment after dismissals, with the pairs they refer to."""

    document_id: int
    alignment_id: int
    findings: list[Finding]
    pairs: list[Pair]
    #: Findings left out because a person dismissed them (judged them no error).
    dismissed: int
    #: The checks' state, so that the next report of this alignment re-checks what changed.
    checked: qa.Checked | None = field(default=None, repr=False, compare=False)
    #: Findings left out because a person turned them into flags (`to_flag`).
    raised: int = 0

    def handled(self) -> str:
        """What became of the findings left out: "1 dismissed, 2 raised as flags", or ""."""
        return handled_summary(self.dismissed, self.raised)

    def finding_json(self, finding: Finding) -> dict[str, Any]:
        pair = self.pairs[finding.pair or 0]
        return {
            **finding.as_json(),
            "source_text": _excerpt(pair.source, finding.source_spans),
            "target_text": _excerpt(pair.target, finding.target_spans),
        }

    def as_json(self) -> list[dict[str, Any]]:
        return [self.finding_json(f) for f in self.findings]


def _excerpt(text: str, spans: list[tuple[int, int]]) -> str:
    """The pair's text, or a window around its first span when the text is long."""
    if len(text) <= EXCERPT:
        return text
    start = max(0, spans[0][0] - EXCERPT // 2) if spans else 0
    end = min(len(text), start + EXCERPT)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


#: Checks with at most one finding per pair whose spans and message follow the document's
#: whole sentence alignment (workbench/qa/orphans.py): an edit of another pair can add an
#: orphan sentence to this pair's finding or move its gap, and a dismissal keyed on those came
#: back although nobody touched the pair. Their findings are known by check and texts alone.
PER_PAIR = frozenset({"omission"})


def finding_key(finding: Finding, pair: Pair) -> str:
    """Stable identity of a finding: same check, message, spans and texts, same key; for a
    check in PER_PAIR, same check and texts."""
    if finding.check in PER_PAIR:
        return _hashed([finding.check, _normal(pair.source), _normal(pair.target)])
    return _full_key(finding, pair)


def _full_key(finding: Finding, pair: Pair) -> str:
    """The key of every finding until PER_PAIR: check, message, spans and texts."""
    parts = [
        finding.check,
        finding.message,
        repr(finding.source_spans),
        repr(finding.target_spans),
        _normal(pair.source),
        _normal(pair.target),
    ]
    return _hashed(parts)


def _hashed(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _key_in(finding: Finding, pair: Pair, handled: Collection[str]) -> str:
    """The finding's key, or the full key it was dismissed under before PER_PAIR: while it
    still has those spans and that message it stays dismissed, instead of coming back once
    because its key changed on upgrading."""
    key = finding_key(finding, pair)
    if key not in handled and finding.check in PER_PAIR:
        full = _full_key(finding, pair)
        if full in handled:
            return full
    return key


def _alignment(store: Store, document_id: int, alignment_id: int | None) -> dict[str, Any]:
    store.document(document_id)
    if alignment_id is None:
        alignments = store.alignments(document_id)
        if not alignments:
            # aligning needs a source and a translation: advise the step that is missing
            roles = {version["role"] for version in store.versions(document_id)}
            missing = [role for role in ("source", "translation") if role not in roles]
            if missing:
                raise InputError(
                    f"document {document_id} has no {' and no '.join(missing)} version yet, "
                    "so nothing to align or check: "
                    f"import one with `workbench import FILE --document {document_id} "
                    f"--role {missing[0]} --lang LANG`, then run "
                    f"`workbench align --document {document_id}`"
                )
            raise InputError(
                f"document {document_id} has no alignment yet: "
                f"run `workbench align --document {document_id}` first"
            )
        alignment_id = alignments[0]["id"]
    alignment = store.alignment(alignment_id)
    if alignment["document_id"] != document_id:
        raise NotFound(f"alignment {alignment_id} is not part of document {document_id}")
    return alignment


def _side(store: Store, version_id: int) -> tuple[list[str], list[int]]:
    """Paragraph texts and sentence counts of a version, by position."""
    texts = [s["text"] for s in store.segments(version_id, "paragraph")]
    counts = [len(s) for s in store.sentences_by_paragraph(version_id)]
    return texts, counts + [0] * (len(texts) - len(counts))


def check_alignment(
    store: Store,
    document_id: int,
    alignment_id: int | None = None,
    *,
    include_dismissed: bool = False,
    previous: Report | None = None,
) -> Report:
    """Run every check over an alignment's paragraph links (default: the document's first).

    With `previous`, an earlier report of this alignment, only the checks whose inputs
    changed since run again (`qa.recheck`); the findings are the same either way."""
    alignment = _alignment(store, document_id, alignment_id)
    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    src_texts, src_counts = _side(store, source["id"])
    tgt_texts, tgt_counts = _side(store, target["id"])
    links = store.links(alignment["id"], "paragraph")
    pairs = [
        Pair(
            JOINER.join(src_texts[link.src_start : link.src_end]),
            JOINER.join(tgt_texts[link.tgt_start : link.tgt_end]),
            index,
            sum(src_counts[link.src_start : link.src_end]),
            sum(tgt_counts[link.tgt_start : link.tgt_end]),
        )
        for index, link in enumerate(links)
    ]
    src_lang = languages.primary(source["language"])
    tgt_lang = languages.primary(target["language"])
    terms = glossary.terms_for(store, document_id, src_lang or "", tgt_lang or "")
    state = previous.checked if previous and previous.alignment_id == alignment["id"] else None
    findings, checked = qa.recheck(pairs, src_lang, tgt_lang, terms, state)
    handled = {row["key"]: row for row in store.dismissals(document_id)}
    kept = []
    dismissed_count = raised_count = 0
    for finding in findings:
        pair = pairs[finding.pair or 0]
        link = links[finding.pair or 0]
        finding.link = link.id
        finding.source = link.src
        finding.target = link.tgt
        finding.key = _key_in(finding, pair, handled)
        if finding.key not in handled:
            kept.append(finding)
            continue
        if include_dismissed:
            kept.append(finding)
        elif raised_flag(handled[finding.key]) is not None:
            raised_count += 1
        else:
            dismissed_count += 1
    return Report(document_id, alignment["id"], kept, pairs, dismissed_count, checked, raised_count)


def find(
    store: Store, document_id: int, key: str, alignment_id: int | None = None
) -> tuple[Report, Finding]:
    """The finding with this key (dismissed or not), or NotFound; from the cached report, so
    acting on one finding of a long alignment does not run every check again."""
    report = cached_report(store, _alignment(store, document_id, alignment_id)["id"])
    for finding in report.findings:
        if finding.key == key:
            return report, finding
    raise NotFound(f"no finding {key} in document {document_id} (was the text changed?)")


def dismiss(
    store: Store,
    document_id: int,
    key: str,
    *,
    user: str | None,
    reason: str | None = None,
    alignment_id: int | None = None,
) -> dict[str, Any]:
    """Remember that a person judged this finding not to be an error. The reason is theirs,
    whatever it says: "raised as flag 3" typed here is a dismissal, not a flag."""
    reason = typed_text(reason, field="reason", max_chars=MAX_REASON) or None
    report, finding = find(store, document_id, key, alignment_id)
    with store.transaction():  # the check and the dismissal at once: two people, one row
        handled = store.dismissal(document_id, key)
        if handled and raised_flag(handled) is not None:
            raise Conflict(f"finding {key} was {handled_as(handled)} already: see that flag")
        if handled:
            raise Conflict(f"finding {key} is already dismissed")
        return _remember(store, report, finding, user=user, reason=reason)


def _remember(
    store: Store,
    report: Report,
    finding: Finding,
    *,
    user: str | None,
    reason: str | None = None,
    flag_id: int | None = None,
) -> dict[str, Any]:
    """Record a finding as handled: dismissed (with the person's reason), or raised as the
    flag `flag_id`. A row of `dismissed_findings` either way, so it is reported no more."""
    pair = report.pairs[finding.pair or 0]
    row = {
        "document_id": report.document_id,
        "key": finding.key,
        "check_name": finding.check,
        "message": finding.message,
        "source_text": _excerpt(pair.source, finding.source_spans),
        "target_text": _excerpt(pair.target, finding.target_spans),
        "reason": reason,
        "flag_id": flag_id,
        "dismissed_by": user,
    }
    with store.transaction():
        dismissal_id = store.add_dismissal(row)
        store.log_event(
            "dismiss", "finding", dismissal_id, user=user, document_id=report.document_id, after=row
        )
    return store.dismissal(report.document_id, finding.key) or row


def undismiss(store: Store, document_id: int, key: str, *, user: str | None) -> None:
    """Forget a dismissal: the finding is reported again."""
    row = store.dismissal(document_id, key)
    if row is None:
        raise NotFound(f"finding {key} is not dismissed in document {document_id}")
    with store.transaction():
        store.delete_dismissal(row["id"])
        store.log_event(
            "undismiss", "finding", row["id"], user=user, document_id=document_id, before=row
        )


def dismissals(store: Store, document_id: int) -> list[dict[str, Any]]:
    """A document's dismissed (and flagged) findings, oldest first."""
    return store.dismissals(document_id)


def raised_flag(row: dict[str, Any]) -> int | None:
    """The flag a handled finding (a row of `dismissals`) was raised as, or None when it was
    dismissed: its `flag_id`, never its reason, which is a person's words."""
    return row.get("flag_id")


def handled_as(row: dict[str, Any]) -> str | None:
    """What a page says became of a handled finding: "raised as flag 12", or the reason it was
    dismissed with (None: none was given)."""
    flag_id = raised_flag(row)
    return f"{RAISED_AS} {flag_id}" if flag_id is not None else row.get("reason")


def handled_summary(dismissed: int, raised: int) -> str:
    """ "1 dismissed, 2 raised as flags": what people did with findings no longer reported."""
    parts = []
    if dismissed:
        parts.append(f"{dismissed} dismissed")
    if raised:
        parts.append(f"{raised} raised as {'a flag' if raised == 1 else 'flags'}")
    return ", ".join(parts)


def handled_counts(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """(dismissed, raised as flags) among rows of `dismissals`."""
    raised = sum(raised_flag(row) is not None for row in rows)
    return len(rows) - raised, raised


def _locate(
    span: tuple[int, int], paragraphs: list[str], positions: list[int]
) -> tuple[int, int, int] | None:
    """(paragraph position, start, end) of a span of the pair's text, in that paragraph's own
    text; None when it is empty or does not lie inside one paragraph."""
    start, end = span
    if start >= end or len(paragraphs) != len(positions):
        return None
    offset = 0
    for position, text in zip(positions, paragraphs, strict=True):
        if offset <= start and end <= offset + len(text):
            return position, start - offset, end - offset
        offset += len(text) + len(JOINER)
    return None


def _quoted(text: str, spans: list[tuple[int, int]]) -> str:
    quotes = []
    for start, end in spans:
        words = text[start:end]
        quotes.append(
            f"“{words}”"
            if words.strip()
            else f"{len(words)} blank character{'s' * (len(words) > 1)} at {start}"
        )
    return ", ".join(quotes)


def flag_place(
    store: Store, alignment_id: int, finding: Finding, pair: Pair
) -> tuple[tuple[str, int, int, int] | None, str]:
    """Where the flag for a finding goes, and what its comment adds to the finding's message.

    A flag holds one span. A finding with one span on the side it is flagged on (the target,
    else the source) becomes a flag on that span, checked to be the finding's own words in the
    stored paragraph. A finding with several spans there ("3, 12 in the source; 4, 13 in the
    target") becomes a flag on the whole link: one span covering them would highlight words
    that are not the finding's ("submarines and"), and the first alone would hide the others;
    its comment then quotes every span of the finding, since the flag cannot highlight them.
    A span that cannot be placed (it crosses paragraphs, the text changed) gives a link flag.
    """
    alignment = store.alignment(alignment_id)
    sides = (
        ("target", finding.target_spans, pair.target, finding.target),
        ("source", finding.source_spans, pair.source, finding.source),
    )
    for side, spans, text, positions in sides:
        distinct = list(dict.fromkeys((start, end) for start, end in spans))
        if not distinct:
            continue
        if len(distinct) > 1:
            where = [
                f"in the {name}: {_quoted(words, list(dict.fromkeys(map(tuple, marks))))}"
                for name, marks, words, _positions in sides
                if marks
            ]
            listed = "; ".join(where)
            return None, listed[0].upper() + listed[1:] + "."
        located = _locate(distinct[0], text.split(JOINER), positions)
        if located is None:
            continue
        position, start, end = located
        try:
            stored = store.paragraph_at(alignment[f"{side}_version_id"], position)["text"]
        except NotFound:
            continue
        if stored[start:end] == text[distinct[0][0] : distinct[0][1]]:
            return (side, position, start, end), ""
    return None, ""


def to_flag(
    store: Store,
    document_id: int,
    key: str,
    *,
    user: str | None,
    comment: str | None = None,
    alignment_id: int | None = None,
) -> dict[str, Any]:
    """Accept a finding as a flag (on its span, or on its link when it has several spans or
    none: see `flag_place`); the finding is then remembered as handled, like a dismissal but
    with the flag's id, so it is not reported twice. A finding handled already (raised as a
    flag, or dismissed) is refused (Conflict) and nothing is created: sending the same request
    twice raises one flag."""
    from workbench import flags  # the flags service belongs to the review area

    report, finding = find(store, document_id, key, alignment_id)
    pair = report.pairs[finding.pair or 0]
    category = FLAG_CATEGORIES.get(finding.check, "formatting")
    span, where = flag_place(store, report.alignment_id, finding, pair)
    body = "\n".join(part for part in (finding.message, where) if part)
    body += f"\n\n{comment.strip()}" if comment and comment.strip() else ""
    kwargs: dict[str, Any] = {"link_id": finding.link}
    if span:
        kwargs = {"side": span[0], "position": span[1], "start": span[2], "end": span[3]}
    with store.transaction():  # the check and the flag at once: two requests raise one flag
        _refuse_handled(store, document_id, key)
        flag = flags.raise_flag(
            store,
            report.alignment_id,
            category=category,
            severity=finding.severity,
            comment=body,
            user=user,
            **kwargs,
        )
        _remember(store, report, finding, user=user, flag_id=flag["id"])
    return flag


#: How pages and messages say what became of a finding turned into a flag ("raised as flag 12").
RAISED_AS = "raised as flag"


def _refuse_handled(store: Store, document_id: int, key: str) -> None:
    handled = store.dismissal(document_id, key)
    if handled is None:
        return
    if raised_flag(handled) is not None:
        raise Conflict(f"finding {key} was {handled_as(handled)} already: see that flag")
    raise Conflict(
        f"finding {key} is dismissed: bring it back (undismiss) before raising it as a flag"
    )


# -- findings for pages: computed once per state of an alignment -------------------------------


def _checked(
    store: Store, document_id: int, alignment_id: int, previous: Report | None = None
) -> Report:
    """What the cache computes (module level, so a worker process can run it): from the
    alignment's previous report, if any, only what changed is checked again."""
    return check_alignment(
        store, document_id, alignment_id, include_dismissed=True, previous=previous
    )


def _cached(
    store: Store, alignment_id: int, *, stale_ok: bool = False
) -> tuple[Report, dict[Any, Any]]:
    """The alignment's report and its memo of open findings, from findings_cache."""
    alignment = store.alignment(alignment_id)
    stamp = store.findings_stamp(alignment_id)
    src_lang, tgt_lang = languages.primary(stamp[3]) or "", languages.primary(stamp[5]) or ""
    terms = tuple(glossary.terms_for(store, alignment["document_id"], src_lang, tgt_lang))
    entry = findings_cache.get(
        store, alignment_id, alignment["document_id"], (stamp, terms), _checked, stale_ok=stale_ok
    )
    return entry.report, entry.memo


def prewarm(db_path: str) -> threading.Thread:
    """Check the most recently changed alignments in the background (the production server
    does this at start, so the first reviewers do not wait for long reports)."""

    def run() -> None:
        store = Store(db_path)
        try:
            for alignment_id in store.recent_alignments(findings_cache.CACHE_SIZE):
                _cached(store, alignment_id)
        except Exception:  # a report that fails here is computed (and reported) on demand
            pass
        finally:
            store.close()

    thread = threading.Thread(target=run, name="qa-prewarm", daemon=True)
    thread.start()
    return thread


def cached_report(store: Store, alignment_id: int) -> Report:
    """Every finding of an alignment, dismissed ones included, as `check_alignment` reports
    them; computed again only when its links, its paragraph texts, its document or the
    glossary terms it is checked against changed (checking 5,000 links takes seconds, the
    stamp a millisecond), and then from the previous report: only the checks whose inputs
    changed run again. The report is shared: read it, never change it."""
    return _cached(store, alignment_id)[0]


def open_findings(
    store: Store, alignment_id: int, min_severity: str = "minor"
) -> tuple[Report, list[Finding]]:
    """The cached report and its findings nobody dismissed, at or above a severity."""
    report, found, _grouped = _open(store, alignment_id, min_severity)
    return report, found


def _open(
    store: Store, alignment_id: int, min_severity: str, stale_ok: bool = False
) -> tuple[Report, list[Finding], dict[int, list[Finding]]]:
    report, memo = _cached(store, alignment_id, stale_ok=stale_ok)
    dismissed = frozenset(store.dismissed_keys(report.document_id))
    hit = memo.get((dismissed, min_severity))
    if hit is None:
        rank = qa.severity_rank(min_severity)
        found = [
            f
            for f in report.findings
            if f.key not in dismissed and qa.severity_rank(f.severity) >= rank
        ]
        hit = (found, by_link(found))
        if len(memo) > 8:
            memo.clear()
        memo[(dismissed, min_severity)] = hit
    return report, hit[0], hit[1]


def open_by_link(
    store: Store, alignment_id: int, min_severity: str = "minor", *, stale_ok: bool = False
) -> dict[int, list[Finding]]:
    """Open findings at or above a severity, grouped by link id in reading order. With
    `stale_ok` (the review page's badges), a report being recomputed is not waited for."""
    return _open(store, alignment_id, min_severity, stale_ok)[2]


def by_link(found: list[Finding]) -> dict[int, list[Finding]]:
    """Findings grouped by the id of their paragraph link, in reading order."""
    grouped: dict[int, list[Finding]] = {}
    for finding in found:
        if finding.link is not None:
            grouped.setdefault(finding.link, []).append(finding)
    return grouped


def links_with_findings(
    store: Store, alignment_id: int, min_severity: str = "minor"
) -> tuple[int, ...]:
    """Ids of the links with open findings at or above a severity, in reading order."""
    return tuple(open_by_link(store, alignment_id, min_severity))


def next_link_with_findings(
    store: Store,
    alignment_id: int,
    link_filter: LinkFilter,
    after: int | None,
    min_severity: str = "minor",
) -> tuple[LinkRow | None, bool]:
    """The first link after link `after` (within the filter) with open findings, and whether
    the search wrapped around to the start; (None, False) when there is none."""
    alignment = store.alignment(alignment_id)
    ids = links_with_findings(store, alignment_id, min_severity)
    if link_filter.ids is not None:
        wanted = set(link_filter.ids)
        ids = tuple(i for i in ids if i in wanted)
    if link_filter.flagged:  # flagged links are found per flag, as ids (review._where)
        flagged = set(store.flagged_paragraph_links(alignment_id))
        ids = tuple(i for i in ids if i in flagged)
    where = replace(link_filter, ids=ids, flagged=False).sql(
        alignment["source_version_id"], alignment["target_version_id"]
    )
    candidates = store.filtered_links(alignment_id, "paragraph", where, limit=-1)
    if not candidates:
        return None, False
    if after is not None:
        current = store.link(after, alignment_id)
        here = (current.src_start, current.tgt_start)
        for link in candidates:
            if (link.src_start, link.tgt_start) > here:
                return link, False
    return candidates[0], after is not None
