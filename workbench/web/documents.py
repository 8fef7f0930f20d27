"""The documents page (with the upload form) and one document's page (with the align action).

Aligning a long text takes a while, so a script may ask for it as a background job and poll
its progress; without scripts the same POST aligns before answering and redirects.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BuildError

from workbench import aligning, flags, formats, languages, services
from workbench.errors import InputError, WorkbenchError
from workbench.languages import text_language
from workbench.store import LinkRow, Store
from workbench.web import get_store
from workbench.web.auth import can, require, username
from workbench.web.forms import MAX_WHOLE, boolean
from workbench.web.jobs import BackgroundJob, Jobs

bp = Blueprint("documents", __name__)


def wants_json() -> bool:
    """An explicit ask for JSON (what scripts send); browsers and bare clients get pages."""
    accept = request.accept_mimetypes
    return request.is_json or accept.quality("application/json") > accept.quality("text/html")


def prefers_html() -> bool:
    """A browser's own form post: it ranks HTML above JSON and sends no JSON body."""
    accept = request.accept_mimetypes
    return not request.is_json and accept.quality("text/html") > accept.quality("application/json")


# -- views ------------------------------------------------------------------------------------


@bp.get("/")
def index() -> str:
    return render_template("index.html", **_index_page(get_store()))


@bp.post("/documents/upload")
def upload() -> Any:
    require("import")
    store = get_store()
    try:
        args = _upload_args(request.form, request.files.get("file"))
        result = services.import_file(
            store, **args, user=username(), may_review=can("confirm") and can("flag")
        )
    except WorkbenchError as error:
        page = _index_page(store, error=_in_form_terms(error), form=request.form)
        return render_template("index.html", **page), error.status
    count = sum(result.segments.values())
    links = f"; {result.links_summary()}" if result.alignment else ""
    flash(f"Imported {args['filename']}: {count} paragraph{'' if count == 1 else 's'}{links}.")
    for note in result.notes:
        flash(f"Note: {note}.")
    return redirect(url_for(".show", document_id=result.document), 303)


@bp.get("/documents/<int:document_id>")
def show(document_id: int) -> str:
    return render_template("document.html", **_document_page(get_store(), document_id))


@bp.post("/documents/<int:document_id>/align")
def align(document_id: int) -> Any:
    require("edit_alignment")
    store = get_store()
    store.document(document_id)
    try:
        source, target = int_field(request.form, "source"), int_field(request.form, "target")
        # refused here, before a job starts: a script gets its error at once, not from a job
        source, target = aligning.version_pair(store, document_id, source, target)
    except WorkbenchError as error:
        if wants_json():
            raise
        form = {key: request.form.get(key, "") for key in ("source", "target")}
        page = _document_page(store, document_id, align_error=str(error), align_form=form)
        return render_template("document.html", **page), error.status
    if wants_json():
        job = JOBS.start(current_app.config["DATABASE"], document_id, source, target, username())
        return jsonify(job.as_json()), 202
    alignment_id = aligning.align_versions(store, document_id, source, target, user=username())
    flash(f"Aligned: alignment {alignment_id} is ready for review.")
    return redirect(url_for(".show", document_id=document_id) + f"#alignment-{alignment_id}", 303)


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> Any:
    return jsonify(JOBS.get(job_id).as_json())


@bp.errorhandler(WorkbenchError)
def error_page(error: WorkbenchError) -> Any:
    """Scripts (the align form, the review page) get errors as JSON they can show."""
    if wants_json():
        return jsonify({"error": {"status": error.status, "message": str(error)}}), error.status
    return render_template("error.html", error=error, status=error.status), error.status


#: The endpoints whose forms carry a title and a label beside the file (their 413 names them).
UPLOAD_ENDPOINTS = ("documents.upload", "api.import_document")


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Any:
    """Name the limit that was hit: the generic 413 text does not say what to do.

    Werkzeug answers 413 for three limits: the body over MAX_CONTENT_LENGTH, one form field
    (not a file) over max_form_memory_size (500 KB), and more parts than max_form_parts. A
    body within the first was refused for a field (it may be larger than one) or for its
    parts (it is not): telling the sender of 0.6 MB that 50 MB is the limit said nothing."""
    configured = current_app.config.get("MAX_CONTENT_LENGTH")
    limit = configured or services.MAX_UPLOAD_BYTES
    sent = request.content_length
    if sent is not None and (configured is None or sent <= configured):
        message = _form_too_large(sent)
    else:
        message = (
            f"The upload is larger than this server accepts ({_size(limit)}). Nothing was "
            "stored: split the file, or ask an administrator to raise MAX_CONTENT_LENGTH."
        )
    if request.path.startswith("/api/") or wants_json():
        return jsonify({"error": {"status": 413, "message": message}}), 413
    return render_template("error.html", error=message, status=413), 413


