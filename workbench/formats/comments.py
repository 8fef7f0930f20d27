"""Comments in bilingual files, as the flags they become on import.

Reviewers working in a CAT tool leave comments on segments: XLIFF <note>s (1.2 with `from`
and `annotates`, 2.x with `category` and `appliesTo`), TMX <note>s on a unit or one of its
variants, Trados Studio's comment marks around the words they are about, memoQ's
<mq:comment>s. Our own exports write flags as notes too, one line each ("terminology (major,
open) “Hrushovi”: write Khrushchev", `exports.base.Note.text`), which read back as the flag
they were: its category, severity, status, quoted words and comment.

A comment from elsewhere comes in open, in the category its tool gives when that is one of
ours ("other" else, the tool's own category kept in front of the text) and neutral (an MQM
severity counts penalty points, and a remark is no error until a reviewer says so) unless the
tool grades it: Trados's Error and Warning are major and minor.
"""

from __future__ import annotations

import re

from workbench import textio
from workbench.model import FileComment
from workbench.typology import CATEGORIES, SEVERITIES, STATUSES

#: What a comment keeps of a longer text (flags.MAX_COMMENT, with room for its label).
MAX_TEXT = 9_000
MAX_AUTHOR = 200
#: A flag as our exports write it in a plain-text note (exports/base.py `Note.signed_text`;
#: before 2026-11, and in reader editions, without "by NAME on the SIDE" and with " — "
#: between comments).
_OURS = re.compile(
    r"(?P<category>[a-z/-]+) \((?P<severity>[a-z]+), (?P<status>[a-z]+)\)"
    r"(?: by (?P<by>[^:“”‖\n\r]+?))?(?: on the (?P<side>source|target))?"
    r"(?: “(?P<quote>.*?)”)?(?:: (?P<text>.*))?",
    re.DOTALL,
)
#: Between a flag's comments in a signed note, and the author in front of a later one.
_REPLY = " ‖ "
_REPLY_AUTHOR = re.compile(r"(?P<author>[^:“”‖\n\r]{1,200}?): (?P<text>.*)", re.DOTALL)
SIDES = ("source", "target")


def comment(
    text: str,
    *,
    side: str | None = None,
    quote: str | None = None,
    author: str | None = None,
    category: str | None = None,
    severity: str = "neutral",
) -> FileComment | None:
    """The comment a note holds (None: it holds nothing), read as the flag our export wrote
    where it has that shape."""
    text = clean(text)
    ours = _OURS.fullmatch(text)
    if (
        ours
        and ours["category"] in CATEGORIES
        and ours["severity"] in SEVERITIES
        and ours["status"] in STATUSES
    ):
        first, *later = (ours["text"] or "").split(_REPLY)
        return FileComment(
            clean(first),
            side=side if side in SIDES else ours["side"],
            quote=clean(ours["quote"] or "") or None,
            author=_author(ours["by"] or author),
            category=ours["category"],
            severity=ours["severity"],
            status=ours["status"],
            replies=tuple(_reply(text) for text in later),
        )
    quote = clean(quote or "") or None
    if not text and not quote:
        return None
    category = textio.squash(category or "")
    if category.lower() in CATEGORIES:  # "Grammar" is ours too
        category = category.lower()
    if category and category not in CATEGORIES:
        text = f"{category[:60]}: {text}" if text else category[:60]
    return FileComment(
        text,
        side=side if side in SIDES else None,
        quote=quote,
        author=_author(author),
        category=category if category in CATEGORIES else "other",
        severity=severity if severity in SEVERITIES else "neutral",
    )


def swapped(comments: list[FileComment]) -> list[FileComment]:
    """The same comments on a file read the other way round (its target as the source)."""
    other = {"source": "target", "target": "source"}
    return [c._replace(side=other.get(c.side or "")) for c in comments]


def clean(text: str) -> str:
    """A comment's text as stored: normalised (NFC, line ends), its outer space trimmed, cut
    with an ellipsis past MAX_TEXT characters."""
    text = textio.normalise(text).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _reply(text: str) -> tuple[str | None, str]:
    """A later comment of a signed note: (its author, its text)."""
    signed = _REPLY_AUTHOR.fullmatch(text)
    if signed:
        return _author(signed["author"]), clean(signed["text"])
    return None, clean(text)


def _author(author: str | None) -> str | None:
    return textio.squash(author or "")[:MAX_AUTHOR] or None
