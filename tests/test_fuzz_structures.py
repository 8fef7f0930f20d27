"""Structured fuzzing of every importer: random but well-formed-ish documents of each format.

tests/test_formats_fuzz.py feeds random bytes, random text and damaged samples; those rarely get
past a parser's first line. Here hypothesis builds trees from each format's own vocabulary
(TMX and XLIFF elements and attributes, HTML tags, Markdown blocks, DOCX paragraphs, tables and
styles), so the readers' deeper paths run. The property is the same: a valid ParsedDocument or
an InputError, nothing else; and a bilingual result's links cover both sides in order.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_formats_fuzz import read_or_refuse

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

#: Words, markup-looking text, RTL and combining characters, numbers, controls.
WORDS = st.sampled_from(
    [
        "Neni",
        "Article",
        "1961",
        "Хрущёв",
        "është",
        "<b>",
        "&amp;",
        "&",
        "<",
        "]]>",
        "e\u0301",
        "\u200f",
        "שלום",
        "\t",
        "\u2028",
        "x" * 300,
        "",
        " ",
        "\U0001f600",
    ]
)
TEXT = st.lists(WORDS, max_size=8).map(" ".join)
LANGS = st.sampled_from(["en", "sq", "EN-us", "ru", "de-CH", "", "x", "zz-ZZ-foo", "1"])


def _attrs(draw: st.DrawFn, names: list[str]) -> str:
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    values = {name: draw(st.one_of(LANGS, TEXT)) for name in chosen}
    return "".join(f" {name}={quoteattr(value)}" for name, value in values.items())


@st.composite
def inline(draw: st.DrawFn, tags: list[str], depth: int = 0) -> str:
    """Text with nested inline elements (or none)."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 2 and draw(st.booleans()):
            tag = draw(st.sampled_from(tags))
            parts.append(f"<{tag}>{draw(inline(tags, depth + 1))}</{tag}>")
        else:
            parts.append(escape(draw(TEXT)))
    return "".join(parts)


@st.composite
def tmx_documents(draw: st.DrawFn) -> bytes:
    header = draw(st.booleans())
    units = []
    for _ in range(draw(st.integers(0, 6))):
        variants = []
        for _ in range(draw(st.integers(0, 3))):
            attrs = _attrs(draw, ["xml:lang", "lang"])
            seg = draw(inline(["bpt", "ept", "ph", "hi", "it", "ut"]))
            wrap = draw(st.sampled_from(["seg", "seg", "note"]))
            variants.append(f"<tuv{attrs}><{wrap}>{seg}</{wrap}></tuv>")
        props = "".join(
            f'<prop type="{kind}">{escape(draw(TEXT))}</prop>'
            for kind in draw(st.lists(st.sampled_from(["x-status", "x-reviewer", "x-other"])))
        )
        units.append(f"<tu{_attrs(draw, ['srclang', 'tuid'])}>{props}{''.join(variants)}</tu>")
    head = f"<header{_attrs(draw, ['srclang', 'adminlang', 'o-tmf'])}/>" if header else ""
    body = f"<body>{''.join(units)}</body>" if draw(st.booleans()) or units else ""
    root = draw(st.sampled_from(["tmx", "tmx", "xliff", "TMX"]))
    return f'<?xml version="1.0"?><{root} version="1.4">{head}{body}</{root}>'.encode()


@st.composite
def xliff_documents(draw: st.DrawFn) -> bytes:
    version = draw(st.sampled_from(["1.2", "2.0", "2.1", "9"]))
    namespace = (
        "urn:oasis:names:tc:xliff:document:1.2"
        if version == "1.2"
        else "urn:oasis:names:tc:xliff:document:2.0"
    )
    units = []
    for number in range(draw(st.integers(0, 6))):
        source = draw(inline(["g", "x", "ph", "pc", "mrk", "sc", "ec"]))
        target = draw(inline(["g", "x", "ph", "pc", "mrk"]))
        has_target = draw(st.booleans())
        if version == "1.2":
            inner = f"<source>{source}</source>" + (
                f"<target>{target}</target>" if has_target else ""
            )
            units.append(
                f'<trans-unit id="{number}"{_attrs(draw, ["approved"])}>{inner}</trans-unit>'
            )
        else:
            segments = "".join(
                f"<segment{_attrs(draw, ['state'])}><source>{source}</source>"
                + (f"<target>{target}</target>" if has_target else "")
                + "</segment>"
                for _ in range(draw(st.integers(0, 2)))
            )
            units.append(f'<unit id="{number}">{segments}</unit>')
    languages = _attrs(draw, ["srcLang", "trgLang", "source-language", "target-language"])
    body = "".join(units)
    file = (
        f"<file id='f'{languages}><body>{body}</body></file>"
        if version == "1.2"
        else (f"<file id='f'>{body}</file>")
    )
    return (
        f'<?xml version="1.0"?><xliff xmlns="{namespace}" version="{version}"{languages}>'
        f"{file}</xliff>"
    ).encode()


