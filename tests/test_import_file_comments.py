"""Comments in a bilingual file come in as flags on the links they are about.

A reviewer working in a CAT tool comments on segments; when the file comes back, those
comments are the review: they must arrive as flags a reviewer here can work through, on the
words they mark where the tool marks words, by the person who wrote them, never as text and
never lost. The notes our own exports write from flags read back as those flags, into a new
document; a file that comes back to the document it was exported from does not raise them
twice.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from tests.conftest import REPO, Cli, api_upload, cli_import, upload
from workbench import export, flags, services
from workbench.exports.base import ExportOptions
from workbench.formats import read_file
from workbench.formats.comments import comment
from workbench.model import FileComment, ReadOptions
from workbench.store import Store

TRADOS = REPO / "tests" / "data" / "formats" / "sample.sdlxliff"
SOURCE = ["Shoku Hrushovi foli gjatë.", "Delegacioni u largua."]
TARGET = ["Comrade Hrushovi spoke at length.", "The delegation left."]
MEMOQ = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">'
    '<file original="a.docx" datatype="x-memoq" source-language="sq" target-language="en">'
    "<body>{units}</body></file></xliff>"
)
XLIFF2 = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="sq"'
    ' trgLang="en"><file id="f1">{units}</file></xliff>'
)


def imported(store: Store, data: bytes | str, filename: str, **options) -> services.ImportResult:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return services.import_file(store, data, filename=filename, user="importer", **options)


def raised(store: Store, alignment_id: int) -> list[dict]:
    """The alignment's flags with their threads ((author, body) each), oldest first."""
    found = sorted(store.flags(alignment_id=alignment_id), key=lambda flag: flag["id"])
    threads = store.flag_comments(flag["id"] for flag in found)
    return [
        {**flag, "thread": [(c["author"], c["body"]) for c in threads[flag["id"]]]}
        for flag in found
    ]


def link_of(store: Store, alignment_id: int, flag: dict) -> int:
    """The 0-based number of the link a flag is on."""
    links = store.links(alignment_id)
    return next(n for n, link in enumerate(links) if link.id == flag["link_id"])


def spanned(store: Store, alignment_id: int, flag: dict) -> str:
    """The words a flag's span covers, read from the stored paragraph."""
    alignment = store.alignment(alignment_id)
    version = alignment[f"{flag['span_side']}_version_id"]
    text = store.paragraph_texts(version, flag["span_position"], flag["span_position"] + 1)[0]
    return text[flag["span_start"] : flag["span_end"]]


# --- CAT tools ------------------------------------------------------------------------------


def test_a_trados_comment_thread_is_a_flag_on_the_words_it_marks(store: Store) -> None:
    result = imported(store, TRADOS.read_bytes(), "record-1961.sdlxliff")
    [flag] = raised(store, result.alignment)
    assert link_of(store, result.alignment, flag) == 1
    assert flag["span_side"] == "target"
    assert spanned(store, result.alignment, flag) == "Very well."
    # High ("Error") is the thread's gravest: major; raised by who wrote it, answered below
    assert (flag["category"], flag["severity"], flag["status"]) == ("other", "major", "open")
    assert flag["created_by"] == "REVIEWER\\editor"
    assert flag["thread"] == [
        (
            "REVIEWER\\editor",
            'Too stiff for Kim Il Sung\'s reply: the record has "Mirë", simply "Good."',
        ),
        ("TRANSLATOR\\anna", 'Kept: the interpreter\'s notes use "Very well".'),
    ]
    assert result.flags == 1
    # the comment on the whole file has no link to sit on: said, with its words
    assert result.notes == [
        "left out, a Trados comment on the whole file (flags go on links): “Check every date"
        " against the original.” (REVIEWER\\editor)"
    ]


