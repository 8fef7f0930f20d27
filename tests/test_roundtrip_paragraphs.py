"""Paragraphs survive a sentence-level TMX or XLIFF: a paragraph link is one unit again.

XLIFF 2 means a <unit> as a paragraph and its <segment>s as the sentences a tool cut it into,
which is how a CAT tool that resegments our paragraph-level export writes it back, and how our
sentence-level export writes a paragraph link and the sentence links inside it (ignorables
between segments hold the space, or the blank line, that separates them). Our reader makes one
paragraph link of such a unit, as XLIFF 1.2's reader makes one of a <seg-source> unit. TMX knows
no paragraphs, so each unit of a sentence-level export names its paragraph link
(`x-paragraph`) and our reader joins the units of one paragraph link back into its paragraphs;
TMX files without that prop read as before, one link per unit.

The writers are given here the sentence links the export gives them when it knows where the
paragraphs are (`paragraph`, and per sentence whether it begins a paragraph): a 2-1 sentence
link reaching from one paragraph into the next inside a 2-1 paragraph link, and a sentence link
that crosses from one paragraph link into the next, which joins those two in one unit (the
export numbers them alike), so that every paragraph comes back whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tests.test_formats_exchange import read, statuses, texts, tmx, tu
from workbench.exports import tmx as tmx_writer
from workbench.exports import xliff as xliff_writer
from workbench.exports.base import ExportData, ExportLink, ExportOptions
from workbench.model import ParsedDocument

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
OURS = 'original="workbench:document/1/alignment/1"'


def reviewers(doc: ParsedDocument) -> list[str | None]:
    return doc.link_reviewers or [None] * len(doc.links or [])


# --- reading what a sentence-level export or a resegmenting CAT tool writes -------------------


def test_tmx_units_of_one_paragraph_link_read_back_as_its_paragraphs() -> None:
    def unit(paragraph: int, sq: str, en: str | None, status: str, *, new_sq: bool = False):
        starts = '<prop type="x-starts-paragraph">yes</prop>' if new_sq else ""
        target = f'<tuv xml:lang="en"><seg>{en}</seg></tuv>' if en else ""
        return (
            f'<tu><prop type="x-status">{status}</prop><prop type="x-reviewer">r{paragraph}</prop>'
            f'<prop type="x-paragraph">{paragraph}</prop>'
            f'<tuv xml:lang="sq">{starts}<seg>{sq}</seg></tuv>{target}</tu>'
        )

    doc = read(
        tmx(
            unit(1, "A1.", "B1.", "confirmed"),
            unit(1, "A2.", "B2.", "confirmed"),
            unit(2, "C1.\n\nD1.", "E1.", "confirmed"),  # the end of one paragraph, the next's start
            unit(2, "D2.", "E2.", "edited"),
            unit(3, "G1.", "H1.", "confirmed"),
            unit(3, "I1.", "J1.", "auto", new_sq=True),
            unit(4, "K1.", None, "confirmed"),
            srclang="sq",
        ),
        "s.tmx",
    )
    assert texts(doc, 0) == ["A1. A2.", "C1.", "D1. D2.", "G1.", "I1.", "K1."]
    assert texts(doc, 1) == ["B1. B2.", "E1. E2.", "H1. J1."]
    assert doc.links == [([0], [0]), ([1, 2], [1]), ([3, 4], [2]), ([5], [])]
    # a paragraph link is as settled as the least settled of its sentence links
    assert statuses(doc) == ["confirmed", "edited", "auto", "confirmed"]
    assert reviewers(doc) == ["r1", "r2", "r3", "r4"]


def test_tmx_without_paragraph_props_reads_one_link_per_unit_as_before() -> None:
    """Other tools' memories (and ours at paragraph level) have no x-paragraph: every unit is
    a link; only consecutive units naming the same paragraph link are joined."""
    doc = read(tmx(tu(sq="Një.", en="One."), tu(sq="Dy.", en="Two."), srclang="sq"), "m.tmx")
    assert doc.links == [([0], [0]), ([1], [1])]
    named = '<tu><prop type="x-paragraph">{n}</prop>' + tu(sq="{sq}", en="{en}")[4:]
    doc = read(
        tmx(
            named.format(n=1, sq="Një.", en="One."),
            named.format(n=2, sq="Dy.", en="Two."),
            named.format(n=1, sq="Tre.", en="Three."),
            srclang="sq",
        ),
        "m.tmx",
    )
    assert doc.links == [([0], [0]), ([1], [1]), ([2], [2])]


def xliff_ours(*units: str) -> str:
    return (
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="sq" trgLang="en">'
        f'<file id="f1" {OURS}>{"".join(units)}</file></xliff>'
    )


def segment(sq: str, en: str, status: str = "confirmed") -> str:
    return (
        f'<segment state="reviewed" subState="workbench:{status}">'
        f'<source xml:space="preserve">{sq}</source><target xml:space="preserve">{en}</target>'
        "</segment>"
    )


def ignorable(sq: str, en: str | None = None) -> str:
    target = "" if en is None else f'<target xml:space="preserve">{en}</target>'
    return f'<ignorable><source xml:space="preserve">{sq}</source>{target}</ignorable>'


def test_an_xliff_unit_of_several_segments_is_one_paragraph_link() -> None:
    doc = read(
        xliff_ours(
            '<unit id="u1">'
            + segment("A1.", "B1.")
            + ignorable(" ")
            + segment("A2.", "B2.", "auto")
            + "</unit>",
            '<unit id="u2">'
            + segment("C1.", "E1.")
            + ignorable("\n\n", " ")
            + segment("D1.", "E2.")
            + "</unit>",
        ),
        "s.xlf",
    )
    assert texts(doc, 0) == ["A1. A2.", "C1.", "D1."]
    assert texts(doc, 1) == ["B1. B2.", "E1. E2."]
    assert doc.links == [([0], [0]), ([1, 2], [1])]
    assert statuses(doc) == ["auto", "confirmed"]


def test_segments_without_white_space_between_them_are_joined_as_their_script_is_written() -> None:
    """A tool that writes no ignorables, or fills in a target our export left empty (its
    ignorable then says nothing): Latin sentences get a space, Chinese ones none."""
    doc = read(
        xliff_ours(
            '<unit id="u1">' + segment("Një.", "One.") + segment("Dy.", "Two.") + "</unit>",
            '<unit id="u2">'
            + segment("Tre.", "三。")
            + ignorable(" ", "")
            + segment("Katër.", "四。")
            + "</unit>",
        ),
        "s.xlf",
    )
    assert texts(doc, 0) == ["Një. Dy.", "Tre. Katër."]
    assert texts(doc, 1) == ["One. Two.", "三。四。"]


def test_xliff_12_seg_source_and_xliff_2_segments_read_alike() -> None:
    """The same resegmented paragraph, as an XLIFF 1.2 and an XLIFF 2 tool write it."""
    mrk = '<mrk mtype="seg" mid="{n}">{text}</mrk>'
    v1 = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="workbench:document/1/alignment/1" datatype="plaintext"'
        ' source-language="sq" target-language="en"><body><trans-unit id="1">'
        "<source>Një. Dy.</source><seg-source>"
        + mrk.format(n=1, text="Një.")
        + " "
        + mrk.format(n=2, text="Dy.")
        + "</seg-source><target>"
        + mrk.format(n=1, text="One.")
        + " "
        + mrk.format(n=2, text="Two.")
        + "</target></trans-unit></body></file></xliff>"
    )
    v2 = xliff_ours(
        '<unit id="u1">'
        + segment("Një.", "One.")
        + ignorable(" ")
        + segment("Dy.", "Two.")
        + "</unit>"
    )
    one, two = read(v1, "a.xlf"), read(v2, "b.xlf")
    assert (texts(one, 0), texts(one, 1), one.links) == (["Një. Dy."], ["One. Two."], [([0], [0])])
    assert (texts(two, 0), texts(two, 1), two.links) == (texts(one, 0), texts(one, 1), one.links)


# --- what the writers make of sentence links that know their paragraphs ----------------------


@dataclass(frozen=True)
class Sentence(ExportLink):
    """A sentence link as the export gives it when it knows where the paragraphs are: the
    paragraph link it lies in, and per sentence of each side whether it begins a paragraph."""

    paragraph: int | None = None
    source_starts: tuple[bool, ...] = ()
    target_starts: tuple[bool, ...] = ()
    source_kinds: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()


#: (paragraph link, source sentences, target sentences, status): each sentence (text, whether
#: it begins a paragraph). Paragraphs: source "A1. A2." | "C1." "D1. D2." | "G1. G2." "I1." |
#: "K1."; target "B1. B2." | "E1. E2." | "H1." "J1. J2." | nothing. The third paragraph link
#: was two (G–H and I–J) but for the sentence link G2.–J1., which crosses from one into the
#: other: the export gives both the first one's number.
SENTENCES = [
    (1, [("A1.", True)], [("B1.", True)], "confirmed"),
    (1, [("A2.", False)], [("B2.", False)], "confirmed"),
    (2, [("C1.", True), ("D1.", True)], [("E1.", True)], "confirmed"),
    (2, [("D2.", False)], [("E2.", False)], "edited"),
    (3, [("G1.", True)], [("H1.", True)], "confirmed"),
    (3, [("G2.", False)], [("J1.", True)], "auto"),
    (3, [("I1.", True)], [("J2.", False)], "confirmed"),
    (5, [("K1.", True)], [], "confirmed"),
]
SOURCE = ["A1. A2.", "C1.", "D1. D2.", "G1. G2.", "I1.", "K1."]
TARGET = ["B1. B2.", "E1. E2.", "H1.", "J1. J2."]
LINKS = [([0], [0]), ([1, 2], [1]), ([3, 4], [2, 3]), ([5], [])]


def sentence_links() -> list[Sentence]:
    links, at = [], [0, 0]
    for number, (paragraph, source, target, status) in enumerate(SENTENCES, start=1):
        spans = []
        for side, sentences in enumerate((source, target)):
            spans.append((at[side], at[side] + len(sentences)))
            at[side] += len(sentences)
        links.append(
            Sentence(
                number=number,
                source=" ".join(text for text, _ in source),
                target=" ".join(text for text, _ in target),
                status=status,
                confidence=None,
                src=spans[0],
                tgt=spans[1],
                set_by=f"r{number}",
                source_parts=tuple(text for text, _ in source),
                target_parts=tuple(text for text, _ in target),
                paragraph=paragraph,
                source_starts=tuple(starts for _, starts in source),
                target_starts=tuple(starts for _, starts in target),
            )
        )
    return links


def written(fmt: str, links: list[ExportLink], level: str = "sentence") -> bytes:
    data = ExportData(
        document={"id": 1, "title": "Deklarata"},
        alignment={"id": 1},
        source_language="sq",
        target_language="en",
        source_label="Shqip",
        target_label="English",
        edition=None,
        options=ExportOptions(level=level),
        count=len(links),
        generated_at="2024-01-02T03:04:05Z",
        tool_version="test",
        rows=lambda: iter(links),
    )
    writer = tmx_writer if fmt == "tmx" else xliff_writer
    return b"".join(writer.write(data))


def test_xliff_writes_a_unit_per_paragraph_link_and_a_segment_per_sentence_link() -> None:
    data = written("xliff", sentence_links())
    root = etree.fromstring(data)
    ns = {"x": XLIFF_NS}
    units = root.findall(".//x:unit", ns)
    assert [len(unit.findall("x:segment", ns)) for unit in units] == [2, 2, 3, 1]
    assert [unit.get("id") for unit in units] == ["u1", "u3", "u5", "u8"]
    ignorables = [
        (ign.findtext("x:source", namespaces=ns), ign.findtext("x:target", namespaces=ns))
        for ign in root.findall(".//x:ignorable", ns)
    ]
    # a space inside a paragraph, a blank line before the next paragraph of the same link
    assert ignorables == [(" ", " "), (" ", " "), (" ", "\n\n"), ("\n\n", " ")]
    crossing = units[1].findall("x:segment", ns)[0]
    assert crossing.findtext("x:source", namespaces=ns) == "C1.\n\nD1."
    doc = read(data, "s.xlf")
    assert (texts(doc, 0), texts(doc, 1), doc.links) == (SOURCE, TARGET, LINKS)
    assert statuses(doc) == ["confirmed", "edited", "auto", "confirmed"]
    assert reviewers(doc) == ["r1", "r4", "r6", "r8"]


def test_translate_toolkit_reads_each_segment_of_a_unit(tmp_path) -> None:
    from translate.storage import xliff2

    job = xliff2.Xliff2File.parsestring(written("xliff", sentence_links()))
    assert [unit.source for unit in job.units] == [
        "A1.",
        "A2.",
        "C1.\n\nD1.",
        "D2.",
        "G1.",
        "G2.",
        "I1.",
        "K1.",
    ]
    assert [unit.getid() for unit in job.units][:3] == ["u1::s1", "u1::s2", "u3::s3"]
    # a CAT tool translates and saves; the paragraphs come back
    for unit in job.units:
        unit.target = unit.source.replace(".", "!")
    doc = read(bytes(job), "translated.xlf")
    assert texts(doc, 0) == SOURCE
    # each translation goes where the segment's target was: a target paragraph began at J1.
    assert texts(doc, 1) == ["A1! A2!", "C1!", "D1! D2!", "G1!", "G2! I1!", "K1!"]
    assert doc.links == [([0], [0]), ([1, 2], [1, 2]), ([3, 4], [3, 4]), ([5], [5])]


def test_tmx_writes_the_paragraph_link_of_each_sentence_link() -> None:
    from translate.storage import tmx as tt_tmx

    data = written("tmx", sentence_links())
    root = etree.fromstring(data)
    assert [tu.findtext("prop[@type='x-paragraph']") for tu in root.iter("tu")] == [
        str(paragraph) for paragraph, *_ in SENTENCES
    ]
    starts = [
        (tu.get("tuid"), tuv.get("{http://www.w3.org/XML/1998/namespace}lang"))
        for tu in root.iter("tu")
        for tuv in tu.iter("tuv")
        if tuv.findtext("prop[@type='x-starts-paragraph']") == "yes"
    ]
    assert starts == [("6", "en"), ("7", "sq")]
    doc = read(data, "s.tmx")
    assert (texts(doc, 0), texts(doc, 1), doc.links) == (SOURCE, TARGET, LINKS)
    assert statuses(doc) == ["confirmed", "edited", "auto", "confirmed"]
    assert reviewers(doc) == ["r1", "r4", "r6", "r8"]
    memory = tt_tmx.tmxfile.parsestring(data)
    assert len(memory.units) == len(SENTENCES)


def test_without_paragraphs_each_sentence_link_is_a_unit_of_its_own() -> None:
    """Sentence links the export does not place in a paragraph link (`paragraph` None) are
    written as before: a unit each, read back as a link each."""
    plain = [
        Sentence(**{**link.__dict__, "paragraph": None, "source_starts": (), "target_starts": ()})
        for link in sentence_links()
    ]
    for fmt, name in (("xliff", "s.xlf"), ("tmx", "s.tmx")):
        data = written(fmt, plain)
        assert b"x-paragraph" not in data and b"<ignorable>" not in data
        assert len(read(data, name).links or []) == len(SENTENCES)