@st.composite
def html_documents(draw: st.DrawFn) -> bytes:
    blocks = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(
            st.sampled_from(["p", "h1", "h2", "li", "blockquote", "div", "td", "pre", "script"])
        )
        content = draw(inline(["b", "i", "a", "span", "br", "sup", "em", "p"]))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # unclosed tags too
        blocks.append(f"<{tag}{_attrs(draw, ['lang', 'class', 'dir', 'hidden'])}>{content}{close}")
    lists = draw(st.sampled_from(["", "<ul>", "<table><tr>"]))
    head = f"<head><title>{escape(draw(TEXT))}</title></head>" if draw(st.booleans()) else ""
    lang = _attrs(draw, ["lang"])
    return f"<!doctype html><html{lang}>{head}<body>{lists}{''.join(blocks)}</body></html>".encode()


@st.composite
def markdown_documents(draw: st.DrawFn) -> bytes:
    blocks = []
    for _ in range(draw(st.integers(0, 8))):
        text = draw(TEXT)
        kind = draw(
            st.sampled_from(
                ["para", "heading", "list", "quote", "code", "table", "html", "rule", "front"]
            )
        )
        if kind == "heading":
            blocks.append("#" * draw(st.integers(1, 7)) + " " + text)
        elif kind == "list":
            blocks.append("\n".join(f"{draw(st.sampled_from(['-', '*', '1.']))} {text}"
                                    for _ in range(draw(st.integers(1, 3)))))  # fmt: skip
        elif kind == "quote":
            blocks.append("> " + text + "\n> > " + draw(TEXT))
        elif kind == "code":
            blocks.append("```\n" + text + ("\n```" if draw(st.booleans()) else ""))
        elif kind == "table":
            blocks.append(f"| {text} | b |\n|---|---|\n| {draw(TEXT)} |")
        elif kind == "html":
            blocks.append(f"<div>{text}</div>")
        elif kind == "rule":
            blocks.append("---")
        elif kind == "front":
            blocks.append(f"---\ntitle: {text}\n---")
        else:
            blocks.append(text + draw(st.sampled_from(["", "  \n" + draw(TEXT), "\\"])))
    return draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"])).join(blocks).encode()


@st.composite
def docx_documents(draw: st.DrawFn) -> bytes:
    from docx import Document

    document = Document()
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["para", "heading", "table", "break", "title"]))
        text = draw(TEXT).replace("\x00", "")
        text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)  # XML-legal
        if kind == "heading":
            document.add_heading(text, level=draw(st.integers(0, 4)))
        elif kind == "table":
            rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 3))
            table = document.add_table(rows=rows, cols=cols)
            table.cell(0, 0).text = text
        elif kind == "break":
            document.add_page_break()
        elif kind == "title":
            document.core_properties.title = text[:200]
            document.core_properties.language = draw(LANGS)
        else:
            paragraph = document.add_paragraph(text)
            paragraph.add_run(draw(TEXT).replace("\x00", "")[:0] or " more").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(tmx_documents())
def test_tmx_structures(data: bytes) -> None:
    read_or_refuse(data, "tmx")


@FUZZ
@given(xliff_documents())
def test_xliff_structures(data: bytes) -> None:
    read_or_refuse(data, "xliff")


@FUZZ
@given(html_documents())
def test_html_structures(data: bytes) -> None:
    read_or_refuse(data, "html")


@FUZZ
@given(markdown_documents())
def test_markdown_structures(data: bytes) -> None:
    read_or_refuse(data, "md")


@settings(FUZZ, max_examples=60)
@given(docx_documents())
def test_docx_structures(data: bytes) -> None:
    read_or_refuse(data, "docx")


@FUZZ
@given(markdown_documents(), st.sampled_from(["txt", "record"]))
def test_text_readers_on_structured_text(data: bytes, name: str) -> None:
    read_or_refuse(data, name)
