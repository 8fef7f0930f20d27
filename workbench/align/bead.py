"""The unit of an alignment: a group of source segments linked to a group of target segments."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    """src ↔ tgt segment indices (0-based, contiguous, ascending; either side may be empty).

    score: log-likelihood ratio in nats of "these segments translate each other" against
      "they are unrelated", including the log prior of the bead type; higher is better,
      above 0 means the bead is more likely than not under the model. 1-0 / 0-1 beads score
      the log prior of standing alone. Kept beads score 0.
    confidence: posterior probability (0..1) of exactly this bead given the whole text pair,
      summed over all alignments in the search band (forward–backward), averaged over the
      final model and the first-pass model (before it learned from this text), scaled by 1,
      3/4 or 1/2 as the first pass cuts both, one or neither end (paths.end_agreement), and for a
      1-0 / 0-1 bead by exp(-W), W the weight of its words' links into a neighbour beyond chance
      (splits.solo_factors); kept beads have 1.
    reasons: short human-readable evidence for the bead.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    confidence: float
    reasons: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """Bead type such as '1-1' or '2-0'."""
        return f"{len(self.src)}-{len(self.tgt)}"
