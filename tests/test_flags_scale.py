"""Flags at scale: a flag's current link is found by index lookups, not by scanning the
alignment's links for each flag; the review page reads the flags of the rows it shows; the
API pages an alignment's flags in SQL; the quality scores are counted in SQL. The answers are
those the per-flag scan gave: `OLD_SELECT` below is that query as it was, the reference
every listing is compared with, on a document whose flags sit on merged, split, shifted and
detached links, open, resolved and dismissed, on both sides, and on random alignments.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.conftest import add_user, import_pair, login
from tests.test_flags_paging_sql import threads_loaded, traced
from workbench import export, flags, review
from workbench.exports.base import ExportOptions
from workbench.store import LinkRow, Store
from workbench.store.review import LinkFilter
from workbench.typology import COUNTED_STATUSES, SEVERITY_WEIGHTS
from workbench.users import issue_token
from workbench.web.review_marks import flag_marks

#: The listing's query before: the current link by a correlated scan of the paragraph links.
OLD_SELECT = """
    select f.*, a.document_id, a.source_version_id, a.target_version_id,
        case when f.span_side = 'source' then a.source_version_id
             else a.target_version_id end as version_id,
        (select l.id from links l
          where l.alignment_id = f.alignment_id and l.level = 'paragraph' and (
            (f.span_side = 'source'
              and l.src_start <= f.span_position and f.span_position < l.src_end)
            or (f.span_side = 'target'
              and l.tgt_start <= f.span_position and f.span_position < l.tgt_end)
            or (f.span_side is null and (
              (l.src_start < f.src_end and f.src_start < l.src_end)
              or (l.tgt_start < f.tgt_end and f.tgt_start < l.tgt_end))))
          order by l.src_start, l.tgt_start limit 1) as current_link_id,
        (select count(*) from flag_comments c where c.flag_id = f.id) as comments
    from flags f join alignments a on a.id = f.alignment_id
