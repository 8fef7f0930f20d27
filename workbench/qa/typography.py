"""Mechanical checks on the target: brackets and quotes, final punctuation, spacing, doubled words.

The source is the yardstick: a quote left open in the source (a speech running on into the
next verse) is not the translator's doing, so the target is only blamed for an imbalance the
source does not share; nor for a parenthesis or quotation that opens in one pair and closes in
a later one (guillemets show the direction, and a paragraph that repeats the opening « of a
long quotation continues it), nor for a bracket closed by one of another shape ("{Makalu ,
Arthaud )"). A guillemet left open is reported even where the source quotes nothing.
A question against a statement is not reported when the statement reports the question
(whether, nëse, ob, ли) or exclaims it (a rhetorical question, punctuated either way).
"""

from __future__ import annotations

import re

from workbench.qa.context import Context
from workbench.qa.model import Finding, Pair, Span

_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
# Quote families whose marks must add up to an even number: „…“, “…”, „…” all mix freely.
_QUOTE_FAMILIES = ("„“”", "«»", "‹›", '"')
_DIRECTED = ("«»", "‹›")
_DOUBLE_APOSTROPHE = "''"
# Between two words only: spacing around punctuation follows house styles (French " ; ",
# two spaces after a full stop) that are not the translator's slip.
_DOUBLE_SPACE = re.compile(r"(?<=\w)[ \u00a0]{2,}(?=\w)")
# (never across a blank line: "Chapter One\n\nOne day" is a heading and a paragraph)
_REPEAT = re.compile(r"\b([^\W\d_]+)(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(\1)\b", re.I)
# Repeats that grammar allows: "had had", "nous nous sommes", "die, die" without the comma.
_LEGIT_REPEATS = frozenset(["had", "that", "nous", "vous", "die", "der", "das", "të", "e"])


# A list label closed by a parenthesis: "a ) la réfraction …; b ) la déviation", "2) …".
_LIST_LABEL = re.compile(r"(?:^|(?<=[;:.]\s)|(?<=[;:.]))\s*(?:[a-zA-Z]|\d{1,2})\s?\)")


def _unlabelled(text: str) -> str:
    """The text without its list labels' parentheses, when those are what tips the balance."""
    stripped = _LIST_LABEL.sub(" ", text)
    return stripped if stripped.count("(") == stripped.count(")") else text


def _brackets_balanced(text: str) -> bool:
    """Every bracket closed, counting a bracket closed by another shape ("{Makalu , Arthaud )",
    a slip of the scan or the typist) as closed: opening and closing alternate properly when
    shapes are ignored."""
    text = _unlabelled(text)
    if all(text.count(a) == text.count(b) for a, b in _BRACKETS):
        return True
    depth = 0
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _open_brackets(text: str) -> int:
    """Brackets opened minus brackets closed."""
    text = _unlabelled(text)
    return sum(text.count(a) - text.count(b) for a, b in _BRACKETS)


def _spans_pairs(pair: Pair, ctx: Context | None) -> bool:
    """Whether the target's bracket runs on into the next pair or comes from the previous one:
    a parenthesis over several verses or sentences ("( For the Pharisees … vessels.)")."""
    if ctx is None or not ctx.pairs:
        return False
    balance = _open_brackets(pair.target)
    i = pair.index
    if balance > 0 and i + 1 < len(ctx.pairs):
        return _open_brackets(ctx.pairs[i + 1].target) < 0
    if balance < 0 and i > 0:
        return _open_brackets(ctx.pairs[i - 1].target) > 0
    return False


def _odd_quotes(text: str) -> list[str]:
    """Quote families that do not add up in `text`.

    Guillemets have a direction, so « » (and » «) must pair up one for one, not merely come in
    an even number: "« a « b »" is open. The other families can only be counted.
    """
    odd = [f for f in _QUOTE_FAMILIES if f not in _DIRECTED and sum(text.count(c) for c in f) % 2]
    odd += [f for f in _DIRECTED if text.count(f[0]) != text.count(f[1])]
    if text.count(_DOUBLE_APOSTROPHE) % 2:
        odd.append(_DOUBLE_APOSTROPHE)
    return odd


