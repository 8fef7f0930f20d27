"""HTML pages: the article's blocks as plain-text segments, page furniture left out.

Saved web pages carry navigation, banners, cookie notices and scripts around the text that
matters; a segment made of "Home | About | Search" would spoil an alignment, and script text
must never reach a reviewer's screen. So we keep only text in block elements that are not
furniture, as plain text (no markup), each block once even when blocks nest. An image's alt
text is text of the page (a reader hears it, a browser shows it for a missing image): it is kept
in square brackets where the image stands, "[Map of Albania]" (see `image_text`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from workbench import textio
from workbench.errors import InputError
from workbench.formats.base import ensure_text
from workbench.model import ParsedDocument, ParsedSegment, ParsedVersion, ReadOptions

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that start and end a segment; text directly inside them forms one.
_BLOCKS = _HEADINGS | {
    "html", "body", "main", "article", "section", "div", "p", "li", "ul", "ol", "dl", "dd",
    "dt", "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "address", "hr", "center", "details", "summary", "fieldset",
    "legend", "hgroup", "header", "footer", "menu",
}  # fmt: skip
# Never text of the document: code, page furniture, controls, embedded media.
_DROPPED = {
    "head", "script", "style", "noscript", "template", "nav", "aside", "form",
    "button", "select", "option", "textarea", "input", "label", "iframe", "object", "embed",
    "svg", "math", "canvas", "audio", "video", "map", "dialog", "datalist", "meta", "link",
    "title", "base", "rt", "rp",
}  # fmt: skip
# (a ruby's reading, <rt>, and its fallback parentheses, <rp>, are aids to its base text)
_QUOTES = ("“", "”")  # what a browser shows around <q> (its default `quotes`)
_DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""",
    re.I,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: The internal subset of a leading DOCTYPE (`<!DOCTYPE html [ <!ENTITY nbsp "&#160;"> ]>`, as
#: EPUB chapters declare entities): its declarations in brackets, their quoted values and
#: comments whole, since they may hold ">" and "]". Read once, never backtracked (possessive; a
#: comment never closed runs to the end rather than being tried again from each "<!--").
_INTERNAL_SUBSET = re.compile(
    r"""\A(\s*(?:<!--(?:[^-]|-(?!->))*+-->\s*)*+<!DOCTYPE\b[^\[>]*+)"""
    r"""\[(?:<!--(?:[^-]|-(?!->))*+(?:-->|\Z)|"[^"]*+"|'[^']*+'|[^\]"'])*+\]\s*>""",
    re.I,
)
#: How far into a page its DOCTYPE's internal subset is looked for (a chapter's few entities
#: take a few hundred bytes; a subset never closed is not read to the end of 50 MB).
MAX_INTERNAL_SUBSET = 1 << 20
_IMG_TAG = re.compile(r"<img\b", re.I)
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.I)
_DEPTH_ERROR = re.compile(r"depth in document: (\d+)", re.I)

# meta name/property (lower case) -> metadata key; "title" and "language" are handled apart.
_META = {
    "description": "summary", "dc.description": "summary", "dcterms.description": "summary",
    "og:description": "summary", "author": "author", "dc.creator": "author",
    "dcterms.creator": "author", "dc.date": "date", "dcterms.date": "date",
    "dcterms.created": "date", "dc.rights": "licence", "dcterms.rights": "licence",
    "dcterms.license": "licence", "dc.publisher": "publisher", "dcterms.publisher": "publisher",
    "dc.source": "source_url", "og:url": "source_url", "dc.title": "title",
    "dcterms.title": "title", "dc.language": "language", "dcterms.language": "language",
}  # fmt: skip


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    text = textio.decode(
        data,
        options.filename,
        declared=_declared_charset(data),
        language=options.source_language,
    )
    root = _parse(text, options.filename)
    meta = _head_metadata(root)
    segments = segments_of(root)  # not only <body>: text a parser leaves beside it is text too
    title = meta.pop("title", None) or _title_element(root) or _first_h1(root)
    declared_language = meta.pop("language", "")
    language = (root.get("lang") or root.get("xml:lang") or declared_language).strip()
    if not meta.get("source_url", "http://").startswith(("http://", "https://")):
        del meta["source_url"]  # a DC identifier may be an ISBN or a shelf mark, not a link
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=language or None)],
        title=title,
        metadata=meta,
    )
    return ensure_text(doc, options.filename)


def fragment_segments(markup: str, filename: str = "") -> list[ParsedSegment]:
    """Segments of an HTML fragment (raw HTML inside Markdown), by the same rules as a page.

    A fragment with no elements or text (a lone comment) has no segments; one the parser cannot
    read completely (nested too deeply) is refused like a page.
    """
    if not markup.strip():
        return []
    return segments_of(_parse(markup, filename, empty_ok=True))


def segments_of(element) -> list[ParsedSegment]:
    """Plain-text segments of an element's kept blocks, in document order."""
    collector = _Collector()
    collector.walk(element)
    collector.flush()
    return collector.segments


