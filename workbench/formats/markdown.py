"""Markdown (CommonMark + tables): blocks become segments, inline markup becomes plain text.

Choices: each paragraph is a segment (a list item's paragraphs too, so "each item a paragraph"
for the usual one-paragraph items); a table row is one segment with cells joined by " | ";
code blocks are kept as one paragraph each (lines joined by spaces) because an indented
paragraph is a code block to CommonMark and silently losing text is worse than keeping code;
raw HTML blocks are read by the HTML reader's rules (so <script> never becomes text); an
image's alt text is kept in square brackets where the image stands, "[Map of Albania]", as the
HTML reader keeps it (an image without alt text has no words to keep). A simple YAML front
matter block ("---" lines with "key: value") gives the title, language and metadata.
"""

from __future__ import annotations

import re

from workbench import textio
from workbench.errors import InputError
from workbench.formats import html
from workbench.formats.base import ensure_text
from workbench.model import (
    METADATA_KEYS,
    ParsedDocument,
    ParsedSegment,
    ParsedVersion,
    ReadOptions,
)

NAME = "md"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")

#: markdown-it's block nesting limit (its CommonMark preset has 20: a list ten items deep).
#: A list level takes two (list and item), a quote one, so lists nest 100 levels deep and
#: quotes 201; each level costs a Python frame or two, far below the recursion limit, and no
#: real document comes near it.
MAX_NESTING = 202

INLINE_NESTING = 20

# Blocks whose content markdown-it tokenizes one level deeper (a list's items are inside it): at
# MAX_NESTING - 1 their content, and all that follows in the document, is skipped.
_CONTAINERS = {"blockquote_open", "list_item_open"}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
# Inline HTML whose content is code, not text.
_SKIPPED_INLINE = re.compile(r"<(/?)(script|style|template|noscript)\b", re.I)


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    from markdown_it import MarkdownIt

    name = textio.label(options.filename)
    text = textio.decode(data, options.filename, language=options.source_language)
    front, body = _front_matter(text)
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    # Inline markup keeps CommonMark's own limit: nested brackets recurse several frames per
    # level, and beyond the limit markdown-it keeps the characters as text (nothing is lost).
    parser.core.ruler.after("block", "inline_nesting", _inline_nesting)
    tokens = parser.parse(body)
    if any(tok.type in _CONTAINERS and tok.level >= MAX_NESTING - 1 for tok in tokens):
        # markdown-it skips whatever lies deeper than maxNesting, and everything after it,
        # without a word: refuse rather than store half a document.
        raise InputError(
            f"{name} nests lists or quotes too deeply (more than {MAX_NESTING // 2 - 1} levels)"
            " to be read completely; flatten them, or import it as plain text with --format txt"
        )
    segments: list[ParsedSegment] = []
    title: str | None = None
    kind, heading_tag = "paragraph", ""
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            kind, heading_tag = "heading", tok.tag
        elif tok.type == "heading_close":
            kind = "paragraph"
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            _add(segments, " | ".join(cell for cell in row if cell), "paragraph")
            row = None
        elif tok.type == "inline":
            content = _inline_text(tok.children or [])
            if row is not None:
                row.append(content)
                continue
            if kind == "heading" and heading_tag == "h1" and title is None:
                title = html.clean(content) or None
            _add(segments, content, kind)
        elif tok.type in ("fence", "code_block"):
            _add(segments, " ".join(line.strip() for line in tok.content.split("\n")), "paragraph")
        elif tok.type == "html_block":
            segments.extend(html.fragment_segments(tok.content, options.filename))
    language = front.pop("lang", None) or front.pop("language", None)
    title = front.pop("title", None) or title
    metadata = {k: v for k, v in front.items() if k in METADATA_KEYS or k == "author"}
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=language)],
        title=title,
        metadata=metadata,
    )
    return ensure_text(doc, options.filename)


def _inline_nesting(state) -> None:
    state.md.options["maxNesting"] = INLINE_NESTING


def _add(segments: list[ParsedSegment], text: str, kind: str) -> None:
    text = html.clean(text)
    if text:
        segments.append(ParsedSegment(text, kind))


def _inline_text(children: list) -> str:
    """Plain text of inline tokens: markers dropped, link and code text kept, breaks as spaces,
    images as their alt text in brackets."""
    parts: list[str] = []
    skipping = 0
    for child in children:
        if child.type == "html_inline":
            match = _SKIPPED_INLINE.match(child.content)
            if match:
                skipping = max(0, skipping + (-1 if match.group(1) else 1))
            elif not skipping:
                parts.append(html.inline_image_text(child.content))
        elif skipping:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(html.image_text(_inline_text(child.children or [])))
    return "".join(parts)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading "---" block of "key: value" lines, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    values: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        pair = _FRONT_KEY.match(line.strip())
        if not pair:
            return {}, text  # not the simple front matter we understand: leave it as text
        value = pair.group(2).strip().strip("\"'").strip()
        if value:
            values[pair.group(1).lower()] = value
    return values, text[match.end() :]
