"""TMX 1.4 translation memories: two versions and one link per translation unit.

A TMX may hold many languages; we read one pair. The source is options.source_language, else
the header's srclang, else the first language seen; the target is options.target_language, else
the only other language (several others without a choice is an error that lists them).
Inline codes (bpt, ept, ph, it, ut) are formatting of the original file, not words: their
content is dropped, including any <sub> inside them (a sub-flow such as alt text would break the
sentence it sits in); <hi> text is kept. A <prop type="x-status"> (what our exports write)
becomes the link's status, and <prop type="x-reviewer"> who set it; a unit without one is
confirmed (a memory is someone's alignment) unless it has no target text. The <prop
type="x-document"> our exports write on every unit names the document (when the units agree).
A <seg> holding several paragraphs (blank lines between them, as our exports write an n-m
link) gives them back one by one, cut only where the <tuv>'s <prop type="x-paragraph-blocks">
says a paragraph ends when it has one (a paragraph with a blank line of its own, see
bilingual.py); spaces inside a paragraph are kept under xml:space="preserve". Notes (our
exports write flags as <note>) are not imported.
"""

from __future__ import annotations

from workbench import textio
from workbench.errors import InputError
from workbench.formats.bilingual import (
    XML_LANG,
    Pairs,
    children,
    inline_text,
    match_language,
    paragraphs,
    parse_xml,
    preserves,
    split_tag,
)
from workbench.model import ParsedDocument, ReadOptions

NAME = "tmx"
EXTENSIONS = (".tmx",)

_CODES = {"bpt", "ept", "ph", "it", "ut"}


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    root = parse_xml(data, options.filename)
    ns, local = split_tag(root.tag)
    if local != "tmx":
        raise InputError(f"{name} is not a TMX file (its root element is <{local}>)")
    header = next(children(root, "header", ns), None)
    body = next(children(root, "body", ns), None)
    if body is None:
        raise InputError(f"{name} is not a TMX file (no <body>)")
    keep = preserves(body, preserves(root, False))
    tus = list(children(body, "tu", ns))
    units = [_unit(tu, ns, options.filename, preserves(tu, keep)) for tu in tus]
    spellings: dict[str, str] = {}  # "en-US" and "en-us" are one language: keep the first
    for unit in units:
        for lang in unit:
            spellings.setdefault(lang.lower(), lang)
    seen = list(spellings.values())
    hint = header.get("srclang") if header is not None else None
    source, target = _pick_pair(seen, options, hint, name)
    pairs = Pairs()
    titles: set[str] = set()
    for tu, unit in zip(tus, units, strict=True):
        props = _props(tu, ns)
        pairs.add(
            _text_in(unit, source),
            _text_in(unit, target),
            props.get("x-status"),
            props.get("x-reviewer"),
            recorded="x-status" in props,
        )
        if "x-document" in props:
            titles.add(textio.squash(props["x-document"]))
    doc = pairs.document(source, target, options.filename)
    doc.title = _title(titles)
    return doc


def _unit(tu, ns: str, filename: str, keep: bool) -> dict[str, list[str]]:
    """Language -> paragraphs of one <tu> (the first <tuv> of each language wins); `keep`:
    whether xml:space="preserve" holds at the <tu>."""
    texts: dict[str, list[str]] = {}
    for tuv in children(tu, "tuv", ns):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()
        seg = next(children(tuv, "seg", ns), None)
        if lang and seg is not None and lang not in texts:
            preserve = preserves(seg, preserves(tuv, keep))
            blocks = _props(tuv, ns).get("x-paragraph-blocks")
            texts[lang] = paragraphs(inline_text(seg, ns, _CODES, filename), preserve, blocks)
    return texts


def _title(titles: set[str]) -> str | None:
    """The document's title from the x-document prop our exports put on every unit, when the
    units that have one agree (a memory of many documents names none)."""
    titles = titles - {""}
    return titles.pop() if len(titles) == 1 else None


def _props(tu, ns: str) -> dict[str, str]:
    """The props of a <tu> (x-status, x-reviewer, x-document) or <tuv> (x-paragraph-blocks) by
    type; the first of a type wins."""
    props: dict[str, str] = {}
    for prop in children(tu, "prop", ns):
        props.setdefault(prop.get("type") or "", (prop.text or "").strip())
    return props


def _text_in(unit: dict[str, list[str]], lang: str) -> list[str] | None:
    found = match_language(lang, unit)
    return unit[found] if found else None


def _pick_pair(seen: list[str], options: ReadOptions, hint: str | None, name: str):
    listed = ", ".join(seen) or "none"
    if len(seen) < 2:
        raise InputError(f"{name} needs two languages to align; it has: {listed}")

    def choose(wanted: str, role: str) -> str:
        found = match_language(wanted, seen)
        if not found:
            raise InputError(f"{name} has no {role} language {wanted!r}; it has: {listed}")
        return found

    if options.source_language:
        source = choose(options.source_language, "source")
    elif hint and hint.strip() not in ("", "*all*") and match_language(hint.strip(), seen):
        source = choose(hint.strip(), "source")
    else:
        source = seen[0]
    if options.target_language:
        target = choose(options.target_language, "target")
    else:
        others = [lang for lang in seen if lang != source]
        if len(others) > 1:
            raise InputError(
                f"{name} has several target languages ({', '.join(others)}); choose one"
                " with --target-lang"
            )
        target = others[0]
    if source == target:
        raise InputError(f"{name}: source and target language are both {source!r}")
    return source, target
