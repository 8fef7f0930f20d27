"""TMX 1.4 translation memories: two versions and one link per translation unit.

A TMX may hold many languages; we read one pair. The source is options.source_language, else
the header's srclang, else the first language seen; the target is options.target_language, else
the only other language (several others without a choice is an error that lists them).
Inline codes (bpt, ept, ph, it, ut) are formatting of the original file, not words: their
content is dropped, including any <sub> inside them (a sub-flow such as alt text would break the
sentence it sits in), but for a <ph> that holds a placeholder ("{0}", "%s": part of the
sentence, see bilingual.placeholder); <hi> text is kept. A <prop type="x-status"> (what our
exports write) becomes the link's status, and <prop type="x-reviewer"> who set it; a unit
without one is confirmed (a memory is someone's alignment) unless it has no target text. The
<prop type="x-document"> our exports write on every unit names the document (when the units
agree). A <seg> holding several paragraphs (blank lines between them, as our exports write an
n-m link) gives them back one by one, cut only where the <tuv>'s
<prop type="x-paragraph-blocks"> says a paragraph ends when it has one (a paragraph with a
blank line of its own, see bilingual.py); spaces inside a paragraph are kept under
xml:space="preserve". Notes, a <tu>'s and a <tuv>'s, are comments that the import raises as
flags (formats/comments.py).

What our exports write beside the text, read back (other tools' memories have none of it and
read as before):

- the record's metadata as header props (`x-date`, `x-summary`, `x-citation`,
  `x-archive-reference`, `x-translator`, `x-licence`, `x-source-url`, `x-original-language`:
  `METADATA_PROPS`), into the document's metadata;
- headings: `<prop type="x-kind">heading</prop>` on a unit whose paragraphs are all headings,
  else a <tuv>'s `<prop type="x-paragraph-kinds">heading paragraph</prop>` (one kind per
  paragraph of its <seg>, as the blank lines cut it);
- at sentence level, one unit per sentence link with `<prop type="x-paragraph">N</prop>`, the
  paragraph link N it lies in: consecutive units with the same N are one paragraph link again
  (TMX knows no paragraphs). Their texts join with a space, but where a <tuv> says
  `<prop type="x-starts-paragraph">yes</prop>` (its text begins another paragraph of the same
  link) or its <seg> holds a blank line. Such a link's status is the least settled of its units'
  (auto, then edited, then confirmed), set by the reviewer of the first unit that has it,
  unless the paragraph link's own status, which each unit carries (`x-paragraph-status`,
  `x-paragraph-reviewer`), is more settled: paragraphs a reviewer confirmed come back
  confirmed though their sentence links were not (`group_status`);
- a unit's `x-text-key` (our exports fingerprint its two texts, white space aside): where it no
  longer fits, a CAT tool changed the text after the export, so the unit is `edited` whatever
  its x-status says, and its paragraph link's x-paragraph-status is not taken (a
  confirmation was of the text as it was);
- two versions in one language (two translations compared): the header's
  `<prop type="x-same-language">yes</prop>` and each <tuv>'s `<prop type="x-version">` (source,
  target) say which <tuv> is which version, as xml:lang cannot (`_versions`); without them a
  second <tuv> of one language is a variant, as in any memory;
- at sentence level each unit is also one sentence link, given with its status and reviewer
  (`ParsedDocument.sentence_links`), which the import keeps where the units hold whole
  sentences of the paragraph link.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

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
    primary_tag,
    same_tag,
    sentence_gap,
    split_tag,
    text_key,
)
from workbench.formats.comments import comment
from workbench.model import METADATA_KEYS, FileComment, FileSentence, ParsedDocument, ReadOptions

NAME = "tmx"
EXTENSIONS = (".tmx",)

_CODES = {"bpt", "ept", "ph", "it", "ut"}
#: The header props our exports write for the document's metadata, by metadata key.
METADATA_PROPS = {key: "x-" + key.replace("_", "-") for key in METADATA_KEYS}
#: Metadata that is one line of text (a summary or a citation may hold line breaks).
_ONE_LINE = frozenset(METADATA_KEYS) - {"summary", "citation"}
KINDS = ("paragraph", "heading")
#: Link statuses from the least settled to the most: a paragraph link read from several
#: sentence links is as settled as the least settled of them.
SETTLED = ("auto", "edited", "confirmed")
SIDE_NAMES = ("source", "target")


@dataclass
class Side:
    """One side of a unit as read: its paragraphs, each one's kind (None: the file does not
    say), and whether its text begins a paragraph of its own (`x-starts-paragraph`) rather than
    going on with the paragraph the unit before it ended with."""

    paragraphs: list[str]
    kinds: list[str | None] = field(default_factory=list)
    starts: bool = False
    notes: list[str] = field(default_factory=list)  # the <tuv>'s own <note>s
    #: what stands between its text and the paragraph it goes on with (`x-space-before`);
    #: None: the file does not say (`sentence_gap`)
    space: str | None = None


class Entry(NamedTuple):
    """A unit as read: its props, its source side and its target side (None: no such
    <tuv>), and its comments (<note>s of the <tu> and of those two <tuv>s)."""

    props: Mapping[str, str]
    source: Side | None
    target: Side | None
    comments: list[FileComment]


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
    head = _props(header, ns) if header is not None else {}
    versioned = None  # (units by version, source language, target language): see `_versions`
    if head.get("x-same-language") == "yes":
        versioned = _versions(tus, ns, options, keep)
    variants: list[int] = []  # units with a second text in one language (or version)
    if versioned is not None:
        units, source, target = versioned
        variants = [n for n, tu in enumerate(tus, 1) if _second_version(tu, ns)]
    else:
        units = [
            _unit(tu, ns, options.filename, preserves(tu, keep), variants, number)
            for number, tu in enumerate(tus, 1)
        ]
        spellings: dict[str, str] = {}  # "en-US" and "en-us" are one language: keep the first
        for unit in units:
            for lang in unit:
                spellings.setdefault(same_tag(lang), lang)
        seen = list(spellings.values())
        hint = header.get("srclang") if header is not None else None
        source, target = _pick_pair(seen, options, hint, name)
    pairs = Pairs()
    titles: set[str] = set()
    group: list[Entry] = []  # the units of one paragraph link
    for tu, unit in zip(tus, units, strict=True):
        props = _props(tu, ns)
        if "x-document" in props:
            titles.add(textio.squash(props["x-document"]))
        paragraph = props.get("x-paragraph")
        if group and not (paragraph and group[-1][0].get("x-paragraph") == paragraph):
            _add_group(pairs, group)
            group = []
        if versioned is not None:
            sides = unit.get("source"), unit.get("target")
        else:
            sides = _side_in(unit, source, target), _side_in(unit, target, source)
        group.append(Entry(props, *sides, _comments(tu, ns, sides)))
    if group:
        _add_group(pairs, group)
    doc = pairs.document(source, target, options.filename)
    if variants:
        count = len(variants)
        held = "language" if versioned is None else "version"
        doc.notes.append(
            f"{count:,} translation unit{'s' if count > 1 else ''} (the first: unit"
            f" {variants[0]:,}) hold{'' if count > 1 else 's'} more than one text in one"
            f" {held}; the first text of each {held} was imported, the others left out"
        )
    doc.title = _title(titles)
    doc.metadata = metadata(head, METADATA_PROPS)
    return doc


def _versions(
    tus: list, ns: str, options: ReadOptions, keep: bool
) -> tuple[list[dict[str, Side]], str, str] | None:
    """The units of a file of ours whose two versions are in one language (the header's
    `x-same-language`), by the version each <tuv> says it is (`x-version`: source, target;
    the first of each wins), with the two versions' languages; None when the file does not
    hold two versions of one language so marked, or the options ask for another language
    (then it is read as any memory, by language)."""
    units, langs = [], {}
    for tu in tus:
        unit: dict[str, Side] = {}
        for tuv in children(tu, "tuv", ns):
            version = _props(tuv, ns).get("x-version")
            side = _tuv_side(tuv, ns, options.filename, preserves(tu, keep))
            if version in SIDE_NAMES and side is not None and version not in unit:
                unit[version] = side[1]
                langs.setdefault(version, side[0])
        units.append(unit)
    found = list(langs.values())
    if len(found) != 2 or same_tag(found[0]) != same_tag(found[1]):
        return None
    for wanted in (options.source_language, options.target_language):
        if wanted and match_language(wanted, found[:1]) is None:
            return None
    return units, langs["source"], langs["target"]


def _second_version(tu, ns: str) -> bool:
    """Whether a unit of a same-language file of ours has a second <tuv> of one version."""
    said = [_props(tuv, ns).get("x-version") for tuv in children(tu, "tuv", ns)]
    versions = [version for version in said if version in SIDE_NAMES]
    return len(versions) != len(set(versions))


def _add_group(pairs: Pairs, group: list[Entry]) -> None:
    """One link from the units of one paragraph link: a unit, or at sentence level the units
    that share an `x-paragraph`."""
    units = [entry.props for entry in group]
    changed = [
        changed_elsewhere(props.get("x-text-key"), source, target)
        for props, source, target, _ in group
    ]
    said = [
        ("edited", None) if moved else (props.get("x-status"), props.get("x-reviewer"))
        for props, moved in zip(units, changed, strict=True)
    ]
    status, reviewer = group_status(
        said,
        []
        if any(changed)
        else [
            (props.get("x-paragraph-status"), props.get("x-paragraph-reviewer")) for props in units
        ],
    )
    headings = [props.get("x-kind") == "heading" for props in units]
    add_link(
        pairs,
        joined(zip((entry.source for entry in group), headings, strict=True)),
        joined(zip((entry.target for entry in group), headings, strict=True)),
        status,
        reviewer,
        recorded=all("x-status" in props for props in units),
        sentences=[
            FileSentence(_text(entry.source), _text(entry.target), *unit_said)
            for entry, unit_said in zip(group, said, strict=True)
        ]
        if "x-paragraph" in units[0]
        else None,
        comments=[found for entry in group for found in entry.comments],
    )


def _comments(tu, ns: str, sides: tuple[Side | None, Side | None]) -> list[FileComment]:
    """The comments of a unit: its own <note>s (on the whole link) and those of its source
    and target <tuv>s (on that side). TMX notes say nothing of who wrote them or how grave
    they are; our exports' notes say it in their text (see formats/comments.py)."""
    notes: list[tuple[str | None, str]] = []
    for name, side in zip(SIDE_NAMES, sides, strict=True):
        notes.extend((name, text) for text in (side.notes if side else []))
    # a tool that writes a variant's note on its <tu> as well says it once, on the side
    on_sides = {textio.squash(text) for _, text in notes}
    whole = ["".join(note.itertext()) for note in children(tu, "note", ns)]
    notes[:0] = [(None, text) for text in whole if textio.squash(text) not in on_sides]
    return [found for side, text in notes if (found := comment(text, side=side))]


