"""Bilingual files of the two most used CAT tools, Trados Studio (.sdlxliff) and memoQ
(.mqxliff): XLIFF 1.2 whose review state lives in the tool's own marks, not in `state`.

A reviewer's sign-off in Trados (ApprovedSignOff) must arrive as a confirmed link, a machine
draft or a rejected translation as an unreviewed one, and a struck-out word must not end up
in the translation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO, Cli, cli_import, upload
from workbench.formats import read_file
from workbench.model import ParsedDocument, ReadOptions
from workbench.store import Store

SAMPLE = REPO / "tests" / "data" / "formats" / "sample.sdlxliff"
SDL_ROOT = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
    'xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2" sdl:version="1.0">'
    '<file original="a.docx" datatype="x-sdlfilterframework2" source-language="de-DE" '
    'target-language="fr-FR"><body>'
)
MEMOQ_ROOT = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">'
    '<file original="a.docx" datatype="x-memoq" source-language="de" target-language="fr"><body>'
)
END = "</body></file></xliff>"


def read(data: bytes | str, filename: str) -> ParsedDocument:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_file(data, ReadOptions(filename=filename))


def texts(doc: ParsedDocument, version: int) -> list[str]:
    return [seg.text for seg in doc.versions[version].segments]


def sdl_unit(n: int, source: str, target: str, *confs: str | None) -> str:
    """A Trados unit of one segment per conf (None: no conf attribute, "Not Translated")."""
    mids = range(10 * n, 10 * n + len(confs))
    seg_source = " ".join(f'<mrk mtype="seg" mid="{m}">{source}</mrk>' for m in mids)
    seg_target = " ".join(f'<mrk mtype="seg" mid="{m}">{target}</mrk>' for m in mids)
    defs = "".join(
        f'<sdl:seg id="{m}"' + (f' conf="{c}"' if c is not None else "") + "/>"
        for m, c in zip(mids, confs, strict=True)
    )
    return (
        f'<trans-unit id="u{n}"><source>{" ".join([source] * len(confs))}</source>'
        f"<seg-source>{seg_source}</seg-source><target>{seg_target}</target>"
        f"<sdl:seg-defs>{defs}</sdl:seg-defs></trans-unit>"
    )


def test_a_trados_file_reads_as_its_editor_shows_it() -> None:
    doc = read(SAMPLE.read_bytes(), "record-1961.sdlxliff")
    assert doc.format == "xliff"
    assert [v.language for v in doc.versions] == ["sq-AL", "en-GB"]
    # the structure unit ("Normal", translate="no") and the unit of a tag alone are not text
    assert texts(doc, 0) == [
        "Mbi pritjen e delegacionit",
        "Shoku Kim Ir Sen tha: „Mirë.“ Pastaj u ngrit.",
        "Takimi zgjati dy orë.",
        "Delegacioni u largua në mbrëmje.",
        "Nuk u nënshkrua asnjë marrëveshje.",
        "Tirana, 4 tetor 1961",
    ]
    # the reviewer replaced "stood" by "rose": the accepted translation
    assert texts(doc, 1) == [
        "On the reception of the delegation",
        "Comrade Kim Il Sung said: “Very well.” Then he rose.",
        "The meeting lasted two hours.",
        "The delegation left at night.",
        "No agreement was signed.",
    ]
    assert doc.links == [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4], [4]), ([5], [])]
    # signed off; approved + translated (least settled); MT draft; rejected; not translated;
    # no translation at all
    assert doc.link_statuses == ["confirmed", "edited", "auto", "auto", "auto", "auto"]
    # who set each status: the last to change the segment it comes from (not its creator)
    assert doc.link_reviewers == [
        "REVIEWER\\editor",
        "TRANSLATOR\\anna",
        None,
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("conf", "status"),
    [
        ("ApprovedSignOff", "confirmed"),
        ("ApprovedTranslation", "confirmed"),
        ("Translated", "edited"),
        ("Draft", "auto"),
        ("RejectedTranslation", "auto"),
        ("RejectedSignOff", "auto"),
        (None, "auto"),
        ("SomethingNewer", "auto"),
    ],
)
def test_trados_confirmation_levels_become_link_statuses(conf: str | None, status: str) -> None:
    doc = read(SDL_ROOT + sdl_unit(1, "Eins.", "Un.", conf) + END, "a.sdlxliff")
    assert doc.link_statuses == [status]


def test_a_trados_unit_of_several_segments_is_as_settled_as_its_least_settled() -> None:
    units = [
        sdl_unit(1, "Eins.", "Un.", "ApprovedSignOff", "ApprovedTranslation"),
        sdl_unit(2, "Zwei.", "Deux.", "ApprovedSignOff", "Translated"),
        sdl_unit(3, "Drei.", "Trois.", "Translated", "Draft", "ApprovedSignOff"),
    ]
    doc = read(SDL_ROOT + "".join(units) + END, "a.sdlxliff")
    assert doc.link_statuses == ["confirmed", "edited", "auto"]
    assert texts(doc, 1) == ["Un. Un.", "Deux. Deux.", "Trois. Trois. Trois."]


def test_the_state_attribute_still_rules_where_no_tool_mark_is() -> None:
    """Only Trados files skip translate="no" units; a plain XLIFF keeps reading them, and its
    `state` decides as before."""
    plain = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        '<file original="a" datatype="plaintext" source-language="de" target-language="fr">'
        "<body><trans-unit id='1' translate='no'><source>Code.</source><target>Code.</target>"
        "</trans-unit><trans-unit id='2'><source>Eins.</source>"
        "<target state='signed-off'>Un.</target></trans-unit>" + END
    )
    doc = read(plain, "a.xlf")
    assert texts(doc, 0) == ["Code.", "Eins."]
    assert doc.link_statuses == ["confirmed", "confirmed"]


@pytest.mark.parametrize(
    ("mq_status", "status"),
    [
        ("Proofread", "confirmed"),
        ("Reviewer1Confirmed", "confirmed"),
        ("Reviewer2Confirmed", "confirmed"),
        ("ManuallyConfirmed", "edited"),
        ("ConfirmedTranslator", "edited"),
        ("PartiallyEdited", "edited"),
        ("NotStarted", "auto"),
        ("Pretranslated", "auto"),
        ("MachineTranslated", "auto"),
        ("Rejected", "auto"),
    ],
)
def test_memoq_row_statuses_become_link_statuses(mq_status: str, status: str) -> None:
    unit = (
        f'<trans-unit id="1" mq:status="{mq_status}" mq:locked="no">'
        '<source xml:space="preserve">Eins.</source><target xml:space="preserve">Un.</target>'
        "</trans-unit>"
    )
    doc = read(MEMOQ_ROOT + unit + END, "a.mqxliff")
    assert doc.link_statuses == [status]
    assert (texts(doc, 0), texts(doc, 1)) == (["Eins."], ["Un."])


def test_memoq_names_who_last_changed_a_reviewed_row() -> None:
    units = "".join(
        f'<trans-unit id="{n}" mq:status="{status}" mq:lastchanginguser="{user}">'
        f"<source>{text}.</source><target>{text}!</target></trans-unit>"
        for n, (status, user, text) in enumerate(
            [
                ("Proofread", "mira", "Eins"),
                ("PartiallyEdited", "navi", "Zwei"),
                ("Pretranslated", "navi", "Drei"),
            ]
        )
    )
    doc = read(MEMOQ_ROOT + units + END, "a.mqxliff")
    assert doc.link_statuses == ["confirmed", "edited", "auto"]
    assert doc.link_reviewers == ["mira", "navi", None]  # no one set a pretranslated row


def test_the_cli_imports_a_trados_file_with_its_reviewed_links_confirmed(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    result = cli_import(cli, tmp_path, SAMPLE.read_bytes(), "record-1961.sdlxliff", "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)  # stderr notes the comment on the whole file
    store = Store(db_path)
    try:
        links = store.links(imported["alignment"], "paragraph")
        assert [link.status for link in links] == [
            "confirmed",
            "edited",
            "auto",
            "auto",
            "auto",
            "auto",
        ]
        assert [link.set_by for link in links[:2]] == ["REVIEWER\\editor", "TRANSLATOR\\anna"]
        untranslated = links[-1]
        assert untranslated.confidence == 0.0
    finally:
        store.close()
    assert imported["links"] == {"auto": 4, "confirmed": 1, "edited": 1}
    said = cli("import", str(tmp_path / "record-1961.sdlxliff")).stdout.splitlines()
    assert said[-1].endswith(
        "(6 links: 1 confirmed, 1 edited, 4 auto; 1 flag from its comments)"
    ), said


def test_the_upload_form_says_how_much_came_in_reviewed(client, as_role) -> None:
    response = upload(client, as_role("editor"), SAMPLE.read_bytes(), "record.sdlxliff")
    assert response.status_code == 200
    assert (
        "Imported record.sdlxliff: 11 paragraphs; 6 links: 1 confirmed, 1 edited, 4 auto;"
        " 1 flag from its comments." in response.get_data(as_text=True)
    )
