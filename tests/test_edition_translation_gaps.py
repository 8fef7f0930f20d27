"""A paragraph only the translation has, left out of an edition, is marked where it was.

An edition publishes confirmed links; a paragraph the translator added (a 0-1 link) that no
one confirmed is not in it. The source's numbering has no place for it, so no marker said so:
a reader could not tell the translation had anything more. It is said now, in the
translation's own numbers, in every reader format, in the middle and at the end.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from workbench import editions, export, services
from workbench.exports.base import ExportOptions
from workbench.store import Store

TABLE = (
    "source,target\n"
    "First paragraph.,Premier paragraphe.\n"
    ",Paragraphe ajouté par le traducteur.\n"
    "Second paragraph.,Deuxième paragraphe.\n"
    ",Une note finale du traducteur.\n"
)
MIDDLE = "[…] the translation's ¶ 2 is not in this edition"
END = "[…] the translation's ¶ 4 is not in this edition"


@pytest.fixture
def published(store: Store) -> int:
    """A document whose edition leaves out two paragraphs only the translation has."""
    result = services.import_file(
        store,
        TABLE.encode(),
        filename="added.csv",
        language="en",
        target_language="fr",
        user="rita",
    )
    editions.publish(store, result.alignment, user="eva")
    return store.alignment(result.alignment)["document_id"]


def edition_file(store: Store, document: int, fmt: str, **options) -> bytes:
    data = export.build(store, document, edition=1, options=ExportOptions(**options))
    return b"".join(export.exporter(fmt).write(data))


def squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("layout", ["columns", "facing"])
def test_html_marks_the_translations_paragraphs_left_out(
    store: Store, published: int, layout: str
) -> None:
    import lxml.html

    tree = lxml.html.fromstring(edition_file(store, published, "html", layout=layout))
    page = squeezed(tree.text_content())
    assert MIDDLE in page and END in page
    assert page.index("Premier paragraphe.") < page.index(MIDDLE) < page.index("Deuxième")
    assert page.index("Deuxième paragraphe.") < page.index(END)
    assert "Paragraphe ajouté" not in page and "note finale" not in page


def test_docx_epub_and_pdf_say_it_too(store: Store, published: int, tmp_path: Path) -> None:
    import docx

    word = docx.Document(io.BytesIO(edition_file(store, published, "docx")))
    cells = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert MIDDLE in cells and END in cells
    with zipfile.ZipFile(io.BytesIO(edition_file(store, published, "epub"))) as book:
        text = " ".join(book.read(name).decode() for name in book.namelist() if "text-" in name)
    assert MIDDLE in squeezed(text) and END in squeezed(text)
    path = tmp_path / "edition.pdf"
    path.write_bytes(edition_file(store, published, "pdf"))
    shown = squeezed(
        subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    )
    assert MIDDLE in shown and END in shown
