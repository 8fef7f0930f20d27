"""The QA word table is counted in numpy; it is exactly the table its definition gives: stems
found together in at least MIN_COUNT two-sided pairs with a Dice of at least MIN_DICE, each
stem keeping its TOP_K best partners (higher Dice first, then the later spelling)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from tests.test_qa_incremental_text import DOCUMENTS
from workbench.qa import Pair, coverage


def table_by_definition(pairs: list[Pair]) -> dict[str, dict[str, set[str]]]:
    """The table computed the plain way, pair of stems by pair of stems."""
    parts = coverage._Parts()
    rows = [
        (parts.stems(p.source), parts.stems(p.target))
        for p in pairs
        if p.source.strip() and p.target.strip()
    ]
    df_s = Counter(s for src, _ in rows for s in src)
    df_t = Counter(t for _, tgt in rows for t in tgt)
    limit = max(coverage.FREQUENT_MIN, coverage.FREQUENT * len(rows))
    together: Counter[tuple[str, str]] = Counter()
    for src, tgt in rows:
        kept_s = [s for s in src if coverage.MIN_COUNT <= df_s[s] <= limit]
        kept_t = [t for t in tgt if coverage.MIN_COUNT <= df_t[t] <= limit]
        together.update((s, t) for s in kept_s for t in kept_t)
    best, back = defaultdict(list), defaultdict(list)
    for (s, t), c in together.items():
        dice = 2 * c / (df_s[s] + df_t[t])
        if c >= coverage.MIN_COUNT and dice >= coverage.MIN_DICE:
            best[s].append((dice, t))
            back[t].append((dice, s))
    top = coverage.TOP_K
    return {
        "source": {s: {t for _, t in sorted(c, reverse=True)[:top]} for s, c in best.items()},
        "target": {t: {s for _, s in sorted(c, reverse=True)[:top]} for t, c in back.items()},
    }


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_the_table_is_the_one_its_definition_gives(document: str) -> None:
    pairs = DOCUMENTS[document]()
    expected = table_by_definition(pairs)
    assert len(expected["source"]) > 100  # the documents teach the table something
    assert coverage.learn(pairs).table == expected


def test_counting_in_small_chunks_gives_the_same_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Huge pairs are folded into the counts chunk by chunk; the table does not depend on where
    the chunks end."""
    pairs = DOCUMENTS["udhr"]()
    whole = coverage.learn(pairs).table
    monkeypatch.setattr(coverage, "CHUNK", 50)
    assert coverage.learn(pairs).table == whole


def test_ties_keep_the_later_spelling() -> None:
    """Five target stems always found with one source stem tie on Dice: the four that sort
    last are kept, whatever order the pairs list them in."""
    target = "alpha bravo charlie delta echo"
    pairs = [Pair(f"Zebra number{k} here.", f"{target} x{k}.") for k in range(3)]
    pairs += [Pair(f"Other{k} words.", f"Unrelated{k} text.") for k in range(40)]
    table = coverage.learn(pairs).table
    assert table["source"]["zebra"] == {"bravo", "charl", "delta", "echo"}