#: How many pairs away a quotation left open may close (a speech over several verses).
RUN_ON = 10


def _balance(text: str, family: str) -> int:
    """Guillemets opened minus closed ("«" and "»", or "‹" and "›")."""
    return text.count(family[0]) - text.count(family[1])


def _continues(text: str, family: str) -> bool:
    """Whether `text` opens with the quote mark: French and German typesetting repeat the
    opening guillemet at the start of each paragraph of a quotation that goes on."""
    return text.lstrip(" -–—").startswith(family[0])


def _quote_runs_on(pair: Pair, ctx: Context | None, families: list[str]) -> bool:
    """Whether the target's open quotes belong to one quotation over several segments (a speech
    over several verses), not a missing mark.

    Guillemets show which way: a « left open must be closed by a later target (within RUN_ON
    pairs), a stray » must close one an earlier target left open. A paragraph that opens with
    the mark may only be continuing the quotation: going forward, it is passed over, or closes
    the quotation if it closes one more than it opens after that mark; and a target that
    itself opens so is excused when the quotation was open before it. The other families can
    only be counted: a neighbouring target that is odd in the same family will do.
    """
    if ctx is None or not ctx.pairs:
        return False
    i = pair.index
    for family in families:
        if family not in _DIRECTED:
            near = [ctx.pairs[j].target for j in (i - 1, i + 1) if 0 <= j < len(ctx.pairs)]
            if any(family in _odd_quotes(text) for text in near):
                return True
            continue
        if _balance(pair.target, family) > 0:
            if _closed_later(ctx, i, family):
                return True
            if not _continues(pair.target, family):
                continue
        if _open_before(ctx, i, family):
            return True
    return False


def _closed_later(ctx: Context, i: int, family: str) -> bool:
    """Whether a later target closes the quotation open after pair i (passing over paragraphs
    that only repeat the opening mark)."""
    for j in range(i + 1, min(i + RUN_ON, len(ctx.pairs) - 1) + 1):
        text = ctx.pairs[j].target
        if not any(c in text for c in family):
            continue
        continues = _continues(text, family)
        balance = _balance(text, family) - continues
        if balance < 0:
            return True
        if balance > 0 or not continues:
            return False
    return False


def _open_before(ctx: Context, i: int, family: str) -> bool:
    """Whether the nearest earlier target with guillemets leaves the quotation open."""
    for j in range(i - 1, max(i - RUN_ON, 0) - 1, -1):
        text = ctx.pairs[j].target
        if any(c in text for c in family):
            return _balance(text, family) > 0
    return False


def _has_quotes(text: str) -> bool:
    return any(c in text for f in _QUOTE_FAMILIES for c in f) or _DOUBLE_APOSTROPHE in text


def _spans_of(text: str, chars: str) -> list[Span]:
    return [(i, i + 1) for i, c in enumerate(text) if c in chars]


def check_brackets(pair: Pair, ctx: Context | None = None) -> list[Finding]:
    """Brackets or quotes the target leaves open (or closes twice) while the source does not."""
    if not pair.source.strip() or not pair.target.strip():
        return []
    findings = []
    if (
        not _brackets_balanced(pair.target)
        and _brackets_balanced(pair.source)
        and not _spans_pairs(pair, ctx)
    ):
        findings.append(
            Finding(
                "brackets",
                "minor",
                "unbalanced brackets in the target",
                target_spans=_spans_of(pair.target, "()[]{}"),
            )
        )
    odd = _odd_quotes(pair.target)
    # an odd count of undirected marks is only telling when the source quotes too; guillemets
    # left open or closed twice are telling on their own
    telling = _has_quotes(pair.source) or any(f in _DIRECTED for f in odd)
    if odd and telling and not _odd_quotes(pair.source) and not _quote_runs_on(pair, ctx, odd):
        marks = "".join(odd).replace(_DOUBLE_APOSTROPHE, "'")
        findings.append(
            Finding(
                "quotes",
                "minor",
                "unbalanced quotes in the target",
                target_spans=_spans_of(pair.target, marks),
            )
        )
    return findings