# -- page data --------------------------------------------------------------------------------


def review_url(alignment_id: int) -> str:
    """The review page of an alignment (a plain path until its blueprint is registered)."""
    try:
        return url_for("review.page", alignment_id=alignment_id)
    except BuildError:
        return f"/alignments/{alignment_id}/review"


#: Labels for metadata keys whose spelled-out name would read oddly.
_METADATA_LABELS = {"date_iso": "date (ISO 8601)", "source_url": "source URL"}


def metadata_label(key: str) -> str:
    """A metadata key as a label: date_iso -> "date (ISO 8601)", archive_reference -> ..."""
    return _METADATA_LABELS.get(key, key.replace("_", " "))


def _index_page(
    store: Store, *, error: str | None = None, form: Mapping[str, str] | None = None
) -> dict[str, Any]:
    counts = flags.severity_counts(store)
    documents = [
        {
            **d,
            "languages": (d["languages"] or "").split(),
            "progress": _share(d["confirmed"], d["links"]),
            "open_flags": counts.get(d["id"], {}),
        }
        for d in store.documents_overview()
    ]
    return {
        "documents": documents,
        "error": error,
        "form": form or {},
        "formats": list(formats.READERS),
        "extensions": formats.EXTENSIONS,
        "roles": services.VERSION_ROLES,
        "severities": flags.SEVERITIES,
        "language_name": languages.name,
    }


