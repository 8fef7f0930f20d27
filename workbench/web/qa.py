"""QA findings and glossaries in the web app: the report page of an alignment with its actions
(turn a finding into a flag, dismiss it, bring it back), and a document's glossary page (terms,
CSV/TBX import, CSV export; the review page's dialog adds terms here too).

Findings come from `findings.open_findings`, computed once per state of the alignment. Forms
post and are redirected back (303); scripts that ask for JSON get JSON. A glossary form with
bad input shows the page again with the error and a 4xx status, and stores nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PureWindowsPath
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from workbench import findings, glossary, languages, qa
from workbench.errors import InputError, WorkbenchError
from workbench.store import Store
from workbench.web import get_store
from workbench.web.auth import can, require, username
from workbench.web.documents import paragraph_range, wants_json
from workbench.web.forms import boolean, json_type, payload

bp = Blueprint("qa", __name__)

#: Findings listed per check on the report page (all of one check with ?check=NAME).
PER_CHECK, ONE_CHECK = 100, 2000
#: Characters of context kept around a finding's spans in its excerpts.
CONTEXT = 120


# -- the QA report --------------------------------------------------------------------------


@bp.get("/alignments/<int:alignment_id>/qa")
def report(alignment_id: int) -> str:
    return render_template("qa_report.html", **_report_page(get_store(), alignment_id))


@bp.post("/alignments/<int:alignment_id>/findings/flag")
def flag(alignment_id: int) -> Any:
    require("flag")
    store = get_store()
    document_id = store.alignment(alignment_id)["document_id"]
    data = payload()
    raised = findings.to_flag(
        store,
        document_id,
        _key(data),
        user=username(),
        comment=_field(data, "comment"),
        alignment_id=alignment_id,
    )
    return _done(alignment_id, f"Raised flag {raised['id']} from the finding.", raised, 201)


@bp.post("/alignments/<int:alignment_id>/findings/dismiss")
def dismiss(alignment_id: int) -> Any:
    require("flag")
    store = get_store()
    document_id = store.alignment(alignment_id)["document_id"]
    data = payload()
    row = findings.dismiss(
        store,
        document_id,
        _key(data),
        user=username(),
        reason=_field(data, "reason"),
        alignment_id=alignment_id,
    )
    return _done(alignment_id, "Dismissed: it stays hidden while its texts stay the same.", row)


@bp.post("/alignments/<int:alignment_id>/findings/undismiss")
def undismiss(alignment_id: int) -> Any:
    require("flag")
    store = get_store()
    key = _key(payload())
    findings.undismiss(store, store.alignment(alignment_id)["document_id"], key, user=username())
    return _done(alignment_id, "The finding is reported again.", {"key": key})


# -- the glossary ---------------------------------------------------------------------------


@bp.get("/documents/<int:document_id>/glossary")
def glossary_page(document_id: int) -> str:
    return render_template("glossary.html", **_glossary_page(get_store(), document_id))


@bp.get("/documents/<int:document_id>/glossary.csv")
def export_csv(document_id: int) -> Response:
    """One glossary (the document's, or with scope=shared the shared one) in one language
    pair: src_lang and tgt_lang, else the document's; the file name says which. excel=1
    writes it for a spreadsheet (formulas neutralised; see glossary.write_csv)."""
    store = get_store()
    shared = _scope(request.args) == "shared"
    excel = boolean(request.args, "excel")
    exported = glossary.export_terms(
        store,
        document_id=document_id,
        shared=shared,
        src_lang=_glossary_text(request.args, "src_lang"),
        tgt_lang=_glossary_text(request.args, "tgt_lang"),
    )
    owner = "shared" if shared else f"document-{document_id}"
    pair = f"-{exported.pair[0]}-{exported.pair[1]}" if exported.pair else ""
    name = f"glossary-{owner}{pair}.csv"
    return Response(
        glossary.write_csv(exported.terms, excel=excel).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/documents/<int:document_id>/glossary/terms")
def add_term(document_id: int) -> Any:
    """Add a term: 201 with the new term (an alternative translation too), 200 with the stored
    one when the pair is there already (its empty fields filled in, nothing erased)."""

    def add(store: Store, data: Mapping[str, Any]) -> tuple[Any, ...]:
        shared = _scope(data) == "shared"
        added = glossary.add(
            store,
            _term_input(data),
            document_id=None if shared else document_id,
            src_lang=_glossary_text(data, "src_lang")
            or _document_lang(store, document_id, "source"),
            tgt_lang=_glossary_text(data, "tgt_lang")
            or _document_lang(store, document_id, "target"),
            user=username(),
        )
        where = "the shared glossary" if shared else "this document's glossary"
        extra = {
            "outcome": added.outcome,
            "alternatives": added.alternatives,
        }
        return added.message(where), added.term, 201 if added.created else 200, extra

    return _glossary_write(document_id, add)


@bp.post("/documents/<int:document_id>/glossary/terms/<int:term_id>")
def edit_term(document_id: int, term_id: int) -> Any:
    def edit(store: Store, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        glossary.term_of(store, document_id, term_id)
        given = _term_input(data)
        term = glossary.edit_term(
            store,
            term_id,
            source=given.source,
            target=given.target,
            note=given.note or "",
            forbidden=given.forbidden,
            user=username(),
            base=_field(data, "base"),
        )
        return f"Saved “{term['source_term']}” → “{term['target_term']}”.", term

    return _glossary_write(document_id, edit, editing=term_id)


@bp.post("/documents/<int:document_id>/glossary/terms/<int:term_id>/delete")
def delete_term(document_id: int, term_id: int) -> Any:
    def delete(store: Store, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        term = glossary.term_of(store, document_id, term_id)
        glossary.delete_term(store, term_id, user=username(), base=_field(data, "base"))
        return f"Deleted “{term['source_term']}” → “{term['target_term']}”.", {"id": term_id}

    return _glossary_write(document_id, delete, editing=term_id)


@bp.post("/documents/<int:document_id>/glossary/import")
def import_glossary(document_id: int) -> Any:
    def read(store: Store, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InputError("choose a CSV or TBX file to import")
        filename = PureWindowsPath(upload.filename).name.strip() or "glossary"
        shared = _scope(data) == "shared"
        result = glossary.import_file(
            store,
            upload.read(),
            filename=filename,
            document_id=None if shared else document_id,
            src_lang=_glossary_text(data, "src_lang")
            or _document_lang(store, document_id, "source"),
            tgt_lang=_glossary_text(data, "tgt_lang")
            or _document_lang(store, document_id, "target"),
            user=username(),
        )
        message = (
            f"Imported {filename}: {result['added']} new, {result['updated']} updated, "
            f"{result['unchanged']} unchanged terms."
        )
        return message, result

    return _glossary_write(document_id, read)


def _glossary_write(
    document_id: int, change: Any, status: int = 200, *, editing: int | None = None
) -> Any:
    """Check the permission, make one change, then answer: JSON for scripts, a redirect to
    the glossary page for forms; an error shows the page again with the message, and what was
    typed: in the add form, or (`editing`: a term's id) in that term's row, the message beside
    it. `change` returns (message, body), or (message, body, status, more JSON fields)."""
    require("edit_text")
    store = get_store()
    store.document(document_id)
    data = payload()
    try:
        message, body, *more = change(store, data)
    except WorkbenchError as error:
        if wants_json():
            raise
        typed = {"form": data} if editing is None else {"edited": {**data, "id": editing}}
        page = _glossary_page(store, document_id, error=error, **typed)
        return render_template("glossary.html", **page), error.status
    if wants_json():
        status, extra = (more[0], more[1]) if more else (status, {})
        return jsonify(message=message, term=body, **extra), status
    flash(message)
    return redirect(url_for(".glossary_page", document_id=document_id), 303)


# -- errors ---------------------------------------------------------------------------------


@bp.errorhandler(WorkbenchError)
def error(error: WorkbenchError) -> Any:
    if wants_json():
        return jsonify({"error": {"status": error.status, "message": str(error)}}), error.status
    return render_template("error.html", error=error, status=error.status), error.status


# -- parsing --------------------------------------------------------------------------------


def _field(data: Mapping[str, Any], name: str) -> str | None:
    """A text field (None when missing or blank); any other JSON value is refused, naming the
    field, never stored in its Python spelling."""
    return _glossary_text(data, name)


def _key(data: Mapping[str, Any]) -> str:
    key = _field(data, "key") or ""
    if not re.fullmatch(r"[0-9a-f]{20}", key):
        raise InputError("name the finding by its key (20 hexadecimal digits)")
    return key


def _scope(data: Mapping[str, Any]) -> str:
    scope = _glossary_text(data, "scope") or "document"
    if scope not in ("document", "shared"):
        raise InputError(f"scope is document or shared, not '{scope}'")
    return scope


def _glossary_text(data: Mapping[str, Any], name: str) -> str | None:
    """A glossary field as text (None when missing or blank); any other JSON value is an
    InputError naming the field, never its Python spelling stored as a term."""
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string, not {json_type(value)}")
    return value.strip() or None


def _document_lang(store: Store, document_id: int, side: str) -> str | None:
    return store.document(document_id)[f"{side}_language"]


def _term_input(data: Mapping[str, Any]) -> glossary.TermInput:
    """A term from a form or JSON: string fields, and forbidden variants as a string separated
    by ; (or |) or as a JSON array of strings."""
    forbidden = data.get("forbidden")
    if isinstance(forbidden, list):
        if not all(isinstance(v, str) for v in forbidden):
            odd = next(v for v in forbidden if not isinstance(v, str))
            raise InputError(
                f"forbidden must be an array of strings, not one with {json_type(odd)}"
            )
        variants = list(forbidden)
    elif forbidden is None or isinstance(forbidden, str):
        variants = re.split(r"[;|]", forbidden or "")
    else:
        raise InputError(
            f"forbidden must be a string (variants separated by ;) or an array of strings, "
            f"not {json_type(forbidden)}"
        )
    return glossary.TermInput(
        _glossary_text(data, "source") or "",
        _glossary_text(data, "target") or "",
        _glossary_text(data, "note"),
        variants,
    )


def _done(alignment_id: int, message: str, body: dict[str, Any], status: int = 200) -> Any:
    if wants_json():
        return jsonify(message=message, result=body), status
    after = str(request.form.get("next") or "")
    anchor = f"finding-{after}" if re.fullmatch(r"[0-9a-f]{8,64}", after) else "findings-top"
    # The message is flashed with the place the page opens at, so that the page shows it
    # there (see _messages): where the focus lands, not at a top scrolled out of view.
    flash(message, anchor)
    # back to the same view (severity, check), where the next finding is listed
    view: dict[str, str] = {}
    severity = str(request.form.get("severity") or "")
    if severity in qa.SEVERITIES and severity != "minor":
        view["severity"] = severity
    only_check = str(request.form.get("check") or "")
    if re.fullmatch(r"[\w.-]{1,100}", only_check):
        view["check"] = only_check
    return redirect(url_for(".report", alignment_id=alignment_id, _anchor=anchor, **view), 303)


def _messages(items: list[dict[str, Any]]) -> tuple[list[str], dict[str, list[str]]]:
    """The flashed messages: those for the top of the page, and those for a listed finding
    (by its key), the one the page opens at after acting on the finding before it. The page
    shows them there, in a status the focused finding is named by: without a script the
    browser focuses it (it has tabindex -1), with one focus.js does; either way a screen
    reader says the message and the finding the reviewer goes on with."""
    keys = {item["finding"].key for item in items}
    top: list[str] = []
    at: dict[str, list[str]] = {}
    for place, message in get_flashed_messages(with_categories=True):
        key = place.removeprefix("finding-")
        if place.startswith("finding-") and key in keys:
            at.setdefault(key, []).append(message)
        else:
            top.append(message)
    return top, at


# -- presentation ---------------------------------------------------------------------------


def pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """An excerpt of `text` around its spans, as (piece, highlighted) parts for escaping one
    by one; '…' marks text left out at either end."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)
    start, end = 0, len(text)
    if spans and len(text) > 2 * CONTEXT + 80:
        start = max(0, spans[0][0] - CONTEXT)
        end = min(len(text), max(spans[-1][1], spans[0][1] + CONTEXT) + CONTEXT // 2)
    elif not spans and len(text) > 2 * CONTEXT + 80:
        end = 2 * CONTEXT
    parts: list[tuple[str, bool]] = [("…", False)] if start else []
    at = start
    for s, e in spans:
        s, e = max(s, at), min(e, end)
        if s >= e:
            continue
        if s > at:
            parts.append((text[at:s], False))
        parts.append((text[s:e], True))
        at = e
    if at < end:
        parts.append((text[at:end], False))
    if end < len(text):
        parts.append(("…", False))
    return parts


def _report_page(store: Store, alignment_id: int) -> dict[str, Any]:
    alignment = store.alignment(alignment_id)
    document = store.document(alignment["document_id"])
    only_check = request.args.get("check") or None
    severity = request.args.get("severity") or "minor"
    if severity not in qa.SEVERITIES:
        raise InputError(f"severity is one of {', '.join(qa.SEVERITIES)}, not '{severity}'")
    report, found = findings.open_findings(store, alignment_id, severity)
    review = url_for("review.page", alignment_id=alignment_id)
    groups: dict[str, dict[str, Any]] = {
        name: {"check": name, "counts": dict.fromkeys(qa.SEVERITIES, 0), "items": []}
        for name in qa.CHECKS
    }
    limit = ONE_CHECK if only_check else PER_CHECK
    for finding in found:
        if only_check and finding.check != only_check:
            continue
        group = groups.setdefault(
            finding.check,
            {"check": finding.check, "counts": dict.fromkeys(qa.SEVERITIES, 0), "items": []},
        )
        group["counts"][finding.severity] = group["counts"].get(finding.severity, 0) + 1
        if len(group["items"]) < limit:
            pair = report.pairs[finding.pair or 0]
            group["items"].append(
                {
                    "finding": finding,
                    "source": pieces(pair.source, finding.source_spans),
                    "target": pieces(pair.target, finding.target_spans),
                    "where": _where(finding),
                    "review_url": f"{review}?at={finding.link}",
                }
            )
    shown = [g for g in groups.values() if sum(g["counts"].values())]
    for group in shown:
        group["total"] = sum(group["counts"].values())
    # after acting on a finding the page opens at the next one (the acted-on one is gone)
    shown_items = [item for group in shown for item in group["items"]]
    for item, after in zip(shown_items, [*shown_items[1:], None], strict=False):
        item["next"] = after["finding"].key if after else ""
    top_messages, messages_at = _messages(shown_items)
    source = store.version(alignment["source_version_id"])
    target = store.version(alignment["target_version_id"])
    # the findings people dismissed or raised as flags: "1 dismissed, 2 raised as flags"; each
    # listed with what became of it, its reason or its flag, in the place of the reason
    handled = findings.dismissals(store, document["id"])
    listed = [{**row, "reason": findings.handled_as(row)} for row in handled]
    return {
        "alignment": alignment,
        "document": document,
        "source": source,
        "target": target,
        "groups": shown,
        "total": sum(g["total"] for g in shown),
        "dismissed": listed,
        "handled": findings.handled_summary(*findings.handled_counts(handled)),
        "severities": qa.SEVERITIES,
        "severity": severity,
        "only_check": only_check,
        "limit": limit,
        "review_url": review,
        "can_flag": can("flag"),
        "top_messages": top_messages,
        "messages_at": messages_at,
        "source_dir": languages.direction(source["language"]),
        "target_dir": languages.direction(target["language"]),
    }


def _where(finding: Any) -> str:
    src, tgt = finding.source, finding.target
    source = paragraph_range(src[0], src[-1] + 1) if src else "nothing"
    target = paragraph_range(tgt[0], tgt[-1] + 1) if tgt else "nothing"
    return f"{source} → {target}"


def _glossary_page(
    store: Store,
    document_id: int,
    *,
    error: WorkbenchError | None = None,
    form: Mapping[str, Any] | None = None,
    edited: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    document = store.document(document_id)
    own, shared = glossary.document_terms(store, document_id)
    codes = sorted({v["language"] for v in store.versions(document_id)})
    return {
        "document": document,
        "own": own,
        "shared": shared,
        "error": error,
        "form": form or {},
        "edited": edited or {},
        "term_stamp": glossary.term_stamp,
        "languages": codes,
        "language_name": languages.name,
        "can_edit": can("edit_text"),
        "export_pairs": glossary.document_pairs(store, document_id),
    }
