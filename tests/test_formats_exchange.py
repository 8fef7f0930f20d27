"""TMX and XLIFF import: two versions plus their links, safe against hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions

DATA = Path(__file__).parent / "data" / "formats"

SQ = ["Mbi pritjen e delegacionit", "Shoku Kim Ir Sen tha: „Mirë.“"]
EN = ["On the reception of the delegation", "Comrade Kim Il Sung said: “Very well.”"]


def read(data: bytes | str, filename: str, **options) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename, **options))


def texts(doc: ParsedDocument, version: int) -> list[str]:
    return [seg.text for seg in doc.versions[version].segments]


def tmx(*units: str, srclang: str = "en") -> str:
    return (
        f'<tmx version="1.4"><header srclang="{srclang}" segtype="sentence" o-tmf="x"'
        f' adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/>'
        f"<body>{''.join(units)}</body></tmx>"
    )


def tu(**texts: str) -> str:
    tuvs = "".join(
        f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in texts.items()
    )
    return f"<tu>{tuvs}</tu>"


# --- TMX ----------------------------------------------------------------------------------


def test_tmx_gives_source_and_translation_with_one_link_per_unit() -> None:
    doc = read((DATA / "sample.tmx").read_bytes(), "sample.tmx")
    assert doc.format == "tmx"
    source, target = doc.versions
    assert (source.language, source.role) == ("sq", "source")
    assert (target.language, target.role) == ("en", "translation")
    assert texts(doc, 0) == [*SQ, "Vetëm në shqip.", "Fund."]
    assert texts(doc, 1) == [*EN, "Only in English.", "End."]
    assert doc.links == [([0], [0]), ([1], [1]), ([2], []), ([], [2]), ([3], [3])]


def test_tmx_inline_codes_are_dropped_and_highlighted_text_kept() -> None:
    doc = read(
        tmx(tu(en='A <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> <hi>word</hi>'
               '<ph>&lt;img alt="<sub>a sub-flow</sub>"&gt;</ph>.', de="Ein Wort.")),
        "m.tmx",
    )  # fmt: skip
    assert texts(doc, 0) == ["A bold word."]


def test_tmx_options_choose_the_pair_and_may_reverse_it() -> None:
    data = tmx(tu(en="One.", de="Eins.", fr="Un."), tu(en="Two.", de="Zwei."))
    doc = read(data, "m.tmx", target_language="de")
    assert texts(doc, 0) == ["One.", "Two."]
    assert texts(doc, 1) == ["Eins.", "Zwei."]
    doc = read(data, "m.tmx", source_language="fr", target_language="en")
    assert (doc.versions[0].language, doc.versions[1].language) == ("fr", "en")
    assert doc.links == [([0], [0]), ([], [1])]


def test_tmx_with_several_target_languages_asks_for_a_choice() -> None:
    data = tmx(tu(en="One.", de="Eins.", fr="Un."))
    with pytest.raises(
        InputError, match=r"several target languages \(de, fr\); choose one with --target-lang"
    ):
        read(data, "m.tmx")
    with pytest.raises(InputError, match=r"no target language 'ru'; it has: en, de, fr"):
        read(data, "m.tmx", target_language="ru")


def test_tmx_language_tags_match_across_case_and_region() -> None:
    data = tmx(tu(**{"EN-us": "One.", "de-DE": "Eins."}), srclang="en-US")
    doc = read(data, "m.tmx", target_language="de")
    assert (doc.versions[0].language, doc.versions[1].language) == ("EN-us", "de-DE")
    assert doc.links == [([0], [0])]


def test_tmx_srclang_all_takes_the_first_language() -> None:
    doc = read(tmx(tu(sq="Po.", en="Yes."), srclang="*all*"), "m.tmx")
    assert doc.versions[0].language == "sq"


def test_tmx_with_one_language_cannot_be_aligned() -> None:
    with pytest.raises(InputError, match="needs two languages to align; it has: en"):
        read(tmx(tu(en="Alone.")), "m.tmx")


def test_tmx_that_is_another_xml_document_is_refused() -> None:
    with pytest.raises(InputError, match=r"not a TMX file \(its root element is <html>\)"):
        read("<html><body>x</body></html>", "m.tmx")


# --- XLIFF --------------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["sample-1.2.xlf", "sample-2.1.xlf"])
def test_xliff_gives_source_and_target_with_links(filename: str) -> None:
    doc = read((DATA / filename).read_bytes(), filename)
    assert doc.format == "xliff"
    assert [(v.language, v.role) for v in doc.versions] == [
        ("sq", "source"),
        ("en", "translation"),
    ]
    assert texts(doc, 0) == [*SQ, "Ende pa përkthim.", "Fund."]
    assert texts(doc, 1) == [*EN, "End."]  # no alt-trans, no code content
    assert doc.links == [([0], [0]), ([1], [1]), ([2], []), ([3], [2])]


def test_xliff_can_be_read_reversed_but_not_in_another_language() -> None:
    data = (DATA / "sample-1.2.xlf").read_bytes()
    doc = read(data, "job.xlf", source_language="en")
    assert [(v.language, v.role) for v in doc.versions] == [
        ("en", "source"),
        ("sq", "translation"),
    ]
    assert texts(doc, 0) == [*EN, "End."]
    assert doc.links == [([0], [0]), ([1], [1]), ([], [2]), ([2], [3])]
    with pytest.raises(InputError, match=r"is sq -> en; it has no 'de' text"):
        read(data, "job.xlf", target_language="de")


def test_xliff_12_without_namespace_and_languages_from_options() -> None:
    data = (
        '<xliff version="1.2"><file original="a" datatype="plaintext" source-language="en">'
        "<body><trans-unit id='1'><source>Hello.</source><target>Tungjatjeta.</target>"
        "</trans-unit></body></file></xliff>"
    )
    doc = read(data, "a.xliff", target_language="sq")
    assert [(v.language, [s.text for s in v.segments]) for v in doc.versions] == [
        ("en", ["Hello."]),
        ("sq", ["Tungjatjeta."]),
    ]


def test_xliff_of_another_version_namespace_is_not_misread() -> None:
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
        '<file id="f"><unit id="u"><segment><source>Hi.</source></segment></unit>'
        '<x:unit xmlns:x="urn:other"><x:segment><x:source>Not XLIFF.</x:source></x:segment>'
        "</x:unit></file></xliff>"
    )
    doc = read(data, "a.xlf")
    assert texts(doc, 0) == ["Hi."]
    assert texts(doc, 1) == []
    assert doc.links == [([0], [])]


# --- hostile and broken XML ---------------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<{root}><body><tu><tuv xml:lang="en"><seg>&c;</seg></tuv></tu></body></{root}>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<{root}><body><seg>&secret;</seg></body></{root}>"""


