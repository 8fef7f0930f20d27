"""Domain errors: each carries the HTTP status a web view answers with.

The CLI turns any of them into one line on stderr and exit code 2; the web layer renders them
as a 4xx page (or JSON under /api/).
"""


class WorkbenchError(Exception):
    """Base of every error a user can cause; never a bug."""

    status = 400


class InputError(WorkbenchError):
    """A file or form value that cannot be used (empty, binary, malformed, wrong encoding)."""

    status = 400


class UnsupportedFormat(InputError):
    """No reader for the file's extension or the requested --format."""

    status = 415


class TooLarge(InputError):
    status = 413


class NotFound(WorkbenchError):
    status = 404


class PermissionDenied(WorkbenchError):
    status = 403


class Conflict(WorkbenchError):
    """A save based on a stale version, or a state change that no longer applies."""

    status = 409


class DatabaseBusy(WorkbenchError):
    """Another process held the database past the busy timeout (a long import or alignment
    from the command line): nothing was changed, and asking again soon will do."""

    status = 503
    retry_after = 5
