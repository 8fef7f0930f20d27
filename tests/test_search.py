"""Full-text search on the sample texts: folding, scripts, filters, regex, FTS sync, injection."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from workbench import revisions, search, services
from workbench.errors import InputError
from workbench.store import Store


def run(store: Store, **args: str):
    return search.search(store, search.parse_query(args))


def texts(result) -> list[str]:
    return [hit["text"] for hit in result.items]


def marked(hit: dict) -> list[str]:
    return [hit["text"][start:end] for start, end in hit["highlights"]]


def test_diacritics_are_folded_both_ways(cstore: Store) -> None:
    plain = run(cstore, q="pergjithshme")
    accented = run(cstore, q="Përgjithshme")
    assert plain.total == accented.total > 0
    assert any("Përgjithshme" in marked(hit) for hit in plain.items)
    assert all(hit["version"]["language"] == "sq" for hit in plain.items)


def test_cyrillic_is_found_case_insensitively(cstore: Store) -> None:
    result = run(cstore, q="всеобщая ДЕКЛАРАЦИЯ")
    assert result.total >= 1
    hit = result.items[0]
    assert hit["version"]["language"] == "ru"
    assert [m.casefold() for m in marked(hit)][:2] == ["всеобщая", "декларация"]


def _import_russian(store: Store) -> None:
    text = "Ёлка стояла в углу.\n\nМой дом на краю.\n\nМои книги лежат на столе.\n"
    services.import_file(store, text.encode(), filename="r.txt", language="ru", role="source")


def test_yo_and_ye_find_each_other_and_the_hit_keeps_its_spelling(cstore: Store) -> None:
    _import_russian(cstore)
    for q in ("елка", "ёлка", "ЁЛКА"):
        result = run(cstore, q=q, lang="ru")
        assert result.total == 1, q
        assert marked(result.items[0]) == ["Ёлка"]
        assert result.items[0]["text"].startswith("Ёлка")
    cstore.db.execute("insert into segments_fts(segments_fts) values ('integrity-check')")


def test_short_i_is_its_own_letter_as_in_the_index(cstore: Store) -> None:
    """ "мой" (my) and "мои" (my, plural) are different words: folding must not join them."""
    _import_russian(cstore)
    assert [marked(hit) for hit in run(cstore, q="мой", lang="ru").items] == [["Мой"]]
    assert [marked(hit) for hit in run(cstore, q="мои", lang="ru").items] == [["Мои"]]


def test_sharp_s_is_kept_as_the_index_keeps_it(cstore: Store) -> None:
    services.import_file(
        cstore, "Die Straße war lang.\n".encode(), filename="s.txt", language="de", role="source"
    )
    hits = run(cstore, q="Straße").items
    assert len(hits) == 1 and marked(hits[0]) == ["Straße"]


def test_a_hit_shows_its_aligned_counterpart_and_links_to_the_review_row(cstore: Store) -> None:
    result = run(cstore, q='"Universal Declaration of Human Rights"', lang="ru")
    assert result.total == 0  # the phrase is English
    result = run(cstore, q="Всеобщая")
    counterpart = result.items[0]["counterparts"][0]
    assert counterpart["version"]["language"] == "en"
    assert "Universal Declaration of Human Rights" in " ".join(counterpart["texts"])
    link = cstore.link(counterpart["link"], counterpart["alignment"])
    assert counterpart["review_url"] == f"/alignments/{link.alignment_id}/review?at={link.id}"


def test_an_english_hit_has_counterparts_in_each_alignment_of_its_version(cstore: Store) -> None:
    result = run(cstore, q='"proclaims this universal declaration"')
    assert result.total >= 1
    languages = {c["version"]["language"] for c in result.items[0]["counterparts"]}
    assert languages <= {"sq", "ru"} and languages


def test_mark_in_two_english_translations_and_the_version_filter(cstore: Store) -> None:
    both = run(cstore, q="Galilee", lang="en")
    labels = {hit["version"]["label"] for hit in both.items}
    assert len(labels) == 2
    version = both.items[0]["version"]["id"]
    one = run(cstore, q="Galilee", version=str(version))
    assert one.total < both.total
    assert {hit["version"]["id"] for hit in one.items} == {version}


def test_document_language_and_level_filters(cstore: Store) -> None:
    record = run(cstore, q="Kim Il Sung")
    document = record.items[0]["document"]["id"]
    assert run(cstore, q="Kim", document=str(document)).total == record.total
    assert run(cstore, q="Kim", document=str(document), lang="sq").total == 0
    sentences = run(cstore, q="Gletscher", level="sentence")
    assert [hit["level"] for hit in sentences.items] == ["sentence"]
    assert sentences.items[0]["counterparts"][0]["version"]["language"] == "fr"
    assert run(cstore, q="glacier", lang="fr").items[0]["text"].startswith("Le glacier")


def test_link_status_filter(cstore: Store) -> None:
    everything = run(cstore, q="Jezusi")
    assert run(cstore, q="Jezusi", link_status="confirmed").total == 0
    assert run(cstore, q="Jezusi", link_status="unconfirmed").total == everything.total
    hit = everything.items[0]
    counterpart = hit["counterparts"][0]
    from workbench import review

    review.set_status(cstore, counterpart["alignment"], [counterpart["link"]], user="t")
    confirmed = run(cstore, q="Jezusi", link_status="confirmed")
    assert hit["segment"] in [h["segment"] for h in confirmed.items]
    assert run(cstore, q="Kim", link_status="unlinked").total == run(cstore, q="Kim").total


def test_pagination(cstore: Store) -> None:
    first = run(cstore, q="Jesus", limit="5")
    second = run(cstore, q="Jesus", limit="5", offset="5")
    assert first.total == second.total > 10
    assert len(first.items) == len(second.items) == 5
    assert not {h["segment"] for h in first.items} & {h["segment"] for h in second.items}
    with pytest.raises(InputError):
        run(cstore, q="Jesus", limit="1000")


def test_prefix_and_phrase(cstore: Store) -> None:
    assert run(cstore, q="declar*", lang="en").total > run(cstore, q="declaration", lang="en").total
    phrase = run(cstore, q='"human rights"')
    assert all("human rights" in " ".join(marked(h)).lower() for h in phrase.items)


@pytest.mark.parametrize(
    "q",
    [
        "'; drop table segments; --",
        '" OR 1=1 --',
        "Robert'); DELETE FROM users;--",
        "NEAR(",
        "text:*",
        '"""',
        "AND OR NOT",
        "*",
        "^",
        "a:b:c",
    ],
)
def test_injection_and_syntax_in_plain_queries_give_clean_results(cstore: Store, q: str) -> None:
    before = cstore.db.execute("select count(*) from segments").fetchone()[0]
    try:
        result = run(cstore, q=q)
        assert result.total >= 0
    except InputError:
        pass  # a query without any word is refused, never a 500
    assert cstore.db.execute("select count(*) from segments").fetchone()[0] == before


