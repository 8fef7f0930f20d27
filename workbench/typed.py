"""Text people type: comments, titles, labels. One check for every way in (a web form, the
JSON API, a CLI option), so each refuses the same text with the same message.

- `typed_text`: a comment or other multi-line text as stored (line ends as "\\n", NFC,
  trimmed), or an InputError naming the field and the problem: "comment: contains a control
  character (U+0000) at character 12", "comment: 10,001 characters; at most 10,000". Tab and
  line breaks are the only controls a person types; a NUL, an ESC, a DEL, a C1 control or a
  lone surrogate (which no encoding can store: SQLite refused it with a server error) was
  pasted or scripted, and is refused rather than silently dropped.
- `typed_line`: a title or label typed in a form or given as an option: one line as
  `textio.one_line` makes it (line breaks and tabs as spaces, control characters dropped, as
  titles always were), refused when it has no text, a lone surrogate or too many characters.
- `file_line`: a title or label a file brings with it (its metadata, its name): cleaned the
  same way and cut to the limit with an ellipsis, since refusing would refuse the whole import
  for a field nobody typed.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.errors import InputError
from workbench.textio import one_line

#: Controls no typed text holds (C0 but tab, LF and CR; DEL; C1) and lone surrogates.
_NOT_TYPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_ENDS = re.compile("\r\n?")
ELLIPSIS = "…"


def typed_text(value: str | None, *, field: str, max_chars: int) -> str:
    """Multi-line typed text as stored: CRLF and CR as "\\n" (browsers send a textarea's lines
    with CRLF), NFC, without surrounding white space ("" for None or blank; the caller says
    whether that is allowed). Refused, naming `field`: a control character other than tab and
    line breaks, a lone surrogate (its position counted from 1, a line break as one character,
    as the text box shows it), or more than `max_chars` characters."""
    text = _LINE_ENDS.sub("\n", value or "")
    found = unwanted(text)
    if found:
        raise InputError(f"{field}: {found}")
    text = unicodedata.normalize("NFC", text).strip()
    if invisible(text):
        return ""  # only zero-width or bidi marks: nothing anyone can read
    check_length(text, field=field, max_chars=max_chars)
    return text


def invisible(text: str) -> bool:
    """Whether a text shows nothing: only white space and format characters (zero-width
    spaces and joiners, soft hyphens, bidi controls, a BOM), as a blank one does."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def typed_line(value: str, *, field: str, max_chars: int) -> str:
    """A typed title or label as stored: one line (`textio.one_line`); refused, naming `field`,
    when it holds a lone surrogate (undecodable bytes of a command-line argument), has no text
    or has more than `max_chars` characters once cleaned."""
    found = unwanted(value, controls=False)
    if found:
        raise InputError(f"{field}: {found}")
    text = one_line(value, field)
    check_length(text, field=field, max_chars=max_chars)
    return text


def file_line(value: str | None, *, max_chars: int) -> str:
    """A title or label from a file as stored: one line, lone surrogates dropped, and at most
    `max_chars` characters: a longer one is cut at a character (not inside a letter and its
    accents) and ends with an ellipsis. "" when nothing is left."""
    text = one_line(_SURROGATES.sub("", value or ""))
    if len(text) <= max_chars:
        return text
    cut = max_chars - len(ELLIPSIS)
    while cut > 0 and unicodedata.combining(text[cut]):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def check_length(text: str, *, field: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise InputError(f"{field}: {len(text):,} characters; at most {max_chars:,}")


def unwanted(text: str, *, controls: bool = True) -> str | None:
    """What no typed text holds, and where: "contains a control character (U+0000) at
    character 12" (position from 1), or None. `controls=False` looks for lone surrogates
    only, for fields that clean their controls away (titles, notes)."""
    match = (_NOT_TYPED if controls else _SURROGATES).search(text)
    if match is None:
        return None
    code = ord(match.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"contains {what} (U+{code:04X}) at character {match.start() + 1:,}"


def replace_surrogates(text: str) -> str:
    """Lone surrogates as U+FFFD, for a name nobody typed in a field (a file's name given on
    the command line in bytes that are not UTF-8): shown and stored, never refused."""
    return _SURROGATES.sub("\ufffd", text)
