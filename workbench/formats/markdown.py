"""Markdown (CommonMark + tables): blocks become segments, inline markup becomes plain text.

Choices: each paragraph is a segment (a list item's paragraphs too, so "each item a paragraph"
for the usual one-paragraph items); a table row is one segment with cells joined by " | ";
code blocks are kept, as the HTML reader keeps <pre>, their lines as lines with their
indentation and a blank line between paragraphs (an indented paragraph is a code block to
CommonMark, and silently losing text is worse than keeping code);
raw HTML blocks are read by the HTML reader's rules (so <script> never becomes text); an
image's alt text is kept in square brackets where the image stands, "[Map of Albania]", as the
HTML reader keeps it (an image without alt text has no words to keep); an inline <br> or a hard
line break ends a line of the paragraph ("\n", a poem's lines stay lines), as the HTML reader
reads <br> (a table cell's is a space); <sup> and <sub> become Unicode's raised
characters, "1961¹", "H₂O" (in brackets when Unicode has none: "1961[1,2]", never "19611,2").
Footnotes ([^1], and pandoc's inline ^[...]) are kept as the DOCX reader keeps Word's: "[1]" in
the text, and after the body, under a "Notes" heading, "[1] The note's text", one paragraph
each (unreferenced definitions too: their text is in the file). A simple YAML front matter
block ("---" lines with "key: value", blank and "#" comment lines allowed) gives the title,
language and metadata.
"""

from __future__ import annotations

import re

from workbench import textio
from workbench.errors import InputError
from workbench.formats import html
from workbench.formats.base import ensure_text
from workbench.formats.docx import notes_heading  # notes read alike whatever the format
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

# Front matter starts on the line after "---" (pandoc's rule: "---" then a blank line is a break).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?![ \t]*\n)(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
# Inline HTML whose content is code, not text.
_SKIPPED_INLINE = re.compile(r"<(/?)(script|style|template|noscript)\b", re.I)
_BREAK = re.compile(r"<br(?:\s[^>]*)?/?>$", re.I)
_RAISED = re.compile(r"<(/?)(sup|sub)\b[^>]*(?<!/)>$", re.I)


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    text = textio.decode(data, options.filename, language=options.source_language)
    front, body = _front_matter(text)
    blocks = _Blocks(options.filename)
    blocks.walk(_parse(body, name))
    language = front.pop("lang", None) or front.pop("language", None)
    title = front.pop("title", None) or blocks.title
    metadata = {k: v for k, v in front.items() if k in METADATA_KEYS or k == "author"}
    written_in = options.source_language or language
    segments = blocks.segments
    if blocks.notes:
        heading = notes_heading(segments, written_in)
        segments += [ParsedSegment(heading, "heading")] if heading else []
        segments += blocks.notes
    doc = ParsedDocument(
        versions=[ParsedVersion(segments=segments, language=language)],
        title=title,
        metadata=metadata,
    )
    return ensure_text(doc, options.filename)


def _parse(body: str, name: str) -> list:
    """markdown-it's block tokens for the body (footnotes moved to the end), or InputError."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    parser.use(footnote_plugin)
    # Inline markup keeps CommonMark's own limit: nested brackets recurse several frames per
    # level, and beyond the limit markdown-it keeps the characters as text (nothing is lost).
    parser.core.ruler.after("block", "inline_nesting", _inline_nesting)
    parser.core.ruler.before("footnote_tail", "every_note", _keep_every_note)
    tokens = parser.parse(body)
    if any(tok.type in _CONTAINERS and tok.level >= MAX_NESTING - 1 for tok in tokens):
        # markdown-it skips whatever lies deeper than maxNesting, and everything after it,
        # without a word: refuse rather than store half a document.
        raise InputError(
            f"{name} nests lists or quotes too deeply (more than {MAX_NESTING // 2 - 1} levels)"
            " to be read completely; flatten them, or import it as plain text with --format txt"
        )
    return tokens


def _inline_nesting(state) -> None:
    state.md.options["maxNesting"] = INLINE_NESTING


def _keep_every_note(state) -> None:
    """Number every footnote definition, those nothing refers to after the referenced ones.

    The plugin drops a definition nothing refers to, and all but the last of a label defined
    twice; their text is text of the file (a renderer hides it, but the author wrote it where a
    reader of the .md sees it). References point to a label's first definition, as CommonMark's
    first link reference definition wins.
    """
    footnotes = state.env.get("footnotes")
    if not footnotes:
        return
    refs, numbered = footnotes.setdefault("refs", {}), footnotes.setdefault("list", {})
    _relabel_repeated_definitions(state.tokens, refs)
    for label, note_id in refs.items():
        if note_id < 0:
            refs[label] = len(numbered)
            numbered[len(numbered)] = {"label": label[1:], "count": 0}


def _relabel_repeated_definitions(tokens: list, refs: dict[str, int]) -> None:
    """Give a label's second and later definitions labels of their own, unreferenced ones (a
    label never holds a space, so "1 2" is nobody's)."""
    seen: set[str] = set()
    for tok in tokens:
        if tok.type != "footnote_reference_open":
            continue
        label = tok.meta["label"]
        if label in seen:
            tok.meta["label"] = f"{label} {len(refs)}"
            refs[":" + tok.meta["label"]] = -1
        seen.add(label)


def _mark(note_id: int) -> str:
    """A footnote's mark, "[1]", "[2]"…, as the DOCX reader marks them, in reference order."""
    return f"[{note_id + 1}]"


