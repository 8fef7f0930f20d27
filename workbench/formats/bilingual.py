"""What the TMX and XLIFF readers share: safe XML parsing, language choice, paired segments.

Exchange files come from unknown tools and people, so XML is parsed with defusedxml: entity
declarations (billion laughs) and external references (XXE) are refused outright.

A unit's side may hold several paragraphs: our exports join an n-m link's paragraphs with a
blank line ("\n\n", see exports/base.py), so a blank line splits a side back into paragraphs
and an export read back has the paragraphs and links it was written from. Spaces inside a
paragraph are the text's own under xml:space="preserve" (kept), layout otherwise (collapsed).

A paragraph may hold a blank line of its own (a revision of two stanzas). Then a blank line
alone cannot say where paragraphs end, so our exports say it: a side's "paragraph blocks"
("1 2": its first paragraph is one block of text, its second two blocks with a blank line
between them; TMX <prop type="x-paragraph-blocks"> in the <tuv>, XLIFF 2 <mda:meta
type="source-paragraph-blocks">), written only where a paragraph holds a blank line (at
sentence level too, where two sentences of one paragraph stand a blank line apart; our tables
say it in their positions cells, formats/delimited.py `cell_blocks`). A side
that has them is cut only where they say, so our own file reads back as the paragraphs it was
written from. A side without them is cut at every blank line: that is what a file from another
tool (or from an older version of ours) means by one, and the README promises it. Blocks that
do not add up to the side's text (someone changed it in a CAT tool) are ignored the same way.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping

from workbench import textio
from workbench.errors import InputError
from workbench.formats.base import ensure_text
from workbench.formats.comments import swapped
from workbench.model import (
    FileComment,
    FileSentence,
    ParsedDocument,
    ParsedSegment,
    ParsedVersion,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
LINK_STATUSES = ("auto", "confirmed", "edited")  # what a link status may be when read back
MAX_DEPTH = 100  # inline markup nested deeper than this is an attack, not a translation

#: A blank line: what our exports write between the paragraphs of one side of a link. Only
#: spaces, tabs and line breaks: a no-break space is text, not layout.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n[ \t\n]*")
_LAYOUT = re.compile("[ \t\n]+")  # spaces that are layout where space is not preserved
#: The first field of a gettext header (the PO entry with an empty msgid) on a line of its own.
_GETTEXT_HEADER = re.compile(r"^(?:Project-Id-Version|Content-Type):", re.MULTILINE)


_ANY_SPACE = re.compile(r"\s+")


#: Scripts written without spaces between sentences (Thai to Khmer, CJK, full-width forms).
_UNSPACED = (
    (0x0E00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


def spaced_script(char: str) -> bool:
    """Whether `char` belongs to a script whose sentences are separated by spaces."""
    code = ord(char)
    return not any(low <= code <= high for low, high in _UNSPACED)


def sentence_gap(before: str, after: str, said: str | None = None) -> str:
    """What goes between two sentences of one paragraph that a file gives apart: what the
    file `said` (our TMX's x-space-before), else a space between two scripts written with
    spaces, nothing where one written without them (Japanese, Chinese, Thai…) meets."""
    if said is not None:
        return said
    if before and after and not (spaced_script(before[-1]) and spaced_script(after[0])):
        return ""
    return " "


def text_key(source: Iterable[str], target: Iterable[str]) -> str:
    """A short fingerprint of a unit's two texts, white space aside (layout, how paragraphs
    and segments are joined). Our exports write it with the statuses they record (TMX
    `x-text-key`, XLIFF 2 `<mda:meta type="text-key">`); read back, a key that no longer fits
    says the text was changed elsewhere, in a CAT tool, after the status was set, so a
    reviewer's confirmation recorded for it no longer holds."""
    sides = [
        "".join(_ANY_SPACE.split(textio.normalise(" ".join(texts)))) for texts in (source, target)
    ]
    return hashlib.sha256("\x1f".join(sides).encode("utf-8")).hexdigest()[:16]


