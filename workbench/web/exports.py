"""Exports and editions on the web: the exports page, downloads, the edition page, publishing.

Everyone logged in may read and download; publishing needs the "publish" permission (editors).
Interchange downloads stream from the database as they are written (constant memory),
from a store opened for the response; reader
previews link the static stylesheet, as the CSP wants, while downloads embed theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from workbench import editions, export, languages
from workbench.errors import InputError
from workbench.exports import INTERCHANGE, LABELS
from workbench.exports import html as html_writer
from workbench.exports.base import LEVELS, ExportData, ExportOptions
from workbench.store import Store
from workbench.web import get_store
from workbench.web.auth import require, username

bp = Blueprint("exports", __name__)

_TRUE = {"1", "true", "on", "yes"}
PAGE_SIZE = 200  # links per page of the edition page


def _int(args: Mapping[str, str], name: str) -> int | None:
    value = (args.get(name) or "").strip()
    if not value or value == "draft":
        return None
    if not value.isdigit():
        raise InputError(f"{name} must be a number, not {value!r}")
    return int(value)


def _options(args: Mapping[str, str]) -> ExportOptions:
    level = args.get("level") or "paragraph"
    if level not in LEVELS:
        raise InputError(f"level is {' or '.join(LEVELS)}, not {level!r}")
    return ExportOptions(
        level=level,
        flags=args.get("flags", "") in _TRUE,
        approved_only=args.get("approved", "") in _TRUE,
        excel=args.get("excel", "") in _TRUE,
        layout=args.get("layout") or None,
    )


def _send(data: ExportData, format_name: str, own_store: Store | None = None) -> Response:
    """The file as an attachment. Text formats stream as they are written, from a store of
    their own (the request's store closes when the view returns, before the body is sent)."""
    writer = export.exporter(format_name)
    if writer.BINARY:
        body: Iterable[bytes] = [b"".join(writer.write(data))]
    else:
        body = _closing(writer.write(data), own_store)
    response = Response(body, content_type=writer.MEDIA_TYPE)
    response.headers["Content-Disposition"] = export.content_disposition(data, writer.EXTENSION)
    response.headers["Cache-Control"] = "no-store" if data.draft else "private, max-age=3600"
    return response


def _closing(chunks: Iterator[bytes], store: Store | None) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        if store is not None:
            store.close()


@bp.app_context_processor
def inject() -> dict[str, Any]:
    """What the export menu partial needs on any page that includes it."""
    return {"export_formats": list(LABELS.items()), "export_levels": LEVELS}


@bp.get("/documents/<int:document_id>/exports")
def page(document_id: int) -> str:
    store = get_store()
    alignments = [
        {
            **a,
            "source": store.version(a["source_version_id"]),
            "target": store.version(a["target_version_id"]),
            "editions": store.editions(alignment_id=a["id"]),
        }
        for a in store.alignments(document_id)
    ]
    return render_template(
        "export_page.html",
        document=store.document(document_id),
        alignments=alignments,
        interchange=INTERCHANGE,
        language_name=languages.name,
    )


@bp.get("/documents/<int:document_id>/export")
def download(document_id: int) -> Response:
    format_name = request.args.get("format") or ""
    writer = export.exporter(format_name)  # an unknown format is a 400 before any work
    store = get_store() if writer.BINARY else Store(current_app.config["DATABASE"])
    try:
        data = export.build(
            store,
            document_id,
            edition=_int(request.args, "edition"),
            alignment_id=_int(request.args, "alignment"),
            options=_options(request.args),
        )
        return _send(data, format_name, None if writer.BINARY else store)
    except BaseException:
        if not writer.BINARY:
            store.close()
        raise


@bp.get("/documents/<int:document_id>/read")
def read_draft(document_id: int) -> str:
    """The current state as a reader edition (marked DRAFT), for a look before publishing."""
    data = export.build(
        get_store(),
        document_id,
        alignment_id=_int(request.args, "alignment"),
        options=_options(request.args),
    )
    return html_writer.render(data, css_href=url_for("static", filename="edition.css"))


@bp.get("/editions/<int:edition_id>")
def edition(edition_id: int) -> str:
    """An edition's metadata, export menu and its paragraph links, PAGE_SIZE at a time
    (?offset=N; a page past the end shows the last one)."""
    store = get_store()
    row = store.edition(edition_id)
    alignment = store.alignment(row["alignment_id"])
    total = store.count_edition_links(edition_id, "paragraph")
    offset = _int(request.args, "offset") or 0
    offset = min(offset - offset % PAGE_SIZE, max(total - 1, 0) // PAGE_SIZE * PAGE_SIZE)
    links = export.edition_page(store, edition_id, offset, PAGE_SIZE)
    return render_template(
        "edition_page.html",
        edition=row,
        document=store.document(row["document_id"]),
        alignment=alignment,
        links=links,
        total=total,
        offset=offset,
        previous=offset - PAGE_SIZE if offset else None,
        next=offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
        others=store.editions(alignment_id=alignment["id"]),
        language_name=languages.name,
    )


@bp.get("/editions/<int:edition_id>/read")
def read_edition(edition_id: int) -> str:
    data = export.build_edition(get_store(), edition_id, _options(request.args))
    return html_writer.render(data, css_href=url_for("static", filename="edition.css"))


@bp.post("/alignments/<int:alignment_id>/publish")
def publish(alignment_id: int) -> Any:
    require("publish")
    edition_id = editions.publish(
        get_store(), alignment_id, user=username() or "", note=request.form.get("note", "")
    )
    number = get_store().edition(edition_id)["number"]
    flash(f"Published edition {number}.")
    return redirect(url_for(".edition", edition_id=edition_id), 303)