def _text(side: Side | None) -> str:
    """A unit's text on one side, its paragraphs joined by a space (what its sentences hold)."""
    return " ".join(side.paragraphs) if side else ""


Said = tuple[str | None, str | None]  # (status, who set it) as a file says them


def changed_elsewhere(key: str | None, source: Side | None, target: Side | None) -> bool:
    """Whether a unit's texts differ from those our export fingerprinted (`x-text-key`): a
    CAT tool changed them, so what we recorded of their review (x-status, the paragraph
    link's status) was said of another text. A unit without a key says nothing."""
    if not key:
        return False
    ours, theirs = (side.paragraphs if side else [] for side in (source, target))
    # either way round: a memory may be read with its target language as the source
    return key.strip() not in (text_key(ours, theirs), text_key(theirs, ours))


def group_status(units: Sequence[Said], paragraphs: Sequence[Said]) -> Said:
    """The status of a paragraph link read from the units of its sentence links, and who set
    it: the least settled of the units' statuses, unless the paragraph link's own status
    (our sentence-level exports write it on each unit) says more: a reviewer who confirmed
    the paragraphs confirmed them, whatever their sentence links' statuses; where it says as
    much, it is the paragraph link's own record, and who set it comes back with it."""
    status = least_settled([said for said, _ in units])
    chosen = next((said for said in units if said[0] == status), (status, None))
    if paragraphs and all(said in SETTLED for said, _ in paragraphs):  # every unit says it
        own = least_settled([said for said, _ in paragraphs])
        if status is None or SETTLED.index(own) >= SETTLED.index(status):
            chosen = next(said for said in paragraphs if said[0] == own)
    return chosen