def test_memoq_comments_are_flags_by_their_authors_and_deleted_ones_are_not() -> None:
    units = (
        '<trans-unit id="1" mq:status="Proofread"><source>Shoku Hrushovi foli gjatë.</source>'
        "<target>Comrade Hrushovi spoke at length.</target><mq:comments>"
        '<mq:comment id="a" creatoruser="mira" appliesto="Target" deleted="false">'
        "Khrushchev, as everywhere else.</mq:comment>"
        '<mq:comment id="b" creatoruser="navi" appliesto="Row" deleted="true">old</mq:comment>'
        "</mq:comments></trans-unit>"
    )
    doc = read_file(MEMOQ.format(units=units).encode(), ReadOptions(filename="a.mqxliff"))
    assert doc.comments == [
        [FileComment("Khrushchev, as everywhere else.", side="target", author="mira")]
    ]


def tool_made(kind, noted: int, note: str, **origin: str) -> bytes:
    """A file translate-toolkit writes (`kind`: its xlifffile or tmxfile) of SOURCE and
    TARGET, with a note on unit `noted`."""
    made = kind(sourcelanguage="sq", targetlanguage="en")
    for number, (source, target) in enumerate(zip(SOURCE, TARGET, strict=True)):
        unit = made.addsourceunit(source)
        unit.target = target
        if number == noted:
            unit.addnote(note, **origin)
    return bytes(made)


def test_xliff_notes_from_translate_toolkit_are_flags_on_their_units(store: Store) -> None:
    """translate-toolkit, as other tools that write XLIFF 1.2, writes <note from="…">."""
    note = "Did they leave by night or by day?"
    xliff = tool_made(tt_xliff.xlifffile, 1, note, origin="translator")
    result = imported(store, xliff, "from-a-tool.xlf")
    [flag] = raised(store, result.alignment)
    assert link_of(store, result.alignment, flag) == 1
    assert flag["span_side"] is None  # the note names no words: the whole link
    assert (flag["category"], flag["severity"], flag["status"]) == ("other", "neutral", "open")
    assert flag["created_by"] == "translator"
    assert flag["thread"] == [("translator", "Did they leave by night or by day?")]


def test_tmx_notes_are_flags_raised_by_whoever_imports_the_memory(store: Store) -> None:
    memory = tool_made(tt_tmx.tmxfile, 0, "Check the name against the glossary.")
    result = imported(store, memory, "memory.tmx")
    [flag] = raised(store, result.alignment)
    assert link_of(store, result.alignment, flag) == 0
    assert flag["created_by"] == "importer"  # TMX notes name no author
    assert flag["thread"] == [("importer", "Check the name against the glossary.")]


def test_a_variants_note_is_on_its_side_and_follows_it_when_read_the_other_way(
    store: Store,
) -> None:
    memory = (
        '<tmx version="1.4"><header srclang="sq" datatype="plaintext" segtype="paragraph"'
        ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu>'
        '<tuv xml:lang="sq"><seg>Shoku Hrushovi foli gjatë.</seg></tuv>'
        '<tuv xml:lang="en"><note>Spell it Khrushchev.</note>'
        "<seg>Comrade Hrushovi spoke at length.</seg></tuv></tu></body></tmx>"
    )
    read = read_file(memory.encode(), ReadOptions(filename="m.tmx"))
    assert read.comments == [[FileComment("Spell it Khrushchev.", side="target")]]
    reversed_ = read_file(memory.encode(), ReadOptions(filename="m.tmx", source_language="en"))
    assert reversed_.comments == [[FileComment("Spell it Khrushchev.", side="source")]]
    [flag] = raised(store, imported(store, memory, "m.tmx").alignment)
    assert flag["thread"] == [("importer", "On the target: Spell it Khrushchev.")]


