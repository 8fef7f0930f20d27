"""TMX and XLIFF as other tools write them, at the edges: regional variants of one language,
tags spelled several ways, line breaks and placeholders as codes, legacy encodings.

Each case is a way real files lose or invent text: a translation copied from the source of an
en-US → en-GB memory, a unit dropped because one tool wrote en_US and another en-US, words
glued where a <br/> code was, a placeholder that only <originalData> names.
"""

from __future__ import annotations

import pytest

from tests.test_formats_tables import read, texts
from workbench import aligning, export, services
from workbench.errors import InputError
from workbench.exports.base import ExportOptions
from workbench.store import Store

HEADER = (
    '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"'
    ' o-tmf="x" adminlang="en" srclang="{src}" datatype="plaintext"/><body>{units}</body></tmx>'
)


def tu(*sides: tuple[str, str]) -> str:
    return (
        "<tu>"
        + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in sides)
        + "</tu>"
    )


def test_a_memory_between_regional_variants_never_copies_the_source_as_a_translation() -> None:
    memory = HEADER.format(
        src="en-US",
        units=tu(("en-US", "The color of the center."), ("en-GB", "The colour of the centre."))
        + tu(("en-US", "Not yet localized.")),
    )
    doc = read(memory, "engb.tmx")
    assert [v.language for v in doc.versions] == ["en-US", "en-GB"]
    assert texts(doc, 1) == ["The colour of the centre."]
    assert doc.links == [([0], [0]), ([1], [])]
    assert doc.link_statuses == ["confirmed", "auto"]


def test_our_own_memory_between_variants_keeps_an_untranslated_link_untranslated(
    store: Store,
) -> None:
    xliff = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file'
        ' source-language="en-US" target-language="en-GB" original="x"><body>'
        '<trans-unit id="1"><source>The color.</source><target state="translated">The colour.'
        '</target></trans-unit><trans-unit id="2"><source>Not yet localized.</source>'
        "</trans-unit></body></file></xliff>"
    )
    first = services.import_file(store, xliff.encode(), filename="engb.xlf", user="ida")
    data = export.build(store, first.document, edition=None, options=ExportOptions())
    memory = b"".join(export.exporter("tmx").write(data))
    again = services.import_file(store, memory, filename="engb.tmx", user="ida")
    second = store.links(again.alignment)[1]
    assert (second.tgt_start, second.tgt_end, second.status) == (1, 1, "auto")


def test_tags_spelled_with_underscores_or_in_other_cases_are_one_language() -> None:
    memory = HEADER.format(
        src="en-US",
        units=tu(("en_US", "One."), ("sq_AL", "Një.")) + tu(("en-US", "Two."), ("SQ-al", "Dy.")),
    )
    for languages in ({}, {"source_language": "en", "target_language": "sq"}):
        doc = read(memory, "mixed.tmx", **languages)
        assert texts(doc, 0) == ["One.", "Two."] and texts(doc, 1) == ["Një.", "Dy."]
        assert doc.links == [([0], [0]), ([1], [1])]


def test_xliff_files_of_one_pair_in_two_spellings_are_one_pair() -> None:
    file = (
        '<file original="{n}" source-language="{s}" target-language="{t}" datatype="plaintext">'
        '<body><trans-unit id="{n}"><source>Text {n}.</source><target>Text {n} de.</target>'
        "</trans-unit></body></file>"
    )
    head = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    same = head + file.format(n=1, s="en-US", t="de-DE") + file.format(n=2, s="en-us", t="de_de")
    assert texts(read(same + "</xliff>", "two.xlf"), 1) == ["Text 1 de.", "Text 2 de."]
    other = head + file.format(n=1, s="en", t="de") + file.format(n=2, s="en", t="fr")
    with pytest.raises(InputError, match=r"mixes language pairs \(en → de and en → fr\)"):
        read(other + "</xliff>", "mixed.xlf")