def _document_page(
    store: Store,
    document_id: int,
    *,
    align_error: str | None = None,
    align_form: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The document page; a refused align form is shown again with its message and choices."""
    document = store.document(document_id)
    versions = store.versions(document_id)
    by_id = {v["id"]: v for v in versions}
    alignments = []
    for a in store.alignments(document_id):
        source, target = by_id[a["source_version_id"]], by_id[a["target_version_id"]]
        url = review_url(a["id"])
        alignments.append(
            {
                **a,
                "source": source,
                "target": target,
                "share": _share(a["confirmed"], a["links"]),
                "review_url": url,
                "editions": store.editions(alignment_id=a["id"]),
                "map": alignment_map(
                    a["id"], store.links(a["id"]), source["paragraphs"], target["paragraphs"], url
                ),
            }
        )
    metadata = [(key, document[key]) for key in services.METADATA_COLUMNS if document[key]]
    metadata += [(key, value) for key, value in document["metadata"].items() if value]
    metadata = [(key, metadata_label(key), value) for key, value in metadata]
    return {
        "document": document,
        "metadata": metadata,
        "versions": versions,
        "quality": flags.quality_scores(store, document_id),
        "alignments": alignments,
        "open_flags": flags.severity_counts(store, document_id).get(document_id, {}),
        "events": store.events(document_id, limit=20),
        "severities": flags.SEVERITIES,
        "weights": flags.SEVERITY_WEIGHTS,
        "language_name": languages.name,
        "direction": languages.direction,
        "align_error": align_error,
        "align_form": align_form or {},
    }


# -- the language of titles and labels --------------------------------------------------------


def _language_attributes(language: str | None) -> Markup:
    """`lang` and `dir` for text in `language`; for text of no known language only `dir`,
    taken from its first letters (so an Arabic or Hebrew title still reads right to left)."""
    if language is None:
        return Markup(' dir="auto"')
    return Markup(' lang="{}" dir="{}"').format(language, languages.direction(language))


@bp.app_template_global()
def title_attributes(title: str, *candidates: str | None) -> Markup:
    """`lang` and `dir` for a document's title, whose language is not recorded: it came from
    the first file imported (its own title, or the file name) or was typed on import, often in
    English (the demo's are). It is taken to be in one of the document's languages only when
    its letters are in that language's own script (Arabic, Hebrew, Cyrillic, Greek, ...)."""
    return _language_attributes(text_language(title, *candidates))


@bp.app_template_global()
def label_attributes(label: str, language: str | None) -> Markup:
    """`lang` and `dir` for a version's label: its version's language, unless its letters are
    in another script or it is the workbench's own English label ("Albanian source",
    "Arabic translation (tmx)")."""
    name = re.escape(languages.name(language))
    roles = "|".join(services.VERSION_ROLES)
    if re.fullmatch(rf"{name} (?:{roles})(?: \(\w+\))?", label or ""):
        return _language_attributes(None)
    return _language_attributes(text_language(label or "", language, latin=True))


def _share(part: int | None, whole: int | None) -> int | None:
    """A whole percentage, or None when there is nothing to count."""
    return round(100 * (part or 0) / whole) if whole else None


#: The map's drawing area in SVG user units, inside a margin for the axis labels.
MAP_SIZE, MAP_MARGIN = 320, 28
#: Link kinds on the map, their colours and legend texts (also used by the template's legend).
MAP_KINDS = {
    "confirmed": ("#2b8a3e", "confirmed by a reviewer"),
    "edited": ("#5c940d", "edited by a translator, to be confirmed"),
    "auto": ("#0b5cad", "automatic, confidence ≥ 0.8"),
    "doubtful": ("#e8590c", "automatic, confidence 0.5–0.8"),
    "low": ("#c92a2a", "automatic, confidence < 0.5"),
    "unmatched": ("#7048e8", "automatic, one side only (no counterpart found)"),
}


def _kind(link: LinkRow) -> str:
    if link.status != "auto":
        return "confirmed" if link.status == "confirmed" else "edited"
    if link.src_end <= link.src_start or link.tgt_end <= link.tgt_start:
        # however sure the aligner is, a paragraph without counterpart is for a person to see
        return "unmatched"
    confidence = 1.0 if link.confidence is None else link.confidence
    return "low" if confidence < 0.5 else "doubtful" if confidence < 0.8 else "auto"


#: Up to this many links the map draws every link as a mark of its own (a line and a dot, each
#: a link to the review page). Above it, thousands of marks in a 320-unit square are neither
#: readable nor clickable and weigh megabytes: the path is drawn as one line per kind and only
#: the links that need a person get a mark, at most MAP_MARKS of them.
MAP_DETAIL_LIMIT = 300
MAP_MARKS = 300
#: The kinds of link a person should look at, the most urgent first.
NEEDS_A_PERSON = ("low", "unmatched", "doubtful", "edited")
#: Points of one line closer than this (in SVG units) to the last one drawn are left out.
MAP_STEP = 0.75


def alignment_map(
    alignment_id: int, links: list[LinkRow], n_src: int, n_tgt: int, url: str
) -> dict[str, Any]:
    """Geometry of the alignment path: source position on x, target position on y.

    Up to MAP_DETAIL_LIMIT links: one segment (and a dot at its middle) per link, each a link
    to the review page there. Above it (`overview`): the path as lines, one per kind of link,
    and a dot only for the links that need a person (low or doubtful confidence, one side
    only, edited), the most urgent MAP_MARKS of them; the description says how many more."""

    def x(position: float) -> float:
        return round(MAP_MARGIN + MAP_SIZE * position / max(n_src, 1), 2)

    def y(position: float) -> float:
        return round(MAP_MARGIN + MAP_SIZE * position / max(n_tgt, 1), 2)

    kinds = [_kind(link) for link in links]
    overview = len(links) > MAP_DETAIL_LIMIT
    if overview:
        urgency = {kind: rank for rank, kind in enumerate(NEEDS_A_PERSON)}
        needy = [i for i, kind in enumerate(kinds) if kind in urgency]
        needy.sort(key=lambda i: (urgency[kinds[i]], _confidence(links[i]), i))
        marked = sorted(needy[:MAP_MARKS])
        more = len(needy) - len(marked)
    else:
        marked, needy, more = list(range(len(links))), [], 0
    items = []
    for i in marked:
        link, kind = links[i], kinds[i]
        confidence = "–" if link.confidence is None else f"{link.confidence:.2f}"
        items.append(
            {
                "id": link.id,
                "x1": x(link.src_start),
                "y1": y(link.tgt_start),
                "x2": x(link.src_end),
                "y2": y(link.tgt_end),
                "cx": x((link.src_start + link.src_end) / 2),
                "cy": y((link.tgt_start + link.tgt_end) / 2),
                "colour": MAP_KINDS[kind][0],
                "kind": kind,
                "href": f"{url}?at={link.id}",
                "label": (
                    f"Link {link.id}: source {paragraph_range(link.src_start, link.src_end)} "
                    f"→ target {paragraph_range(link.tgt_start, link.tgt_end)}, {link.status}, "
                    f"confidence {confidence}"
                ),
            }
        )
    low = kinds.count("low")
    alone = kinds.count("unmatched")
    summary = (
        f"{len(links)} links over {n_src} source and {n_tgt} target paragraphs; "
        f"{low} with confidence below 0.5, {alone} on one side only"
    )
    if overview:
        why = "(low or doubtful confidence, one side only, edited)"
        if more:
            marks = f"the {len(marked)} links that most need a person {why} are marked"
            marks += f", and {more} more"
        elif len(marked) == 1:
            marks = f"the one link that needs a person {why} is marked"
        elif marked:
            marks = f"the {len(marked)} links that need a person {why} are marked"
        else:
            marks = f"no link needs a person {why}"
        summary += f"; the path is drawn as a line coloured by kind, and {marks}"
    return {
        "size": MAP_SIZE + 2 * MAP_MARGIN,
        "margin": MAP_MARGIN,
        "end": MAP_MARGIN + MAP_SIZE,
        "items": items,
        "overview": overview,
        "paths": _map_paths(links, kinds, x, y) if overview else [],
        "needy": len(needy),
        "more": more,
        "detail_limit": MAP_DETAIL_LIMIT,
        "kinds": MAP_KINDS,
        "summary": summary,
    }


def _confidence(link: LinkRow) -> float:
    return 1.0 if link.confidence is None else link.confidence


def _map_paths(links: list[LinkRow], kinds: list[str], x: Any, y: Any) -> list[dict[str, str]]:
    """The alignment path as one SVG path per kind of link, simplified to what 320 units can
    show: the links of a kind follow each other in one line ("M" starts a line, "L" goes on)
    across gaps shorter than MAP_STEP (a link of another kind a few hundredths of a unit long
    between them, shown by its mark if it needs a person), and a point is left out when it
    lies within MAP_STEP of the last one drawn or on the straight line through its
    neighbours."""
    runs: dict[str, list[list[tuple[float, float]]]] = {}
    for link, kind in zip(links, kinds, strict=True):
        start, end = (x(link.src_start), y(link.tgt_start)), (x(link.src_end), y(link.tgt_end))
        lines = runs.setdefault(kind, [])
        if lines and _distance(lines[-1][-1], start) < MAP_STEP:
            lines[-1].append(end)
        else:
            lines.append([start, end])
    paths = []
    for kind in MAP_KINDS:
        if kind in runs:
            d = "".join("M" + "L".join(_svg_points(_simplify(run))) for run in runs[kind])
            paths.append({"kind": kind, "colour": MAP_KINDS[kind][0], "d": d})
    return paths


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def _simplify(run: list[tuple[float, float]], tolerance: float = 0.3) -> list[tuple[float, float]]:
    """The points of a line worth drawing: its ends, and between them the points at least
    MAP_STEP from the last one kept that bend the line by more than `tolerance` units."""
    points = [run[0]]
    skipped: list[tuple[float, float]] = []  # points left out since the last one kept
    for point in run[1:-1]:
        if _distance(point, (skipped or points)[-1]) < MAP_STEP:
            continue
        skipped.append(point)
        if len(skipped) > 1 and (
            len(skipped) > 256
            or any(_off_line(points[-1], point, p) > tolerance for p in skipped[:-1])
        ):
            points.append(skipped[-2])
            skipped = [point]
    if len(run) > 1:
        points += skipped[-1:]
        points.append(run[-1])
    return points


def _off_line(a: tuple[float, float], b: tuple[float, float], p: tuple[float, float]) -> float:
    """How far point p lies from the straight line through a and b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return _distance(a, p)
    return abs(dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / length


def _svg_points(points: list[tuple[float, float]]) -> list[str]:
    """Points as SVG coordinates, a point that reads as the one before it left out."""
    out: list[str] = []
    for px, py in points:
        text = f"{_svg_number(px)} {_svg_number(py)}"
        if not out or out[-1] != text:
            out.append(text)
    return out if len(out) > 1 else out * 2


def _svg_number(value: float) -> str:
    """A coordinate to a tenth of a unit, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def paragraph_range(start: int, end: int) -> str:
    """1-based paragraph numbers for people: '¶3', '¶3–4' or 'nothing'."""
    if end <= start:
        return "nothing"
    return f"¶{start + 1}" if end == start + 1 else f"¶{start + 1}–{end}"


def _size(limit: int) -> str:
    return f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit / 1000:.0f} KB"


def _form_too_large(sent: int) -> str:
    """The 413 of a body within MAX_CONTENT_LENGTH: a form field too large for memory, or
    (a body no larger than one field may be) too many fields."""
    field_limit, parts = request.max_form_memory_size, request.max_form_parts
    if parts is not None and (field_limit is None or sent <= field_limit):
        return f"Refused: the form has more than {parts:,} fields. Nothing was stored."
    size = f"larger than {_size(field_limit)}" if field_limit is not None else "too large"
    fields = (
        f" (the title may have at most {services.MAX_TITLE} characters and the label "
        f"{services.MAX_LABEL})"
        if request.endpoint in UPLOAD_ENDPOINTS
        else ""
    )
    return (
        f"Refused: a form field is {size}{fields}; only a file may be larger. Nothing was stored."
    )


# -- parsing ----------------------------------------------------------------------------------


def int_field(form: Mapping[str, Any], name: str) -> int | None:
    """A whole-number field; one beyond SQLite's integers is refused here, so the upload form
    shows its message in place instead of the bare error page of an OverflowError."""
    value = form.get(name)
    if value is None or str(value).strip() == "":
        return None
    try:
        if isinstance(value, bool | float):  # JSON true or 1.5 is not a position
            raise ValueError
        number = int(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a whole number, not '{value}'") from None
    if abs(number) > MAX_WHOLE:
        raise InputError(f"{name} is too large a number: {str(value).strip()[:40]}")
    return number


#: The import errors name the command line's options; the upload form has fields instead.
_FORM_FIELDS = {
    "--target-lang": "the Target language field",
    "--lang": "the Language field",
    "--role": "the Role field",
    "--format": "the Format field",
    "--one-per-line": "the One paragraph per line box",
}


#: The same options as the API's form fields (POST /api/v1/documents).
API_FIELDS = {option: f"the {option[2:].replace('-', '_')} field" for option in _FORM_FIELDS}


def _in_form_terms(error: WorkbenchError, fields: Mapping[str, str] = _FORM_FIELDS) -> str:
    """The error's message with command-line options named as the upload form's fields (or
    as `fields` name them)."""
    message = str(error)
    for option, field in fields.items():
        message = message.replace(option, field)
    return message


def in_api_terms(error: WorkbenchError) -> WorkbenchError:
    """The error with command-line options named as the API's form fields ("--target-lang"
    is "the target_lang field"): a new error of the same HTTP status, or the error itself
    when it names none."""
    message = _in_form_terms(error, API_FIELDS)
    if message == str(error):
        return error
    renamed = WorkbenchError(message)
    renamed.status = error.status
    return renamed


def _upload_args(form: Mapping[str, str], file: FileStorage | None) -> dict[str, Any]:
    """import_file's arguments from the upload form."""
    if file is None or not file.filename:
        raise InputError("choose a file to upload")
    # Only the base name: browsers may send a whole Windows path, and it is shown as text.
    filename = PureWindowsPath(file.filename).name.strip() or "upload"
    return {
        "data": file.read(),
        "filename": filename,
        "format": form.get("format") or None,
        "document_id": int_field(form, "document"),
        "title": (form.get("title") or "").strip() or None,
        "language": (form.get("lang") or "").strip() or None,
        "target_language": (form.get("target_lang") or "").strip() or None,
        "role": form.get("role") or None,
        "label": (form.get("label") or "").strip() or None,
        "one_per_line": boolean(form, "one_per_line"),
    }


# -- background alignment jobs ----------------------------------------------------------------


@dataclass
class Job(BackgroundJob):
    """One background alignment; its fields are read by the polling view."""

    document_id: int
    done: int = 0
    total: int = 0
    alignment: int | None = None

    def progress(self, done: int, total: int) -> None:
        """The aligner's count of work done (one count over the whole job, see
        align_document); a report that would move the bar back is ignored."""
        if total <= 0 or (self.total and done * self.total < self.done * total):
            return
        self.done, self.total = min(done, total), total

    def as_json(self) -> dict[str, Any]:
        return {
            "job": self.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "alignment": self.alignment,
            "error": self.error,
            "status_url": url_for("documents.job", job_id=self.id),
            "review_url": review_url(self.alignment) if self.alignment else None,
        }


class AlignmentJobs(Jobs[Job]):
    """Alignment jobs of this process (see web/jobs.py)."""

    def start(
        self, db_path: str, document_id: int, source: int | None, target: int | None, user: str
    ) -> Job:
        """Align in a thread; the view has checked the pair, so most errors came at once."""

        def align(job: Job, store: Store) -> None:
            job.run()
            job.alignment = aligning.align_versions(
                store, document_id, source, target, user=user, progress=job.progress
            )

        job = Job(secrets.token_urlsafe(12), document_id)
        return self.submit(db_path, job, align, current_app.logger)


JOBS = AlignmentJobs("alignment", keep=200)
