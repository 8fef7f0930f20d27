"""The Flask app: `create_app()` wires the store, the blueprints and one error handler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request

from workbench.errors import WorkbenchError
from workbench.store import Store, default_db_path


def templates_dir() -> str:
    """templates/ inside the wheel, else the top-level folder of the repository."""
    packaged = Path(__file__).parent.parent / "templates"
    if packaged.is_dir():
        return str(packaged)
    return str(Path(__file__).parent.parent.parent / "templates")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder=templates_dir(), static_folder="static")
    app.config.from_mapping(
        DATABASE=str(default_db_path()),
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
    )
    if test_config:
        app.config.update(test_config)
    Store(app.config["DATABASE"]).close()  # create or migrate once, at start

    @app.teardown_appcontext
    def close_store(_error: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()

    @app.errorhandler(WorkbenchError)
    def handle_error(error: WorkbenchError) -> Any:
        if request.path.startswith("/api/"):
            return jsonify({"error": {"status": error.status, "message": str(error)}}), error.status
        return render_template("error.html", error=error, status=error.status), error.status

    from workbench.web import documents

    app.register_blueprint(documents.bp)
    return app


def get_store() -> Store:
    """The request's store, opened on first use and closed at teardown."""
    from flask import current_app

    if "store" not in g:
        g.store = Store(current_app.config["DATABASE"])
    return g.store