def parse_xml(data: bytes, filename: str) -> ET.Element:
    """The root element, or InputError for empty, binary, malformed or unsafe XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    name = textio.label(filename)
    textio.check_not_binary(data, filename)
    try:
        try:
            return fromstring(data)
        except ValueError as err:
            if "multi-byte encodings" not in str(err):
                raise
            return fromstring(_as_utf8(data, name))  # Shift_JIS, EUC-KR, GB2312, Big5…
    except DefusedXmlException as err:
        raise InputError(
            f"{name} is malformed or unsafe XML: it declares entities or refers to external"
            f" resources, which we refuse ({type(err).__name__})"
        ) from None
    except (ET.ParseError, ValueError, LookupError) as err:
        raise InputError(f"{name} is malformed or unsafe XML: {err}") from None


_DECLARED = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")


def _as_utf8(data: bytes, name: str) -> bytes:
    """A file in a multi-byte legacy encoding, which the XML parser (expat) cannot read, as
    UTF-8, its declaration saying so; InputError when its bytes are not that encoding."""
    head = data[:200].decode("ascii", errors="replace")
    declared = _DECLARED.match(head)
    if not declared:
        raise InputError(f"{name} is in an encoding the XML parser cannot read: save it as UTF-8")
    encoding = declared[2]
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as err:
        raise InputError(f"{name} says it is in {encoding}, but {err}: save it as UTF-8") from None
    return _DECLARED.sub(lambda m: m[1] + "UTF-8" + m[3], text, count=1).encode("utf-8")


def split_tag(tag: object) -> tuple[str, str]:
    """("namespace", "local") of an ElementTree tag; ("", "") for comments and PIs."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def children(el: ET.Element, local: str, namespace: str) -> Iterator[ET.Element]:
    """Child elements with this local name in this namespace (extension elements ignored)."""
    for child in el:
        if split_tag(child.tag) == (namespace, local):
            yield child


def inline_text(
    el: ET.Element,
    namespace: str,
    dropped: set[str],
    filename: str,
    depth: int = 0,
    original: Mapping[str, str] | None = None,
) -> str:
    """Text of a segment element; the content of `dropped` inline elements (codes) left out,
    but for a placeholder's or a line break's (`placeholder`), and text struck out by tracked
    changes. `original`: an XLIFF 2 unit's <originalData>, by id (what `dataRef` names)."""
    if depth > MAX_DEPTH:
        raise InputError(f"{textio.label(filename)} nests inline markup too deeply")
    parts = [el.text or ""]
    for child in el:
        ns, local = split_tag(child.tag)
        if child.get("mtype") in TRACKED_DELETIONS:
            pass  # text a reviewer struck out: the translation is what is left
        elif local and not (ns == namespace and local in dropped):
            parts.append(inline_text(child, namespace, dropped, filename, depth + 1, original))
        elif local in STANDALONE:
            parts.append(placeholder(child, original))
        parts.append(child.tail or "")
    return "".join(parts)


#: Tracked changes of Trados Studio (<mrk mtype="…"> in SDLXLIFF): deleted text is left out,
#: added text kept, as a reader of the accepted translation sees it.
TRACKED_DELETIONS = frozenset({"x-sdl-deleted", "x-sdl-feedback-deleted"})
#: Codes that stand alone in the text (TMX and XLIFF <ph>, XLIFF 1.2 <x>): a placeholder such
#: as "{0}" or "%s" is one of them, and is part of what the sentence says.
STANDALONE = frozenset({"ph", "x"})
#: What a placeholder looks like: {0} {name} {{count}}, printf's %s %1$d %.2f, %NAME%, $name
#: ${name}, [name]. Anything else a code holds ({\b}, an image) is formatting, but for a
#: line break or a tab, which separates the words around it (`BREAKS`).
PLACEHOLDER = re.compile(
    r"\{\{?[\w .,:#-]{1,40}\}?\}"
    r"|%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGcp@]"
    r"|%\w{1,40}%|\$\{?\w{1,40}\}?|\[[\w .:-]{1,40}\]"
)


#: A code that breaks a line (<br/>, \n, XLIFF 1.2 ctype="lb", XLIFF 2 subType="xlf:lb") or
#: stands for a tab: dropped, it would glue "First line" and "Second line" into one word.
BREAKS = re.compile(r"<br\s*/?>|\\n|\n|\r\n?", re.IGNORECASE)
TABS = re.compile(r"<tab\s*/?>|\\t|\t", re.IGNORECASE)


