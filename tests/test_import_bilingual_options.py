"""What the person importing a bilingual file (TMX, XLIFF, CSV) says is used or refused, never
silently dropped: a label names the translation the file brings; a role is refused, since the
file holds both sides (found by exploring the CLI: `import x.xliff --label ...` kept the
file's own label without a word)."""

from __future__ import annotations

import pytest

from tests.conftest import import_pair
from workbench import services
from workbench.errors import InputError
from workbench.store import Store

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="sq" datatype="plaintext" segtype="paragraph"
 adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/>
<body>
<tu><tuv xml:lang="sq"><seg>Neni 1. Të gjithë njerëzit lindin të lirë.</seg></tuv>
<tuv xml:lang="en"><seg>Article 1. All human beings are born free.</seg></tuv></tu>
<tu><tuv xml:lang="sq"><seg>Neni 2. Secili gëzon të drejtat.</seg></tuv>
<tuv xml:lang="en"><seg>Article 2. Everyone is entitled to rights.</seg></tuv></tu>
</body></tmx>
""".encode()


def _import(store: Store, **options):
    return services.import_file(store, TMX, filename="ana.tmx", **options)


def test_a_label_names_the_translation_of_a_new_document(store: Store) -> None:
    result = _import(store, label="Revised by Ana, 2024")
    versions = store.versions(result.document)
    assert [(v["role"], v["label"]) for v in versions] == [
        ("source", "Albanian source (tmx)"),
        ("translation", "Revised by Ana, 2024"),
    ]


def test_a_label_names_the_translation_added_to_a_document(store: Store) -> None:
    alignment = import_pair(
        store,
        ["Neni 1. Të gjithë njerëzit lindin të lirë.", "Neni 2. Secili gëzon të drejtat."],
        ["Article 1. All are born free.", "Article 2. All have rights."],
    )
    document = store.alignment(alignment)["document_id"]
    result = _import(store, document_id=document, label="Revised by Ana, 2024")
    added = [v for v in store.versions(document) if v["id"] in result.versions]
    assert [v["label"] for v in added] == ["Revised by Ana, 2024"]


def test_a_role_for_a_file_of_both_sides_is_refused_before_anything_is_stored(store: Store):
    with pytest.raises(InputError, match="holds a source and its translation"):
        _import(store, role="translation")
    assert store.documents() == []
