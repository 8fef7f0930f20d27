"""Which characters of a PDF edition no font on this machine has.

WeasyPrint draws a character that no installed font covers as an empty box (.notdef) and only
logs it, so an edition full of emoji or rare CJK ideographs would look fine to the one who made
it until a reader opened it. The PDF's fonts are the system's (fontconfig's), subset and
embedded: a character is drawable when some installed font's character set holds it, which
fontconfig lists for every font (`fc-list`); where fontconfig's tools are missing, the font
files' own cmaps are read with fontTools. The check reads the texts an edition shows, not the
PDF, so it answers the same for a file the cache kept (exports/cache.py) as for a new one.

Characters that are never drawn are not asked about: white space, controls, format characters
(zero-width joiners, direction marks) and variation selectors.
"""

from __future__ import annotations

import bisect
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from workbench.exports.base import ExportData

#: Where fonts live when fontconfig cannot be asked (its usual folders on Linux).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
SHOWN = 20  # characters a warning lists before "…"
_NEVER_DRAWN = {"Cc", "Cf", "Cs", "Zl", "Zp"}

Ranges = tuple[tuple[int, ...], tuple[int, ...]]  # sorted starts, and each range's last


def _merged(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Inclusive code point ranges merged into sorted, disjoint ones (starts, ends)."""
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return tuple(starts), tuple(ends)


def _fontconfig_ranges() -> list[tuple[int, int]] | None:
    """Every installed font's character set as fontconfig lists it ("20-7e a0-17f 192"), or
    None when fontconfig's `fc-list` cannot be run."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{charset}\\n"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for word in listed.split():
        first, _, last = word.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


def _cmap_ranges() -> list[tuple[int, int]]:
    """The characters of every font file in FONT_FOLDERS, from their cmaps (fontTools)."""
    from fontTools.ttLib import TTCollection, TTFont

    ranges = []
    for folder in FONT_FOLDERS:
        for path in sorted(Path(folder).expanduser().rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES:
                continue
            try:
                if path.suffix.lower() in (".ttc", ".otc"):
                    faces = TTCollection(str(path), lazy=True).fonts
                else:
                    faces = [TTFont(str(path), lazy=True)]
                for face in faces:
                    ranges += [(code, code) for code in face.getBestCmap() or {}]
            except Exception:  # a broken font file is a font we cannot use
                continue
    return ranges


@cache
def coverage() -> Ranges:
    """What the installed fonts cover, asked once per process (fontconfig, else the files)."""
    ranges = _fontconfig_ranges()
    return _merged(_cmap_ranges() if ranges is None else ranges)


def covered(char: str, ranges: Ranges) -> bool:
    starts, ends = ranges
    index = bisect.bisect_right(starts, ord(char)) - 1
    return index >= 0 and ord(char) <= ends[index]


def drawn(char: str) -> bool:
    """Whether a character needs a glyph: not white space, a control or a format character."""
    if char.isspace() or unicodedata.category(char) in _NEVER_DRAWN:
        return False
    code = ord(char)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)  # variation selectors


def missing(texts: Iterable[str], ranges: Ranges | None = None) -> list[str]:
    """The characters of `texts` that no installed font covers, in the order first seen."""
    ranges = coverage() if ranges is None else ranges
    seen: dict[str, bool] = {}
    for text in texts:
        for char in text:
            if char not in seen:
                seen[char] = drawn(char) and not covered(char, ranges)
    return [char for char, lacking in seen.items() if lacking]


def shown(data: ExportData) -> Iterator[str]:
    """The texts a reader edition shows: its metadata, a gap's marker (… ¶ –), both sides of
    every link, the notes."""
    for label, value in data.metadata():
        yield label
        yield value
    yield data.gap_note((0, 2))
    for link in data.links():
        yield link.source
        yield link.target
        for note in link.notes:
            yield note.text


def unrendered(data: ExportData) -> list[str]:
    """The characters an edition's PDF shows as empty boxes on this machine."""
    return missing(shown(data))


def warning(chars: list[str]) -> str | None:
    """What to tell the person who exported, or None when every character has a font."""
    if not chars:
        return None
    listed = " ".join(chars[:SHOWN]) + (" …" if len(chars) > SHOWN else "")
    if len(chars) == 1:
        return f"1 character has no font here and shows as a box: {listed}"
    return f"{len(chars)} characters have no font here and show as boxes: {listed}"