def test_a_note_on_a_unit_and_on_its_variant_is_one_flag_on_that_side(store: Store) -> None:
    """Some tools write a variant's note on its <tu> too: one comment, said twice."""
    memory = (
        '<tmx version="1.4"><header srclang="sq" datatype="plaintext" segtype="paragraph"'
        ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu>'
        "<note>Spell it  Khrushchev.</note><note>Checked against the archive.</note>"
        '<tuv xml:lang="sq"><seg>Shoku Hrushovi foli gjatë.</seg></tuv>'
        '<tuv xml:lang="en"><note>Spell it Khrushchev.</note>'
        "<seg>Comrade Hrushovi spoke at length.</seg></tuv></tu></body></tmx>"
    )
    read = read_file(memory.encode(), ReadOptions(filename="m.tmx"))
    assert read.comments == [
        [
            FileComment("Checked against the archive."),
            FileComment("Spell it Khrushchev.", side="target"),
        ]
    ]
    found = raised(store, imported(store, memory, "m.tmx").alignment)
    assert [flag["thread"] for flag in found] == [
        [("importer", "Checked against the archive.")],
        [("importer", "On the target: Spell it Khrushchev.")],
    ]


def test_xliff_2_notes_keep_their_category_where_it_is_one_of_ours(store: Store) -> None:
    units = (
        '<unit id="u1"><notes><note category="terminology" appliesTo="target">Khrushchev, as'
        ' the glossary has it.</note><note category="query">Is "gjatë" at length or long?'
        '</note></notes><segment state="translated"><source>Shoku Hrushovi foli gjatë.'
        "</source><target>Comrade Hrushovi spoke at length.</target></segment></unit>"
    )
    result = imported(store, XLIFF2.format(units=units), "tool.xlf")
    first, second = raised(store, result.alignment)
    # about the target, on no words of it: the flag on the link says which side
    assert (first["category"], first["span_side"], first["thread"]) == (
        "terminology",
        None,
        [("importer", "On the target: Khrushchev, as the glossary has it.")],
    )
    # a tool's own category is no category of ours: "other", the tool's word kept in front
    assert (second["category"], second["thread"]) == (
        "other",
        [("importer", 'query: Is "gjatë" at length or long?')],
    )


# --- our own exports ------------------------------------------------------------------------


def flagged_document(store: Store) -> int:
    """A document of two links with three flags: an open one on a link, answered twice, a
    resolved one on words of its target, and a dismissed one (no note: exports leave those
    out)."""
    memory = tt_tmx.tmxfile(sourcelanguage="sq", targetlanguage="en")
    for source, target in zip(SOURCE, TARGET, strict=True):
        memory.addsourceunit(source).target = target
    alignment = imported(store, bytes(memory), "record.tmx").alignment
    first, second = store.links(alignment)
    omission = flags.raise_flag(
        store,
        alignment,
        category="accuracy/omission",
        severity="major",
        link_id=second.id,
        comment="The source says when they left.",
        user="rita",
    )
    flags.add_comment(store, omission["id"], "Added: “on 3 June”.", user="tom")
    flags.add_comment(store, omission["id"], "Thanks — checked: fine.", user="rita")
    resolved = flags.raise_flag(
        store,
        alignment,
        category="names-and-transliteration",
        severity="minor",
        link_id=first.id,
        side="target",
        quote="Hrushovi",
        comment="Khrushchev in English.",
        user="rita",
    )
    flags.set_status(store, resolved["id"], "resolved", user="eva")
    dismissed = flags.raise_flag(
        store, alignment, category="style", severity="minor", link_id=first.id, user="rita"
    )
    flags.set_status(store, dismissed["id"], "dismissed", user="eva")
    return alignment


def exported(store: Store, alignment_id: int, fmt: str) -> bytes:
    document = store.alignment(alignment_id)["document_id"]
    data = export.build(store, document, options=ExportOptions(flags=True))
    return b"".join(export.exporter(fmt).write(data))


