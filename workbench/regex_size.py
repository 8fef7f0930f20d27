"""How large a regular expression becomes once compiled, estimated before compiling it.

The `regex` module unrolls a counted repeat's minimum: compiling "x{10000000}" takes seconds
and gigabytes, before any match timeout can act, and a search box must not let one request
take the server down. The estimate counts each literal, class or escape as one node, and
multiplies what a repeat holds by its minimum count ("x{3,}" three times, "x{0,9}" or
"x*" once), through nested groups and across alternatives.
"""

from __future__ import annotations

import re

#: Escapes whose braces are their own argument, not a repeat: \p{L}, \N{DASH}, \x{263a}.
_BRACED_ESCAPE = re.compile(r"\\[pPNxo]\{[^}]*\}")
_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")
#: What follows "(" before a group's content: (?:  (?=  (?<!  (?>  (?P<name>  (?'name'  (?i-s:
_GROUP_HEAD = re.compile(r"\?(?:P?<\w+>|'\w+'|[:=!>|]|<[=!]|[a-zA-Z]*(?:-[a-zA-Z]+)?:)")


def compiled_size(pattern: str) -> int:
    """Estimated number of nodes `regex.compile(pattern)` builds (an upper bound in spirit:
    it errs on the large side, so a refusal is never needed twice)."""
    size, _ = _alternatives(pattern, 0)
    return size


def _alternatives(p: str, i: int) -> tuple[int, int]:
    """Size of `a|b|c` from position i up to the closing bracket (or the end): the sum."""
    total = 0
    while True:
        size, i = _sequence(p, i)
        total += size
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return total, i


def _sequence(p: str, i: int) -> tuple[int, int]:
    """Size of a run of items up to `|`, `)` or the end."""
    total = 0
    while i < len(p) and p[i] not in "|)":
        size, i = _atom(p, i)
        count, i = _repeat(p, i)
        total += size * count
    return total, i


def _atom(p: str, i: int) -> tuple[int, int]:
    """Size of one literal, escape, class or group starting at i, and where it ends."""
    c = p[i]
    if c == "\\":
        m = _BRACED_ESCAPE.match(p, i)
        return 1, m.end() if m else min(i + 2, len(p))
    if c == "[":
        return 1, _class_end(p, i)
    if c == "(":
        if p.startswith("(?#", i):
            end = p.find(")", i)
            return 0, len(p) if end < 0 else end + 1
        head = _GROUP_HEAD.match(p, i + 1)
        size, i = _alternatives(p, head.end() if head else i + 1)
        return max(size, 1), min(i + 1, len(p))
    return 1, i + 1


def _class_end(p: str, i: int) -> int:
    """Position after the character class opening at i ("[]a]" and "[^]a]" hold "]")."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
            continue
        if p.startswith("[:", j):  # [:alpha:]
            end = p.find(":]", j + 2)
            if end >= 0:
                j = end + 2
                continue
        if p[j] == "[":  # a nested set (VERSION1): its own class
            j = _class_end(p, j)
            continue
        if p[j] == "]":
            return j + 1
        j += 1
    return len(p)


def _repeat(p: str, i: int) -> tuple[int, int]:
    """The minimum count of a repeat at i (1 when there is none), and where it ends."""
    if i >= len(p):
        return 1, i
    c = p[i]
    if c in "*?+":
        count, i = 1, i + 1
    else:
        m = _COUNTED.match(p, i)
        if not m or (m.group(1) == "" and m.group(2) is None):
            return 1, i  # "{" alone or "{}" is a literal
        count, i = max(int(m.group(1) or 0), 1), m.end()
    if i < len(p) and p[i] in "?+":  # lazy or possessive
        i += 1
    return count, i
