"""Exports and editions on the web: the exports page, downloads, the edition page, publishing.

Everyone logged in may read and download; publishing needs the "publish" permission (editors).
Interchange downloads stream from the database as they are written (constant memory),
from a store opened for the response; reader
previews link the static stylesheet, as the CSP wants, while downloads embed theirs.

A book's PDF (DOCX, EPUB) takes seconds, so the export menu makes it as a background job, as
the align form does: with scripts (export.js) it posts to /documents/<id>/export/jobs and polls
the job for a progress bar, then downloads the file; without, the menu's GET carries
`progress=page` and, when the file is not ready within QUICK seconds, is sent to the exports
page showing the job, which reloads itself until it offers the file. A plain GET of the export
URL (what scripts use) still answers with the file. An edition's file is kept beside the
database (exports/cache.py), so asking again is immediate.

Laying a book out takes a core and much memory, so at most `LIMIT.size` slow files are made at
once in the process, whoever asks: a plain GET, the menu or a job. A job waits its turn; a
plain GET waits up to GET_WAIT seconds, then answers 503 with Retry-After (a file the cache
holds is read at once, without a turn).
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from workbench import editions, export, languages, revisions
from workbench.errors import InputError, WorkbenchError
from workbench.exports import INTERCHANGE, LABELS, OPTION_FORMATS, SLOW
from workbench.exports import cache as export_cache
from workbench.exports import html as html_writer
from workbench.exports.base import LEVELS, SCALE, ExportData, ExportOptions, Progress, overall
from workbench.exports.cache import ExportCache, folder_for
from workbench.store import Store
from workbench.web import get_store
from workbench.web.auth import can, require, username
from workbench.web.documents import wants_json
from workbench.web.forms import boolean, whole
from workbench.web.jobs import BackgroundJob, Jobs

bp = Blueprint("exports", __name__)

PAGE_SIZE = 200  # links per page of the edition page
QUICK = 1.5  # seconds a request waits for a job before it answers with its progress instead
GET_WAIT = 30.0  # seconds a plain GET of a slow format waits for a turn before a 503
RETRY_AFTER = 30  # seconds the 503 asks a client to wait before it asks again
REFRESH = 2  # seconds between reloads of the progress page (without scripts)
#: The request fields that say what to export (the menu's; `progress` only says how to wait).
FIELDS = ("format", "edition", "alignment", "level", "flags", "approved", "excel", "layout")


def _int(args: Mapping[str, str], name: str, least: int = 1) -> int | None:
    """An edition number or an id (from 1), or an offset (from 0): ASCII digits as the forms
    read them (forms.whole), so '²' or 5,000 digits are a 400; absent, empty or "draft" (the
    menu's choice of no edition) is None."""
    if (args.get(name) or "").strip() == "draft":
        return None
    return whole(args, name, least=least)


def _options(args: Mapping[str, str]) -> ExportOptions:
    level = args.get("level") or "paragraph"
    if level not in LEVELS:
        raise InputError(f"level is {' or '.join(LEVELS)}, not {level!r}")
    return ExportOptions(
        level=level,
        flags=boolean(args, "flags"),
        approved_only=boolean(args, "approved"),
        excel=boolean(args, "excel"),
        layout=args.get("layout") or None,
    )


def refuse_ignored(args: Mapping[str, str], *, edition: bool) -> None:
    """Refuse a field this export would ignore, by the name it was sent under, as the CLI
    refuses the option: a script asking for Excel's CSV in JSON, facing pages in TMX or a
    draft's confirmed links only in an edition would otherwise believe it got them."""
    format_name = args.get("format") or ""
    given = {"excel": boolean(args, "excel"), "layout": bool(args.get("layout"))}
    for name, formats in OPTION_FORMATS.items():
        if given[name] and format_name not in formats:
            raise InputError(
                f"{name} is for {' and '.join(formats)}, not {format_name}: leave it out"
            )
    if edition and boolean(args, "approved"):
        raise InputError("approved is for a draft: an edition holds confirmed links only")


def _build(store: Store, document_id: int, args: Mapping[str, str]) -> ExportData:
    """The export the request's fields ask for (InputError/NotFound when they cannot be)."""
    edition = _int(args, "edition")
    refuse_ignored(args, edition=edition is not None)
    return export.build(
        store,
        document_id,
        edition=edition,
        alignment_id=_int(args, "alignment"),
        options=_options(args),
    )


def _cache() -> ExportCache:
    return ExportCache.beside(current_app.config["DATABASE"])


def _send(data: ExportData, format_name: str, own_store: Store | None = None) -> Response:
    """The file as an attachment. Text formats stream as they are written, from a store of
    their own (the request's store closes when the view returns, before the body is sent);
    a binary one is made whole, or read from the cache when it is an edition's."""
    writer = export.exporter(format_name)
    if writer.BINARY:
        _refuse_too_large(data, format_name)
        body: Iterable[bytes] = [made(data, format_name, _cache(), wait=GET_WAIT)]
    else:
        body = _closing(writer.write(data), own_store)
    return _attachment(
        body, writer.MEDIA_TYPE, export.content_disposition(data, writer.EXTENSION), data.draft
    )


def _refuse_too_large(data: ExportData, format_name: str) -> None:
    """A 400 for an export too large to lay out (export.check_size), before it waits for a
    turn of LIMIT or starts a job; an edition's file the cache holds is still served."""
    key = export_cache.key(data, format_name)
    if key is None or not _cache().path(key).is_file():
        export.check_size(data, format_name)


def _attachment(body: Iterable[bytes], media_type: str, disposition: str, draft: bool) -> Response:
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = disposition
    response.headers["Cache-Control"] = "no-store" if draft else "private, max-age=3600"
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
    return {
        "export_formats": list(LABELS.items()),
        "export_levels": LEVELS,
        "export_slow": SLOW,
        "export_option_formats": OPTION_FORMATS,
    }


@bp.get("/documents/<int:document_id>/exports")
def page(document_id: int) -> str:
    return render_template("export_page.html", **_page(get_store(), document_id))


def _page(store: Store, document_id: int) -> dict[str, Any]:
    """What the exports page shows: each alignment with its editions and export menu."""
    alignments = [
        {
            **a,
            "source": store.version(a["source_version_id"]),
            "target": store.version(a["target_version_id"]),
            "editions": store.editions(alignment_id=a["id"]),
            # what is still open, said beside the publish button (only editors see the form)
            "open": editions.open_work(store, a["id"]) if can("publish") else None,
        }
        for a in store.alignments(document_id)
    ]
    return {
        "document": store.document(document_id),
        "alignments": alignments,
        "interchange": INTERCHANGE,
        "language_name": languages.name,
        "max_note": revisions.MAX_COMMENT,  # what editions.publish holds a note to
    }


@bp.get("/documents/<int:document_id>/export")
def download(document_id: int) -> Any:
    format_name = request.args.get("format") or ""
    export.exporter(format_name)  # an unknown format is a 400 before any work
    if format_name in SLOW and request.args.get("progress") == "page":
        return _from_menu(document_id, format_name)
    return document_file(document_id, request.args)


def document_file(document_id: int, args: Mapping[str, str]) -> Response:
    """The file the export fields in `args` ask for, as a plain GET of the export URL answers
    it; the API's download too, so that both wait for the same turns of LIMIT."""
    return _file(args, lambda store: _build(store, document_id, args))


def edition_file(edition_id: int, args: Mapping[str, str]) -> Response:
    """An edition's file by the edition's id (the API's download), made as document_file
    makes one."""
    refuse_ignored(args, edition=True)
    return _file(args, lambda store: export.build_edition(store, edition_id, _options(args)))


def _file(args: Mapping[str, str], build: Callable[[Store], ExportData]) -> Response:
    """Build the export on a store that lives as long as the response streams, and send it."""
    format_name = args.get("format") or ""
    writer = export.exporter(format_name)  # an unknown format is a 400 before any work
    store = get_store() if writer.BINARY else Store(current_app.config["DATABASE"])
    try:
        return _send(build(store), format_name, None if writer.BINARY else store)
    except BaseException:
        if not writer.BINARY:
            store.close()
        raise


def _from_menu(document_id: int, format_name: str) -> Any:
    """The menu without scripts: the file when it is ready within QUICK seconds (always, for
    an edition made before), else the exports page showing the job's progress."""
    job = _start(document_id, format_name, request.args)
    if job.finished.wait(QUICK) and job.state == "done":
        return job_file(job.id)
    return redirect(url_for(".job", job_id=job.id), 303)


@bp.post("/documents/<int:document_id>/export/jobs")
def start_job(document_id: int) -> Any:
    """Start making a slow format's file (the menu's script); 202 with the job to poll."""
    format_name = request.form.get("format") or ""
    export.exporter(format_name)
    if format_name not in SLOW:
        raise InputError(f"only {', '.join(SLOW)} are made in the background: download it")
    job = _start(document_id, format_name, request.form)
    job.finished.wait(QUICK)
    return jsonify(job.as_json()), 202


@bp.get("/exports/jobs/<job_id>")
def job(job_id: str) -> Any:
    """A job's progress: JSON for scripts, else the exports page with the job on top, which
    reloads itself while the job runs."""
    found = JOBS.get(job_id)
    if wants_json():
        return jsonify(found.as_json())
    context = _page(get_store(), found.document_id)
    return render_template("export_page.html", **context, job=found, refresh=REFRESH, scale=SCALE)


@bp.get("/exports/jobs/<job_id>/file")
def job_file(job_id: str) -> Any:
    """The file a job made. One that went (the cache makes room, the server restarted) is
    made again by the plain export URL."""
    found = JOBS.get(job_id)
    if found.state != "done" or found.path is None:
        raise InputError(f"the export is not ready yet: {found.message()}")
    try:
        content = found.path.read_bytes()
    except OSError:
        return redirect(found.direct_url, 303)
    writer = export.exporter(found.format)
    return _attachment([content], writer.MEDIA_TYPE, found.disposition, found.draft)


@bp.errorhandler(WorkbenchError)
def error_page(error: WorkbenchError) -> Any:
    """The menu's script gets errors as JSON it can show; browsers get the error page. A
    busy server says when to ask again."""
    if wants_json():
        body = jsonify({"error": {"status": error.status, "message": str(error)}})
    else:
        body = render_template("error.html", error=error, status=error.status)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Busy) else {}
    return body, error.status, headers