def joined(sides: Iterable[tuple[Side | None, bool]]) -> tuple[list[str], list[str]]:
    """The paragraphs (and their kinds) of one side of a paragraph link from its pieces in
    order, each with whether its unit is all headings: a piece goes on with the paragraph
    before it (after `sentence_gap`) unless it starts one of its own; a piece's blank lines
    always end a paragraph. A paragraph's kind is its first piece's."""
    texts: list[str] = []
    kinds: list[str] = []
    for side, heading in sides:
        if side is None:
            continue
        for index, text in enumerate(side.paragraphs):
            kind = side.kinds[index] if index < len(side.kinds) else None
            if index == 0 and texts and not side.starts:
                texts[-1] += sentence_gap(texts[-1], text, side.space) + text
                continue
            texts.append(text)
            kinds.append(kind or ("heading" if heading else "paragraph"))
    return texts, kinds


def add_link(
    pairs: Pairs,
    source: tuple[list[str], list[str]],
    target: tuple[list[str], list[str]],
    status: str | None,
    reviewer: str | None,
    *,
    recorded: bool,
    sentences: list[FileSentence] | None = None,
    comments: list[FileComment] | None = None,
) -> None:
    """`pairs.add` of two sides given as (paragraphs, kinds), then the kinds of the
    paragraphs it added (headings stay headings)."""
    before = len(pairs.links)
    pairs.add(
        source[0],
        target[0],
        status,
        reviewer,
        recorded=recorded,
        sentences=sentences,
        comments=comments,
    )
    if len(pairs.links) == before:
        return
    for segments, positions, kinds in (
        (pairs.source, pairs.links[-1][0], source[1]),
        (pairs.target, pairs.links[-1][1], target[1]),
    ):
        for position, kind in zip(positions, kinds, strict=False):
            segments[position].kind = kind


