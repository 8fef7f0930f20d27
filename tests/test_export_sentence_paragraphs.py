"""A sentence-level TMX or XLIFF export keeps the paragraphs: importing it gives them back.

The export places every sentence link in its paragraphs (`ExportLink.paragraph`,
`source_starts`, `source_kinds`…) from the stored paragraph links and the paragraph each
sentence belongs to, so that TMX names each unit's paragraph link (`x-paragraph`) and marks a
unit that begins another paragraph of it (`x-starts-paragraph`), and XLIFF 2 writes a paragraph
link as a <unit> of <segment>s, its sentence links. Headings stay headings. Other tools
(translate-toolkit) still read every sentence, and a paragraph-level export is as it was.

The document: the first two articles of the Declaration, in Markdown so that their titles are
headings. The second paragraph link is 2-1: the translation made one paragraph of the source's
second and third.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import Cli
from workbench import aligning, editions, export, review, revisions, services
from workbench.exports import EXPORTERS, LABELS
from workbench.exports.base import ExportOptions
from workbench.store import Store

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
NS = {"x": XLIFF_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SOURCE = """## Neni 1

Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta. Ata kanë \
arsye dhe ndërgjegje. Ata duhet të sillen ndaj njëri-tjetrit me frymë vëllazërie.

Çdokush ka të drejtën e jetës, të lirisë dhe të sigurisë personale.

Askush nuk do të mbahet në skllavëri apo në robëri. Skllavëria dhe tregtia e skllevërve do të \
ndalohen në të gjitha format e tyre.

## Neni 2

Askush nuk do t'i nënshtrohet torturës apo trajtimit mizor. Të gjithë janë të barabartë para \
ligjit.
"""
TARGET = """## Article 1

All human beings are born free and equal in dignity and rights. They are endowed with reason \
and conscience. They should act towards one another in a spirit of brotherhood.

Everyone has the right to life, liberty and security of person. No one shall be held in \
slavery or servitude. Slavery and the slave trade shall be prohibited in all their forms.

## Article 2

No one shall be subjected to torture or to cruel treatment. All are equal before the law.
"""
#: The paragraph links the aligner makes of it: (source paragraphs, target paragraphs).
PARAGRAPH_LINKS = [([0], [0]), ([1], [1]), ([2, 3], [2]), ([4], [3]), ([5], [4])]
#: The paragraph link each of the ten sentence links lies in, in order.
IN_PARAGRAPH_LINK = [1, 2, 2, 2, 3, 3, 3, 4, 5, 5]
#: The only sentence link that begins another paragraph of its paragraph link than the one
#: before it ended in: the sixth, whose source sentence opens the source's third paragraph.
STARTS_ANOTHER = [("6", "sq")]
HEADINGS = ["1", "8"]  # the sentence links of "Neni 1" and "Neni 2"

#: Every XLIFF version the exporter offers (a new one must be added to these tests).
XLIFFS = [name for name in EXPORTERS if name.startswith("xliff")]
FORMATS = [("tmx", "declaration.tmx")] + [(name, "declaration.xlf") for name in XLIFFS]


def aligned(store: Store, source: tuple[str, str], target: tuple[str, str], title: str) -> int:
    """A document of two texts, (text, file name) sq -> en, aligned; the alignment id."""
    document = services.import_file(
        store, source[0].encode(), filename=source[1], title=title, language="sq"
    ).document
    services.import_file(
        store, target[0].encode(), filename=target[1], document_id=document, language="en"
    )
    return aligning.align_versions(store, document)


@pytest.fixture
def declaration(store: Store) -> int:
    """The document sq -> en, aligned as PARAGRAPH_LINKS; the alignment id."""
    alignment = aligned(store, (SOURCE, "neni.md"), (TARGET, "article.md"), "Deklarata")
    assert [(link.src, link.tgt) for link in store.links(alignment)] == PARAGRAPH_LINKS
    assert len(store.links(alignment, "sentence")) == len(IN_PARAGRAPH_LINK)
    return alignment


def exported(
    store: Store, alignment: int, fmt: str, level: str = "sentence", **options: object
) -> bytes:
    document = store.alignment(alignment)["document_id"]
    data = export.build(
        store, document, alignment_id=alignment, options=ExportOptions(level, **options)
    )
    return b"".join(export.exporter(fmt).write(data))


def structure(store: Store, alignment: int) -> tuple[list, list, list]:
    """What a round trip must keep: each side's paragraphs (kind, text), the paragraph links."""
    row = store.alignment(alignment)
    sides = [
        [(s["kind"], s["text"]) for s in store.segments(row[f"{side}_version_id"])]
        for side in ("source", "target")
    ]
    links = [(link.src, link.tgt) for link in store.links(alignment, "paragraph")]
    return sides[0], sides[1], links