def placeholder(code: ET.Element, original: Mapping[str, str] | None = None) -> str:
    """The text a standalone code stands for when it is a placeholder (`PLACEHOLDER`), a line
    break ("\n") or a tab (a space), else "": its text equivalent (XLIFF 2 `equiv`, XLIFF 1.2
    `equiv-text`), else the original data it names (XLIFF 2 `dataRef`), else its content (the
    original's code, TMX and XLIFF 1.2 <ph>). A placeholder dropped would leave "Hello " of
    "Hello {0}", and no reviewer would see that a translation lost it."""
    if code.get("ctype") == "lb" or code.get("subType") == "xlf:lb":
        return "\n"
    for name in ("equiv", "equiv-text"):
        value = (code.get(name) or "").strip()
        if value:
            return _stands_for(value)
    ref = code.get("dataRef")
    if ref and original and ref in original:
        return _stands_for(original[ref])
    return _stands_for("".join(code.itertext()))


def _stands_for(code: str) -> str:
    if BREAKS.fullmatch(code.strip(" ")):
        return "\n"
    if TABS.fullmatch(code.strip(" ")):
        return " "
    code = code.strip()
    return code if PLACEHOLDER.fullmatch(code) else ""


def same_tag(lang: str) -> str:
    """A language tag as files are compared by it: "EN_us" and "en-US" are one language."""
    return lang.strip().lower().replace("_", "-")


def primary_tag(lang: str) -> str:
    return same_tag(lang).split("-")[0]


def match_language(wanted: str, available: Iterable[str]) -> str | None:
    """`wanted` among `available`: the same tag (case and "_" aside), else the one with its
    primary subtag."""
    available = list(available)
    for lang in available:
        if same_tag(lang) == same_tag(wanted):
            return lang
    close = [lang for lang in available if primary_tag(lang) == primary_tag(wanted)]
    return close[0] if len(close) == 1 else None


def preserves(el: ET.Element, inherited: bool) -> bool:
    """Whether xml:space="preserve" holds for `el`: its own attribute, else its parent's."""
    value = (el.get(XML_SPACE) or "").strip()
    return value == "preserve" if value else inherited


def descendants(root: ET.Element, tag: str, preserve: bool) -> Iterator[tuple[ET.Element, bool]]:
    """Elements named `tag` under `root` (itself included) in document order, each with whether
    it preserves spaces (xml:space is inherited; `preserve`: what holds above `root`).

    An explicit stack instead of recursion, since groups may nest to any depth; the inside of a
    match is not searched (units do not nest)."""
    stack = [(root, preserves(root, preserve))]
    while stack:
        el, keep = stack.pop()
        if el.tag == tag:
            yield el, keep
            continue
        stack.extend((child, preserves(child, keep)) for child in reversed(el))


def paragraphs(text: str | None, preserve: bool, blocks: str | None = None) -> list[str]:
    """The paragraphs of one side of a unit: split at blank lines (only where `blocks`, the
    side's paragraph blocks, say a paragraph ends, when they fit the text), each stripped;
    inner spaces kept under xml:space="preserve" ("a  b" stays), collapsed to one space
    otherwise."""
    if not text:
        return []
    parts = _cut(textio.normalise(text).strip(" \t\n"), blocks)
    if not preserve:  # as textio.squash does, the text being normalised already
        parts = [_LAYOUT.sub(" ", part) for part in parts]
    parts = [part.strip() for part in parts]
    return [part for part in parts if part]


def paragraph_blocks(part: str) -> int:
    """How many blocks of text a paragraph is to a reader that cuts at blank lines."""
    return len(PARAGRAPH_BREAK.split(part.strip(" \t\n")))


def _cut(text: str, blocks: str | None) -> list[str]:
    """`text` cut at its blank lines, or only at those that end a paragraph when `blocks`
    ("1 2") add up to its blocks of text (see the module's docstring)."""
    pieces = re.split(f"({PARAGRAPH_BREAK.pattern})", text)  # block, break, block, ...
    words = (blocks or "").split()
    numeric = all(word.isdecimal() and len(word) < 10 for word in words)
    sizes = [int(word) for word in words] if numeric else []
    if not sizes or 0 in sizes or sum(sizes) * 2 - 1 != len(pieces):
        return pieces[::2]
    cut, start = [], 0
    for size in sizes:
        end = start + size * 2 - 1
        cut.append("".join(pieces[start:end]))
        start = end + 1
    return cut