"""


def old_flags(store: Store, alignment_id: int) -> list[dict[str, Any]]:
    """Every flag of the alignment as the listing answered before (oldest first)."""
    sql = OLD_SELECT + " where f.alignment_id = ? order by f.id"
    return list(store.db.query(sql, [alignment_id]))


def old_overlapping(store: Store, alignment_id: int, link: LinkRow) -> list[dict[str, Any]]:
    """The flags overlapping one link as the listing answered before."""
    sql = OLD_SELECT + (
        " where f.alignment_id = :a and ("
        "(f.span_side = 'source' and :ss <= f.span_position and f.span_position < :se)"
        " or (f.span_side = 'target' and :ts <= f.span_position and f.span_position < :te)"
        " or (f.span_side is null and ((f.src_start < :se and :ss < f.src_end)"
        " or (f.tgt_start < :te and :ts < f.tgt_end)))) order by f.id"
    )
    params = {
        "a": alignment_id,
        "ss": link.src_start,
        "se": link.src_end,
        "ts": link.tgt_start,
        "te": link.tgt_end,
    }
    return list(store.db.query(sql, params))


def old_marks(
    store: Store, alignment_id: int
) -> tuple[dict[int, int], dict[tuple[str, int], list[int]]]:
    """The review marks as they were built before, from every flag (span flags by id)."""
    counts: dict[int, int] = {}
    spans: dict[tuple[str, int], list[int]] = {}
    for flag in old_flags(store, alignment_id):
        if flag["status"] != "open":
            continue
        if flag["current_link_id"] is not None:
            counts[flag["current_link_id"]] = counts.get(flag["current_link_id"], 0) + 1
        if flag["span_side"]:
            spans.setdefault((flag["span_side"], flag["span_position"]), []).append(flag["id"])
    return counts, spans


def with_threads(store: Store, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    threads = store.flag_comments(f["id"] for f in found)
    return [{**f, "thread": threads[f["id"]]} for f in found]


# -- the document: twelve paragraphs a side, flags on links edited since ----------------------

SOURCE = [f"Paragrafi {n}: {'fjala ' * (n + 2)}fund {n}." for n in range(12)]
TARGET = [f"Paragraph {n}: {'word ' * (n + 2)}end {n}." for n in range(12)]


@dataclass(frozen=True)
class Template:
    path: Path
    alignment: int
    ids: dict[str, int]  # flag name -> id


def shape(store: Store, alignment: int) -> list[tuple[int, int, int, int]]:
    return [(k.src_start, k.src_end, k.tgt_start, k.tgt_end) for k in store.links(alignment)]


def link_at(store: Store, alignment: int, ranges: tuple[int, int, int, int]) -> int:
    return next(
        k.id
        for k in store.links(alignment)
        if (k.src_start, k.src_end, k.tgt_start, k.tgt_end) == ranges
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("flags-scale") / "workbench.db"
    store = Store(path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, user="ana")
        assert shape(store, alignment) == [(n, n + 1, n, n + 1) for n in range(12)]
        link = [k.id for k in store.links(alignment)]

        def raise_(name: str, **where: Any) -> None:
            flag = flags.raise_flag(
                store,
                alignment,
                category="style" if len(ids) % 2 else "grammar",
                severity=("minor", "major", "critical", "neutral")[len(ids) % 4],
                comment=f"about {name}" if len(ids) % 3 == 0 else None,
                user="rita",
                **where,
            )
            ids[name] = flag["id"]

        ids: dict[str, int] = {}
        raise_("whole 0", link_id=link[0])
        raise_("whole 1", link_id=link[1])
        raise_("source span 2", link_id=link[2], side="source", quote="fjala", occurrence=2)
        raise_("target span 2", link_id=link[2], side="target", quote="Paragraph")
        raise_("whole 4", link_id=link[4])
        raise_("target span 5", link_id=link[5], side="target", quote="end")
        raise_("whole 6", link_id=link[6])
        raise_("source span 7", link_id=link[7], side="source", quote="Paragrafi")
        raise_("whole 9", link_id=link[9])
        raise_("target span 9", link_id=link[9], side="target", quote="word")
        raise_("source span 9", link_id=link[9], side="source", quote="fund")
        raise_("ranges 10-11", ranges=(10, 12, 10, 12))
        raise_("target ranges 10", ranges=(11, 11, 10, 11))
        raise_("whole 11", link_id=link[11])
        flags.set_status(store, ids["target span 2"], "resolved", user="rita")
        flags.set_status(store, ids["target span 5"], "dismissed", user="rita")
        flags.set_status(store, ids["whole 11"], "resolved", user="rita", comment="fixed")
        flags.add_comment(store, ids["whole 1"], "a second word", user="ana")
        # merge 1 and 2; merge 4 and 5, then split them unevenly (1-0 and 1-2); move 7's
        # source up into 6 (7 keeps its target only); detach 9 (1-0 and 0-1)
        review.merge(store, alignment, link[1], "next", user="rita")
        review.merge(store, alignment, link[4], "next", user="rita")
        merged = link_at(store, alignment, (4, 6, 4, 6))
        review.split(store, alignment, merged, 5, 4, user="rita")
        review.shift(store, alignment, link[7], "source", "up", user="rita")
        review.detach(store, alignment, link[9], user="rita")
        assert shape(store, alignment) == [
            (0, 1, 0, 1),
            (1, 3, 1, 3),
            (3, 4, 3, 4),
            (4, 5, 4, 4),
            (5, 6, 4, 6),
            (6, 8, 6, 7),
            (8, 8, 7, 8),
            (8, 9, 8, 9),
            (9, 10, 9, 9),
            (10, 10, 9, 10),
            (10, 11, 10, 11),
            (11, 12, 11, 12),
        ]
        now = store.links(alignment)
        review.set_status(store, alignment, [now[0].id, now[5].id, now[9].id], user="rita")
        sentences = store.links(alignment, "sentence")
        review.set_status(store, alignment, [k.id for k in sentences[::3]], user="rita")
    finally:
        store.close()
    return Template(path, alignment, ids)


@pytest.fixture
def db_path(tmp_path: Path, template: Template) -> Path:
    path = tmp_path / "workbench.db"
    shutil.copyfile(template.path, path)
    return path


@pytest.fixture
def alignment(template: Template) -> int:
    return template.alignment


@pytest.fixture
def ids(template: Template) -> dict[str, int]:
    return template.ids


def test_every_flag_keeps_the_current_link_the_scan_found(store, alignment, ids) -> None:
    now = store.flags(alignment_id=alignment)
    assert now == old_flags(store, alignment)
    current = {f["id"]: f["current_link_id"] for f in now}
    at = {r: link_at(store, alignment, r) for r in shape(store, alignment)}
    # written out: where each flag is shown now its links were edited
    assert current == {
        ids["whole 0"]: at[(0, 1, 0, 1)],
        ids["whole 1"]: at[(1, 3, 1, 3)],  # merged with the next
        ids["source span 2"]: at[(1, 3, 1, 3)],
        ids["target span 2"]: at[(1, 3, 1, 3)],
        ids["whole 4"]: at[(4, 5, 4, 4)],  # merged, then split: the part holding its start
        ids["target span 5"]: at[(5, 6, 4, 6)],
        ids["whole 6"]: at[(6, 8, 6, 7)],
        ids["source span 7"]: at[(6, 8, 6, 7)],  # its paragraph moved up into link 6
        ids["whole 9"]: at[(9, 10, 9, 9)],  # detached: the source part comes first
        ids["target span 9"]: at[(10, 10, 9, 10)],  # and the target part holds this one
        ids["source span 9"]: at[(9, 10, 9, 9)],
        ids["ranges 10-11"]: at[(10, 11, 10, 11)],
        ids["target ranges 10"]: at[(10, 11, 10, 11)],  # empty on the source side
        ids["whole 11"]: at[(11, 12, 11, 12)],
    }
    for flag_id in current:
        assert store.flag(flag_id) == next(f for f in now if f["id"] == flag_id)


def test_the_listings_of_an_alignment_and_of_each_link_are_as_before(store, alignment) -> None:
    everything = flags.flags_for_link(store, alignment, None)
    assert everything == with_threads(store, old_flags(store, alignment))
    assert [f["comments"] for f in everything] == [len(f["thread"]) for f in everything]
    for link in store.links(alignment):
        on_link = flags.flags_for_link(store, alignment, link.id)
        assert on_link == with_threads(store, old_overlapping(store, alignment, link))
        assert flags.count_for_link(store, alignment, link.id) == len(on_link)
    assert flags.count_for_link(store, alignment, None) == len(everything) == 14


def test_the_review_marks_of_every_window_are_those_of_all_flags(store, alignment) -> None:
    counts, spans = old_marks(store, alignment)
    assert sum(counts.values()) == 11 and spans  # three flags are resolved or dismissed
    filters = [
        LinkFilter(),
        LinkFilter(status="unconfirmed"),
        LinkFilter(flagged=True),
        LinkFilter(below=0.5),
    ]
    for link_filter in filters:
        for limit in (1, 2, 5, 200):
            for offset in range(0, 12, limit):
                window = review.page(store, alignment, link_filter, offset=offset, limit=limit)
                links = [row.link for row in window.rows]
                got_counts, got_spans = flag_marks(store, alignment, links)
                for row in window.rows:
                    assert got_counts.get(row.link.id, 0) == counts.get(row.link.id, 0)
                    for side, segments in (("source", row.source), ("target", row.target)):
                        for segment in segments:
                            key = (side, segment["position"])
                            assert [f["id"] for f in got_spans.get(key, [])] == spans.get(key, [])
    assert flag_marks(store, alignment, []) == ({}, {})


def row_marks(html: str) -> dict[int, tuple[int, list[tuple[str, str]]]]:
    """Per row of a review page (by link id): its open flag count and its marked words."""
    tree = lxml_html.fromstring(html)
    found = {}
    for row in tree.xpath("//li[contains(@class, 'link-row')]"):
        badge = row.xpath(".//span[@class='flag-badge']")
        count = int(badge[0].text.split()[1]) if badge else 0
        marks = [
            (m.getparent().get("data-side"), m.text_content())
            for m in row.xpath(".//mark[contains(@class, 'flagged')]")
        ]
        found[int(row.get("data-link"))] = (count, marks)
    return found


def test_the_review_page_shows_the_same_marks_on_every_window(client, db_path, alignment) -> None:
    add_user(db_path, "reviewer1", "reviewer")
    login(client, "reviewer1")
    store = Store(db_path)
    try:
        counts, spans = old_marks(store, alignment)
        by_id = {f["id"]: f for f in old_flags(store, alignment)}
        links = store.links(alignment)
    finally:
        store.close()
    seen: dict[int, tuple[int, list[tuple[str, str]]]] = {}
    for query in ("limit=4&offset=0", "limit=4&offset=4", "limit=4&offset=8", "flagged=1"):
        response = client.get(f"/alignments/{alignment}/review?{query}")
        assert response.status_code == 200
        seen |= row_marks(response.get_data(as_text=True))
        rows = client.get(f"/alignments/{alignment}/rows?{query}")
        assert rows.status_code == 200
        assert row_marks(rows.get_data(as_text=True)).items() <= seen.items()
    assert sorted(seen) == sorted(k.id for k in links)
    for link in links:
        words = [
            (side, by_id[flag_id]["quote"])
            for side, low, high in (
                ("source", link.src_start, link.src_end),
                ("target", link.tgt_start, link.tgt_end),
            )
            for position in range(low, high)
            for flag_id in spans.get((side, position), [])
        ]
        assert seen[link.id] == (counts.get(link.id, 0), words), link


def test_the_quality_scores_count_what_every_flag_counted(store, alignment) -> None:
    document = store.alignment(alignment)["document_id"]
    every = old_flags(store, alignment)
    scores = flags.quality_scores(store, document)
    assert len(scores) == 2
    for version_id, quality in scores.items():
        counted = [
            f for f in every if f["version_id"] == version_id and f["status"] in COUNTED_STATUSES
        ]
        assert quality.flags == len(counted) > 0
        assert quality.points == sum(SEVERITY_WEIGHTS[f["severity"]] for f in counted)


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize("approved_only", [False, True])
def test_an_export_keeps_the_notes_the_links_held_before(
    store, alignment, level: str, approved_only: bool
) -> None:
    row = store.alignment(alignment)
    options = ExportOptions(level=level, flags=True, approved_only=approved_only)
    every = export._note_anchors(store, row, level)
    held = {
        anchor: notes
        for anchor, notes in every.items()
        if store.alignment_covers(alignment, level, *anchor, confirmed_only=approved_only)
    }
    assert held and (held != every) == approved_only
    anchors, _about = export._notes(store, row, None, None, options)
    assert anchors == held


# -- the API: pages in SQL ----------------------------------------------------------------------


@pytest.fixture
def api(client, db_path) -> Callable[[str], Any]:
    add_user(db_path, "reviewer1", "reviewer")
    store = Store(db_path)
    try:
        headers = {"Authorization": f"Bearer {issue_token(store, 'reviewer1')}"}
    finally:
        store.close()
    return lambda url: client.get(url, headers=headers)


def test_the_api_pages_match_slices_of_the_whole_list(api, db_path, alignment) -> None:
    store = Store(db_path)
    try:
        every = with_threads(store, old_flags(store, alignment))
        merged = link_at(store, alignment, (1, 3, 1, 3))
        on_merged = with_threads(
            store, old_overlapping(store, alignment, store.paragraph_link(alignment, merged))
        )
    finally:
        store.close()
    total = len(every)
    base = f"/api/v1/alignments/{alignment}/flags"
    for limit, offset in [
        (50, 0),
        (1, 0),
        (1, total - 1),
        (5, 10),
        (5, total - 2),
        (total, 0),
        (500, 0),
        (3, total),
        (3, total + 100),
    ]:
        body = api(f"{base}?limit={limit}&offset={offset}").get_json()
        assert body == {
            "items": every[offset : offset + limit],
            "total": total,
            "limit": limit,
            "offset": offset,
        }, (limit, offset)
    assert api(base).get_json()["items"] == every  # the default page of 50 holds all 14
    body = api(f"{base}?link={merged}&limit=2&offset=1").get_json()
    assert body["items"] == on_merged[1:3] and body["total"] == len(on_merged) == 3


def test_the_api_reads_only_the_page_it_answers(app, api, alignment) -> None:
    statements = traced(app)
    body = api(f"/api/v1/alignments/{alignment}/flags?limit=3&offset=5").get_json()
    page = [f["id"] for f in body["items"]]
    assert len(page) == 3 and body["total"] == 14
    listing = [s for s in statements if "as current_link_id" in s]
    assert len(listing) == 1 and "limit 3 offset 5" in listing[0]
    assert threads_loaded(statements) == [page]


def test_the_api_refuses_as_before(api, alignment) -> None:
    base = f"/api/v1/alignments/{alignment}/flags"
    assert api(f"{base}?limit=0").status_code == 400
    assert api(f"{base}?limit=501").status_code == 400
    assert api(f"{base}?offset=-1").status_code == 400
    assert api(f"{base}?link=999999").status_code == 404
    assert api("/api/v1/alignments/999/flags").status_code == 404
    # the query's arguments are checked first, an unknown alignment or link next (as before)
    for url in ("/api/v1/alignments/999/flags?limit=0", f"{base}?link=999999&limit=0"):
        response = api(url)
        assert response.status_code == 400
        assert response.get_json()["error"]["message"] == (
            "limit must be a whole number from 1 to 500, not '0'"
        )


# -- random alignments: the lookups answer what the scan answered -------------------------------


def random_tiling(rng: random.Random, links: int) -> list[dict[str, Any]]:
    """Links tiling two texts in order: 1-1 mostly, some n-m, 1-0 and 0-1."""
    shapes = [(1, 1)] * 6 + [(2, 1), (1, 2), (2, 2), (3, 1), (1, 0), (0, 1), (2, 0), (0, 2)]
    rows, src, tgt = [], 0, 0
    for _ in range(links):
        n, m = rng.choice(shapes)
        rows.append(
            {
                "src_start": src,
                "src_end": src + n,
                "tgt_start": tgt,
                "tgt_end": tgt + m,
                "score": 1.0,
                "confidence": 0.5,
                "reasons": [],
                "status": "auto",
                "set_by": None,
                "set_at": None,
            }
        )
        src, tgt = src + n, tgt + m
    return rows


def random_flag(rng: random.Random, alignment: int, size: int) -> dict[str, Any]:
    """A flag on any paragraph or range, past the texts' ends too, empty on a side too."""
    flag: dict[str, Any] = {
        "alignment_id": alignment,
        "link_id": None,
        "category": "other",
        "severity": "minor",
        "status": rng.choice(("open", "resolved")),
        "created_by": "test",
    }
    for side in ("src", "tgt"):
        start = rng.randrange(size + 3)
        flag[f"{side}_start"] = start
        flag[f"{side}_end"] = start + rng.choice((0, 0, 1, 1, 1, 2, 3, 7))
    if flag["src_end"] == flag["src_start"] and flag["tgt_end"] == flag["tgt_start"]:
        flag["tgt_end"] += 1
    kind = rng.random()
    if kind < 0.5:
        flag.update(
            span_side=rng.choice(("source", "target")),
            span_position=rng.randrange(size + 3),
            span_start=0,
            span_end=1,
            quote="x",
        )
    return flag


