"""Rendered editions kept on disk beside the database, so that a second download is immediate.

An edition never changes (the database refuses it), so its PDF, DOCX or EPUB for a set of
options is made once. The key names the edition, the format, the options that change that
format's file (`relevant`), the code that makes it (`TOOL`: our version, the writers and
export.py that feeds them, languages.py that says which texts are right to left, the template
and stylesheet, the libraries' versions) and `ExportData.stamp`, a digest of what the file
shows besides the edition's links: the document's metadata and the translator's notes.
The file keeps the date it was first made in its colophon.

Drafts are never cached: their links, texts and flags change all the time, and no one stamp in
the database covers them all.

Files live in `<database>.export-cache/` (db/*.export-cache/ is git-ignored), each written to
a temporary file and renamed into place, so a reader never sees half a file. Once the folder
holds more than `limit` bytes, the files read least recently go. Within a process one file is
made by one thread at a time (`ExportCache.make`): a second request waits and reads it.
A cache that cannot be written (a full disk) only costs time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from workbench import __version__
from workbench.exports import SLOW
from workbench.exports.base import ExportData
from workbench.exports.html import STATIC, layout_of, templates_dir

LIMIT = 512 * 2**20  # bytes the folder may hold before the least recently read files go
SUFFIX = ".export-cache"
LIBRARIES = ("weasyprint", "pydyf", "python-docx", "ebooklib", "jinja2")
_LOCKS: dict[str, threading.Lock] = {}  # one per key: the thread making a file holds it
_GUARD = threading.Lock()


def folder_for(db_path: str | os.PathLike[str]) -> Path:
    """The cache folder of a database: `workbench.db` -> `workbench.db.export-cache/`."""
    path = Path(db_path)
    return path.with_name(path.name + SUFFIX)


@cache
def tool() -> str:
    """A digest of the code and files that make a reader edition: a new version of any of them
    makes new files rather than serving ones made the old way."""
    digest = hashlib.sha256(__version__.encode())
    exports = Path(__file__).resolve().parent
    sources = [*sorted(exports.glob("*.py")), STATIC / "edition.css"]
    sources.append(exports.parent / "export.py")  # what the writers are given (links, gaps)
    sources.append(exports.parent / "languages.py")  # which texts are set right to left
    sources.append(templates_dir() / "edition_reader.html")
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def relevant(format_name: str, data: ExportData) -> dict[str, object]:
    """The options that change an edition's file in this format (an edition holds confirmed
    links only, so "confirmed only" changes nothing; Excel is for CSV; layout for PDF)."""
    options: dict[str, object] = {"level": data.options.level, "flags": data.options.flags}
    if format_name == "pdf":
        options["layout"] = layout_of(data.options.layout, "facing")
    return options


def key(data: ExportData, format_name: str) -> str | None:
    """The cache key of this export, or None when it is not cached (a draft, a fast format)."""
    if data.stamp is None or data.edition is None or format_name not in SLOW:
        return None
    described = {
        "format": format_name,
        "options": relevant(format_name, data),
        "stamp": data.stamp,
        "tool": tool(),
    }
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return f"edition-{data.edition['id']}-{format_name}-{digest[:32]}"


class ExportCache:
    """Files by key in one folder (see the module's docstring)."""

    def __init__(self, folder: Path, limit: int = LIMIT) -> None:
        self.folder = Path(folder)
        self.limit = limit

    @classmethod
    def beside(cls, db_path: str | os.PathLike[str]) -> ExportCache:
        return cls(folder_for(db_path))

    def path(self, key: str) -> Path:
        return self.folder / key

    def read(self, key: str) -> bytes | None:
        """The file's bytes if it is there (marked as read now), else None."""
        path = self.path(key)
        try:
            os.utime(path)
            return path.read_bytes()
        except OSError:
            return None

    def put(self, key: str, content: bytes) -> Path:
        """Store a file whole (temporary file, then rename), then make room if need be.
        OSError (a full disk, a read-only folder) passes to the caller."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(key)
        temporary = path.with_name(f".{key}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            temporary.write_bytes(content)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.prune(keep=path)
        return path

    def make(self, key: str, render: Callable[[], bytes]) -> bytes:
        """The file under `key`, rendered and stored first if it is not there yet; one thread
        renders a key at a time, the others wait for its file. A cache that cannot be written
        costs only the time: the file is returned all the same."""
        with _lock(key):
            found = self.read(key)
            if found is not None:
                return found
            content = render()
            with contextlib.suppress(OSError):
                self.put(key, content)
            return content

    def prune(self, keep: Path | None = None) -> None:
        """Remove the files read least recently until the folder is within its limit."""
        files = []
        for path in self.folder.glob("edition-*"):
            with contextlib.suppress(OSError):
                files.append((path.stat().st_mtime, path.stat().st_size, path))
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.limit:
                break
            if path != keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    total -= size


def _lock(key: str) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault(key, threading.Lock())