def test_our_flags_come_back_as_they_were_into_a_new_document(store: Store) -> None:
    """Each with its thread, by the people who raised and answered it."""
    alignment = flagged_document(store)
    for fmt, filename in (("xliff", "record.xlf"), ("tmx", "record.tmx"), ("csv", "record.csv")):
        options = {"language": "sq", "target_language": "en"} if fmt == "csv" else {}
        result = imported(store, exported(store, alignment, fmt), filename, **options)
        assert result.created_document and result.flags == 2, fmt
        name, omission = raised(store, result.alignment)  # in the file's order of links
        assert link_of(store, result.alignment, omission) == 1
        assert (omission["category"], omission["severity"], omission["status"]) == (
            "accuracy/omission",
            "major",
            "open",
        )
        assert omission["span_side"] is None
        assert omission["created_by"] == "rita"
        assert omission["thread"] == [
            ("rita", "The source says when they left."),
            ("tom", "Added: “on 3 June”."),
            ("rita", "Thanks — checked: fine."),
        ], fmt
        assert link_of(store, result.alignment, name) == 0
        assert (name["category"], name["severity"], name["status"]) == (
            "names-and-transliteration",
            "minor",
            "resolved",
        )
        assert (name["span_side"], spanned(store, result.alignment, name)) == (
            "target",
            "Hrushovi",
        )
        assert name["created_by"] == "rita"
        assert name["thread"] == [("rita", "Khrushchev in English.")]


def test_a_file_back_in_its_own_document_does_not_raise_our_flags_twice(store: Store) -> None:
    alignment = flagged_document(store)
    document = store.alignment(alignment)["document_id"]
    data = exported(store, alignment, "xliff").replace(
        b"Comrade Hrushovi spoke at length.", b"Comrade Khrushchev spoke at length."
    )
    result = imported(store, data, "back.xlf", document_id=document)
    assert not result.created_document
    assert raised(store, result.alignment) == [] and result.flags == 0
    assert result.notes == [
        "2 notes in the file are flags our export wrote, raised on the version it was exported"
        " from already: not raised again on this one"
    ]
    assert len(store.flags(alignment_id=alignment)) == 3  # the exported version keeps its own


def test_a_trados_thread_keeps_its_authors_through_our_memory_into_another_workbench(
    store: Store,
) -> None:
    """Names from a CAT tool hold spaces and backslashes; each comment keeps its own."""
    trados = imported(store, TRADOS.read_bytes(), "record-1961.sdlxliff")
    [before] = raised(store, trados.alignment)
    memory = exported(store, trados.alignment, "tmx")
    again = imported(store, memory, "record-1961.tmx")
    [after] = raised(store, again.alignment)
    assert after["created_by"] == before["created_by"] == "REVIEWER\\editor"
    assert after["thread"] == before["thread"]
    assert (after["span_side"], spanned(store, again.alignment, after)) == ("target", "Very well.")


def test_a_tools_category_is_ours_whatever_its_case() -> None:
    assert comment("Agreement.", category="Grammar").category == "grammar"
    said = comment("Reads oddly.", category="Readability")
    assert (said.category, said.text) == ("other", "Readability: Reads oddly.")


def test_a_signed_notes_comments_keep_their_own_dashes_and_colons() -> None:
    """Only " ‖ NAME: " starts another comment; a note without names reads as one comment."""
    signed = comment(
        "style (minor, open) by ana on the source “Shoku”: Note: keep it — as in 1961"
        " ‖ ben: agreed: it is a title ‖ no name here"
    )
    assert signed == FileComment(
        "Note: keep it — as in 1961",
        side="source",
        quote="Shoku",
        author="ana",
        category="style",
        severity="minor",
        status="open",
        replies=(("ben", "agreed: it is a title"), (None, "no name here")),
    )
    unsigned = comment("style (minor, open): keep it — as in 1961", author="rita")
    assert unsigned == FileComment(
        "keep it — as in 1961", author="rita", category="style", severity="minor", status="open"
    )


def test_quoted_words_a_cat_tool_changed_stay_in_the_comment(store: Store) -> None:
    """The translator replaced the flagged name in the CAT tool: the flag comes back on the
    whole link, the words it was about in front of its comment."""
    alignment = flagged_document(store)
    data = exported(store, alignment, "xliff").replace(b"Hrushovi spoke", b"Khrushchev spoke")
    result = imported(store, data, "changed.xlf")
    name = next(f for f in raised(store, result.alignment) if f["status"] == "resolved")
    assert name["span_side"] is None
    assert name["thread"] == [("rita", "“Hrushovi”: Khrushchev in English.")]


