"""A TMX or XLIFF imported into an existing document (`workbench import F --document D`, the
upload form's document field).

A document without a source version takes both sides of the file and the languages it does
not have yet. A document with a source version takes what translators send back daily: a file
exported from it and translated or revised in a CAT tool comes back as a new translation
version of the document, aligned to its source version as the file says (links and statuses),
when the file's source side is that source (the same language, the same paragraphs, white
space aside). Any other source is refused, naming the first paragraph that differs, and
nothing is written.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli, import_pair, snapshot
from tests.test_formats_exchange import tmx, tu
from workbench import editions, export, review, services
from workbench.errors import Conflict, InputError
from workbench.exports.base import ExportOptions
from workbench.store import Store

SOURCE = ["Neni 1", "Të gjithë njerëzit lindin të lirë.", "Neni 2", "Çdokush ka të drejtë."]
TARGET = ["Article 1", "All human beings are born free.", "Article 2", "Everyone has the right."]
REVISED = ["Article 1", "All people are born free.", "Article 2", "Everyone is entitled."]


@pytest.fixture
def aligned(store: Store) -> int:
    """A document sq -> en, aligned, two links confirmed; the alignment id."""
    alignment = import_pair(store, SOURCE, TARGET, title="Deklarata")
    links = store.links(alignment)
    review.set_status(store, alignment, [links[0].id, links[1].id], user="rita")
    return alignment


def exported(store: Store, alignment: int, fmt: str, **options) -> bytes:
    document = store.alignment(alignment)["document_id"]
    data = export.build(store, document, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def revised_in_a_cat_tool(data: bytes) -> bytes:
    """What a translator sends back: translate-toolkit (as a CAT tool) changes the targets."""
    from translate.storage import xliff2

    job = xliff2.Xliff2File.parsestring(data)
    for unit, text in zip(job.units, REVISED, strict=True):
        unit.target = text
    return bytes(job)


def paragraphs(store: Store, version: int) -> list[str]:
    return [segment["text"] for segment in store.segments(version)]


def spans(store: Store, alignment: int) -> list[tuple[list[int], list[int], str]]:
    return [(link.src, link.tgt, link.status) for link in store.links(alignment)]


# --- a file that comes back -------------------------------------------------------------------


def test_a_revised_xliff_comes_back_as_a_new_translation_of_the_document(
    store: Store, aligned: int
) -> None:
    document = store.alignment(aligned)["document_id"]
    source_version = store.alignment(aligned)["source_version_id"]
    data = revised_in_a_cat_tool(exported(store, aligned, "xliff"))
    result = services.import_file(
        store, data, filename="revised.xlf", document_id=document, user="ana"
    )
    assert not result.created_document and result.document == document
    [version] = result.versions
    assert [(v["id"], v["role"], v["language"]) for v in store.versions(document)][-1] == (
        version,
        "translation",
        "en",
    )
    assert [v["role"] for v in store.versions(document)] == [
        "source",
        "translation",
        "translation",
    ]
    assert paragraphs(store, version) == REVISED
    alignment = store.alignment(result.alignment)
    assert (alignment["source_version_id"], alignment["target_version_id"]) == (
        source_version,
        version,
    )
    # aligned as the file says, with its statuses (our subState, kept by the tool), but for
    # a confirmation of a text the translator has since changed: that text is unreviewed
    assert spans(store, aligned) == [
        ([0], [0], "confirmed"),
        ([1], [1], "confirmed"),
        ([2], [2], "auto"),
        ([3], [3], "auto"),
    ]
    assert spans(store, result.alignment) == [
        ([0], [0], "confirmed"),  # the same text
        ([1], [1], "edited"),  # confirmed, then revised: no longer what was confirmed
        ([2], [2], "auto"),
        ([3], [3], "auto"),  # revised, never reviewed
    ]
    assert result.segments == {version: 4}


def test_a_tmx_comes_back_too_and_white_space_does_not_matter(store: Store, aligned: int) -> None:
    document = store.alignment(aligned)["document_id"]
    spaced = [text.replace(" ", "  \n ") for text in SOURCE]
    memory = tmx(*(tu(sq=sq, en=en) for sq, en in zip(spaced, REVISED, strict=True)), srclang="sq")
    result = services.import_file(
        store, memory.encode(), filename="revised.tmx", document_id=document, user="ana"
    )
    assert paragraphs(store, result.versions[0]) == REVISED
    assert [(link.src, link.tgt) for link in store.links(result.alignment)] == [
        ([k], [k]) for k in range(4)
    ]


def test_the_command_line_imports_a_file_back_into_its_document(
    cli: Cli, db_path: Path, aligned: int, tmp_path: Path
) -> None:
    store = Store(db_path)
    data = exported(store, aligned, "tmx")
    store.close()
    memory = tmp_path / "back.tmx"
    memory.write_bytes(data)
    result = cli("import", memory, "--document", 1, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["document"], answer["created_document"]) == (1, False)
    assert answer["versions"] == [answer["version"]] and answer["paragraphs"] == {
        str(answer["version"]): 4
    }
    shown = cli("show", 1)
    assert "imported from tmx" in shown.stdout


def test_the_upload_form_imports_a_file_back_into_its_document(
    client, as_role, db_path: Path, aligned: int
) -> None:
    store = Store(db_path)
    data = revised_in_a_cat_tool(exported(store, aligned, "xliff"))
    store.close()
    token = as_role("translator")
    form = {"csrf_token": token, "file": (io.BytesIO(data), "revised.xlf"), "document": "1"}
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    store = Store(db_path)
    versions = store.versions(1)
    store.close()
    assert [(v["role"], v["paragraphs"]) for v in versions][-1] == ("translation", 4)


# --- a file whose source is not the document's ------------------------------------------------


def test_another_source_is_refused_naming_the_paragraph_and_nothing_is_written(
    store: Store, aligned: int, db_path: Path
) -> None:
    document = store.alignment(aligned)["document_id"]
    changed = [*SOURCE]
    changed[1] = "Të gjithë njerëzit lindin të lirë dhe të barabartë."
    memory = tmx(*(tu(sq=sq, en=en) for sq, en in zip(changed, REVISED, strict=True)), srclang="sq")
    before = snapshot(db_path)
    with pytest.raises(Conflict) as refused:
        services.import_file(
            store, memory.encode(), filename="other.tmx", document_id=document, user="ana"
        )
    message = str(refused.value)
    assert "other.tmx is not a translation of the source of document 1" in message
    assert "source paragraph 2 differs" in message
    assert "lindin të lirë dhe të barabartë" in message and "import it as a new document" in message
    assert snapshot(db_path) == before


def test_a_file_with_fewer_paragraphs_is_refused_too(store: Store, aligned: int) -> None:
    """An edition leaves out what is not confirmed: its file is not the whole source."""
    document = store.alignment(aligned)["document_id"]
    editions.publish(store, aligned, user="eva")
    data = export.build(store, document, edition=1, options=ExportOptions())
    partial = b"".join(export.exporter("xliff").write(data))
    with pytest.raises(Conflict, match="the file's source has 2 paragraphs, the document's 4"):
        services.import_file(store, partial, filename="ed1.xlf", document_id=document)


def test_a_source_in_another_language_is_refused_and_a_reversed_file_is_named(
    cli: Cli, db_path: Path, aligned: int, tmp_path: Path
) -> None:
    reversed_ = tmp_path / "en-sq.tmx"
    pairs = zip(REVISED, SOURCE, strict=True)
    reversed_.write_text(tmx(*(tu(en=en, sq=sq) for en, sq in pairs), srclang="en"), "utf-8")
    before = snapshot(db_path)
    refused = cli("import", reversed_, "--document", 1)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "error: en-sq.tmx is a translation from en (its target is sq: choose sq with --lang to"
        " read it reversed), but the source of document 1 (version 1, Albanian source) is sq;"
        " import it as a new document instead"
    )
    assert snapshot(db_path) == before
    taken = cli("import", reversed_, "--document", 1, "--lang", "sq")
    assert taken.exit_code == 0, taken.output


def test_the_upload_form_names_the_refusal(client, as_role, db_path: Path, aligned: int) -> None:
    memory = tmx(tu(sq="Tjetër.", en="Other."), srclang="sq").encode()
    token = as_role("translator")
    form = {"csrf_token": token, "file": (io.BytesIO(memory), "other.tmx"), "document": "1"}
    before = snapshot(db_path)
    response = client.post("/documents/upload", data=form, content_type="multipart/form-data")
    assert response.status_code == 409
    assert "source paragraph 1 differs" in response.get_data(as_text=True)
    assert snapshot(db_path) == before


def test_a_file_without_translation_adds_nothing(store: Store, aligned: int) -> None:
    document = store.alignment(aligned)["document_id"]
    untranslated = [tu(sq=sq, en=" ") for sq in SOURCE]  # the target language, but no text
    memory = tmx(*untranslated, srclang="sq")
    with pytest.raises(InputError, match="has no translation to add to document 1"):
        services.import_file(store, memory.encode(), filename="s.tmx", document_id=document)


# --- a document without a source version ------------------------------------------------------


def test_a_document_of_one_translation_takes_the_files_source_language(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    arabic = tmp_path / "ar.txt"
    arabic.write_text("المادة 1\n\nيولد جميع الناس أحرارا.\n", "utf-8")
    assert cli("init").exit_code == 0
    assert cli("import", arabic, "--lang", "ar", "--role", "translation").exit_code == 0
    memory = tmp_path / "de-fr.tmx"
    memory.write_text(
        tmx(tu(de="Artikel 1", fr="Article 1"), tu(de="Alle sind frei.", fr="Tous sont libres.")),
        "utf-8",
    )
    memory.write_text(memory.read_text("utf-8").replace('srclang="en"', 'srclang="de"'), "utf-8")
    result = cli("import", memory, "--document", 1)
    assert result.exit_code == 0, result.output
    store = Store(db_path)
    document = store.document(1)
    roles = [(v["role"], v["language"]) for v in store.versions(1)]
    store.close()
    assert (document["source_language"], document["target_language"]) == ("de", "ar")
    assert roles == [("translation", "ar"), ("source", "de"), ("translation", "fr")]
    assert "de→ar" in cli("documents").stdout


def test_a_document_that_says_another_source_language_refuses_the_file(
    store: Store, db_path: Path
) -> None:
    document = services.import_file(
        store, b"Article 1\n", filename="en.txt", language="en", role="translation"
    ).document
    store.update_document(document, source_language="sq")
    memory = tmx(tu(de="Artikel 1", fr="Article 1"), srclang="de").encode()
    before = snapshot(db_path)
    with pytest.raises(Conflict, match="source language of document 1 is sq"):
        services.import_file(store, memory, filename="de-fr.tmx", document_id=document)
    assert snapshot(db_path) == before