class _Collector:
    """Walks the tree once; text accumulates until a block boundary turns it into a segment."""

    def __init__(self) -> None:
        self.segments: list[ParsedSegment] = []
        self.buffer: list[str] = []
        self.preformatted = 0  # how many <pre> the walk is inside

    def flush(self, kind: str = "paragraph") -> None:
        text = "".join(self.buffer)
        self.buffer = []
        paragraphs = preformatted(text) if self.preformatted else _broken_lines(text)
        self.segments.extend(ParsedSegment(paragraph, kind) for paragraph in paragraphs)

    def walk(self, top) -> None:
        """Depth first with a stack of its own: a page may nest thousands of elements deep, far
        more than Python's recursion limit allows. An element's tail is text of its parent's,
        appended once the element is done (the top element's tail is not ours)."""
        stack: list[tuple[object, bool]] = [(top, False)]
        while stack:
            el, done = stack.pop()
            if done:  # every child walked: close the block, then the text after the element
                if isinstance(el, _Closing):
                    self.buffer.append(_QUOTES[1])
                    el = el.element
                elif el.tag.lower() in _BLOCKS:
                    self.flush("heading" if el.tag.lower() in _HEADINGS else "paragraph")
                    if el.tag.lower() == "pre":
                        self.preformatted -= 1
                self._tail(el, top)
                continue
            if not isinstance(el.tag, str) or _is_dropped(el):
                self._tail(el, top)  # comments, processing instructions, furniture
                continue
            tag = el.tag.lower()
            if tag == "br":  # a line of a poem or an address: kept as a line
                self.buffer.append(textio.LINE_BREAK)
            elif tag == "img":
                self.buffer.append(image_text(el.get("alt")))
            elif tag in ("sup", "sub"):  # raised, or in brackets: never 19611 for 1961¹
                self.buffer.append(textio.raised_mark(_visible_text(el), sub=tag == "sub"))
            elif tag == "q":  # quoted: the marks a browser adds, then the words, then the tail
                self.buffer.append(_QUOTES[0] + (el.text or ""))
                stack.append((_Closing(el), True))
                stack.extend((child, False) for child in reversed(el))
                continue
            elif tag == "tr" and _is_data_row(el):
                self.flush()
                cells = [_cell_text(cell) for cell in el if _tag(cell) in ("td", "th")]
                self.buffer.append(" | ".join(cell for cell in cells if cell))
                self.flush()
            else:
                if tag in _BLOCKS:
                    self.flush()
                    if tag == "pre":  # its lines and their indentation are the text's
                        self.preformatted += 1
                self.buffer.append(el.text or "")
                stack.append((el, True))
                stack.extend((child, False) for child in reversed(el))
                continue
            self._tail(el, top)

    def _tail(self, el, top) -> None:
        if el is not top:
            self.buffer.append(el.tail or "")


def _broken_lines(text: str) -> list[str]:
    """The paragraphs of a block's text, its white space collapsed: one, its <br> lines kept
    as lines (as `textio.squash_lines` keeps them), but where two <br> or more follow each
    other with nothing shown between (a blank line), as pages without <p> separate their
    paragraphs ("Para one.<br><br>Para two."), a paragraph ends."""
    if textio.LINE_BREAK not in text:
        squashed = textio.squash(text)
        return [squashed] if squashed else []
    return _paragraphs_of(map(textio.squash, text.split(textio.LINE_BREAK)))


def preformatted(text: str) -> list[str]:
    """The paragraphs of preformatted text (<pre>, a Markdown code block) as it is laid out:
    its lines stay lines, with their inner spaces and their indentation (a program's, a
    poem's) but the white space that ends them; a blank line ends a paragraph, as in plain
    text. The indentation all lines of a paragraph share goes (`textwrap.dedent`): it is where
    the block stands, not the text's, and an import keeps no space before a paragraph, so
    the first line would lose it alone."""
    lines = (line.rstrip() for line in textio.normalise(text).split("\n"))
    return [textwrap.dedent(paragraph) for paragraph in _paragraphs_of(lines)]


def _paragraphs_of(lines: Iterable[str]) -> list[str]:
    """Lines grouped into paragraphs at the lines that show nothing (`textio.blank`), each
    paragraph its lines joined by line breaks."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not textio.blank(line):
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


class _Closing:
    """Marks the end of a <q> on the walk's stack: its closing quote goes before its tail."""

    def __init__(self, element) -> None:
        self.element = element
        self.tag = element.tag


def _visible_text(top) -> str:
    """An element's text as shown: its dropped descendants (a <script>, a ruby's <rt>) not.
    With a stack of its own, as `_Collector.walk`: nesting may be deep."""
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(top, False)]
    while stack:
        el, done = stack.pop()
        if done:
            if el is not top:
                parts.append(el.tail or "")
            continue
        if el is not top and (not isinstance(el.tag, str) or _is_dropped(el)):
            parts.append(el.tail or "")
            continue
        parts.append(el.text or "")
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(parts)


