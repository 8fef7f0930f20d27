"""TMX 1.4 translation memories: two versions and one link per translation unit.

A TMX may hold many languages; we read one pair. The source is options.source_language, else
the header's srclang, else the first language seen; the target is options.target_language, else
the only other language (several others without a choice is an error that lists them).
Inline codes (bpt, ept, ph, it, ut) are formatting of the original file, not words: their
content is dropped, including any <sub> inside them (a sub-flow such as alt text would break the
sentence it sits in); <hi> text is kept. A <prop type="x-status"> (what our exports write)
becomes the link's status, and <prop type="x-reviewer"> who set it.
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
    parse_xml,
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
    tus = list(children(body, "tu", ns))
    units = [_unit(tu, ns, options.filename) for tu in tus]
    spellings: dict[str, str] = {}  # "en-US" and "en-us" are one language: keep the first
    for unit in units:
        for lang in unit:
            spellings.setdefault(lang.lower(), lang)
    seen = list(spellings.values())
    hint = header.get("srclang") if header is not None else None
    source, target = _pick_pair(seen, options, hint, name)
    pairs = Pairs()
    for tu, unit in zip(tus, units, strict=True):
        pairs.add(
            _text_in(unit, source),
            _text_in(unit, target),
            _prop(tu, ns, "x-status"),
            _prop(tu, ns, "x-reviewer"),
        )
    return pairs.document(source, target, options.filename)


def _unit(tu, ns: str, filename: str) -> dict[str, str]:
    """Language -> text of one <tu> (the first <tuv> of each language wins)."""
    texts: dict[str, str] = {}
    for tuv in children(tu, "tuv", ns):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()
        seg = next(children(tuv, "seg", ns), None)
        if lang and seg is not None and lang not in texts:
            texts[lang] = inline_text(seg, ns, _CODES, filename)
    return texts


def _prop(tu, ns: str, kind: str) -> str | None:
    """The text of the unit's first <prop type=kind> (x-status, x-reviewer), if it has one."""
    for prop in children(tu, "prop", ns):
        if prop.get("type") == kind:
            return (prop.text or "").strip()
    return None


def _text_in(unit: dict[str, str], lang: str) -> str | None:
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
            )
        target = others[0]
    if source == target:
        raise InputError(f"{name}: source and target language are both {source!r}")
    return source, target
