"""Word-level diffs of two texts, with character detail inside a changed word (pure).

Editors read a revision as the old text with deletions struck and insertions marked, so the
unit is the word: rapidfuzz's Levenshtein opcodes over word, space and punctuation tokens.
Changes separated only by spaces are joined into one change, which reads better than a
mosaic of one-word edits; a one-word change also carries the character-level opcodes.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# a number with its group and decimal separators (1,250,000 · 3.5 · 12:30) is one token: it
# changes as a whole, and its pieces would fall apart in right-to-left text. A word keeps its
# combining marks (Yoruba ọmọ́, Hindi किताबें, Arabic vowel marks); anything else is one
# user-perceived character (\X: an emoji with its skin tone or ZWJ family, a flag), so that a
# diff never strikes out half of what a reader sees as one sign.
_TOKEN = regex.compile(r"\s+|\d+(?:[.,:'\u00a0\u202f]\d+)*\p{M}*|(?:\w\p{M}*)+|\X")
# Letters that show as blank space (a combining grapheme joiner, Hangul fillers, the blank
# Braille pattern): a change made of them is as invisible as a zero-width space.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800")


@dataclass(frozen=True)
class Change:
    """One stretch of the diff: `equal`, `insert`, `delete` or `replace`."""

    kind: str
    old: str
    new: str
    chars: tuple[Change, ...] = field(default=())


def tokenize(text: str) -> list[str]:
    """Words, runs of white space and single punctuation marks; joined they give `text`."""
    return _TOKEN.findall(text)


#: The most cells (old tokens × new tokens) one word-level Levenshtein is run on: it costs
#: their product (two unlike paragraphs of 760,000 characters, 130,000 words each, took 8 s).
#: Past it, the texts are diffed sentence by sentence, and a changed run of sentences still
#: past it is shown replaced whole (bench/diff_bench.py).
MAX_CELLS = 400_000_000
# where a sentence ends: its closing mark, then white space
_SENTENCE_ENDS = frozenset(".!?…。！？")


def word_diff(old: str, new: str) -> list[Change]:
    """The changes that turn `old` into `new`, in order; joined `old` parts give `old`."""
    groups: list[list] = []  # [kind, old tokens, new tokens]
    for equal, old_part, new_part in _spans(tokenize(old), tokenize(new), by_sentence=True):
        if equal:
            groups.append(["equal", old_part, new_part])
        elif groups and groups[-1][0] != "equal":
            groups[-1][1] += old_part
            groups[-1][2] += new_part
        else:
            groups.append(["change", old_part, new_part])
    groups = _join_across_spaces(groups)
    return [
        _change(o, n) if kind != "equal" else Change("equal", "".join(o), "".join(n))
        for kind, o, n in groups
    ]


def _spans(
    a: list[str], b: list[str], *, by_sentence: bool
) -> list[tuple[bool, list[str], list[str]]]:
    """(equal?, old tokens, new tokens) stretches turning `a` into `b`: a word-level
    Levenshtein, unless that costs more than MAX_CELLS; then the same between what the two
    share at either end, or past MAX_CELLS still sentence by sentence (`by_sentence`), else
    the middle replaced whole."""
    if len(a) * len(b) <= MAX_CELLS:
        return _opcodes(a, b)
    start = _common_prefix(a, b)
    end = _common_prefix(a[start:][::-1], b[start:][::-1])
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    out: list[tuple[bool, list[str], list[str]]] = []
    if start:
        out.append((True, a[:start], b[:start]))
    if len(middle_a) * len(middle_b) <= MAX_CELLS:
        out += _opcodes(middle_a, middle_b)
    elif by_sentence:
        out += _by_sentence(middle_a, middle_b)
    else:
        out.append((False, middle_a, middle_b))
    if end:
        out.append((True, a[len(a) - end :], b[len(b) - end :]))
    return out


def _opcodes(a: list[str], b: list[str]) -> list[tuple[bool, list[str], list[str]]]:
    """A word-level Levenshtein's stretches."""
    return [
        (op.tag == "equal", a[op.src_start : op.src_end], b[op.dest_start : op.dest_end])
        for op in Levenshtein.opcodes(a, b)
    ]