@pytest.mark.parametrize("q", ["NEAR(", "a AND", '"unclosed', "nosuchcolumn : x", "(("])
def test_fts_syntax_errors_are_400(cstore: Store, q: str) -> None:
    with pytest.raises(InputError, match="FTS5"):
        run(cstore, q=q, syntax="fts")


def test_fts_syntax_operators(cstore: Store) -> None:
    both = run(cstore, q="Jesus AND Galilee", syntax="fts")
    assert both.total > 0
    assert all({"jesus", "galilee"} <= {m.lower() for m in marked(h)} for h in both.items)
    assert run(cstore, q="Jesus NOT Galilee", syntax="fts").total > 0


@pytest.mark.parametrize(
    "args", [{"document": "1; drop"}, {"version": "-1"}, {"level": "x"}, {"link_status": "z"}]
)
def test_bad_filter_values_are_refused(cstore: Store, args: dict) -> None:
    with pytest.raises(InputError):
        run(cstore, q="Jesus", **args)


def test_regex_search(cstore: Store) -> None:
    result = run(cstore, q=r"\b19\d\d\b", regex="1")
    assert result.total > 0 and result.exact
    assert all(m.isdigit() and len(m) == 4 for h in result.items for m in marked(h))
    accents = run(cstore, q="Përgjith", regex="1")
    assert accents.total > 0


@pytest.mark.parametrize("q", ["(unclosed", "*a", "a{2,1}", "[z-a]"])
def test_invalid_regex_is_400(cstore: Store, q: str) -> None:
    with pytest.raises(InputError, match="regular expression"):
        run(cstore, q=q, regex="1")


