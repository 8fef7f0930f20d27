"""The Flask app: `create_app()` wires the store, the blueprints and one error handler."""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    Response,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from workbench.errors import DatabaseBusy, InputError, WorkbenchError
from workbench.store import Store, default_db_path


def templates_dir() -> str:
    """templates/ inside the wheel, else the top-level folder of the repository."""
    packaged = Path(__file__).parent.parent / "templates"
    if packaged.is_dir():
        return str(packaged)
    return str(Path(__file__).parent.parent.parent / "templates")


class WorkbenchFlask(Flask):
    """Flask, answering OPTIONS (which it does for every route) as an API does: 204 with the
    route's methods in Allow and no body, rather than an empty text/html page. No
    Access-Control-* headers: cross-origin requests stay refused (CORS is off)."""

    def make_default_options_response(self) -> Response:
        response = super().make_default_options_response()
        response.status_code = 204
        response.headers.remove("Content-Type")
        return response


class AsciiIntegerConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits only. Werkzeug's matches any Unicode digit,
    so `/documents/١` (Arabic-Indic) and `/documents/１` (fullwidth) opened document 1,
    while an id in a query or a body is refused unless it is ASCII digits."""

    regex = r"[0-9]+"
    signed_regex = r"-?[0-9]+"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = WorkbenchFlask(__name__, template_folder=templates_dir(), static_folder="static")
    # before any route is added: a rule takes its converter when it is added to the map
    app.url_map.converters["int"] = AsciiIntegerConverter
    app.config.from_mapping(
        DATABASE=str(default_db_path()),
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    if test_config:
        app.config.update(test_config)
    _configure_https(app)
    Store(app.config["DATABASE"]).close()  # create or migrate once, at start
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("WORKBENCH_SECRET_KEY") or _secret_key(
            Path(app.config["DATABASE"])
        )

    @app.after_request
    def security_headers(response: Any) -> Any:
        """No inline scripts or styles anywhere: hostile text cannot run even if it slipped
        past escaping."""
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    from workbench.web.forms import limit_body

    # the first hook of every request (blueprints' hooks are added after it): a body no write
    # takes is refused before the CSRF check or a view reads it
    app.before_request(limit_body)

    @app.teardown_appcontext
    def close_store(_error: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()

    @app.errorhandler(WorkbenchError)
    def handle_error(error: WorkbenchError) -> Any:
        """JSON for the API and for scripts that ask for it, else the error page; a busy
        server says when to ask again (Retry-After)."""
        retry = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry)} if retry is not None else {}
        if wants_json_error():
            return json_error(error.status, str(error)), error.status, headers
        page = render_template("error.html", error=error, status=error.status)
        return page, error.status, headers

    @app.errorhandler(sqlite3.OperationalError)
    def handle_locked(error: sqlite3.OperationalError) -> Any:
        """Another process (a long import or alignment from the command line) held the
        database past the busy timeout: the server is busy, not broken, so a 503 that says
        when to ask again rather than a 500; any other database error stays a 500."""
        if "locked" not in str(error) and "busy" not in str(error):
            raise error
        return handle_error(
            DatabaseBusy(
                "the database is busy with another change (a long import or alignment):"
                " nothing was changed; try again in a few seconds"
            )
        )

    @app.errorhandler(OverflowError)
    def handle_overflow(_error: OverflowError) -> Any:
        """A whole number too large for SQLite (`?version=99999999999999999999`) is the
        client's mistake: a 400, not a 500 (found by tests/test_security_uploads.py)."""
        return handle_error(InputError("a number in the request is too large"))

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> Any:
        """The app's error shape, with the exception's own headers (a 405's Allow)."""
        status = error.code or 500
        if wants_json_error():
            response = json_error(status, http_message(error))
        else:
            response = make_response(
                render_template("error.html", error=http_message(error), status=status)
            )
        return with_headers_of(error, response), status

    from workbench import languages

    # every page may set dir= on text in a right-to-left language
    app.jinja_env.globals.update(direction=languages.direction)

    @app.get("/favicon.ico")
    def favicon() -> Any:
        # browsers ask for this path whatever the pages link; the icon is an SVG
        return redirect(url_for("static", filename="favicon.svg"), 301)

    from workbench.web import auth, documents, flags, review

    app.register_blueprint(auth.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(flags.bp)
    app.register_blueprint(review.bp)
    from workbench.web import exports

    app.register_blueprint(exports.bp)
    from workbench.web import api, api_publishing, search  # noqa: F401 (routes on api.bp)

    app.register_blueprint(search.bp)
    app.register_blueprint(api.bp)
    from workbench.web import revisions

    app.register_blueprint(revisions.bp)
    from workbench.web import qa

    app.register_blueprint(qa.bp)
    return app


def json_error(status: int, message: str, **more: Any) -> Response:
    """The one shape of a JSON error, the API's and every page script's:
    `{"error": {"status": s, "message": "...", ...more}}` (more: what a 409 names)."""
    return jsonify({"error": {"status": status, "message": message, **more}})


def wants_json_error() -> bool:
    """Whether an error is answered in JSON: always under /api/, and for a page's script that
    sends JSON or ranks JSON above HTML (browsers and bare clients get the error page)."""
    if request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    return request.is_json or accept.quality("application/json") > accept.quality("text/html")


def http_message(error: HTTPException) -> str:
    """An HTTP error's message; a page (or its script) whose login ended says what to do, not
    Werkzeug's words on credentials a browser could not supply."""
    if error.code == 401 and not request.path.startswith("/api/"):
        return "you are logged out (your session ended), so nothing was changed: log in again"
    return error.description or error.name


def with_headers_of(error: HTTPException, response: Any) -> Any:
    """Keep the headers an HTTP error carries (Allow of a 405, WWW-Authenticate, Retry-After)
    on the response an error handler makes instead of Werkzeug's page; never its
    Content-Type."""
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


#: The forwarded headers whose word is taken from the trusted proxy (waitress's names): the
#: client's address, the scheme it used (https) and the host it asked for.
PROXY_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})
#: Where the reverse proxy connects from unless PROXY_ADDRESS / WORKBENCH_PROXY_ADDRESS say.
DEFAULT_PROXY_ADDRESS = "127.0.0.1"