@pytest.mark.parametrize(
    ("fmt", "segment"),
    [
        ("xlf", 'First line<x id="1" ctype="lb"/>Second line'),
        ("xlf", 'First line<ph id="1" ctype="lb">&lt;br/&gt;</ph>Second line'),
        ("tmx", "First line<ph>&lt;br/&gt;</ph>Second line"),
        ("tmx", 'First line<ph x="2">&lt;tab/&gt;</ph>Second line'),
        ("xlf2", 'First line<ph id="1" type="fmt" subType="xlf:lb"/>Second line'),
    ],
)
def test_a_line_break_or_tab_code_keeps_the_words_apart(fmt: str, segment: str) -> None:
    if fmt == "tmx":
        data = HEADER.format(src="en", units=tu(("en", segment), ("de", "Zeile.")))
    elif fmt == "xlf":
        data = (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file'
            ' original="a" source-language="en" target-language="de" datatype="html"><body>'
            f'<trans-unit id="1"><source>{segment}</source><target>Zeile.</target>'
            "</trans-unit></body></file></xliff>"
        )
    else:
        data = (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"'
            f' trgLang="de"><file id="f"><unit id="u"><segment><source>{segment}</source>'
            "<target>Zeile.</target></segment></unit></file></xliff>"
        )
    [text] = texts(read(data, f"lines.{fmt[:3]}"), 0)
    assert text.split() == ["First", "line", "Second", "line"]


def test_an_xliff_2_placeholder_named_by_its_original_data_is_kept() -> None:
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"'
        ' trgLang="fr"><file id="f1"><unit id="u1"><originalData><data id="d1">{0}</data>'
        '<data id="d2">%s</data><data id="d3">&lt;b&gt;</data></originalData><segment>'
        '<source>Hello <ph id="1" dataRef="d1"/>, you have <ph id="2" dataRef="d2"/>'
        ' <ph id="3" dataRef="d3"/>messages.</source><target>Bonjour <ph id="1" dataRef="d1"/>,'
        ' vous avez <ph id="2" dataRef="d2"/> messages.</target></segment></unit></file></xliff>'
    )
    doc = read(data, "ref.xlf")
    assert texts(doc, 0) == ["Hello {0}, you have %s messages."]  # <b> is formatting
    assert texts(doc, 1) == ["Bonjour {0}, vous avez %s messages."]


@pytest.mark.parametrize("encoding", ["shift_jis", "euc-kr", "gb2312", "big5"])
def test_a_memory_in_a_multibyte_legacy_encoding_is_read(encoding: str) -> None:
    words = {
        "shift_jis": "こんにちは。",
        "euc-kr": "안녕하세요.",
        "gb2312": "你好。",
        "big5": "你好。",
    }
    memory = f'<?xml version="1.0" encoding="{encoding.upper()}"?>' + HEADER.format(
        src="xx", units=tu(("ja", words[encoding]), ("en", "Hello."))
    ).replace('srclang="xx"', 'srclang="ja"')
    doc = read(memory.encode(encoding), "legacy.tmx")
    assert texts(doc, 0) == [words[encoding]] and texts(doc, 1) == ["Hello."]


def test_a_memory_whose_bytes_are_not_its_declared_encoding_is_refused() -> None:
    memory = '<?xml version="1.0" encoding="Shift_JIS"?>' + HEADER.format(
        src="ja", units=tu(("ja", "x"), ("en", "y"))
    )
    with pytest.raises(InputError, match="says it is in Shift_JIS, but"):
        read(memory.encode() + b"\x82\xff\xfe", "broken.tmx")


def test_a_text_with_noncharacters_comes_back_into_its_document(store: Store) -> None:
    """U+FFFE is no character and XML cannot carry it: stored texts never hold it, so our
    own TMX of a document fits that document."""
    source = "Alpha gamma \ufffe delta.\n\nSecond \uffff paragraph."
    imported = services.import_file(
        store, source.encode(), filename="a.txt", language="en", user="ida"
    )
    version = imported.versions[0]
    assert [p["text"] for p in store.segments(version)] == [
        "Alpha gamma  delta.",
        "Second  paragraph.",
    ]
    services.import_file(
        store,
        b"Alpha.\n\nZweiter.",
        filename="b.txt",
        document_id=imported.document,
        language="de",
        user="ida",
    )
    aligning.align_versions(store, imported.document)
    data = export.build(store, imported.document, edition=None, options=ExportOptions())
    memory = b"".join(export.exporter("tmx").write(data))
    back = services.import_file(
        store, memory, filename="back.tmx", document_id=imported.document, user="ida"
    )
    assert not back.created_document
