"""The flags' vocabulary: an MQM-style typology of translation issues (Multidimensional
Quality Metrics, simplified for archival texts), severities and statuses.

Apart from the flags service so that the file readers, which bring flags back from the notes
our exports write, can name them without importing the storage layer.
"""

from __future__ import annotations

CATEGORIES = (
    "accuracy/mistranslation",
    "accuracy/omission",
    "accuracy/addition",
    "accuracy/untranslated",
    "terminology",
    "names-and-transliteration",
    "numbers-and-dates",
    "grammar",
    "style",
    "formatting",
    "other",
)
#: MQM severity weights: penalty points per flag.
SEVERITY_WEIGHTS = {"neutral": 0, "minor": 1, "major": 5, "critical": 25}
SEVERITIES = tuple(SEVERITY_WEIGHTS)
STATUSES = ("open", "resolved", "dismissed")
#: A dismissed flag was judged not to be an error; open and resolved ones were errors in the
#: text as reviewed, so both count towards the quality score.
COUNTED_STATUSES = ("open", "resolved")