def _configure_https(app: Flask) -> None:
    """Behind an HTTPS reverse proxy (BEHIND_PROXY or WORKBENCH_BEHIND_PROXY): believe
    X-Forwarded-For/-Proto/-Host from the proxy's address only (PROXY_ADDRESS), so that the
    app sees https and each client's address (login throttling counts per address) while a
    client reaching the app directly cannot forge them; and mark cookies Secure, so that a
    session never travels over plain HTTP. WORKBENCH_SECURE_COOKIES alone sets Secure cookies
    (HTTPS without a proxy). The default stays off: the workbench also runs on
    http://127.0.0.1 in a reading room, where a Secure cookie would never come back.

    One layer reads the headers: waitress under `serve --production` (PROXY_HEADERS_IN_SERVER,
    see cli/admin.py), else the app itself, with the same code and rules (waitress's)."""
    behind_proxy = _flag(app.config.get("BEHIND_PROXY")) or _flag(
        os.environ.get("WORKBENCH_BEHIND_PROXY", "")
    )
    secure = (
        behind_proxy
        or _flag(app.config.get("SECURE_COOKIES"))
        or _flag(os.environ.get("WORKBENCH_SECURE_COOKIES", ""))
    )
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["BEHIND_PROXY"] = behind_proxy  # what the server reads (the variable counts too)
    app.config["PROXY_ADDRESS"] = (
        app.config.get("PROXY_ADDRESS")
        or os.environ.get("WORKBENCH_PROXY_ADDRESS", "").strip()
        or DEFAULT_PROXY_ADDRESS
    )
    if behind_proxy and not app.config.get("PROXY_HEADERS_IN_SERVER"):
        from waitress.proxy_headers import proxy_headers_middleware

        app.wsgi_app = proxy_headers_middleware(  # type: ignore[method-assign]
            app.wsgi_app,
            trusted_proxy=app.config["PROXY_ADDRESS"],
            trusted_proxy_count=1,
            trusted_proxy_headers=set(PROXY_HEADERS),
            clear_untrusted=True,
        )


def _secret_key(db_path: Path) -> str:
    """A key kept beside the database, so sessions survive a restart (mode 0600)."""
    path = db_path.with_name(db_path.name + ".secret")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
    return _read_secret(path)


#: Fewest characters of a key in DB.secret (the workbench writes 64 hex digits).
MIN_SECRET_CHARS = 32


def _read_secret(path: Path) -> str:
    """The key in DB.secret; else one line (not a traceback) on what is wrong with the file,
    e.g. a backup written over it, and what to do."""
    remedy = "remove it and a new key is made at start (everyone logs in again)"
    try:
        key = path.read_text(encoding="ascii").strip()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a session key (not text): {remedy}") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"cannot read the session key {path}: {reason}: {remedy}") from None
    if len(key) < MIN_SECRET_CHARS or not key.isprintable():
        raise InputError(
            f"{path} is not a session key (at least {MIN_SECRET_CHARS} printable characters):"
            f" {remedy}"
        )
    return key


def get_store() -> Store:
    """The request's store, opened on first use and closed at teardown."""
    from flask import current_app

    if "store" not in g:
        g.store = Store(current_app.config["DATABASE"])
    return g.store
