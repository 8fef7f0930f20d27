"""Reading a request's fields, the same way on every page and in the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request

from workbench.errors import InputError


def payload() -> Mapping[str, Any]:
    """Form fields (multipart for uploads), or a JSON object: scripts may send either."""
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise InputError("send a JSON object")
        return data
    return request.form