def _start(document_id: int, format_name: str, args: Mapping[str, str]) -> ExportJob:
    """A job for the export `args` ask for, after checking them here (a wrong edition is a 404
    now, not a failed job); the running job of the same edition file if there is one."""
    data = _build(get_store(), document_id, args)
    _refuse_too_large(data, format_name)
    fields = {name: args[name] for name in FIELDS if args.get(name)}
    state = f"edition {data.edition['number']}" if data.edition else "the current state (draft)"
    db_path = current_app.config["DATABASE"]
    return JOBS.submit(
        db_path,
        ExportJob(
            id=secrets.token_urlsafe(12),
            document_id=document_id,
            format=format_name,
            fields=fields,
            what=f"{format_name.upper()} of {state}",
            direct_url=url_for(".download", document_id=document_id, **fields),
            key=export_cache.key(data, format_name),
        ),
        lambda job, store: _make(job, store, db_path),
        current_app.logger,
    )


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
    offset = _int(request.args, "offset", least=0) or 0
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
    """Publish the next edition. While critical or major flags are open or revisions pending
    (the form names them), the form must say `publish_anyway` (its checkbox): without it the
    answer is a 409 naming what is open, and nothing is published. The form also sends what
    it showed open (`open_seen`, OpenWork.blocking_keys): "anyway" covers that, not a critical
    flag raised after the form was shown (409 again)."""
    require("publish")
    anyway = boolean(request.form, "publish_anyway")
    seen = request.form.get("open_seen")
    accepted = seen.split() if anyway and seen is not None else None
    store = get_store()
    try:
        with store.transaction():  # what the flash says open is what the edition was made with
            edition_id = editions.publish(
                store,
                alignment_id,
                user=username() or "",
                note=request.form.get("note", ""),
                refuse_open=not anyway,
                accepted=accepted,
            )
            found = editions.open_work(store, alignment_id)
    except editions.OpenWorkConflict as error:
        if anyway:
            raise  # more is open than the form showed: it says so
        hint = "tick “Publish anyway” on the publish form to publish with them open"
        raise editions.OpenWorkConflict(error.open, hint) from None
    number = store.edition(edition_id)["number"]
    flash(f"Published edition {number}.")
    if found.anything:
        flash(f"Still open: {found.summary()}.")
    return redirect(url_for(".edition", edition_id=edition_id), 303)


