"""JSON: document metadata, the edition (or draft marker), then the links, streamed.

{"format": "workbench-export", "version": 1, "document": {...}, "edition": {...} | null,
 "draft": bool, "level": ..., "source": {...}, "target": {...}, "links": [{...}, ...]}
Positions are 0-based half-open [start, end) at the export's level, as stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from workbench.exports.base import ExportData, chunked

NAME = "json"
EXTENSION = ".json"
MEDIA_TYPE = "application/json; charset=utf-8"
BINARY = False


def write(data: ExportData) -> Iterator[bytes]:
    return chunked(_parts(data))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _parts(data: ExportData) -> Iterator[str]:
    doc = {k: v for k, v in data.document.items() if v not in (None, "", {})}
    head = {
        "format": "workbench-export",
        "version": 1,
        "generated_at": data.generated_at,
        "state": data.state,
        "draft": data.draft,
        "level": data.level,
        "document": doc,
        "citation": data.citation(),
        "alignment": data.alignment["id"],
        "edition": data.edition,
        "source": {"language": data.source_language, "label": data.source_label},
        "target": {"language": data.target_language, "label": data.target_label},
        "count": data.count,
    }
    if data.notes_about:
        head["notes_included"] = data.notes_about
    yield _dump(head)[:-1] + ', "links": [\n'
    first = True
    for link in data.links():
        row: dict[str, Any] = {
            "number": link.number,
            "source": link.source,
            "target": link.target,
            "status": link.status,
            "confidence": link.confidence,
            "source_positions": list(link.src),
            "target_positions": list(link.tgt),
            "set_by": link.set_by,
        }
        if link.notes:
            row["notes"] = [note.__dict__ for note in link.notes]
        yield ("" if first else ",\n") + _dump(row)
        first = False
    yield "\n]}\n"