def _final(text: str) -> tuple[str, int]:
    """The sentence mark that ends `text` ('?', '.', or '' for none) and where it stands.

    Looks at everything after the last letter or digit, so `?".` (Albanian: a quoted question
    closing the sentence) still ends in a question.
    """
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    tail = text[end:]
    if "?" in tail:
        return "?", end + tail.index("?")
    for mark in ".!…":
        if mark in tail:
            return ".", end + tail.index(mark)
    return "", end


# Words that report a question (he asked whether …): the question is there, told indirectly.
_INDIRECT_QUESTION = re.compile(r"\b(?:whether|nëse|ob)\b|(?<![^\W\d_])ли(?![^\W\d_])", re.I)


def _exclaims(text: str) -> bool:
    """Whether `text` ends in an exclamation: a rhetorical question may be punctuated either
    way ("а разве можно …!" ~ "Should he deal …?")."""
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    return "!" in text[end:]


def check_final_punctuation(pair: Pair, ctx: Context | None = None) -> list[Finding]:
    """A question on one side that is a statement on the other.

    Only when the statement side asks no question at all: "Are we not foreigners? for he
    sold us." against one question that ends the source is the same question, reordered; nor
    does it report the question indirectly ("he asked him whether he saw" ~ "Seest thou
    aught?"), nor end in an exclamation (a rhetorical question, punctuated either way).
    """
    (s, _), (t, at) = _final(pair.source), _final(pair.target)
    statement_side = pair.target if s == "?" else pair.source
    if (
        s
        and t
        and s != t
        and "?" not in statement_side
        and not _exclaims(statement_side)
        and not _INDIRECT_QUESTION.search(statement_side)
    ):
        what, other = ("a question", "a statement") if s == "?" else ("a statement", "a question")
        return [
            Finding(
                "final-punctuation",
                "minor",
                f"the source ends as {what}, the target as {other}",
                target_spans=[(at, at + 1)],
            )
        ]
    return []


def check_spacing(pair: Pair, ctx: Context | None = None) -> list[Finding]:
    """Double spaces inside the target, and leading or trailing spaces."""
    findings = []
    doubles = [m.span() for m in _DOUBLE_SPACE.finditer(pair.target)]
    if doubles and not _DOUBLE_SPACE.search(pair.source):
        findings.append(
            Finding("double-space", "minor", "double space in the target", target_spans=doubles)
        )
    t = pair.target
    edges = []
    src = pair.source
    if t and t[0].isspace() and not src[:1].isspace():
        edges.append((0, len(t) - len(t.lstrip())))
    if t.strip() and t[-1].isspace() and not src[-1:].isspace():
        edges.append((len(t.rstrip()), len(t)))
    if edges:
        findings.append(
            Finding(
                "edge-space", "minor", "leading or trailing space in the target", target_spans=edges
            )
        )
    return findings


def check_repeated_words(pair: Pair, ctx: Context | None = None) -> list[Finding]:
    """A word written twice in a row ("the the"), unless grammar allows it ("had had")."""
    spans, words = [], []
    for m in _REPEAT.finditer(pair.target):
        word = m.group(1).casefold()
        if word in _LEGIT_REPEATS:
            continue
        if re.search(rf"\b{re.escape(m.group(1))}\s+{re.escape(m.group(2))}\b", pair.source, re.I):
            continue  # the source repeats it too ("Ilir Ilir" in a list, a quoted stammer)
        spans.append(m.span())
        words.append(m.group(0))
    if not spans:
        return []
    return [
        Finding(
            "repeated-word",
            "minor",
            "repeated word in the target: " + ", ".join(f"“{w}”" for w in words),
            target_spans=spans,
        )
    ]