# -- one limit on slow files ------------------------------------------------------------------


class Busy(WorkbenchError):
    """Every turn to make a slow file is taken, and the request waited long enough."""

    status = 503

    def __init__(self, message: str, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SlowLimit:
    """At most `size` slow files (PDF, DOCX, EPUB) made at once in this process: WeasyPrint
    takes a core each, and a dozen at once left every other page waiting for a minute and
    more (two cores). One limit for every way a file is asked for.

    A request waiting for a turn holds one of the server's threads, so at most `queue`
    requests wait (more are refused at once) and the other threads keep serving pages; jobs
    wait in threads of their own, as long as it takes."""

    def __init__(self, size: int = 2, queue: int = 2) -> None:
        self.size = size
        self.queue = queue
        self.waiting = 0  # requests waiting for a turn now
        self._turns = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def turn(self, wait: float | None) -> Iterator[None]:
        """Hold a turn; a request waits at most `wait` seconds for one, else Busy (a job,
        `wait` None, as long as it takes)."""
        if not self._acquire(wait):
            raise Busy(
                f"The server is making {self.size} other PDF, DOCX or EPUB files: try again "
                f"in {RETRY_AFTER} seconds, or use the export menu, which waits its turn."
            )
        try:
            yield
        finally:
            self._turns.release()

    def _acquire(self, wait: float | None) -> bool:
        if wait is None:
            return self._turns.acquire()
        if self._turns.acquire(blocking=False):
            return True
        with self._lock:
            if self.waiting >= self.queue:
                return False
            self.waiting += 1
        try:
            return self._turns.acquire(timeout=wait)
        finally:
            with self._lock:
                self.waiting -= 1


LIMIT = SlowLimit()


def made(
    data: ExportData,
    format_name: str,
    cache: ExportCache,
    *,
    wait: float | None,
    progress: Progress | None = None,
    started: Callable[[], None] | None = None,
) -> bytes:
    """The whole file: from the cache without a turn when an edition's file is there, else
    made in a turn of LIMIT (`started` is told when it has one) for a slow format."""
    key = export_cache.key(data, format_name)
    found = cache.read(key) if key is not None else None
    if found is not None:
        return found
    slow = format_name in SLOW
    with LIMIT.turn(wait) if slow else contextlib.nullcontext():
        if started is not None:
            started()
        return export.whole(data, format_name, cache, progress=progress)


# -- background export jobs (the registry: see web/jobs.py) ------------------------------------


@dataclass
class ExportJob(BackgroundJob):
    """One background export; its fields are read by the polling view and the progress page."""

    document_id: int
    format: str
    fields: dict[str, str]  # the request's export fields
    what: str  # "PDF of edition 2", for people
    direct_url: str  # the plain export URL: it makes the same file within the request
    key: str | None = None  # the cache key of an edition's file (jobs for it are shared)
    stage: str = "queued"  # then the writer's: reading | layout | writing
    done: int = 0  # out of SCALE, only ever forward
    detail: tuple[int, int] = (0, 0)  # (done, total) of the stage: pages while laying out
    path: Path | None = None
    disposition: str = ""
    draft: bool = True

    def progress(self, stage: str, done: int, total: int) -> None:
        """The writer's report (see exports/base.py); one that would move the bar back, as
        WeasyPrint's count of pages does when it lays a document out again, is ignored."""
        count = overall(stage, done, total)
        if count >= self.done:
            self.done, self.stage, self.detail = count, stage, (done, total)

    def message(self) -> str:
        """Where the job is, in a sentence."""
        if self.state in ("done", "error"):
            return "Ready." if self.state == "done" else f"The export failed: {self.error}"
        done, total = self.detail
        if self.state == "queued":
            return "Waiting for other exports to finish…"
        if self.stage == "layout":
            return f"Laying out page {done} of about {total}…" if done else "Laying out pages…"
        if self.stage == "writing":
            return f"Writing the {self.format.upper()}…"
        return f"Reading the links… {done} of {total}" if done else "Reading the links…"

    def as_json(self) -> dict[str, Any]:
        ready = self.state == "done"
        return {
            "job": self.id,
            "what": self.what,
            "state": self.state,
            "stage": self.stage,
            "done": SCALE if ready else self.done,
            "total": SCALE,
            "message": self.message(),
            "error": self.error,
            "status_url": url_for("exports.job", job_id=self.id),
            "download_url": url_for("exports.job_file", job_id=self.id) if ready else None,
            "direct_url": self.direct_url,
        }


class ExportJobs(Jobs[ExportJob]):
    """Export jobs of this process (see web/jobs.py), each waiting for its turn of LIMIT to
    lay out; a job for an edition's file that is being made already is that job."""

    def twin(self, job: ExportJob) -> ExportJob | None:
        """The unfinished job making the same edition's file (a draft's is never shared)."""
        same = [j for j in self.jobs.values() if job.key and j.key == job.key]
        return same[-1] if same and same[-1].state in ("queued", "running") else None

    def forget(self, job: ExportJob) -> None:
        """Remove a draft's file (the cache keeps the editions' own)."""
        if job.path is not None and job.path.parent.name == JOB_FILES:
            with contextlib.suppress(OSError):
                job.path.unlink()


JOBS = ExportJobs(
    "export", keep=100, not_found="no {what} job {id} (it may be long finished): export again"
)
JOB_FILES = "jobs"  # the cache folder's subfolder for drafts' files (never cached)
JOB_FILES_AGE = 24 * 3600  # seconds a draft's file is kept for its download


def _make(job: ExportJob, store: Store, db_path: str) -> None:
    """Make the job's file: an edition's goes to the cache, a draft's to the jobs folder."""
    data = _build(store, job.document_id, job.fields)
    cache = ExportCache.beside(db_path)
    content = made(data, job.format, cache, wait=None, progress=job.progress, started=job.run)
    writer = export.exporter(job.format)
    job.disposition = export.content_disposition(data, writer.EXTENSION)
    job.draft = data.draft
    job.path = cache.path(job.key) if job.key else None
    if job.path is None or not job.path.is_file():
        job.path = _keep(Path(db_path), job.id + writer.EXTENSION, content)


def _keep(db_path: Path, name: str, content: bytes) -> Path:
    """A draft's file beside the cache until it is downloaded (files a day old go first)."""
    folder = folder_for(db_path) / JOB_FILES
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > JOB_FILES_AGE:
                old.unlink()
    path = folder / name
    path.write_bytes(content)
    return path
