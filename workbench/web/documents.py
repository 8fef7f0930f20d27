"""Pages that list and show documents."""

from __future__ import annotations

from flask import Blueprint, render_template

from workbench import languages
from workbench.services import METADATA_COLUMNS
from workbench.web import get_store

bp = Blueprint("documents", __name__)


@bp.get("/")
def index() -> str:
    return render_template("index.html", documents=get_store().documents())


@bp.get("/documents/<int:document_id>")
def show(document_id: int) -> str:
    store = get_store()
    return render_template(
        "document.html",
        document=store.document(document_id),
        versions=store.versions(document_id),
        alignments=store.alignments(document_id),
        metadata_columns=METADATA_COLUMNS,
        language_name=languages.name,
    )
