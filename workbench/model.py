"""Plain data passed between readers, the pure core and the services.

Readers build a `ParsedDocument`; services store it. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

#: Metadata keys a document may carry (all optional). Readers fill what the file tells.
METADATA_KEYS = (
    "date",
    "summary",
    "citation",
    "archive_reference",
    "translator",
    "licence",
    "source_url",
    "original_language",
)

SEGMENT_KINDS = ("paragraph", "heading")


@dataclass
class ParsedSegment:
    """One paragraph-level unit of a version, as a reader found it."""

    text: str
    kind: str = "paragraph"  # "paragraph" or "heading"


@dataclass
class ParsedVersion:
    """One text of the document in one language."""

    segments: list[ParsedSegment]
    language: str | None = None
    role: str | None = None  # "source" or "translation" when the file says so (TMX, XLIFF)
    label: str | None = None


class FileSentence(NamedTuple):
    """A sentence link a file gives inside one of its links (our sentence-level TMX and
    XLIFF): its source and target text, its status and who set it (None: not said)."""

    source: str
    target: str
    status: str | None
    reviewer: str | None


class FileComment(NamedTuple):
    """A comment a file makes on one of its links, to be raised as a flag on it: a CAT tool's
    comment or note, or a flag our own export wrote as a note (then `status` is the flag's
    status, open or resolved; None for a comment from elsewhere, which comes in open)."""

    text: str  # the comment ("" for a flag our export wrote without one)
    side: str | None = None  # source | target; None: the whole link
    quote: str | None = None  # the words it is about, on `side` (or either side)
    author: str | None = None  # who made it, when the file says
    category: str = "other"  # one of typology.CATEGORIES
    severity: str = "neutral"  # one of typology.SEVERITIES
    status: str | None = None
    #: Later comments on the same place (a Trados comment thread): (author, text) each.
    replies: tuple[tuple[str | None, str], ...] = ()


@dataclass
class ParsedDocument:
    """What a reader returns: one version (most formats) or two plus their links (TMX, XLIFF).

    `links` are beads between versions[0] (source) and versions[1] (target): pairs of lists of
    0-based segment positions, e.g. ([0], [0]) or ([], [3]).
    """

    versions: list[ParsedVersion]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    links: list[tuple[list[int], list[int]]] | None = None
    format: str = ""
    #: The status of each link (auto | confirmed | edited) when the file says it, as our own
    #: TMX and XLIFF exports do; None: every link is confirmed (a file is someone's alignment).
    link_statuses: list[str] | None = None
    #: Who set each link's status (TMX x-reviewer, XLIFF 2 mda reviewer) when the file says it;
    #: None for a link, or for all: whoever imports the file vouches for its confirmed links.
    link_reviewers: list[str | None] | None = None
    #: Per link, the sentence links the file pairs inside it, in order (our sentence-level
    #: exports: a TMX unit, an XLIFF 2 segment each), so that a reviewer's sentence links
    #: come back as they were; None for a link, or for all, of which the file says nothing.
    sentence_links: list[list[FileSentence] | None] | None = None
    #: What the reader left out that the person importing should know, one line each (a TMX
    #: unit's second text in one language): shown by the CLI, the upload form and the API.
    notes: list[str] = field(default_factory=list)
    #: Per link, the comments the file makes on it (see FileComment); None: the file has none.
    comments: list[list[FileComment]] | None = None


@dataclass(frozen=True)
class ReadOptions:
    """What the caller knows beyond the bytes: the file name and user choices."""

    filename: str = ""
    one_per_line: bool = False
    source_language: str | None = None
    target_language: str | None = None
    #: The option that names a file's format where the caller takes one (`import --format`,
    #: `align --input-format`): an error about a file it cannot tell says which.
    format_option: str = "--format"
    #: The source and target languages of the document a file is imported into: what a
    #: table that says none (our own CSV/TSV export) is read in, as its TMX or XLIFF would be.
    document_languages: tuple[str | None, str | None] | None = None