# --- limits ----------------------------------------------------------------------------------


def test_a_huge_or_hostile_comment_is_stored_as_plain_text_cut_short(client, as_role) -> None:
    hostile = "<script>alert('x')</script>" + "ë" * 20_000
    memory = tool_made(tt_tmx.tmxfile, 0, hostile)
    page = upload(client, as_role("editor"), memory, "hostile.tmx")
    assert page.status_code == 200
    text = lxml_html.fromstring(page.get_data(as_text=True)).text_content()
    assert "2 links: 2 confirmed; 1 flag from its comments" in text
    as_role("reviewer")
    listed = client.get("/documents/1/flags")
    assert listed.status_code == 200
    body = listed.get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;alert(" in body


def test_a_comment_longer_than_a_flag_comment_may_be_is_cut_with_an_ellipsis() -> None:
    note = "ë" * 20_000
    units = (
        '<trans-unit id="1"><source>Shoku Hrushovi foli.</source>'
        f"<target>Comrade Hrushovi spoke.</target><note>{note}</note></trans-unit>"
    )
    doc = read_file(MEMOQ.format(units=units).encode(), ReadOptions(filename="a.xlf"))
    [[said]] = doc.comments
    assert len(said.text) == 9_000 and said.text.endswith("ë…")
    assert len(said.text) <= flags.MAX_COMMENT


# --- where it is said ------------------------------------------------------------------------


def test_the_cli_and_the_api_count_the_flags(
    cli: Cli, client, as_role, db_path: Path, tmp_path: Path
) -> None:
    result = cli_import(cli, tmp_path, TRADOS.read_bytes(), "record-1961.sdlxliff", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["flags"] == 1
    said = cli("import", str(tmp_path / "record-1961.sdlxliff"))
    assert said.stdout.splitlines()[-1].endswith(
        "(6 links: 1 confirmed, 1 edited, 4 auto; 1 flag from its comments)"
    ), said.stdout
    assert said.stderr.startswith("note: left out, a Trados comment on the whole file")
    as_role("editor")  # who may raise flags (a translator's import raises none: test_import_roles)
    answer = api_upload(client, db_path, TRADOS.read_bytes(), "record.sdlxliff", "editor1")
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["flags"] == 1


def years_memory(notes: dict[int, list[str]], units: int = 12) -> str:
    """A TMX of `units` one-sentence units (years), with `notes[n]` on unit n."""
    body = "".join(
        "<tu>"
        + "".join(f"<note>{note}</note>" for note in notes.get(n, []))
        + f'<tuv xml:lang="sq"><seg>Viti {1940 + n}.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>The year {1940 + n}.</seg></tuv></tu>'
        for n in range(units)
    )
    return (
        '<tmx version="1.4"><header srclang="sq" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
        f"<body>{body}</body></tmx>"
    )


def test_a_note_a_tool_stamps_on_most_units_is_a_label_not_thousands_of_flags(
    store: Store,
) -> None:
    stamped = {n: ["Machine translated"] for n in range(12)}
    stamped[3].append("Check this year.")
    result = imported(store, years_memory(stamped), "stamped.tmx")
    [flag] = raised(store, result.alignment)  # the one reviewer's comment, not the stamp
    assert flag["thread"] == [("importer", "Check this year.")]
    assert result.notes == [
        "12 units carry the same note, “Machine translated”: taken for a label the tool"
        " writes, not a reviewer's comment, so not raised as flags"
    ]


def test_the_same_comment_on_a_few_units_is_still_raised_on_each(store: Store) -> None:
    checked = {n: ["Check this year."] for n in range(9)}
    result = imported(store, years_memory(checked), "checked.tmx")
    assert len(raised(store, result.alignment)) == 9 and result.notes == []