def least_settled(statuses: Sequence[str | None]) -> str | None:
    """The status of a link made of units with these statuses: the least settled known one
    (None: none is known, so the file says nothing)."""
    known = [status for status in statuses if status in SETTLED]
    return min(known, key=SETTLED.index) if known else None


def kinds_of(value: str | None, count: int) -> list[str | None]:
    """The kinds a "heading paragraph" record gives `count` paragraphs; all None when it does
    not name exactly one known kind per paragraph (the text was changed elsewhere)."""
    words = (value or "").split()
    if len(words) != count or any(word not in KINDS for word in words):
        return [None] * count
    return list(words)


def metadata(found: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """The document metadata our exports wrote: `names` maps each metadata key to what the
    file calls it (a TMX prop type, an XLIFF note category), `found` what the file holds."""
    result = {}
    for key, name in names.items():
        value = found.get(name) or ""
        value = textio.squash(value) if key in _ONE_LINE else textio.normalise(value).strip()
        if value:
            result[key] = value
    return result


def _unit(
    tu, ns: str, filename: str, keep: bool, variants: list[int], number: int
) -> dict[str, Side]:
    """Language -> side of one <tu> (the first <tuv> of each language wins: a unit with
    another is noted in `variants` by its `number`); `keep`: whether xml:space="preserve"
    holds at the <tu>."""
    sides: dict[str, Side] = {}
    for tuv in children(tu, "tuv", ns):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()
        seg = next(children(tuv, "seg", ns), None)
        if lang and seg is not None and same_tag(lang) in {same_tag(known) for known in sides}:
            if not variants or variants[-1] != number:
                variants.append(number)
            continue
        found = _tuv_side(tuv, ns, filename, keep)
        if found is not None:
            sides[found[0]] = found[1]
    return sides


def _tuv_side(tuv, ns: str, filename: str, keep: bool) -> tuple[str, Side] | None:
    """A <tuv>'s language and its side as read, or None when it has no language or no <seg>;
    `keep`: whether xml:space="preserve" holds at its <tu>."""
    lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()
    seg = next(children(tuv, "seg", ns), None)
    if not lang or seg is None:
        return None
    preserve = preserves(seg, preserves(tuv, keep))
    props = _props(tuv, ns)
    text = inline_text(seg, ns, _CODES, filename)
    parts = paragraphs(text, preserve, props.get("x-paragraph-blocks"))
    return lang, Side(
        parts,
        kinds_of(props.get("x-paragraph-kinds"), len(parts)),
        props.get("x-starts-paragraph") == "yes",
        ["".join(note.itertext()) for note in children(tuv, "note", ns)],
        _space(props.get("x-space-before")),
    )


def _space(said: str | None) -> str | None:
    """The white space an `x-space-before` prop gives as a JSON string ("\\n", ""), or None
    when it says no such thing (only white space, and little of it, is taken)."""
    try:
        space = json.loads(said) if said else None
    except ValueError:
        return None
    if isinstance(space, str) and len(space) <= 16 and (space.isspace() or not space):
        return space
    return None


def _title(titles: set[str]) -> str | None:
    """The document's title from the x-document prop our exports put on every unit, when the
    units that have one agree (a memory of many documents names none)."""
    titles = titles - {""}
    return titles.pop() if len(titles) == 1 else None


def _props(tu, ns: str) -> dict[str, str]:
    """The props of a <header> (metadata), <tu> (x-status, x-reviewer, x-document, x-kind,
    x-paragraph) or <tuv> (x-paragraph-blocks, x-paragraph-kinds, x-starts-paragraph) by type;
    the first of a type wins."""
    props: dict[str, str] = {}
    for prop in children(tu, "prop", ns):
        props.setdefault(prop.get("type") or "", (prop.text or "").strip())
    return props


def _side_in(unit: dict[str, Side], lang: str, other: str) -> Side | None:
    """The side of a unit in `lang` (the file's spelling of one of its two languages; `other`
    the other one): its own tag, else one of its primary language that is not `other`'s
    (en-GB for en), but never the other side's text: between en-US and en-GB a unit without
    en-GB has no translation."""
    found = match_language(lang, unit)
    if found is None or same_tag(found) == same_tag(lang):
        return unit[found] if found else None
    if primary_tag(found) == primary_tag(other):
        return None
    return unit[found]


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
