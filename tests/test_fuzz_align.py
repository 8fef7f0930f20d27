"""Hypothesis on the document aligner: random unicode paragraphs of random sentences.

tests/test_align_properties.py checks `align()` on flat lists; here `align_document()` (what
`aligning.align_versions` runs) gets paragraphs of sentences, empty strings, scripts of every
kind and links a person kept (one-sided ones too, and sentence links inside kept paragraph links):
paragraph and sentence beads must each cover both sides exactly once and in order, every kept
link comes back in its place, and sentence beads never cross a kept link's edge.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_align_properties import check_cover
from workbench.align import align_document

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
SENTENCE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Neni 1.", "Article 1.", "1961", "Хрущёв тха.", "", " ", "שלום.", "。"]),
)
PARAGRAPHS = st.lists(st.lists(SENTENCE, min_size=1, max_size=4), max_size=8)
LANGS = st.sampled_from([None, "sq", "en", "ru", "de"])


def _sentences(paragraphs: list[list[str]]) -> int:
    return sum(len(p) for p in paragraphs)


@FUZZ
@given(PARAGRAPHS, PARAGRAPHS, LANGS, LANGS)
def test_document_beads_cover_both_levels_in_order(src, tgt, src_lang, tgt_lang) -> None:
    result = align_document(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    check_cover(result.paragraphs, len(src), len(tgt))
    check_cover(result.sentences, _sentences(src), _sentences(tgt))


def _placed(beads) -> list[tuple[range, range]]:
    """Beads as position ranges, as stored links are kept (an empty side keeps its place)."""
    out, i, j = [], 0, 0
    for b in beads:
        out.append((range(i, i + len(b.src)), range(j, j + len(b.tgt))))
        i, j = i + len(b.src), j + len(b.tgt)
    return out


@FUZZ
@given(PARAGRAPHS, PARAGRAPHS, st.data())
def test_kept_links_survive_and_sentences_respect_them(src, tgt, data) -> None:
    first = align_document(src, tgt)
    placed = _placed(first.paragraphs)
    picks = data.draw(st.sets(st.sampled_from(range(len(placed))), max_size=3)) if placed else []
    keep = [placed[k] for k in sorted(picks)]
    # sentence links a person kept: some of those inside the kept paragraph links
    inside = [
        link
        for link in _placed(first.sentences)
        if any(_within(link, kept, src, tgt) for kept in keep)
    ]
    sentences = data.draw(st.lists(st.sampled_from(inside), unique=True)) if inside else []
    sentences.sort(key=lambda link: (link[0].start, link[1].start))
    result = align_document(src, tgt, keep_paragraphs=keep, keep_sentences=sentences)
    check_cover(result.paragraphs, len(src), len(tgt))
    check_cover(result.sentences, _sentences(src), _sentences(tgt))
    # Every kept link comes back whole and in its place (as a person's links must).
    assert all(link in _placed(result.paragraphs) for link in keep), (keep, result.paragraphs)
    assert all(link in _placed(result.sentences) for link in sentences)
    # A kept link's sentences are aligned among themselves: no sentence bead crosses its edges.
    for s, t in keep:
        s_range, t_range = _sentence_range(src, s), _sentence_range(tgt, t)
        for bead in result.sentences:
            inside_it = [i in s_range for i in bead.src] + [j in t_range for j in bead.tgt]
            assert all(inside_it) or not any(inside_it), (bead, s, t)


def _sentence_range(paragraphs: list[list[str]], side: range) -> range:
    first = [sum(len(p) for p in paragraphs[:i]) for i in range(len(paragraphs) + 1)]
    return range(first[side.start], first[side.stop])


def _within(link: tuple[range, range], kept: tuple[range, range], src, tgt) -> bool:
    s_range, t_range = _sentence_range(src, kept[0]), _sentence_range(tgt, kept[1])
    return (
        s_range.start <= link[0].start <= link[0].stop <= s_range.stop
        and t_range.start <= link[1].start <= link[1].stop <= t_range.stop
    )


def test_a_kept_link_comes_back_whole() -> None:
    """Found by hypothesis: the aligner's own 3-1 bead, kept (as a confirmed link is when
    aligning again), came back as 1-0 + 2-1 from the sentence-first method, which cut groups
    at every paragraph boundary, inside kept links too."""
    src, tgt = [["0"], ["0", "0", "000000"], ["1"], ["0"]], [["0"]]
    first = align_document(src, tgt)
    assert (first.paragraphs[0].src, first.paragraphs[0].tgt) == ((0, 1, 2), (0,))
    again = align_document(src, tgt, keep_paragraphs=[([0, 1, 2], [0])])
    assert ((0, 1, 2), (0,)) in [(b.src, b.tgt) for b in again.paragraphs]
