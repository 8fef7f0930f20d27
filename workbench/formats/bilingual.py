"""What the TMX and XLIFF readers share: safe XML parsing, language choice, paired segments.

Exchange files come from unknown tools and people, so XML is parsed with defusedxml: entity
declarations (billion laughs) and external references (XXE) are refused outright.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from workbench import textio
from workbench.errors import InputError
from workbench.formats.base import ensure_text
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LINK_STATUSES = ("auto", "confirmed", "edited")  # what a link status may be when read back
MAX_DEPTH = 100  # inline markup nested deeper than this is an attack, not a translation


def parse_xml(data: bytes, filename: str) -> ET.Element:
    """The root element, or InputError for empty, binary, malformed or unsafe XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    name = textio.label(filename)
    textio.check_not_binary(data, filename)
    try:
        return fromstring(data)
    except DefusedXmlException as err:
        raise InputError(
            f"{name} is malformed or unsafe XML: it declares entities or refers to external"
            f" resources, which we refuse ({type(err).__name__})"
        ) from None
    except (ET.ParseError, ValueError, LookupError) as err:
        raise InputError(f"{name} is malformed or unsafe XML: {err}") from None


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
    el: ET.Element, namespace: str, dropped: set[str], filename: str, depth: int = 0
) -> str:
    """Text of a segment element; the content of `dropped` inline elements (codes) left out."""
    if depth > MAX_DEPTH:
        raise InputError(f"{textio.label(filename)} nests inline markup too deeply")
    parts = [el.text or ""]
    for child in el:
        ns, local = split_tag(child.tag)
        if local and not (ns == namespace and local in dropped):
            parts.append(inline_text(child, namespace, dropped, filename, depth + 1))
        parts.append(child.tail or "")
    return "".join(parts)


def match_language(wanted: str, available: Iterable[str]) -> str | None:
    """`wanted` among `available`: same tag ignoring case, else the one with its primary subtag."""
    available = list(available)
    for lang in available:
        if lang.lower() == wanted.lower():
            return lang
    primary = wanted.lower().split("-")[0]
    close = [lang for lang in available if lang.lower().split("-")[0] == primary]
    return close[0] if len(close) == 1 else None


class Pairs:
    """Collects source/target segments and the links between them, in file order."""

    def __init__(self) -> None:
        self.source: list[ParsedSegment] = []
        self.target: list[ParsedSegment] = []
        self.links: list[tuple[list[int], list[int]]] = []
        self.statuses: list[str | None] = []
        self.reviewers: list[str | None] = []

    def add(
        self,
        source: str | None,
        target: str | None,
        status: str | None = None,
        reviewer: str | None = None,
    ) -> None:
        """One unit: a 1-1 link, or 1-0 / 0-1 when one side is missing or empty. `status` is
        the link status the file records (our exports write it), if it is one of ours, and
        `reviewer` who set it."""
        src = textio.squash(source or "")
        tgt = textio.squash(target or "")
        link: tuple[list[int], list[int]] = ([], [])
        if src:
            link[0].append(len(self.source))
            self.source.append(ParsedSegment(src))
        if tgt:
            link[1].append(len(self.target))
            self.target.append(ParsedSegment(tgt))
        if src or tgt:
            self.links.append(link)
            self.statuses.append(status if status in LINK_STATUSES else None)
            self.reviewers.append(textio.squash(reviewer or "")[:200] or None)

    def document(self, source_lang: str | None, target_lang: str | None, filename: str):
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
        ensure_text(doc, filename)
        if not self.source:  # a translation of nothing: never store an empty source version
            side = f" ({source_lang})" if source_lang else ""
            raise InputError(
                f"{textio.label(filename)} has no text on its source side{side}, only"
                f" {len(self.target)} target segment(s); a translation cannot be stored"
                " without its source"
            )
        return doc