def is_gettext_header(source: str | None, target: str | None) -> bool:
    """A unit made from a PO file's header (empty msgid; metadata such as "Content-Type: ..." as
    its msgstr): file metadata, not text, as translate-toolkit itself treats it."""
    return not textio.squash(source or "") and bool(_GETTEXT_HEADER.search(target or ""))


class Pairs:
    """Collects source/target paragraphs and the links between them, in file order."""

    def __init__(self) -> None:
        self.source: list[ParsedSegment] = []
        self.target: list[ParsedSegment] = []
        self.links: list[tuple[list[int], list[int]]] = []
        self.statuses: list[str | None] = []  # None: the file says nothing (confirmed)
        self.reviewers: list[str | None] = []
        self.sentences: list[list[FileSentence] | None] = []
        self.comments: list[list[FileComment]] = []

    def add(
        self,
        source: list[str] | None,
        target: list[str] | None,
        status: str | None = None,
        reviewer: str | None = None,
        *,
        recorded: bool = False,
        sentences: list[FileSentence] | None = None,
        comments: list[FileComment] | None = None,
    ) -> None:
        """One unit: an n-m link between its paragraphs, 1-0 / 0-1 when a side has none.

        `status`: the link status the file gives, if it is one of ours; `recorded`: the file
        wrote our exact status (TMX x-status, XLIFF 2 subState), not a state of its format;
        `reviewer`: who set it. A unit without target text is never confirmed on the file's
        say-so (an untranslated unit is no reviewed translation), whichever way the file is
        read; only our own record of a reviewer who confirmed a 1-0 link (a deliberate
        omission) is kept. `sentences`: the sentence links the file pairs inside it;
        `comments`: the comments it makes on the unit (the same one twice counts once)."""
        link = (_append(self.source, source or []), _append(self.target, target or []))
        if not (link[0] or link[1]):
            if comments and self.comments:  # a unit without text: its comments go on before
                self.comments[-1] = list(dict.fromkeys(self.comments[-1] + comments))
            return
        status = status if status in LINK_STATUSES else None
        if not link[1] and status in (None, "confirmed") and not (recorded and status):
            status = "auto"
        self.links.append(link)
        self.statuses.append(status)
        self.reviewers.append((textio.squash(reviewer)[:200] or None) if reviewer else None)
        self.sentences.append(sentences)
        self.comments.append(list(dict.fromkeys(comments or [])))

    def reversed(self) -> Pairs:
        """The same units read the other way round (the file's target as the source)."""
        other = Pairs()
        other.source, other.target = self.target, self.source
        other.links = [(tgt, src) for src, tgt in self.links]
        other.statuses, other.reviewers = self.statuses, self.reviewers
        other.comments = [swapped(comments) for comments in self.comments]
        other.sentences = [
            None
            if units is None
            else [unit._replace(source=unit.target, target=unit.source) for unit in units]
            for units in self.sentences
        ]
        return other

    def document(
        self, source_lang: str | None, target_lang: str | None, filename: str
    ) -> ParsedDocument:
        doc = ParsedDocument(
            versions=[
                ParsedVersion(self.source, language=source_lang, role="source"),
                ParsedVersion(self.target, language=target_lang, role="translation"),
            ],
            links=self.links,
        )
        if any(self.statuses):
            doc.link_statuses = [status or "confirmed" for status in self.statuses]
        if any(self.reviewers):
            doc.link_reviewers = list(self.reviewers)
        if any(units is not None for units in self.sentences):
            doc.sentence_links = list(self.sentences)
        if any(self.comments):
            doc.comments = list(self.comments)
        ensure_text(doc, filename)
        if not self.source:  # a translation of nothing: never store an empty source version
            side = f" ({source_lang})" if source_lang else ""
            raise InputError(
                f"{textio.label(filename)} has no text on its source side{side}, only"
                f" {len(self.target)} target segment(s); a translation cannot be stored"
                " without its source"
            )
        return doc


def _append(segments: list[ParsedSegment], texts: list[str]) -> list[int]:
    """Add paragraphs to a version; their positions."""
    start = len(segments)
    segments.extend(ParsedSegment(text) for text in texts)
    return list(range(start, len(segments)))