def edition_imported(store: Store, document: int, fmt: str, filename: str) -> int:
    """Edition 1 of the document exported at sentence level and imported: the new alignment."""
    data = b"".join(
        export.exporter(fmt).write(
            export.build(store, document, edition=1, options=ExportOptions("sentence"))
        )
    )
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    return result.alignment


def sentences(store: Store, alignment: int, side: str) -> list[str]:
    version = store.alignment(alignment)[f"{side}_version_id"]
    return [s["text"] for s in store.segments(version, "sentence")]


def tmx_units(data: bytes) -> list[etree._Element]:
    return list(etree.fromstring(data).iter("tu"))


def paragraph_props(data: bytes) -> list[str | None]:
    return [tu.findtext("prop[@type='x-paragraph']") for tu in tmx_units(data)]


def test_xliff_2_1_is_the_xliff_the_exporter_offers() -> None:
    assert XLIFFS == ["xliff"] and LABELS["xliff"] == "XLIFF 2.1"


# --- what the export says of each sentence link -----------------------------------------------


def test_the_export_places_every_sentence_link_as_the_store_has_it(
    store: Store, declaration: int
) -> None:
    """The paragraph link holding it (as the review page finds it), whether each sentence
    begins its paragraph, and the kind of that paragraph."""
    row = store.alignment(declaration)
    paragraph_links = [link.id for link in store.links(declaration, "paragraph")]
    sides = {
        "source": (row["source_version_id"], store.segments(row["source_version_id"])),
        "target": (row["target_version_id"], store.segments(row["target_version_id"])),
    }

    def paragraph(side: str, position: int) -> int | None:
        return store.paragraph_of_sentence(sides[side][0], position) if position >= 0 else None

    expected = []
    for link in store.links(declaration, "sentence"):
        holder = review.paragraph_link_of(store, link)
        assert holder is not None
        places = {}
        for side, span in (("source", link.src), ("target", link.tgt)):
            places[f"{side}_starts"] = tuple(
                paragraph(side, p) != paragraph(side, p - 1) for p in span
            )
            places[f"{side}_kinds"] = tuple(
                sides[side][1][paragraph(side, p)]["kind"] for p in span
            )
        expected.append({"paragraph": paragraph_links.index(holder.id) + 1, **places})
    data = export.build(
        store, row["document_id"], alignment_id=declaration, options=ExportOptions("sentence")
    )
    got = [{name: getattr(link, name) for name in expected[0]} for link in data.links()]
    assert got == expected
    assert [place["paragraph"] for place in got] == IN_PARAGRAPH_LINK


def test_each_tmx_unit_names_its_paragraph_link_and_where_another_paragraph_begins(
    store: Store, declaration: int
) -> None:
    data = exported(store, declaration, "tmx")
    units = tmx_units(data)
    assert paragraph_props(data) == [str(n) for n in IN_PARAGRAPH_LINK]
    starts = [
        (tu.get("tuid"), tuv.get(XML_LANG))
        for tu in units
        for tuv in tu.iter("tuv")
        if tuv.findtext("prop[@type='x-starts-paragraph']") == "yes"
    ]
    assert starts == STARTS_ANOTHER
    headings = [tu.get("tuid") for tu in units if tu.findtext("prop[@type='x-kind']") == "heading"]
    assert headings == HEADINGS


def test_each_xliff_unit_is_a_paragraph_link_of_segments_its_sentence_links(
    store: Store, declaration: int
) -> None:
    root = etree.fromstring(exported(store, declaration, "xliff"))
    units = root.findall(".//x:unit", NS)
    # a unit per paragraph link, named by its first sentence link
    assert [unit.get("id") for unit in units] == ["u1", "u2", "u5", "u8", "u9"]
    assert [len(unit.findall("x:segment", NS)) for unit in units] == [
        IN_PARAGRAPH_LINK.count(n) for n in range(1, len(PARAGRAPH_LINKS) + 1)
    ]
    assert [unit.get("type") for unit in units] == [
        "workbench:heading", None, None, "workbench:heading", None
    ]  # fmt: skip
    between = [
        [
            (ign.findtext("x:source", namespaces=NS), ign.findtext("x:target", namespaces=NS))
            for ign in unit.findall("x:ignorable", NS)
        ]
        for unit in units
    ]
    # a space between the sentences of a paragraph; a blank line where the source's third
    # paragraph begins inside the third paragraph link (its target is one paragraph)
    assert between == [[], [(" ", " "), (" ", " ")], [("\n\n", " "), (" ", " ")], [], [(" ", " ")]]