@pytest.mark.parametrize("seed", range(6))
def test_random_alignments_and_their_edits_keep_every_flags_current_link(store, seed: int) -> None:
    rng = random.Random(seed)
    document = store.add_document(f"random {seed}", {})
    versions = [
        store.add_version(document, language=lang, role=role, label=lang)
        for lang, role in (("sq", "source"), ("en", "translation"))
    ]
    # a second alignment of the same document: its links must not be taken for these
    other = store.add_alignment(document, versions[1], versions[0], method="t", created_by="t")
    store.replace_links(other, "paragraph", random_tiling(rng, 40))
    alignment = store.add_alignment(document, *versions, method="test", created_by="test")
    found: set[bool] = set()  # whether a flag had no current link: both happen
    for _round in range(4):  # the same flags over alignments re-made each round
        store.replace_links(alignment, "paragraph", random_tiling(rng, rng.randint(1, 60)))
        store.replace_links(alignment, "sentence", random_tiling(rng, 30))
        for _ in range(40):
            store.add_flag(random_flag(rng, alignment, 70))
        for _ in range(10):
            store.add_flag(random_flag(rng, other, 70))
        for which in (alignment, other):
            before = old_flags(store, which)
            assert store.flags(alignment_id=which) == before
            found |= {f["current_link_id"] is None for f in before}
        for link in store.links(alignment)[::7]:
            assert store.flags(alignment_id=alignment, overlapping=link) == old_overlapping(
                store, alignment, link
            )
    assert found == {True, False}


