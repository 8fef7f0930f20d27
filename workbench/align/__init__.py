"""Pure alignment core: segments in, beads out (no Flask, no database, no file I/O)."""

from .aligner import align
from .bead import Bead
from .document import DocumentAlignment, align_document

__all__ = ["Bead", "DocumentAlignment", "align", "align_document"]