# --- importing the file back ------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_importing_a_sentence_level_export_gives_back_its_paragraphs_and_paragraph_links(
    store: Store, declaration: int, fmt: str, filename: str
) -> None:
    data = exported(store, declaration, fmt)
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    assert structure(store, result.alignment) == structure(store, declaration)


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_an_edition_exported_at_sentence_level_gives_back_its_paragraphs(
    store: Store, declaration: int, fmt: str, filename: str
) -> None:
    """Confirmed, as every paragraph link of an edition is, though its sentence links are
    automatic (each unit carries its paragraph link's status and reviewer)."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [link.id for link in links], user="rita")
    editions.publish(store, declaration, user="eva")
    document = store.alignment(declaration)["document_id"]
    imported = edition_imported(store, document, fmt, filename)
    assert structure(store, imported) == structure(store, declaration)
    links = store.links(imported, "paragraph")
    assert {(link.status, link.set_by) for link in links} == {("confirmed", "rita")}


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_an_editions_sentence_link_across_paragraphs_keeps_where_they_end(
    store: Store, fmt: str, filename: str
) -> None:
    """The Declaration's proclamation: one sentence in Albanian, three paragraphs in English
    ("Now, therefore," / "The General Assembly" / "Proclaims…"), one sentence link. The
    edition stores the link's sentences joined by spaces, which no sentence splitter cuts
    back into these three, so the export takes the sentences as the version has them."""
    source = "Asambleja e Përgjithshme shpall këtë Deklaratë si ideal të përgjithshëm.\n"
    target = (
        "Now, therefore,\n\nThe General Assembly\n\nProclaims this Declaration as a standard.\n"
    )
    alignment = aligned(store, (source, "sq.txt"), (target, "en.txt"), "Shpallja")
    document = store.alignment(alignment)["document_id"]
    assert [(link.src, link.tgt) for link in store.links(alignment, "sentence")] == [
        ([0], [0, 1, 2])
    ]
    links = store.links(alignment, "paragraph")
    review.set_status(store, alignment, [link.id for link in links], user="rita")
    editions.publish(store, alignment, user="eva")
    imported = edition_imported(store, document, fmt, filename)
    assert structure(store, imported) == structure(store, alignment)


@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_paragraphs_a_reviewer_confirmed_come_back_confirmed_though_their_sentences_were_not(
    store: Store, declaration: int, fmt: str, filename: str
) -> None:
    """The reviewer confirmed the first and third paragraph links; their sentence links are
    still automatic. Each unit carries its paragraph link's status and reviewer, so the
    import confirms what was confirmed, by whom, and nothing else."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [links[0].id, links[2].id], user="rita")
    assert {link.status for link in store.links(declaration, "sentence")} == {"auto"}
    data = exported(store, declaration, fmt)
    if fmt == "tmx":
        statuses = [tu.findtext("prop[@type='x-paragraph-status']") for tu in tmx_units(data)]
        assert statuses == [
            "confirmed" if n in (1, 3) else "auto" for n in IN_PARAGRAPH_LINK
        ]  # fmt: skip
    result = services.import_file(store, data, filename=filename, user="cli")
    assert result.alignment is not None
    imported = store.links(result.alignment, "paragraph")
    assert [(link.status, link.set_by) for link in imported] == [
        ("confirmed", "rita"), ("auto", None), ("confirmed", "rita"), ("auto", None),
        ("auto", None),
    ]  # fmt: skip