class _Blocks:
    """Walks the block tokens once: segments of the body, and the notes (their text after
    their mark, one paragraph each however many paragraphs a note has, as DOCX notes)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.segments: list[ParsedSegment] = []
        self.notes: list[ParsedSegment] = []
        self.title: str | None = None
        self.kind, self.heading_tag = "paragraph", ""
        self.row: list[str] | None = None
        self.note: list[str] | None = None  # the text of the note being read
        self.note_id = 0

    def walk(self, tokens: list) -> None:
        for tok in tokens:
            self.token(tok)

    def token(self, tok) -> None:
        if tok.type == "heading_open":
            self.kind, self.heading_tag = "heading", tok.tag
        elif tok.type == "heading_close":
            self.kind = "paragraph"
        elif tok.type == "tr_open":
            self.row = []
        elif tok.type == "tr_close" and self.row is not None:
            self.add(" | ".join(cell for cell in self.row if cell))
            self.row = None
        elif tok.type == "inline":
            self.inline(_inline_text(tok.children or []))
        elif tok.type in ("fence", "code_block"):
            self.code(tok.content)
        elif tok.type == "html_block":
            for segment in html.fragment_segments(tok.content, self.filename):
                self.add(segment.text, segment.kind)
        elif tok.type == "footnote_open":
            self.note, self.note_id = [], tok.meta["id"]
        elif tok.type == "footnote_close":
            self.close_note()

    def inline(self, content: str) -> None:
        if self.row is not None:
            self.row.append(textio.squash(content))  # a row is one line
            return
        if self.kind == "heading" and self.heading_tag == "h1" and self.title is None:
            self.title = html.clean(content) or None
        self.add(content, self.kind)

    def add(self, text: str, kind: str = "paragraph") -> None:
        if self.note is not None:
            self.note.append(text)
            return
        text = textio.squash_lines(text)
        if text:
            self.segments.append(ParsedSegment(text, kind))

    def code(self, content: str) -> None:
        """A code block, laid out as the HTML reader lays out <pre>: its lines stay lines, with
        their indentation (`html.preformatted`); in a note, a run of its text."""
        if self.note is not None:
            self.note.append(content)
            return
        self.segments.extend(ParsedSegment(text) for text in html.preformatted(content))

    def close_note(self) -> None:
        text = html.clean(" ".join(self.note or []))
        if text:
            self.notes.append(ParsedSegment(f"{_mark(self.note_id)} {text}"))
        self.note = None


def _inline_text(children: list) -> str:
    """Plain text of inline tokens: markers dropped, link and code text kept, breaks as spaces
    (<br> too, as the HTML reader reads it), images as their alt text in brackets, footnote
    references as their marks, <sup> and <sub> raised (see `_Inline.close`)."""
    inline = _Inline()
    for child in children:
        inline.feed(child)
    return inline.text()


class _Inline:
    """Text of one run of inline tokens; a <sup> or <sub> opens a frame of its own, so that its
    text can be raised once it is complete."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, list[str]]] = [("", [])]  # ("sup", "sub" or "", parts)
        self.skipping = 0

    def feed(self, child) -> None:
        if child.type == "html_inline":
            self.html(child.content)
        elif self.skipping:
            return
        elif child.type in ("text", "code_inline"):
            self.put(child.content)
        elif child.type == "softbreak":  # a wrapped line: a space
            self.put(" ")
        elif child.type == "hardbreak":  # two spaces or a backslash: the line ends here
            self.put(textio.LINE_BREAK)
        elif child.type == "image":
            self.put(html.image_text(_inline_text(child.children or [])))
        elif child.type == "footnote_ref":
            self.put(_mark(child.meta["id"]))

    def html(self, markup: str) -> None:
        skipped = _SKIPPED_INLINE.match(markup)
        if skipped:
            self.skipping = max(0, self.skipping + (-1 if skipped.group(1) else 1))
        elif self.skipping:
            return
        elif _BREAK.match(markup):
            self.put(textio.LINE_BREAK)
        elif raised := _RAISED.match(markup):
            self.toggle(raised.group(2).lower(), closing=bool(raised.group(1)))
        else:
            self.put(html.inline_image_text(markup))

    def put(self, text: str) -> None:
        self.frames[-1][1].append(text)

    def toggle(self, tag: str, closing: bool) -> None:
        if not closing:
            self.frames.append((tag, []))
        elif len(self.frames) > 1 and self.frames[-1][0] == tag:
            self.close()
        # a stray </sup> has nothing to close: dropped, as a browser drops it

    def close(self) -> None:
        """A superscript in Unicode's own characters ("1961¹"); one Unicode cannot set is kept
        in square brackets ("1961[1,2]", "x[кр]"), the way note marks stand in our texts, so that
        it never runs into the number or word before it ("19611,2")."""
        tag, parts = self.frames.pop()
        self.put(textio.raised_mark("".join(parts), sub=tag == "sub"))

    def text(self) -> str:
        while len(self.frames) > 1:  # an unclosed <sup>: its text as it stands
            _tag, parts = self.frames.pop()
            self.frames[-1][1].extend(parts)
        return "".join(self.frames[0][1])


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading "---" block of "key: value" lines, and the text after it.

    Blank lines and "#" comment lines inside are YAML's, not text. A document that opens with
    a thematic break is told apart as pandoc does: front matter starts on the line after the
    "---" (a blank line there means a break), and every other line must be "key: value".
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    lines = [line.strip() for line in match.group(1).split("\n")]
    pairs = [_FRONT_KEY.match(line) for line in lines if line and not line.startswith("#")]
    if not pairs or not all(pairs):
        return {}, text  # not the simple front matter we understand: leave it as text
    values: dict[str, str] = {}
    for pair in pairs:
        value = pair.group(2).strip().strip("\"'").strip()
        if value:
            values[pair.group(1).lower()] = value
    return values, text[match.end() :]