#: The review page's "flagged" filter as it was: each link against every open flag.
OLD_FLAGGED = """select l.id from links l where l.alignment_id = ? and l.level = 'paragraph'
    and exists (select 1 from flags f
    where f.alignment_id = l.alignment_id and f.status = 'open' and (
    (f.span_side = 'source' and l.src_start <= f.span_position and f.span_position < l.src_end)
    or (f.span_side = 'target' and l.tgt_start <= f.span_position and f.span_position < l.tgt_end)
    or (f.span_side is null and ((f.src_start < l.src_end and l.src_start < f.src_end)
        or (f.tgt_start < l.tgt_end and l.tgt_start < f.tgt_end)))))
    order by l.id"""


@pytest.mark.parametrize("seed", range(6))
def test_the_flagged_filter_finds_the_links_the_scan_found(store, seed: int) -> None:
    """`?flagged=1` compared every link with every open flag (5 s a page turn on 16,000 links
    and 1,600 flags); each flag's links are now found by lookups: the same links, on random
    alignments (empty links inside a flag's range, flags past the ends, resolved ones)."""
    rng = random.Random(100 + seed)
    document = store.add_document(f"flagged {seed}", {})
    versions = [
        store.add_version(document, language=lang, role=role, label=lang)
        for lang, role in (("sq", "source"), ("en", "translation"))
    ]
    alignment = store.add_alignment(document, *versions, method="test", created_by="test")
    seen = 0
    for _round in range(4):
        store.replace_links(alignment, "paragraph", random_tiling(rng, rng.randint(1, 60)))
        for _ in range(15):
            store.add_flag(random_flag(rng, alignment, 70))
        old = [row[0] for row in store.db.execute(OLD_FLAGGED, [alignment])]
        assert store.flagged_paragraph_links(alignment) == old
        seen += len(old)
    assert seen


def test_the_flagged_filter_pages_and_counts_as_before(store, alignment) -> None:
    flagged = LinkFilter(flagged=True)
    page = review.page(store, alignment, flagged, limit=100)
    old = [row[0] for row in store.db.execute(OLD_FLAGGED, [alignment])]
    assert sorted(row.link.id for row in page.rows) == old and page.total == len(old)
    sentences = review.page(store, alignment, flagged, limit=500, level="sentence")
    assert sentences.total and all(row.link.level == "sentence" for row in sentences.rows)