def test_a_sentence_link_crossing_two_paragraph_links_joins_them_in_one_unit(
    store: Store, declaration: int
) -> None:
    """Sentence links stay inside their paragraph link in the review page; one stored across
    two (the last sentence of the second paragraph link and the first of the third) makes
    them one unit, the first one's: every paragraph still comes back whole."""
    sentence_links = store.links(declaration, "sentence")
    last, first = sentence_links[3], sentence_links[4]
    store.delete_links([last.id, first.id])
    store.insert_links(
        declaration,
        [
            {
                "level": "sentence",
                "src_start": last.src_start,
                "src_end": first.src_end,
                "tgt_start": last.tgt_start,
                "tgt_end": first.tgt_end,
                "status": "auto",
                "confidence": 0.5,
            }
        ],
    )
    tmx = exported(store, declaration, "tmx")
    assert paragraph_props(tmx) == ["1", "2", "2", "2", "2", "2", "4", "5", "5"]
    units = etree.fromstring(exported(store, declaration, "xliff")).findall(".//x:unit", NS)
    assert [len(unit.findall("x:segment", NS)) for unit in units] == [1, 5, 1, 2]
    source, target, _ = structure(store, declaration)
    joined = [([0], [0]), ([1, 2, 3], [1, 2]), ([4], [3]), ([5], [4])]
    for data, filename in ((tmx, "crossing.tmx"), (exported(store, declaration, "xliff"), "c.xlf")):
        result = services.import_file(store, data, filename=filename, user="cli")
        assert result.alignment is not None
        assert structure(store, result.alignment) == (source, target, joined), filename


def test_a_draft_of_confirmed_links_begins_a_paragraph_at_its_first_confirmed_sentence(
    store: Store, declaration: int
) -> None:
    """With the first sentence link of the first article's paragraph left out (not confirmed),
    the next one begins that paragraph: it is not joined to the heading's."""
    sentence_links = store.links(declaration, "sentence")
    kept = [link.id for index, link in enumerate(sentence_links) if index != 1]
    review.set_status(store, declaration, kept, user="rita")
    data = exported(store, declaration, "tmx", approved_only=True)
    assert paragraph_props(data) == [str(n) for n in IN_PARAGRAPH_LINK[:1] + IN_PARAGRAPH_LINK[2:]]
    result = services.import_file(store, data, filename="confirmed.tmx", user="cli")
    assert result.alignment is not None
    source, _, links = structure(store, result.alignment)
    assert [text for _, text in source[:2]] == [
        "Neni 1",
        " ".join(sentences(store, declaration, "source")[2:4]),
    ]
    assert links == PARAGRAPH_LINKS


def test_an_edition_whose_sentences_moved_since_keeps_its_paragraphs(
    store: Store, declaration: int
) -> None:
    """A revision approved after publication gives the first article's paragraph two
    sentences instead of three: every later source sentence moved. The edition keeps, from
    its publication, the sentences its links held, so every unit still names its paragraph
    link (this export once gave the moved ones none: it placed sentences by today's)."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [link.id for link in links], user="rita")
    editions.publish(store, declaration, user="eva")
    paragraph = store.segments(store.alignment(declaration)["source_version_id"])[1]
    proposal = revisions.propose(
        store,
        paragraph["id"],
        "Të gjithë njerëzit lindin të lirë. Ata duhet të sillen me frymë vëllazërie.",
        base_revision=store.segment(paragraph["id"])["revision"],
        user="tina",
        alignment_id=declaration,
    )
    revisions.approve(store, proposal, user="eva")
    document = store.alignment(declaration)["document_id"]
    data = b"".join(
        export.exporter("tmx").write(
            export.build(store, document, edition=1, options=ExportOptions("sentence"))
        )
    )
    assert paragraph_props(data) == [str(n) for n in IN_PARAGRAPH_LINK]


# --- other readers ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [fmt for fmt, _ in FORMATS])
def test_translate_toolkit_reads_every_sentence_of_both_sides(
    store: Store, declaration: int, fmt: str
) -> None:
    from translate.storage import tmx, xliff2

    data = exported(store, declaration, fmt)
    if fmt == "tmx":
        units = tmx.tmxfile.parsestring(data).units
    else:
        units = xliff2.Xliff2File.parsestring(data).units
    assert len(units) == len(IN_PARAGRAPH_LINK)

    def read(texts: list[str]) -> str:
        """The units' texts one after another, a blank line inside one read as a space."""
        return " ".join(" ".join(text.split("\n\n")) for text in texts)

    assert read([unit.source for unit in units]) == " ".join(
        sentences(store, declaration, "source")
    )
    assert read([unit.target for unit in units]) == " ".join(
        sentences(store, declaration, "target")
    )


# --- the paragraph level is as it was ---------------------------------------------------------


