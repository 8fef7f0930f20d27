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


def word_diff(old: str, new: str) -> list[Change]:
    """The changes that turn `old` into `new`, in order; joined `old` parts give `old`."""
    a, b = tokenize(old), tokenize(new)
    groups: list[list] = []  # [kind, old tokens, new tokens]
    for op in Levenshtein.opcodes(a, b):
        old_part, new_part = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if op.tag == "equal":
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
