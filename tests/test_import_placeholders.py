"""Placeholders in TMX and XLIFF are part of the sentence; formatting codes are not.

A software string "Hello {0}, you have %d messages" comes from a CAT tool with its
placeholders as inline codes: TMX `<ph>{0}</ph>`, XLIFF 1.2 `<x id="1" equiv-text="{0}"/>` or
`<ph>%d</ph>`, XLIFF 2 `<ph id="1" equiv="{0}"/>`. Dropping them with the formatting codes
would store "Hello , you have  messages", and a reviewer comparing the two sides would
never see a placeholder the translation lost. A code's text is kept where it is a
placeholder ({0}, {name}, {{count}}, %s, %1$d, %.2f, %NAME%, $name, ${name}, [name]);
anything else a code holds (<b>, <br/>, RTF) is formatting and still dropped.
"""

from __future__ import annotations

import pytest

from tests.test_formats_exchange import read, texts, tmx, tu, xliff2, xliff12
from workbench import services
from workbench.formats.bilingual import PLACEHOLDER
from workbench.store import Store


@pytest.mark.parametrize(
    "code", ["{0}", "{name}", "{{count}}", "%s", "%1$d", "%.2f", "%NAME%", "$name", "${name}",
             "[name]"],
)  # fmt: skip
def test_what_counts_as_a_placeholder(code: str) -> None:
    assert PLACEHOLDER.fullmatch(code)


@pytest.mark.parametrize("code", ["<br/>", "{\\b}", "<img src='a.png'>", "%", "word", ""])
def test_formatting_is_no_placeholder(code: str) -> None:
    assert not PLACEHOLDER.fullmatch(code)


TMX = tmx(
    tu(
        en='Hello <ph x="1">{0}</ph>, you have <ph x="2">%d</ph> <bpt i="1">&lt;b&gt;'
        '</bpt>new<ept i="1">&lt;/b&gt;</ept> messages.<ph x="3">&lt;br/&gt;</ph>',
        de='Hallo <ph x="1">{0}</ph>, Sie haben <ph x="2">%d</ph> neue Nachrichten.',
    )
)
#: XLIFF 1.2: equiv-text of <x>, the content of <ph>; <bx>/<ex> and a bare <x> are formatting.
XLIFF_12 = xliff12(
    '<trans-unit id="1"><source>Hello <x id="1" equiv-text="{0}"/>, you have'
    ' <ph id="2">%d</ph> <bx id="3"/>new<ex id="4"/> messages.<x id="5"/></source>'
    '<target>Hallo <x id="1" equiv-text="{0}"/>, Sie haben <ph id="2">%d</ph> neue'
    " Nachrichten.</target></trans-unit>"
)
#: XLIFF 2: the equiv of <ph>; <pc> keeps its text, <sc>/<ec> and a <br/> equiv are formatting.
XLIFF_2 = xliff2(
    '<segment><source>Hello <ph id="1" equiv="{0}" disp="user name"/>, you have'
    ' <ph id="2" equiv="%d"/> <pc id="3">new</pc> <sc id="4" equiv="&lt;i&gt;"/>messages'
    '<ec startRef="4"/>.<ph id="5" equiv="&lt;br/&gt;"/></source>'
    '<target>Hallo <ph id="1" equiv="{0}"/>, Sie haben <ph id="2" equiv="%d"/> neue'
    " Nachrichten.</target></segment>"
)


@pytest.mark.parametrize(
    ("data", "filename"), [(TMX, "ui.tmx"), (XLIFF_12, "ui.xlf"), (XLIFF_2, "ui.xlf")],
    ids=["tmx", "xliff-1.2", "xliff-2"],
)  # fmt: skip
def test_placeholder_codes_keep_their_text_and_formatting_is_dropped(
    data: str, filename: str
) -> None:
    doc = read(data, filename)
    assert texts(doc, 0) == ["Hello {0}, you have %d new messages."]
    assert texts(doc, 1) == ["Hallo {0}, Sie haben %d neue Nachrichten."]


def test_an_imported_placeholder_is_stored_where_the_text_has_it(store: Store) -> None:
    """The translation lost its %d: both sides are stored as written, so a reviewer sees it."""
    data = tmx(
        tu(en='You have <ph x="1">%d</ph> messages from <ph x="2">{0}</ph>.',
           de='Sie haben Nachrichten von <ph x="2">{0}</ph>.'),
    ).encode()  # fmt: skip
    result = services.import_file(store, data, filename="ui.tmx", user="cli")
    source, target = (store.segments(version)[0]["text"] for version in result.versions)
    assert source == "You have %d messages from {0}."
    assert target == "Sie haben Nachrichten von {0}."