def _common_prefix(a: list[str], b: list[str]) -> int:
    """How many tokens two lists share at their start: by halving, each step one comparison
    of slices in C, not a Python step per token (130,000 words of a long paragraph)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _by_sentence(a: list[str], b: list[str]) -> list[tuple[bool, list[str], list[str]]]:
    """Two long texts diffed sentence by sentence: the sentences they share are equal, and
    each changed run between them is diffed word by word (`_spans`)."""
    sa, sb = _sentences(a), _sentences(b)
    out: list[tuple[bool, list[str], list[str]]] = []
    for op in Levenshtein.opcodes(["".join(x) for x in sa], ["".join(x) for x in sb]):
        old = [token for sentence in sa[op.src_start : op.src_end] for token in sentence]
        new = [token for sentence in sb[op.dest_start : op.dest_end] for token in sentence]
        if op.tag == "equal":
            out.append((True, old, new))
        else:
            out += _spans(old, new, by_sentence=False)
    return out


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens in runs that each end a sentence (a closing mark and the white space after it)
    or a line."""
    out: list[list[str]] = [[]]
    for k, token in enumerate(tokens):
        out[-1].append(token)
        ends = token.isspace() and ("\n" in token or (k > 0 and tokens[k - 1] in _SENTENCE_ENDS))
        if ends:
            out.append([])
    return out if out[-1] else out[:-1]


def _join_across_spaces(groups: list[list]) -> list[list]:
    """change, equal-spaces-only, change  →  one change."""
    joined: list[list] = []
    for group in groups:
        if (
            group[0] == "change"
            and len(joined) >= 2
            and joined[-2][0] == "change"
            and joined[-1][0] == "equal"
            and all(token.isspace() for token in joined[-1][1])
        ):
            spaces = joined.pop()
            joined[-1][1] += spaces[1] + group[1]
            joined[-1][2] += spaces[2] + group[2]
        else:
            joined.append(group)
    return joined


def _change(old_tokens: list[str], new_tokens: list[str]) -> Change:
    old, new = "".join(old_tokens), "".join(new_tokens)
    if not old:
        return Change("insert", "", new)
    if not new:
        return Change("delete", old, "")
    chars: tuple[Change, ...] = ()
    # a number changes as a whole: "1,2[5→6]0,000" would also fall apart in right-to-left text,
    # where the pieces of a number are laid out as separate runs
    numeric = any(c.isdigit() for c in old + new)
    if len(old_tokens) == 1 and len(new_tokens) == 1 and not numeric:
        chars = tuple(
            Change(
                "equal" if op.tag == "equal" else op.tag,
                old[op.src_start : op.src_end],
                new[op.dest_start : op.dest_end],
            )
            for op in Levenshtein.opcodes(old, new)
        )
    return Change("replace", old, new, chars)


#: Texts longer than this together are compared word by word for their similarity: the
#: character-level ratio costs the product of the lengths (two unlike paragraphs of 200,000
#: characters took 1.3 s, of a million some 30 s; see bench/diff_bench.py).
LONG_TEXTS = 40_000


def similarity(a: str, b: str, changes: list[Change] | None = None) -> float:
    """0–1 similarity of two texts, for 'how much did this row change': rapidfuzz's ratio of
    their characters, or for long texts the share of characters the word diff (`changes`, if
    already made) leaves equal."""
    if not a and not b:
        return 1.0
    if len(a) + len(b) <= LONG_TEXTS:
        return fuzz.ratio(a, b) / 100
    changed = sum(len(c.old) + len(c.new) for c in changes or word_diff(a, b) if c.kind != "equal")
    return 1 - changed / (len(a) + len(b))


def changed_words(changes: list[Change]) -> int:
    """How many words the diff inserts, deletes or replaces (for summaries)."""
    count = 0
    for change in changes:
        if change.kind != "equal":
            words = max(_words(change.old), _words(change.new))
            count += max(words, 1)
    return count


def _words(text: str) -> int:
    """How many of the diff's own tokens in `text` are words or numbers (1,250,000 is one)."""
    return sum(1 for token in tokenize(text) if token[0].isalnum())


def _unseen(char: str) -> bool:
    """A character a reader cannot tell apart on the page: format characters (zero-width
    space, soft hyphen, bidi controls) and every white space but the plain space and newline."""
    if char in " \n":
        return False
    if char in _BLANK_LOOKING:
        return True
    category = unicodedata.category(char)
    return category in ("Cf", "Zs", "Zl", "Zp", "Cc") or "VARIATION SELECTOR" in unicodedata.name(
        char, ""
    )


def invisible_changes(changes: list[Change]) -> list[str]:
    """The characters a diff inserts or deletes that show as nothing (or as a plain space),
    named by code point ("inserted U+200B ZERO WIDTH SPACE"): a change made only of them
    would otherwise look like no change at all to the editor who approves it."""
    inserted: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    for change in changes:
        if change.kind == "equal":
            continue
        old, new = Counter(change.old), Counter(change.new)
        inserted.update(new - old)
        deleted.update(old - new)
    found = []
    for verb, chars in (("inserted", inserted), ("deleted", deleted)):
        for char, count in sorted(chars.items()):
            if _unseen(char):
                times = f" ({count}×)" if count > 1 else ""
                name = unicodedata.name(char, "CONTROL CHARACTER")
                found.append(f"{verb} U+{ord(char):04X} {name}{times}")
    return found