def test_a_paragraph_level_export_is_unchanged(store: Store, declaration: int) -> None:
    """One unit per paragraph link, its paragraphs joined by a blank line, with status,
    reviewer, confidence, the fingerprint of its texts (white space aside: what a re-import
    compares to see that a CAT tool changed them) and whether it is a heading, and nothing of
    sentences or paragraph links."""
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [links[0].id, links[2].id], user="rita")
    links = store.links(declaration, "paragraph")
    source, target, _ = structure(store, declaration)
    expected_tmx, expected_xliff = [], []
    for number, link in enumerate(links, start=1):
        src = "\n\n".join(source[p][1] for p in link.src)
        tgt = "\n\n".join(target[p][1] for p in link.tgt)
        reviewer = f'<prop type="x-reviewer">{link.set_by}</prop>' if link.set_by else ""
        heading = {source[p][0] for p in link.src} | {target[p][0] for p in link.tgt} == {"heading"}
        unspaced = "".join(src.split()) + "\x1f" + "".join(tgt.split())
        key = hashlib.sha256(unspaced.encode("utf-8")).hexdigest()[:16]
        expected_tmx.append(
            f'<tu tuid="{number}"><prop type="x-document">Deklarata</prop>'
            f'<prop type="x-status">{link.status}</prop>{reviewer}'
            f'<prop type="x-confidence">{link.confidence:.3f}</prop>'
            f'<prop type="x-text-key">{key}</prop>'
            + ('<prop type="x-kind">heading</prop>' if heading else "")
            + f'<tuv xml:lang="sq"><seg>{src}</seg></tuv><tuv xml:lang="en"><seg>{tgt}</seg></tuv>'
            "</tu>\n"
        )
        metadata = (
            '<mda:metadata><mda:metaGroup category="workbench">'
            + (f'<mda:meta type="reviewer">{link.set_by}</mda:meta>' if link.set_by else "")
            + f'<mda:meta type="text-key">{key}</mda:meta>'
            "</mda:metaGroup></mda:metadata>"
        )
        state = {"auto": "initial", "confirmed": "reviewed"}[link.status]
        expected_xliff.append(
            f'<unit id="u{number}" name="{number}"'
            + (' type="workbench:heading"' if heading else "")
            + f">{metadata}"
            f'<segment id="s{number}" state="{state}" subState="workbench:{link.status}">'
            f'<source xml:space="preserve">{src}</source>'
            f'<target xml:space="preserve">{tgt}</target></segment></unit>\n'
        )
    tmx = exported(store, declaration, "tmx", level="paragraph").decode()
    assert tmx[tmx.index("<body>\n") + 7 : tmx.index("</body>")] == "".join(expected_tmx)
    assert [number for number, text in enumerate(expected_tmx, 1) if "x-kind" in text] == [1, 4]
    xliff = exported(store, declaration, "xliff", level="paragraph").decode()
    assert xliff[xliff.index("</notes>\n") + 9 : xliff.index("</file>")] == "".join(expected_xliff)


@pytest.mark.parametrize("edition", [None, 1], ids=["draft", "edition"])
@pytest.mark.parametrize(("fmt", "filename"), FORMATS)
def test_a_paragraph_level_export_gives_back_its_headings_and_paragraph_links(
    store: Store, declaration: int, fmt: str, filename: str, edition: int | None
) -> None:
    links = store.links(declaration, "paragraph")
    review.set_status(store, declaration, [link.id for link in links], user="rita")
    editions.publish(store, declaration, user="eva")
    document = store.alignment(declaration)["document_id"]
    data = export.build(
        store, document, alignment_id=declaration, edition=edition, options=ExportOptions()
    )
    written = b"".join(export.exporter(fmt).write(data))
    result = services.import_file(store, written, filename=filename, user="cli")
    assert result.alignment is not None
    source, target, links = structure(store, result.alignment)
    assert (source, target, links) == structure(store, declaration)
    kinds = [kind for kind, _ in source]
    assert kinds == ["heading", "paragraph", "paragraph", "paragraph", "heading", "paragraph"]


# --- the command line -------------------------------------------------------------------------


def test_the_cli_exports_a_sentence_level_tmx_that_imports_back_with_its_paragraphs(
    cli: Cli, store: Store, declaration: int, tmp_path: Path
) -> None:
    document = store.alignment(declaration)["document_id"]
    path = tmp_path / "declaration-sentences.tmx"
    result = cli("export", document, "--level", "sentence", "--format", "tmx", "-o", path)
    assert result.exit_code == 0, result.output
    assert paragraph_props(path.read_bytes()) == [str(n) for n in IN_PARAGRAPH_LINK]
    imported = cli("import", path, "--json")
    assert imported.exit_code == 0, imported.output
    alignment = json.loads(imported.stdout)["alignment"]
    assert structure(store, alignment) == structure(store, declaration)
