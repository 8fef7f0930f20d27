"""XLIFF 1.2 and 2.x: source and target as two versions, one link per unit (1.2) or segment (2.x).

1.2: <file source-language target-language>/<body>/(<group>)*/<trans-unit>/<source>, <target>;
2.x: <xliff srcLang trgLang>/<file>/(<group>)*/<unit>/<segment>/<source>, <target> (an
<ignorable> holds inter-segment whitespace and is skipped). A missing or empty target makes a
1-0 link. Inline codes keep their text where they wrap text (g, pc, mrk) and vanish where they
stand for formatting (x, bx, ex, ph, bpt, ept, it, sub; sc, ec, sm, em, cp). Elements from other
namespaces (tool extensions) are ignored, but for the Metadata module's
<mda:meta type="reviewer"> in a 2.x unit (our exports write who set each link's status there):
it becomes the link's reviewer. The languages come from the file; options may swap
source and target (e.g. to read a de->en file as en->de) but not invent a language.
"""

from __future__ import annotations

from workbench import textio
from workbench.errors import InputError
from workbench.formats.bilingual import Pairs, children, inline_text, parse_xml, split_tag
from workbench.model import ParsedDocument, ReadOptions

NAME = "xliff"
EXTENSIONS = (".xlf", ".xliff")

_V1_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"}
_V2_CODES = {"ph", "sc", "ec", "sm", "em", "cp"}
_MDA_META = "{urn:oasis:names:tc:xliff:metadata:2.0}meta"


def read(data: bytes, options: ReadOptions) -> ParsedDocument:
    name = textio.label(options.filename)
    root = parse_xml(data, options.filename)
    ns, local = split_tag(root.tag)
    if local != "xliff":
        raise InputError(f"{name} is not an XLIFF file (its root element is <{local}>)")
    version = (root.get("version") or "").strip()
    pairs = Pairs()
    if ns.endswith(":2.0") or version.startswith("2"):
        source, target = root.get("srcLang"), root.get("trgLang")
        # iter() reaches units inside groups nested to any depth without recursion.
        for unit in root.iter(f"{{{ns}}}unit" if ns else "unit"):
            reviewer = _v2_reviewer(unit)
            for segment in children(unit, "segment", ns):
                sides = _sides(segment, ns, _V2_CODES, options.filename)
                pairs.add(*sides, _v2_status(segment), reviewer)
    else:
        source, target = _read_v1(root, ns, pairs, options.filename)
    pairs, source, target = _oriented(pairs, source, target, options, name)
    return pairs.document(
        source or options.source_language, target or options.target_language, options.filename
    )


#: XLIFF 2 segment states as our link statuses (reviewed and final: a person checked them).
_V2_STATES = {
    "initial": "auto",
    "translated": "edited",
    "reviewed": "confirmed",
    "final": "confirmed",
}


def _v2_status(segment) -> str | None:
    """Our status from subState="workbench:<status>" (our exports), else from `state`."""
    prefix, _, value = (segment.get("subState") or "").partition(":")
    if prefix == "workbench" and value:
        return value
    return _V2_STATES.get((segment.get("state") or "").strip())


def _v2_reviewer(unit) -> str | None:
    """Who set the unit's status: the Metadata module's <mda:meta type="reviewer">, if any."""
    for meta in unit.iter(_MDA_META):
        if meta.get("type") == "reviewer" and (meta.text or "").strip():
            return meta.text.strip()
    return None


def _read_v1(root, ns: str, pairs: Pairs, filename: str) -> tuple[str | None, str | None]:
    langs: tuple[str | None, str | None] | None = None
    for file in children(root, "file", ns):
        these = (file.get("source-language"), file.get("target-language"))
        if langs is None:
            langs = these
        elif these != langs and all(these):
            raise InputError(
                f"{textio.label(filename)} mixes language pairs ({langs} and {these}); split it"
            )
        for body in children(file, "body", ns):
            for unit in body.iter(f"{{{ns}}}trans-unit" if ns else "trans-unit"):
                pairs.add(*_sides(unit, ns, _V1_CODES, filename))
    return langs or (None, None)


def _sides(parent, ns: str, codes: set[str], filename: str) -> tuple[str | None, str | None]:
    """Text of the <source> and <target> children (None when absent)."""
    texts = []
    for local in ("source", "target"):
        el = next(children(parent, local, ns), None)
        texts.append(inline_text(el, ns, codes, filename) if el is not None else None)
    return texts[0], texts[1]


def _oriented(
    pairs: Pairs, source: str | None, target: str | None, options: ReadOptions, name: str
) -> tuple[Pairs, str | None, str | None]:
    """Swap sides when the options ask for the file's target as source; refuse other languages."""
    wanted_source, wanted_target = options.source_language, options.target_language
    if _same(wanted_source, target) or _same(wanted_target, source):
        swapped = Pairs()
        swapped.source, swapped.target = pairs.target, pairs.source
        swapped.links = [(tgt, src) for src, tgt in pairs.links]
        swapped.statuses = pairs.statuses
        swapped.reviewers = pairs.reviewers
        return swapped, target, source
    for wanted, declared in ((wanted_source, source), (wanted_target, target)):
        if wanted and declared and not _same(wanted, declared):
            raise InputError(f"{name} is {source} -> {target}; it has no {wanted!r} text")
    return pairs, source, target


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    return a == b or a.split("-")[0] == b.split("-")[0]