def test_catastrophic_regex_is_bounded_in_time(
    cstore: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = services.import_file(
        cstore, ("a" * 40 + "!\n").encode(), filename="evil.txt", language="en", role="source"
    )
    monkeypatch.setattr(search, "REGEX_SECONDS", 0.5)
    started = time.perf_counter()
    assert run(cstore, q="(a+)+$", regex="1", document=str(result.document)).total == 0
    found = run(cstore, q="(a|aa)+$", regex="1", document=str(result.document))
    assert time.perf_counter() - started < 5
    assert found.stopped == "time" and not found.exact


def test_regex_stops_at_the_hit_cap(cstore: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "REGEX_MAX_HITS", 7)
    found = run(cstore, q="e", regex="1")
    assert found.total == 7 and found.stopped == "hits"


def test_the_index_follows_an_approved_revision(cstore: Store) -> None:
    hit = run(cstore, q="Gletscher").items[0]
    segment = cstore.segment(hit["segment"])
    revision = revisions.propose(
        cstore,
        segment["id"],
        "Der Firn war steil und vereist.",
        base_revision=segment["revision"],
        user="translator",
    )
    assert run(cstore, q="Firn").total == 0  # pending: not the text yet
    revisions.approve(cstore, revision, user="editor")
    assert run(cstore, q="Gletscher").total == 0
    assert run(cstore, q="Firn").items[0]["segment"] == segment["id"]
    assert run(cstore, q="Firn", level="sentence").total == 1  # its new sentence too
    cstore.db.execute("insert into segments_fts(segments_fts) values ('integrity-check')")


def test_the_index_follows_a_delete(cstore: Store) -> None:
    hit = run(cstore, q="Gletscher", level="sentence").items[0]
    with cstore.transaction():
        cstore.db.execute("delete from links where alignment_id in (select id from alignments)")
        cstore.db.execute("delete from segments where id = ?", [hit["segment"]])
    assert run(cstore, q="Gletscher", level="sentence").total == 0
    assert run(cstore, q="Gletscher").total == 1
    cstore.db.execute("insert into segments_fts(segments_fts) values ('integrity-check')")


def test_a_new_import_is_searchable_at_once(cstore: Store) -> None:
    services.import_file(
        cstore,
        "Përshëndetje nga Tirana.\n".encode(),
        filename="t.txt",
        language="sq",
        role="source",
    )
    assert run(cstore, q="pershendetje tirana").total == 1


def _database_before(tmp_path: Path, migration_name: str, language: str, text: str):
    """A database migrated up to (not including) `migration_name`, holding one paragraph."""
    from sqlite_utils import Database

    from workbench.migrations import migrations

    db = Database(tmp_path / "old.db")
    for migration in migrations.pending(db):
        if migration.name == migration_name:
            break
        migration.fn(db)
    db.execute("insert into documents (title, created, updated) values ('d', 'x', 'x')")
    db.execute(
        "insert into versions (document_id, language, role, label, created)"
        " values (1, ?, 'source', 'l', 'x')",
        [language],
    )
    db.execute(
        "insert into segments (version_id, level, position, kind, text)"
        " values (1, 'paragraph', 0, 'paragraph', ?)",
        [text],
    )
    return db, next(m for m in migrations.pending(db) if m.name == migration_name)


def test_the_migration_indexes_rows_that_existed_before_it(tmp_path: Path) -> None:
    db, migration = _database_before(tmp_path, "m007_search", "sq", "Deklarata e Përgjithshme")
    migration.fn(db)
    rows = db.execute(
        "select rowid from segments_fts where segments_fts match 'pergjithshme'"
    ).fetchall()
    assert rows == [(1,)]


def test_the_yo_migration_reindexes_rows_that_existed_before_it(tmp_path: Path) -> None:
    db, migration = _database_before(tmp_path, "m008_search_yo", "ru", "Зелёная ёлка")
    match = "select rowid from segments_fts where segments_fts match 'зеленая'"
    assert db.execute(match).fetchall() == []
    migration.fn(db)
    assert db.execute(match).fetchall() == [(1,)]
    db.execute("update segments set text = 'Зелёный лес' where id = 1")
    assert db.execute(match).fetchall() == []
    assert db.execute(match.replace("зеленая", "зеленыи")).fetchall() == []
    assert db.execute(match.replace("зеленая", "зеленый")).fetchall() == [(1,)]
    db.execute("insert into segments_fts(segments_fts) values ('integrity-check')")
