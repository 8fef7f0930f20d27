// The review page's glossary dialog: add a term from the selected text (key g, in review.js).
//
// The last text selected in a source and in a target paragraph is remembered (per row), so a
// reviewer can select the source term, then its translation, then press g: both fields are
// filled. Only while the keyboard stays on that row: moving to another row forgets them, and
// the dialog is for the row of the selection there is now, else the focused row (never the
// row of a selection made and cleared rows ago). Selected text only ever reaches the page
// through input values and textContent.
"use strict";

(() => {
  const root = document.getElementById("review");
  const dialog = document.getElementById("glossary-dialog");
  if (!root || !dialog) return;

  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const statusLine = document.getElementById("status");
  const form = document.getElementById("glossary-form");
  const picked = { source: null, target: null };

  function say(message, isError = false) {
    statusLine.textContent = message;
    statusLine.classList.toggle("is-error", isError);
    statusLine.classList.toggle("is-ok", !isError);
  }

  const paragraphOf = (node) =>
    (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest("p.text[data-side]");

  // a triple-clicked paragraph is that paragraph (selection.js)
  const trimmedEnd = (range) => window.workbenchSelection.trimmedEnd(range, paragraphOf);

  // The text selected now inside one paragraph of a row: {side, text, link}, else null.
  function selected() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = trimmedEnd(selection.getRangeAt(0));
    const paragraph = paragraphOf(range.startContainer);
    if (!paragraph || paragraph !== paragraphOf(range.endContainer)) return null;
    const text = range.toString().replace(/\s+/g, " ").trim();
    const row = paragraph.closest("li.link-row");
    if (!text || !row) return null;
    return { side: paragraph.dataset.side, text, link: row.dataset.link };
  }

  document.addEventListener("selectionchange", () => {
    const now = selected();
    if (now) picked[now.side] = now;
  });

  // The keyboard on another row (j, k, a click): what was selected elsewhere is not for it.
  root.addEventListener("focusin", (event) => {
    const row = event.target.closest?.("li.link-row");
    if (!row) return;
    for (const side of ["source", "target"]) {
      if (picked[side] && picked[side].link !== row.dataset.link) picked[side] = null;
    }
  });

  function open(row) {
    if (!root.dataset.canEditGlossary) return say("Your role may not change the glossary.", true);
    // The row of the text selected now, else the focused row (a selection made and cleared
    // rows ago is not where the person is).
    const link = selected()?.link ?? row?.dataset.link;
    const fill = (side) => (picked[side] && picked[side].link === link ? picked[side].text : "");
    form.reset();
    form.elements.source.value = fill("source").slice(0, 500);
    form.elements.target.value = fill("target").slice(0, 500);
    dialog.showModal();
    (form.elements.source.value ? form.elements.target : form.elements.source).focus();
    dialog.dataset.link = link ?? "";
  }

  root.addEventListener("review:glossary", (event) => open(event.detail.row));

  dialog.addEventListener("click", (event) => {
    if (event.target.closest("[data-close]")) dialog.close();
  });

  async function errorMessage(response) {
    try {
      const data = await response.json();
      return data.error?.message || response.statusText;
    } catch {
      return `${response.status} ${response.statusText}`;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      source: form.elements.source.value,
      target: form.elements.target.value,
      note: form.elements.note.value,
      forbidden: form.elements.forbidden.value,
      scope: form.elements.shared.checked ? "shared" : "document",
      src_lang: root.dataset.sourceLang,
      tgt_lang: root.dataset.targetLang,
    };
    const link = dialog.dataset.link;
    dialog.close();
    try {
      const response = await fetch(root.dataset.glossaryUrl, {
        method: "POST",
        headers: { "X-CSRF-Token": csrf, Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      const data = await response.json();
      picked.source = picked.target = null;
      // The glossary check may now report (or stop reporting) findings: show the rows again.
      if (link) root.dispatchEvent(new CustomEvent("review:reload", { detail: { link: Number(link), message: data.message } }));
      else say(data.message);
    } catch (error) {
      say(error.message, true);
    }
  });
})();
