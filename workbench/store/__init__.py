"""All storage: the only package that writes SQL. A thin typed layer over sqlite-utils.

One `Store` class, assembled from one query module per area so that each stays small. Store
methods never commit on their own: services wrap each use case in `store.transaction()`, so a
failure half-way leaves the database exactly as it was.
"""

from workbench.store.alignments import AlignmentQueries
from workbench.store.base import DEFAULT_DB, DOCUMENT_FIELDS, LinkRow, default_db_path, now
from workbench.store.documents import DocumentQueries
from workbench.store.editions import EditionQueries
from workbench.store.exports import ExportQueries
from workbench.store.flags import FlagQueries
from workbench.store.glossary import GlossaryQueries
from workbench.store.queues import QueueQueries
from workbench.store.review import ReviewQueries
from workbench.store.revisions import RevisionQueries
from workbench.store.search import SearchQueries


class Store(
    QueueQueries,
    GlossaryQueries,
    ExportQueries,
    SearchQueries,
    EditionQueries,
    RevisionQueries,
    ReviewQueries,
    FlagQueries,
    AlignmentQueries,
    DocumentQueries,
):
    """A workbench database: opened, migrated, and queried only through these methods."""


__all__ = ["DEFAULT_DB", "DOCUMENT_FIELDS", "LinkRow", "Store", "default_db_path", "now"]
