"""Reading a request's fields, the same way on every page and in the API.

`payload()` is the one place a request body is read: form fields, or a JSON object parsed
here (not by Flask) so that every way JSON can be unusable is a 400 with a message, never a
500: malformed or deeply nested JSON, NaN and Infinity (not JSON), and strings holding lone
surrogates (`"\\ud800"`: valid JSON escapes, but no Unicode text, so the database cannot store
them). Form fields never hold surrogates: Werkzeug decodes them as UTF-8 with replacement.

A body that is not a multipart upload (JSON, form-urlencoded, anything else) is at most
MAX_BODY_BYTES: `limit_body()`, run before anything else reads the request, refuses a larger
one with a 413 by its Content-Length, unread (a chunked one once that much has been read), so
a huge body costs neither memory nor time; only a file upload may be as large as
MAX_CONTENT_LENGTH (50 MB). JSON nested deeper than the parser goes (some 1,000 levels) is a
400, and the walk that checks values holds one iterator per level, never one entry per value.

The field readers below check a JSON value's type instead of coercing it (`{"text": 123}`,
`{"direction": false}` and `{"target": null}` are refused, naming the field and the type it
takes); form fields are strings, so the same readers serve both. A JSON body is a
`JsonObject`, so a reader knows its values have JSON types: there a number is a JSON number,
never a string of digits (`{"link_id": "1669"}` is refused as the description promises).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from workbench import search
from workbench.errors import InputError, TooLarge, UnsupportedFormat
from workbench.search import MAX_ID, digits_value, shown

#: Bodies that are read as form fields.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: The largest whole number SQLite stores (ids and positions beyond it name nothing).
MAX_WHOLE = MAX_ID
#: How a yes and a no are spelled in a form field or query parameter (JSON says true/false);
#: an empty field is a no, as an unticked checkbox sends none.
YES, NO = search.YES, search.NO
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The largest request body that is not a multipart upload (a JSON object, form fields): 2 MiB.
#: The largest JSON a write takes is a revision, 100,000 characters with a note of 10,000:
#: 1.3 MB with every character an escaped surrogate pair (`\ud83d\ude00`, as Python's
#: json.dumps writes emoji), 1.9 MB as escaped decomposed Hangul (three letters a syllable,
#: which NFC composes); a bulk approval's ids take 20 bytes each (100,000 fit). Parsed, a body
#: takes up to some 20 times its size (`[[],[],...]`: 45 MB and half a second at 2 MiB).
MAX_BODY_BYTES = 2 * 2**20
#: Digits shown of a number too long to read, in its message.
SHOWN_DIGITS = 20


class _NotJson(float):
    """NaN, Infinity or -Infinity as Python's parser reads them; refused once parsed, where
    the field holding one can be named."""

    def __new__(cls, name: str) -> _NotJson:
        made = super().__new__(cls, name.replace("Infinity", "inf"))
        made.spelled = name
        return made

    spelled: str


class JsonObject(dict):
    """A request body parsed from JSON: its values keep their JSON types, so readers refuse
    a string where a number belongs (form fields, all strings, are a MultiDict instead)."""


def limit_body() -> None:
    """Refuse (413, naming the limit) a body over MAX_BODY_BYTES unless it is a multipart
    upload: run before every other hook (the CSRF check reads form fields), so that nothing
    parses, or even reads, a body no write takes. By Content-Length when the client sends
    one; a chunked body (no Content-Length) is read here, at most the limit and a byte."""
    if request.mimetype == "multipart/form-data":
        return  # an upload: MAX_CONTENT_LENGTH (50 MB), its parser streaming files to disk
    limit, sent = body_limit(), request.content_length
    if sent is not None and sent > limit:
        raise TooLarge(_too_large_message(f"has {sent:,} bytes,", limit))
    request.max_content_length = limit  # the stream stops there (chunked bodies)
    if sent is None:
        try:
            request.get_data(cache=True)  # kept for payload() and the form parser
        except RequestEntityTooLarge:
            raise TooLarge(_too_large_message("is", limit)) from None


def body_limit() -> int:
    """MAX_BODY_BYTES, or MAX_CONTENT_LENGTH where an administrator set it lower."""
    configured = current_app.config.get("MAX_CONTENT_LENGTH")
    return MAX_BODY_BYTES if configured is None else min(configured, MAX_BODY_BYTES)


def _too_large_message(size: str, limit: int) -> str:
    shown = f"{limit / 2**20:g} MB ({limit:,} bytes)" if limit >= 2**20 else f"{limit:,} bytes"
    return (
        f"the request body {size} more than the {shown} a JSON object or form fields may"
        " have; only a file upload (multipart/form-data) may be larger. Nothing was read"
        " or changed."
    )


def payload() -> Mapping[str, Any]:
    """Form fields (multipart for uploads), or a JSON object: scripts may send either.

    Any other body (text/plain, XML, a body with no Content-Type) is refused with 415, so a
    client that forgot its Content-Type hears of it instead of having its fields ignored."""
    if request.is_json:
        return _json_object(request.get_data(cache=True))
    if request.mimetype not in FORM_TYPES and request.get_data(cache=True):
        sent = request.mimetype or "no Content-Type"
        raise UnsupportedFormat(
            f"send a JSON object (Content-Type: application/json) or form fields, not {sent}"
        )
    return request.form


def _json_object(body: bytes) -> JsonObject:
    try:
        data = json.loads(body, parse_constant=_NotJson, parse_float=_finite, parse_int=_integer)
    except RecursionError:
        raise InputError("send a JSON object (this one is nested too deeply)") from None
    except ValueError as error:  # malformed JSON, or bytes that are not UTF-8/16/32
        raise InputError(f"send a JSON object ({error})") from None
    if not isinstance(data, dict):
        raise InputError("send a JSON object")
    _check_values(data)
    return JsonObject(data)


def _finite(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else _NotJson(text)


def _integer(text: str) -> int | _NotJson:
    """A JSON integer; one with more digits than Python reads (4,300) is kept unread, to be
    refused naming its field (Python's message named neither the field nor the JSON)."""
    try:
        return int(text)
    except ValueError:
        return _NotJson(text)


def _check_values(data: dict[str, Any]) -> None:
    """Refuse lone surrogates (in keys and strings), NaN/Infinity and numbers too large to
    read anywhere in the object, naming the top-level field they are in."""
    for key, value in data.items():
        if _SURROGATE.search(key):
            raise InputError(_surrogate_message(repr(key)[1:-1]))
        _check_value(key, value)


def _check_value(field: str, value: Any) -> None:
    """One top-level field's value, walked with a stack of iterators: one per level of
    nesting (as deep as the parser takes, never the Python stack), not one entry per value
    (a 2 MB array of empty arrays is 700,000 of them)."""
    stack = [iter((value,))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, str):
                if not item.isascii() and _SURROGATE.search(item):
                    raise InputError(_surrogate_message(field))
            elif isinstance(item, _NotJson):
                raise InputError(_not_json_message(field, item.spelled))
            elif isinstance(item, dict) and item:
                if any(_SURROGATE.search(key) for key in item):
                    raise InputError(_surrogate_message(field))
                stack.append(iter(item.values()))
                break
            elif isinstance(item, list) and item:
                stack.append(iter(item))
                break
        else:
            stack.pop()


def _not_json_message(field: str, spelled: str) -> str:
    """NaN and Infinity are no JSON; a number too large for a float, or an integer of more
    digits than can be read, is too large (shown cut short, with its count of digits)."""
    if spelled.lstrip("-").isalpha():
        return f"{field}: {spelled} is not JSON (numbers in JSON are finite)"
    digits = spelled.lstrip("-")
    if digits.isdigit() and len(digits) > SHOWN_DIGITS:
        return (
            f"{field}: {spelled[:SHOWN_DIGITS]}… ({len(digits):,} digits) is too large: the"
            f" largest whole number a field takes is {MAX_WHOLE}"
        )
    return f"{field}: {spelled} is too large (numbers in JSON are finite)"


def _surrogate_message(field: str) -> str:
    return (
        f"{field} holds a lone surrogate (an escape such as \\ud800 that is half of a pair):"
        " send Unicode text"
    )


# -- typed fields ----------------------------------------------------------------------------


def json_type(value: Any) -> str:
    """A value's type as JSON names it, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def string(data: Mapping[str, Any], name: str, default: str = "") -> str:
    """A text field: a JSON string or a form field; absent is `default`."""
    if name not in data:
        return default
    value = data[name]
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string, not {json_type(value)}")
    return value


def optional_string(data: Mapping[str, Any], name: str) -> str | None:
    """A text field, or None when absent."""
    return string(data, name) if name in data else None


def whole(
    data: Mapping[str, Any], name: str, *, required: bool = False, least: int = 0
) -> int | None:
    """A whole number from `least` to MAX_WHOLE (a position or a base revision from 0, an id
    from 1): a JSON integer, or digits in a form field. Absent or an empty form field is
    None."""
    value = data.get(name) if name in data else None
    if isinstance(value, str) and not isinstance(data, JsonObject) and not value.strip():
        value = None
    elif name in data and not _whole_type(value, data):
        raise InputError(f"{name} must be a whole number, not {json_type(value)}")
    if value is None:
        if required:
            raise InputError(f"{name} is required (a whole number)")
        return None
    number = digits_value(str(value).strip(), MAX_WHOLE)
    if number is None or number < least:
        raise InputError(
            f"{name} must be a whole number from {least} to {MAX_WHOLE}, not {shown(value)}"
        )
    return number


def _whole_type(value: Any, data: Mapping[str, Any]) -> bool:
    """A JSON integer (not a boolean); in form fields, a string."""
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, int) if isinstance(data, JsonObject) else isinstance(value, int | str)


def one_of(data: Mapping[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    """One of `allowed` (absent or an empty form field: `default`); a JSON value of another
    type (false, null, 1) is refused, never taken for the default."""
    value = string(data, name, "") or default
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, not '{value}'")
    return value


def boolean(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """A yes/no field: a JSON boolean in a JSON body, or a form field or query parameter
    spelled as in YES or NO (any case); absent is `default`. Anything else is refused, naming
    the field: taking any text for yes made `one_per_line=0` mean yes, and taking it for no
    would hide a typo."""
    if name not in data:
        return default
    value = data[name]
    if isinstance(value, bool):
        return value
    if isinstance(data, JsonObject):  # JSON keeps its types: "false" is a string, not a no
        spelled = f'a string ("{value[:20]}")' if isinstance(value, str) else json_type(value)
        raise InputError(f"{name} must be true or false, not {spelled}")
    if isinstance(value, str) and value.strip().lower() in YES | NO:
        return value.strip().lower() in YES
    spelled = f"'{value}'" if isinstance(value, str) else json_type(value)
    raise InputError(f"{name} must be one of 1, true, on, yes or 0, false, off, no, not {spelled}")


# -- where to go next ------------------------------------------------------------------------


def local_path(target: Any, *, under: str = "/") -> str | None:
    """`target` when it is a path on this site (under `under`) to send a browser to after a
    form or the login (the `next` field or parameter), else None: the caller's own page then.

    Refused: anything but a string starting with one slash (another site: `//host`, `https:`,
    `javascript:`), a backslash anywhere (browsers read `/\\host` as `//host`), and any
    whitespace or control or format character (a line break in a Location header is a 500
    after the action was done, and `urlsplit` silently drops tabs and line breaks, so a
    target it passes may still hold them). What the pages put there (their own path and
    query, as request.full_path or url_for spell them) passes."""
    if not isinstance(target, str) or not target.startswith(under):
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