def image_text(alt: str | None) -> str:
    """An image's alt text as it stands in a segment: "[alt text]", or "" without alt text.

    Square brackets are the editor's mark for text that is not the author's running text, and
    carry no word of their own: "[image: Harta e Shqipërisë]" would put an English word into an
    Albanian text, which search, word counts and QA checks (untranslated words) would then see.
    In the aligned view "[Harta e Shqipërisë]" faces "[Map of Albania]", each in its language.
    """
    alt = clean(alt or "")
    return f"[{alt}]" if alt else ""


def inline_image_text(markup: str) -> str:
    """The alt text of an inline <img> tag (raw HTML in Markdown), as `image_text` gives it."""
    if not _IMG_TAG.match(markup):
        return ""
    import lxml.etree
    import lxml.html

    try:
        element = lxml.html.fragment_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):  # a broken tag shows nothing, as in a browser
        return ""
    return image_text(element.get("alt")) if _tag(element) == "img" else ""


def clean(text: str) -> str:
    """Collapse HTML whitespace and normalise, as a browser would show the text."""
    return textio.squash(text)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_dropped(el) -> bool:
    tag = _tag(el)
    if tag in _DROPPED:
        return True
    if tag in ("header", "footer"):  # the page's banner and footer, not an article's own
        return not any(_tag(a) in ("article", "main") for a in el.iterancestors())
    if (el.get("role") or "").strip().lower() in _DROPPED_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _is_data_row(tr) -> bool:
    """A row of short cells reads as one segment; cells holding paragraphs are layout."""
    for el in tr.iterdescendants():
        if _tag(el) in _BLOCKS - {"td", "th", "br"} and not _is_dropped(el):
            return False
    return True


def _cell_text(cell) -> str:
    return " ".join(seg.text for seg in segments_of(cell))


def _parse(text: str, filename: str, empty_ok: bool = False):
    """The page's <html> element, parsed as completely as a browser would, or InputError.

    libxml2 stops at its resource limits (elements nested deeper than its limit, text nodes
    longer than 10 MB without huge_tree) and *recovers*: it returns the tree built so far and
    the rest of the page is gone without an exception. So the parser's own error log is checked,
    and a page it could not read to the end is refused. `</body>` and `</html>` end tags are
    dropped first: libxml2 ignores what follows `</html>` and puts what follows `</body>` outside
    the body, where browsers (HTML5 tree construction) show both as part of the body.
    """
    import lxml.etree
    import lxml.html

    name = textio.label(filename)
    parser = lxml.html.HTMLParser(huge_tree=True)  # one per call: parsers are not thread-safe
    try:
        markup = _END_TAGS.sub("", _without_internal_subset(_XML_DECLARATION.sub("", text)))
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        _check_complete(parser, name)
        if empty_ok and "empty" in str(err).lower():
            return lxml.html.Element("html")
        raise InputError(f"cannot read {name} as HTML: {err}") from None
    _check_complete(parser, name)
    return root


def _without_internal_subset(markup: str) -> str:
    """The page without its DOCTYPE's internal subset, whose declarations libxml2's HTML
    parser does not read: it ends the DOCTYPE at the first ">" and makes the rest ("]>") the
    page's first paragraph. The entities it declares are not expanded (nor ever fetched): a
    reference to one stays as it is written, HTML's own (&nbsp;) are read as HTML's."""
    subset = _INTERNAL_SUBSET.match(markup, 0, MAX_INTERNAL_SUBSET)
    return f"{subset[1]}>{markup[subset.end() :]}" if subset else markup


def _check_complete(parser, name: str) -> None:
    """Refuse a page the parser gave up on part-way (a fatal error or a resource limit)."""
    for error in parser.error_log:
        message = " ".join(str(error.message).split())
        depth = _DEPTH_ERROR.search(message)
        if depth:
            raise InputError(
                f"{name} is nested too deeply (more than {depth[1]} levels of elements) to be"
                " read completely; flatten the markup or save the page as plain text"
            )
        if error.level_name == "FATAL" or error.type_name == "ERR_RESOURCE_LIMIT":
            raise InputError(f"cannot read {name} completely as HTML: {message}")


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _head_metadata(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iterfind(".//meta"):
        key = _META.get((el.get("name") or el.get("property") or "").strip().lower())
        value = clean(el.get("content") or "")
        if key and value and key not in meta:
            meta[key] = value
    for el in root.iterfind(".//link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            meta.setdefault("source_url", el.get("href").strip())
    return meta


def _title_element(root) -> str | None:
    for el in root.iterfind(".//title"):
        text = clean(el.text_content())
        if text:
            return text
    return None


def _first_h1(root) -> str | None:
    for el in root.iterfind(".//h1"):
        text = " ".join(seg.text for seg in segments_of(el))  # not text_content: no <script>
        if text:
            return text
    return None