@pytest.mark.parametrize("filename", ["bomb.tmx", "bomb.xlf"])
@pytest.mark.parametrize("template", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entity_declarations_are_refused(template: str, filename: str) -> None:
    data = template.format(root="tmx" if filename.endswith(".tmx") else "xliff")
    with pytest.raises(InputError, match=r"malformed or unsafe XML: it declares entities"):
        read(data, filename)


@pytest.mark.parametrize("filename", ["broken.tmx", "broken.xlf"])
def test_malformed_xml_is_refused_with_its_position(filename: str) -> None:
    with pytest.raises(InputError, match=r"broken\.\w+ is malformed or unsafe XML: .*line 1"):
        read("<tmx><body><tu></body>", filename)


@pytest.mark.parametrize("filename", ["empty.tmx", "empty.xliff"])
def test_empty_exchange_files_are_refused(filename: str) -> None:
    with pytest.raises(InputError, match="is empty"):
        read(b"  \n", filename)


def test_a_doctype_without_entities_is_accepted() -> None:
    data = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' + tmx(tu(en="One.", de="Eins."))
    assert texts(read(data, "m.tmx"), 1) == ["Eins."]


# --- a third-party reader agrees ----------------------------------------------------------


def test_translate_toolkit_reads_the_sample_files() -> None:
    from translate.storage import tmx as tt_tmx
    from translate.storage import xliff as tt_xliff
    from translate.storage import xliff2 as tt_xliff2

    memory = tt_tmx.tmxfile.parsestring((DATA / "sample.tmx").read_bytes())
    assert [u.source for u in memory.units][:1] == [SQ[0]]
    job = tt_xliff.xlifffile.parsestring((DATA / "sample-1.2.xlf").read_bytes())
    assert (job.getsourcelanguage(), job.gettargetlanguage()) == ("sq", "en")
    assert (job.units[0].source, job.units[0].target) == (SQ[0], EN[0])
    job2 = tt_xliff2.Xliff2File.parsestring((DATA / "sample-2.1.xlf").read_bytes())
    assert [(u.source, u.target) for u in job2.units][-1] == ("Fund.", "End.")


def test_deeply_nested_groups_are_read_and_deep_inline_markup_refused() -> None:
    groups = (
        '<xliff version="1.2"><file source-language="en" target-language="de"><body>'
        + "<group>" * 3000
        + "<trans-unit id='1'><source>Deep.</source><target>Tief.</target></trans-unit>"
        + "</group>" * 3000
        + "</body></file></xliff>"
    )
    assert read(groups, "deep.xlf").links == [([0], [0])]
    inline = tmx(tu(en="<hi>" * 500 + "x" + "</hi>" * 500, de="y"))
    with pytest.raises(InputError, match=r"deep\.tmx nests inline markup too deeply"):
        read(inline, "deep.tmx")


# --- link statuses from the file's own states -----------------------------------------------


def xliff12(*units: str, space: str = "") -> str:
    return (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="a" datatype="plaintext" source-language="en" target-language="de"{space}>'
        f"<body>{''.join(units)}</body></file></xliff>"
    )


def xliff2(*segments: str, notes: str = "") -> str:
    units = "".join(f'<unit id="u{n}">{seg}</unit>' for n, seg in enumerate(segments))
    return (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"'
        f' trgLang="de"><file id="f">{notes}{units}</file></xliff>'
    )


def statuses(doc: ParsedDocument) -> list[str]:
    """Each link's status as the import stores it (no list at all: every link confirmed)."""
    return doc.link_statuses or ["confirmed"] * len(doc.links or [])


@pytest.mark.parametrize(
    ("state", "approved", "status"),
    [
        ("final", "", "confirmed"),
        ("signed-off", "", "confirmed"),
        ("translated", "", "edited"),  # translated, not yet reviewed
        ("needs-review-translation", "", "edited"),
        ("needs-review-l10n", "", "edited"),
        ("needs-adaptation", "", "edited"),
        ("new", "", "auto"),
        ("needs-translation", "", "auto"),
        ("translated", "yes", "confirmed"),  # what po2xliff writes for a finished PO entry
        ("", "yes", "confirmed"),
        ("needs-review-translation", "yes", "edited"),  # work left: approval does not cancel it
        ("needs-translation", "no", "auto"),  # what po2xliff writes for a fuzzy PO entry
        ("final", "no", "edited"),
        ("", "no", "edited"),
        ("x-custom", "", "confirmed"),  # a tool's own state says nothing we know
    ],
)
def test_xliff_12_state_and_approved_become_the_link_status(
    state: str, approved: str, status: str
) -> None:
    attrs = f' approved="{approved}"' if approved else ""
    target = f' state="{state}"' if state else ""
    data = xliff12(
        f"<trans-unit id='1'{attrs}><source>One.</source><target{target}>Eins.</target>"
        "</trans-unit>",
        "<trans-unit id='2'><source>Two.</source><target>Zwei.</target></trans-unit>",
    )
    assert statuses(read(data, "a.xlf")) == [status, "confirmed"]


def test_a_file_that_states_no_status_is_confirmed_but_for_its_untranslated_units() -> None:
    """A file is someone's alignment: its pairs are confirmed, but a unit without target text
    is no reviewed translation, whatever state the file gives it."""
    doc = read(
        xliff12(
            "<trans-unit id='1'><source>One.</source><target>Eins.</target></trans-unit>",
            "<trans-unit id='2'><source>Two.</source></trans-unit>",
            "<trans-unit id='3' approved='yes'><source>Three.</source>"
            "<target state='final'> </target></trans-unit>",
        ),
        "a.xlf",
    )
    assert statuses(doc) == ["confirmed", "auto", "auto"]
    doc = read(
        xliff2(
            '<segment state="reviewed"><source>One.</source><target>Eins.</target></segment>',
            '<segment state="final"><source>Two.</source><target/></segment>',
        ),
        "a.xlf",
    )
    assert statuses(doc) == ["confirmed", "auto"]
    doc = read(tmx(tu(en="One.", de="Eins."), tu(en="Two.")), "m.tmx")
    assert statuses(doc) == ["confirmed", "auto"]


def test_our_own_record_of_a_confirmed_untranslated_paragraph_is_kept() -> None:
    """A reviewer may confirm that a paragraph has no translation (a deliberate omission): our
    exports record it exactly (XLIFF subState, TMX x-status), and it reads back confirmed."""
    doc = read(
        xliff2(
            '<segment state="reviewed" subState="workbench:confirmed">'
            "<source>Left out.</source><target/></segment>"
        ),
        "a.xlf",
    )
    assert (doc.links, statuses(doc)) == ([([0], [])], ["confirmed"])
    unit = '<tu><prop type="x-status">confirmed</prop><tuv xml:lang="en"><seg>Left out.</seg></tuv>'
    doc = read(tmx(unit + "</tu>", tu(en="One.", de="Eins.")), "m.tmx")
    assert statuses(doc) == ["confirmed", "confirmed"]


def test_statuses_follow_the_units_when_the_file_is_read_reversed() -> None:
    data = xliff12(
        "<trans-unit id='1'><source>One.</source><target state='final'>Eins.</target></trans-unit>",
        "<trans-unit id='2'><source>Two.</source></trans-unit>",
    )
    doc = read(data, "a.xlf", source_language="de")
    assert doc.links == [([0], [0]), ([], [1])]
    assert statuses(doc) == ["confirmed", "auto"]


PO = """\
# A translator's comment
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello world"
msgstr "Bonjour le monde"

#, fuzzy
msgid "Good morning"
msgstr "Bonsoir"

msgid "Untranslated"
msgstr ""

msgid "Two  spaces"
msgstr "Deux  espaces"
"""


def po2xliff(po: str) -> bytes:
    """The XLIFF translate-toolkit's po2xliff makes of a PO file (as a user would)."""
    from translate.convert.po2xliff import po2xliff as convertor
    from translate.storage import po as tt_po

    return convertor().convertstore(tt_po.pofile(po.encode("utf-8")))


def test_a_po_file_through_po2xliff_keeps_fuzzy_and_untranslated_entries_unconfirmed() -> None:
    data = po2xliff(PO)
    assert b"x-gettext-domain-header" in data and b'state="needs-translation"' in data
    doc = read(data, "t.xlf")
    assert [(v.language, v.role) for v in doc.versions] == [
        ("en-US", "source"),
        ("fr", "translation"),
    ]
    assert texts(doc, 0) == ["Hello world", "Good morning", "Untranslated", "Two  spaces"]
    assert texts(doc, 1) == ["Bonjour le monde", "Bonsoir", "Deux  espaces"]
    assert doc.links == [([0], [0]), ([1], [1]), ([2], []), ([3], [2])]
    assert statuses(doc) == ["confirmed", "auto", "auto", "confirmed"]


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_a_gettext_header_is_file_metadata_not_text(version: str) -> None:
    """A PO header (empty msgid, its fields as msgstr) is skipped even without po2xliff's
    restype; a paragraph that merely starts like one, with a source, is text."""
    header = "Project-Id-Version: x&#10;Content-Type: text/plain; charset=UTF-8&#10;"
    look_alike = "Content-Type: text/plain is a header line."
    if version == "1.2":
        data = xliff12(
            f"<trans-unit id='0'><source/><target>{header}</target></trans-unit>",
            f"<trans-unit id='1'><source>{look_alike}</source><target>Ja.</target></trans-unit>",
        )
    else:
        data = xliff2(
            f"<segment><source/><target>{header}</target></segment>",
            f"<segment><source>{look_alike}</source><target>Ja.</target></segment>",
        )
    doc = read(data, "po.xlf")
    assert (texts(doc, 0), texts(doc, 1), doc.links) == ([look_alike], ["Ja."], [([0], [0])])


# --- paragraphs, spaces and titles as our exports write them --------------------------------


def test_blank_lines_inside_a_unit_separate_its_paragraphs() -> None:
    """Our exports write an n-m link as one unit whose sides join paragraphs with a blank
    line; reading it gives back the paragraphs and the n-m link."""
    doc = read(
        tmx(tu(en="One.", de="Eins."), tu(en="Two.", de="Zwei.\n\nZwei b.\n \n\nZwei c.")),
        "m.tmx",
    )
    assert texts(doc, 1) == ["Eins.", "Zwei.", "Zwei b.", "Zwei c."]
    assert doc.links == [([0], [0]), ([1], [1, 2, 3])]
    doc = read(
        xliff2(
            '<segment><source xml:space="preserve">A.\n\nB.</source>'
            '<target xml:space="preserve">A und B.</target></segment>',
            "<segment><source>C.</source><target>C.\n\nD.</target></segment>",
        ),
        "a.xlf",
    )
    assert (texts(doc, 0), texts(doc, 1)) == (["A.", "B.", "C."], ["A und B.", "C.", "D."])
    assert doc.links == [([0, 1], [0]), ([2], [1, 2])]


def test_spaces_inside_a_paragraph_are_kept_only_under_xml_space_preserve() -> None:
    """xml:space="preserve" (inherited from the file or unit, or on the element) says the
    spaces are the text's own; without it they are layout. Paragraph edges never count."""
    unit = (
        "<trans-unit id='{n}'{space}><source>  a  b\n c </source><target>x  y</target></trans-unit>"
    )
    doc = read(
        xliff12(
            unit.format(n=1, space=""),
            unit.format(n=2, space=' xml:space="default"'),
            "<trans-unit id='3'><source xml:space='default'>a  b</source><target>x  y</target>"
            "</trans-unit>",
            space=' xml:space="preserve"',
        ),
        "a.xlf",
    )
    assert texts(doc, 0) == ["a  b\n c", "a b c", "a b"]
    assert texts(doc, 1) == ["x  y", "x y", "x  y"]
    assert texts(read(xliff12(unit.format(n=1, space="")), "a.xlf"), 0) == ["a b c"]
    spaced = '<tu><tuv xml:lang="en"><seg xml:space="preserve">a  b</seg></tuv>'
    doc = read(tmx(spaced + '<tuv xml:lang="de"><seg>x  y</seg></tuv></tu>'), "m.tmx")
    assert (texts(doc, 0), texts(doc, 1)) == (["a  b"], ["x y"])


def test_the_title_comes_from_the_files_metadata() -> None:
    """Our exports name the document (TMX: an x-document prop on every unit; XLIFF: a title
    note on the file); without it the import falls back on the file name."""
    named = (
        '<tu><prop type="x-document">Deklarata  e {0}</prop>'
        '<tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="de"><seg>Eins.</seg></tuv></tu>'
    )
    same = read(tmx(named.format("1948"), named.format("1948")), "m.tmx")
    assert same.title == "Deklarata e 1948"
    partly = read(tmx(named.format("1948"), tu(en="Two.", de="Zwei.")), "m.tmx")
    assert partly.title == "Deklarata e 1948"
    # A memory of several documents names none of them: the file name will do.
    assert read(tmx(named.format("1948"), named.format("1949")), "m.tmx").title is None
    notes = '<notes><note id="title" category="title">Deklarata — Декларация</note></notes>'
    segment = "<segment><source>One.</source><target>Eins.</target></segment>"
    assert read(xliff2(segment, notes=notes), "a.xlf").title == "Deklarata — Декларация"
    assert read(xliff2(segment), "a.xlf").title is None
