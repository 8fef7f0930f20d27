"""Files the CLI writes (exports, glossaries): never over the database, never half a file.

A file is written to a temporary file beside its target and renamed over the target only once
it is complete, so a failure (a full disk, an exporter's error, Ctrl-C) leaves an existing file
exactly as it was and no half file that looks whole. Special files (`-o /dev/null`, a named
pipe) are written in place: there is nothing there to protect, and renaming over them would
replace them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from workbench.backup import protected_file
from workbench.errors import InputError


def refuse_database(target: Path, db_path: Path, what: str) -> None:
    """InputError when `target` is the database, a file beside it that it depends on (SQLite's,
    the server's lock, the session key) or a database a restore kept (backup.protected_file)."""
    protected = protected_file(target, db_path)
    if protected:
        raise InputError(f"{what} cannot replace {protected}")


def cannot_write(target: Path, error: OSError) -> InputError:
    return InputError(f"cannot write {target}: {error.strerror or error}")


@contextlib.contextmanager
def _reported(target: Path) -> Iterator[None]:
    """Our own file operations' OSErrors as one clear line about `target`."""
    try:
        yield
    except OSError as error:
        raise cannot_write(target, error) from error


def write_file(target: Path, chunks: Iterable[bytes]) -> None:
    """Write `chunks` to `target` atomically (see the module's docstring).

    Errors of our own file operations become InputError("cannot write TARGET: reason");
    whatever producing the chunks raises passes through unchanged.
    """
    target = Path(target)
    final = Path(os.path.realpath(target))  # through a symlink, as open() would write
    with _reported(target):
        if final.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        special = final.exists() and not final.is_file()  # /dev/null, a named pipe
        if special:
            in_place = open(final, "wb")  # noqa: SIM115 - closed by the `with` below
        elif final.exists() and not os.access(final, os.W_OK):
            raise PermissionError(13, "Permission denied")
    if special:
        with in_place:
            _write_chunks(in_place, chunks, target)
        return
    with _reported(target):
        temporary, file = _create_beside(final)
    try:
        with file:
            _write_chunks(file, chunks, target)
            with _reported(target):
                file.flush()
                os.fsync(file.fileno())
        with _reported(target):
            if final.exists():  # keep the mode an overwrite would have kept
                os.chmod(temporary, stat.S_IMODE(final.stat().st_mode))
            os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the platform allows
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_chunks(file: BinaryIO, chunks: Iterable[bytes], target: Path) -> None:
    """Write each chunk as it comes; only the writes' own errors are about the file."""
    for chunk in chunks:
        with _reported(target):
            file.write(chunk)


def _create_beside(final: Path) -> tuple[Path, BinaryIO]:
    """A new hidden file beside `final`, created with the usual mode (0666 less the umask)."""
    for _ in range(100):
        temporary = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return temporary, os.fdopen(fd, "wb")
    raise FileExistsError(17, "no free temporary file name")
