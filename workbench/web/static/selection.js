// Where a selection made in a row's paragraph ends, for the review page's flag dialog (f, in
// review.js) and its glossary dialog (g, in qa.js): one rule for both.
"use strict";

window.workbenchSelection = Object.freeze({
  // A range that ends just past the paragraph it starts in (`paragraphOf(node)` finds it),
  // with nothing but white space or markup in between, ends with that paragraph: a
  // triple-click (Chromium ends it at offset 0 of the next element: the next row's first
  // span, a hidden label) or a drag past a line's end. Other ranges are as they are.
  trimmedEnd(range, paragraphOf) {
    const first = paragraphOf(range.startContainer);
    if (!first || first.contains(range.endContainer)) return range;
    const past = document.createRange();
    past.setStart(first, first.childNodes.length);
    past.setEnd(range.endContainer, range.endOffset);
    if (past.collapsed || past.toString().trim()) return range;
    const trimmed = range.cloneRange();
    trimmed.setEnd(first, first.childNodes.length);
    return trimmed;
  },
});
