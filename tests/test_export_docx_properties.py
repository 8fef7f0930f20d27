"""DOCX core properties hold at most 255 characters each (python-docx refuses more): a long
title, and the citation built from it, are cut there with an ellipsis; the page itself keeps
the whole title."""

from __future__ import annotations

import io

import docx

from tests.test_export import exported, published  # noqa: F401 (a fixture)
from workbench.store import Store

LONG_TITLE = "Account on the Reception of the Delegation of Our Party " * 8  # 456 characters


def test_a_long_title_exports_with_its_properties_cut_and_the_page_whole(
    store: Store,
    published: dict,  # noqa: F811 (the fixture)
) -> None:
    store.update_document(published["document"], title=LONG_TITLE.strip())
    document = docx.Document(io.BytesIO(exported(store, published["document"], "docx", None)))
    props = document.core_properties
    for value in (props.title, props.comments):
        assert len(value) == 255 and value.endswith("…")
    assert props.title.startswith("Account on the Reception")
    assert LONG_TITLE.strip() in [p.text for p in document.paragraphs]
