"""The search and concordance pages, and their JSON forms under /api/v1/.

Thin views: parse the query string, call the service, render. A bad query (an invalid regular
expression, FTS5 syntax error, unknown filter value) is a 400 with the message on the page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from workbench import concordance, glossary, kwic, languages, search
from workbench.errors import WorkbenchError
from workbench.web import get_store
from workbench.web.auth import require, username

bp = Blueprint("search", __name__)


def _choices() -> dict[str, Any]:
    """What the filter forms offer: documents and their versions, languages in use (and a
    language used with several regions once more as a whole: languages.filter_choices); and
    the languages a document's title may be in (see documents.title_attributes)."""
    store = get_store()
    documents = store.documents()
    return {
        "documents": documents,
        "document_languages": {
            d["id"]: (d["source_language"], d["target_language"]) for d in documents
        },
        "versions": [v for d in documents for v in store.versions(d["id"])],
        "languages": languages.filter_choices(store.languages_in_use()),
        "levels": search.LEVELS,
        "link_statuses": search.LINK_STATUSES,
        "parts": kwic.parts,
        "language_name": languages.name,
    }


@bp.get("/search")
def search_page() -> Any:
    result, error = None, None
    if request.args.get("q"):
        try:
            result = search.search(get_store(), search.parse_query(request.args))
        except WorkbenchError as failure:
            error = failure
    status = error.status if error else 200
    page = render_template(
        "search.html", result=result, error=error, args=request.args.to_dict(), **_choices()
    )
    return page, status


@bp.get("/concordance")
def concordance_page() -> Any:
    result, error = None, None
    if request.args.get("term"):
        try:
            query = concordance.parse_concordance(request.args)
            result = concordance.concordance(get_store(), query)
        except WorkbenchError as failure:
            error = failure
    status = error.status if error else 200
    page = render_template(
        "concordance.html", result=result, error=error, args=request.args.to_dict(), **_choices()
    )
    return page, status


@bp.post("/concordance/glossary")
def add_to_glossary() -> Any:
    """One click on a candidate translation: the pair goes to the document's glossary (or the
    shared one for the language pair), then back to the same concordance. A pair that is there
    already stays as it is; another translation of a source term becomes an alternative."""
    require("edit_text")
    form = request.form
    term = glossary.TermInput(form.get("source") or "", form.get("target") or "")
    document_id = search.whole_number(form, "document")
    added = glossary.add(
        get_store(),
        term,
        document_id=document_id,
        src_lang=form.get("src_lang") or None,
        tgt_lang=form.get("tgt_lang") or None,
        user=username(),
    )
    if added.outcome == "added":
        t = added.term
        flash(f"Added to the glossary: {t['source_term']} → {t['target_term']}.")
    else:
        flash(added.message("the document's glossary" if document_id else "the shared glossary"))
    args = {k: form[k] for k in ("term", "lang", "target_lang", "document") if form.get(k)}
    return redirect(url_for(".concordance_page", **args), 303)


@bp.get("/api/v1/search")
def api_search() -> Any:
    result = search.search(get_store(), search.parse_query(request.args))
    return jsonify(result.as_json())


@bp.get("/api/v1/concordance")
def api_concordance() -> Any:
    query = concordance.parse_concordance(request.args)
    return jsonify(concordance.concordance(get_store(), query).as_json())
