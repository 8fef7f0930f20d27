"""Any text at all goes through every QA check: no crash, and every span lies inside its text.

The omission check aligns the document's sentences (workbench/qa/orphans.py), so arbitrary
input reaches the aligner through it too: punctuation only, emoji, control characters, mixed
scripts, brackets, empty sides.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.qa import Pair, run

_PIECES = st.sampled_from(
    ["Ai erdhi.", "Он сказал: вот я.", "Amen.", "[И стало так.]", "1961", "4,5", "?", "…", "—",
     "«", "»", "Khrushchev", "Hrushovi", "\u200b", "\x00", "🙂", "  ", "\n\n", "Ё", "ß"]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=8).map(" ".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=12), st.sampled_from(["sq", "ru"]))
def test_any_text_is_checked_without_error(texts: list[tuple[str, str]], lang: str) -> None:
    pairs = [Pair(s, t) for s, t in texts]
    for f in run(pairs, lang, "en", min_confidence=0):
        source, target = pairs[f.pair].source, pairs[f.pair].target
        assert all(0 <= a <= b <= len(source) for a, b in f.source_spans)
        assert all(0 <= a <= b <= len(target) for a, b in f.target_spans)
