// The compare page: choosing A's or B's wording from the keyboard and for several rows at
// once. Everything works without this script: the radios are a plain form, A by default, and
// the server decides what may be composed.
//
// Keys (only while the focus is in the grid of rows, a row or its choice: a letter typed or
// spoken elsewhere does nothing, WCAG 2.1.4): j/k go to the next/previous row, n/p to the
// next/previous row that differs; a/b keep A's/B's wording on the row in focus and go on to
// the next row that differs. "Rows … to …" with Keep A/Keep B sets a range; a shift-click on a
// choice gives the rows since the last one chosen the same side. The count of rows that take
// B's wording follows every change (it is announced politely); on a page of a long comparison
// it adds the rows of other pages that take B (chosen there, or by "rows on pages not opened").
"use strict";

(() => {
  const form = document.querySelector("form.compose");
  if (!form) return;
  const rows = Array.from(document.querySelectorAll(".compare-row[data-row]"));
  const tools = form.querySelector(".compose-tools");
  const fromB = form.querySelector(".compose-tally .from-b");
  const rangeFrom = document.getElementById("range-from");
  const rangeTo = document.getElementById("range-to");
  const grid = document.querySelector(".compare-grid");
  let current = null;
  let anchor = null; // the row chosen last: where a shift-click range starts

  const radio = (row, side) => row.querySelector(`input[type="radio"][value="${side}"]`);
  const differs = (row) => row.classList.contains("changed");

  function recount() {
    if (!fromB) return;
    const rest = form.querySelector('input[name="rest"]:checked');
    const elsewhere = Number(fromB.dataset.elsewhere || 0) + (rest?.value === "b" ? Number(fromB.dataset.unchosen || 0) : 0);
    fromB.textContent = String(elsewhere + rows.filter((row) => differs(row) && radio(row, "b").checked).length);
  }

  function focusRow(row) {
    current = row;
    row.focus();
  }

  // The next row (by = 1) or the previous one (by = -1), only among rows that differ if asked.
  function step(by, onlyDiffering = false) {
    let at = current ? rows.indexOf(current) : by > 0 ? -1 : rows.length;
    for (at += by; at >= 0 && at < rows.length; at += by) {
      if (!onlyDiffering || differs(rows[at])) return focusRow(rows[at]);
    }
  }

  function take(list, side) {
    for (const row of list) radio(row, side).checked = true;
    recount();
  }

  function between(first, last) {
    const [i, j] = [rows.indexOf(first), rows.indexOf(last)].sort((x, y) => x - y);
    return rows.slice(i, j + 1);
  }

  function choose(side) {
    if (!current) return step(1, true);
    take([current], side);
    anchor = current;
    step(1, true);
  }

  function takeRange(side) {
    if (!rangeFrom.reportValidity() || !rangeTo.reportValidity()) return;
    const low = Math.min(Number(rangeFrom.value), Number(rangeTo.value));
    const high = Math.max(Number(rangeFrom.value), Number(rangeTo.value));
    take(rows.filter((row) => Number(row.dataset.row) >= low && Number(row.dataset.row) <= high), side);
  }

  const KEYS = {
    j: () => step(1),
    k: () => step(-1),
    n: () => step(1, true),
    p: () => step(-1, true),
    a: () => choose("a"),
    b: () => choose("b"),
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.('input:not([type="radio"]), textarea, select, [contenteditable]')) return;
    if (!grid || !grid.contains(event.target)) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // the row a click or Tab lands in becomes the row the keys act on
  document.addEventListener("focusin", (event) => {
    const row = event.target.closest?.(".compare-row[data-row]");
    if (row) current = row;
  });

  form.addEventListener("click", (event) => {
    const input = event.target.closest('input[type="radio"]');
    if (!input) return;
    const row = input.closest(".compare-row[data-row]");
    if (!row) return; // "rows on pages not opened" is no row
    if (event.shiftKey && anchor && anchor !== row) take(between(anchor, row), input.value);
    anchor = row;
  });
  form.addEventListener("change", recount);

  tools.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-take]");
    if (button) takeRange(button.dataset.take);
  });
  // Enter in a row number sets nothing and must not post the form
  for (const input of [rangeFrom, rangeTo]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  for (const row of rows) row.setAttribute("tabindex", "-1");
  tools.hidden = false;
  recount();
})();
