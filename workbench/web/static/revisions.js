// Revisions in the browser: the review page's inline text editor, and "select all" in the
// editors' work queue. Everything also works without this script (history page forms).
//
// The editor opens on the focused row (key e, or its Edit button): one textarea per target
// paragraph, with the text it had when the page was rendered. Save (Ctrl+Enter) proposes one
// revision per changed paragraph, based on the revision the page showed (data-revision); a
// paragraph changed by someone else meanwhile comes back 409 with who and the diff (an HTML
// fragment escaped by the server), and nothing is overwritten. The 409 also says where the
// paragraph stands now, so its box offers "Start again from the current text": the textarea
// takes the current text (or one's own pending wording proposed since) and its revision as the
// new base, and the wording typed so far stays beside it, read-only, to copy from; the row
// shows the current text. The textarea never keeps the old wording on the new base: proposing
// it as it was would quietly undo the change that caused the conflict. Esc cancels at once
// when nothing was changed; with changes (or kept wording) it asks first, and a second Esc
// discards them. Text only reaches the page through textContent, textarea values or that
// server-escaped HTML.
//
// A paragraph with a pending revision of the user's own (a <template class="own-pending"> the
// server renders, escaped, in the row) opens on that wording and its note, and says that
// saving replaces it: proposing again supersedes one's own pending revision, so starting from
// the original text would lose it without a word. A stale one (the paragraph changed since)
// opens on the current text, naming and linking it. Every save says which pending revision it
// replaces (`replaces`, 0 for none), so that one proposed meanwhile in another tab is refused
// (409, with its wording) instead of being replaced unseen.
"use strict";

(() => {
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";

  // -- the editors' queue: select all -------------------------------------------------------

  for (const all of document.querySelectorAll("input.select-all")) {
    const boxes = () => Array.from(all.closest("form").querySelectorAll('input[name="ids"]'));
    all.hidden = false;
    all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  }

  const root = document.getElementById("review");
  if (!root) return;
  const statusLine = document.getElementById("status");

  function say(message, isError = false) {
    statusLine.textContent = message;
    statusLine.classList.toggle("is-error", isError);
    statusLine.classList.toggle("is-ok", !isError);
  }

  async function propose(segment, body) {
    const response = await fetch(`${root.dataset.segmentsUrl}/${segment}/revisions`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = { error: { status: response.status, message: `${response.status} ${response.statusText}` } };
    }
    return { ok: response.ok, status: response.status, data };
  }

  // -- the editor ---------------------------------------------------------------------------

  function element(tag, props = {}, children = []) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function close(row, { focus = true } = {}) {
    const form = row.querySelector("form.inline-editor");
    if (!form) return;
    form.remove();
    row.classList.remove("is-editing");
    if (focus) row.focus({ preventScroll: true });
  }

  // The user's own pending revision of a paragraph: {id, url, text, note, stale}, or null.
  function ownPending(paragraph) {
    const template = paragraph.querySelector("template.own-pending");
    if (!template || template.dataset.author !== root.dataset.user) return null;
    const part = (name) => template.content.querySelector(`p.${name}`)?.textContent ?? "";
    return {
      id: template.dataset.revisionId,
      url: template.dataset.url,
      text: part("text"),
      note: part("note"),
      stale: template.dataset.stale === "yes",
    };
  }

  // What the editor says about a pending revision of one's own, with a link to it.
  function pendingNotice(own) {
    const link = element("a", { href: own.url, textContent: `pending revision ${own.id}` });
    const notice = element("p", { className: "editor-pending" });
    notice.dataset.revision = own.id;
    if (own.stale) {
      notice.classList.add("stale");
      notice.append("Your ", link, " is stale (the paragraph changed since you proposed it): this is the current text; saving replaces it.");
    } else {
      notice.append("Continuing your ", link, "; saving replaces it.");
    }
    return notice;
  }

  // Open the editor on a row, focused on the paragraph of target segment `segment` (e at
  // sentence level: the paragraph holding the sentence), else on its first paragraph.
  function open(row, segment = null) {
    if (!row) return say("No link is focused: move to one with j or k.", true);
    if (!root.dataset.canEditText) {
      return say("Your role may not propose revisions here (or switch to paragraph level).", true);
    }
    const existing = row.querySelector("form.inline-editor textarea[data-segment]:not([disabled])");
    if (existing) return existing.focus();
    // another row's editor with changes in it is not closed unseen: back to it, saying why
    const busy = Array.from(document.querySelectorAll("li.link-row.is-editing"))
      .find((other) => other !== row && unsaved(other.querySelector("form.inline-editor")));
    if (busy) {
      busy.querySelector("form.inline-editor textarea[data-segment]:not([disabled])")?.focus();
      const where = busy.querySelector("form.inline-editor label")?.textContent || "another row";
      return say(`Your changes to ${where} are not saved: Ctrl+Enter proposes them, Esc twice discards them.`, true);
    }
    document.querySelectorAll("li.link-row.is-editing").forEach((other) => close(other, { focus: false }));
    const cell = row.querySelector(".cell.target");
    const paragraphs = Array.from(cell.querySelectorAll(".segment[data-segment]"));
    if (!paragraphs.length) return say("This link has no target paragraph to edit.", true);

    const form = element("form", { className: "inline-editor", noValidate: true });
    form.setAttribute("aria-label", "Propose new wording for the target paragraphs");
    const continued = [];
    const stale = [];
    let pendingNote = "";
    for (const paragraph of paragraphs) {
      const own = ownPending(paragraph);
      const current = paragraph.querySelector("p.text").textContent;
      // a live pending revision of one's own is where the work is; "changed?" compares to it
      const text = own && !own.stale ? own.text : current;
      const position = Number(paragraph.querySelector("p.text").dataset.position) + 1;
      const id = `edit-${paragraph.dataset.segment}`;
      const area = element("textarea", { id, value: text, rows: Math.min(14, Math.max(3, Math.ceil(text.length / 60) + 1)) });
      area.lang = cell.lang;
      area.dir = cell.dir || "auto";
      // the server's limit (data-text-max: revisions.MAX_TEXT), as for the note below
      if (root.dataset.textMax) area.maxLength = Number(root.dataset.textMax);
      Object.assign(area.dataset, { segment: paragraph.dataset.segment, base: paragraph.dataset.revision, original: text });
      // the pending revision of one's own that saving replaces (stale or not); none: ""
      area.dataset.replaces = own ? own.id : "";
      const label = element("label", { htmlFor: id, textContent: `¶ ${position}` });
      const conflict = element("div", { className: "editor-conflict" });
      conflict.dataset.for = paragraph.dataset.segment;
      conflict.setAttribute("aria-live", "polite");
      const parts = [label];
      if (own) {
        const notice = pendingNotice(own);
        notice.id = `${id}-pending`;
        area.setAttribute("aria-describedby", notice.id);
        parts.push(notice);
        if (own.stale) {
          stale.push(own.id);
        } else {
          area.dataset.pending = own.id;
          continued.push(own.id);
          pendingNote ||= own.note;
        }
      }
      form.append(element("div", { className: "editor-paragraph" }, [...parts, area, conflict]));
    }
    const note = element("input", { name: "note", id: `edit-note-${row.dataset.link}`, value: pendingNote });
    // the server's limit (data-note-max: revisions.MAX_COMMENT), not a copy of it that drifts
    if (root.dataset.noteMax) note.maxLength = Number(root.dataset.noteMax);
    note.lang = "en";
    form.dataset.note = pendingNote;
    form.append(
      element("label", { htmlFor: note.id, className: "note", textContent: "Note for the editor" }),
      note,
      element("div", { className: "buttons" }, [
        element("button", { type: "submit" }, ["Propose ", element("kbd", { textContent: "Ctrl+Enter" })]),
        element("button", { type: "button", className: "secondary cancel" }, ["Cancel ", element("kbd", { textContent: "Esc" })]),
      ]),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(row, form);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        cancel(row, form, "Press Esc again to discard your changes.");
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        save(row, form);
      }
    });
    // typing after the first Esc means the changes are wanted: the next Esc asks again
    form.addEventListener("input", () => disarm(form));
    form.querySelector("button.cancel").addEventListener("click", () => {
      cancel(row, form, "Press Cancel again, or Esc, to discard your changes.");
    });
    cell.append(form);
    row.classList.add("is-editing");
    const asked = segment && form.querySelector(`textarea[data-segment="${CSS.escape(String(segment))}"]`);
    if (asked) {
      // a paragraph further down a long link: shown, not left under the sticky toolbar
      asked.focus({ preventScroll: true });
      asked.scrollIntoView({ block: "center" });
    } else {
      form.querySelector("textarea").focus();
    }
    const revisions = (ids) => `pending revision${ids.length === 1 ? "" : "s"} ${ids.join(", ")}`;
    if (continued.length) {
      say(`Continuing your ${revisions(continued)}: Ctrl+Enter proposes (replacing it), Esc cancels.`);
    } else if (stale.length) {
      say(`Your ${revisions(stale)} ${stale.length === 1 ? "is" : "are"} stale: editing the current text (saving replaces it); Esc cancels.`);
    } else {
      say("Editing the target text: Ctrl+Enter proposes, Esc cancels.");
    }
  }

  async function save(row, form) {
    if (form.dataset.busy) return;
    const areas = Array.from(form.querySelectorAll("textarea[data-segment]:not([disabled])"));
    const note = form.elements.note.value;
    // a new note alone re-proposes one's pending wording with it
    const noteChanged = note.trim() !== (form.dataset.note || "").trim();
    const changed = areas.filter((area) =>
      area.value.trim() !== area.dataset.original.trim() || (noteChanged && area.dataset.pending));
    disarm(form);
    if (!changed.length) return say("Nothing changed: edit a paragraph, or Esc to cancel.", true);
    form.dataset.busy = "yes";
    const proposed = [];
    const replaced = [];
    let refused = 0;
    for (const area of changed) {
      const box = form.querySelector(`.editor-conflict[data-for="${area.dataset.segment}"]`);
      box.replaceChildren();
      const result = await propose(area.dataset.segment, {
        text: area.value,
        base_revision: Number(area.dataset.base),
        note,
        alignment_id: Number(root.dataset.alignment),
        replaces: Number(area.dataset.replaces || 0),
      }).catch((error) => ({ ok: false, status: 0, data: { error: { status: 0, message: error.message } } }));
      if (result.ok) {
        const gone = result.data.replaced || [];
        proposed.push(result.data.revision);
        replaced.push(...gone);
        area.disabled = true;
        yoursBox(area)?.remove();
        const replacing = gone.length ? ` It replaces your pending revision ${gone.join(", ")}.` : "";
        box.append(element("p", { className: "saved", textContent: `Proposed as revision ${result.data.revision}.${replacing}` }));
        continue;
      }
      refused += 1;
      area.setAttribute("aria-invalid", "true");
      const error = result.data.error || {};
      if (result.status === 409 && error.html) {
        const parsed = new DOMParser().parseFromString(error.html, "text/html");
        box.append(...Array.from(parsed.body.childNodes).map((node) => document.adoptNode(node)));
        if (error.current_revision !== undefined && error.current_revision !== null) {
          // the row is out of date now: closing the editor reloads it, whatever happens next
          form.dataset.outdated = "yes";
          box.append(startAgainButton(row, form, area, error));
        }
      } else {
        box.append(element("p", { className: "error", textContent: error.message || "Not saved." }));
      }
    }
    delete form.dataset.busy;
    const noun = (n) => `${n} revision${n === 1 ? "" : "s"}`;
    if (!refused) {
      close(row, { focus: false });
      const replacing = replaced.length
        ? ` ${proposed.length === 1 ? "It replaces" : "They replace"} your pending revision${replaced.length === 1 ? "" : "s"} ${replaced.join(", ")}.`
        : "";
      const message = `Proposed ${noun(proposed.length)}: an editor will review ${proposed.length === 1 ? "it" : "them"}.${replacing}`;
      root.dispatchEvent(new CustomEvent("review:reload", { detail: { link: row.dataset.link, message } }));
      return;
    }
    const first = form.querySelector('textarea[aria-invalid="true"]');
    first?.focus();
    const again = form.querySelector("button.start-again") ? `; Tab to “${form.querySelector("button.start-again").textContent}”` : "";
    say(`${proposed.length ? `Proposed ${noun(proposed.length)}; ` : ""}${refused} not saved: see the message under the paragraph${again}.`, true);
  }

  // -- after a conflict: start again from where the paragraph stands ------------------------

  // The read-only box holding the wording typed before starting again (or undefined).
  function yoursBox(area) {
    return area.closest(".editor-paragraph")?.querySelector(".editor-yours") ?? undefined;
  }

  // The 409's way on: its label names what the editor will hold.
  function startAgainButton(row, form, area, conflict) {
    const own = conflict.pending && !conflict.pending.stale ? conflict.pending : null;
    const label = own ? `Start again from your pending revision ${own.id}` : "Start again from the current text";
    const button = element("button", { type: "button", className: "secondary start-again", textContent: label });
    button.addEventListener("click", () => startAgain(row, form, area, conflict));
    return button;
  }

  // The textarea takes the text the paragraph has now (one's own pending wording when that is
  // what stands: it is what a save replaces) and its revision as the base; what was typed is
  // kept read-only under it, and the row shows the current text.
  function startAgain(row, form, area, conflict) {
    const own = conflict.pending && !conflict.pending.stale ? conflict.pending : null;
    const from = own ? own.text : conflict.current_text;
    const kept = yoursBox(area)?.querySelector("textarea")?.value;
    const typed = area.value.trim() !== area.dataset.original.trim() || kept === undefined ? area.value : kept;
    area.value = from;
    Object.assign(area.dataset, { original: from, base: String(conflict.current_revision) });
    area.dataset.replaces = conflict.pending ? conflict.pending.id : "";
    if (own) {
      area.dataset.pending = own.id;
      const note = form.elements.note;
      if (note.value.trim() === (form.dataset.note || "").trim()) note.value = own.note || "";
      form.dataset.note = own.note || "";
    } else {
      delete area.dataset.pending;
    }
    area.removeAttribute("aria-invalid");
    disarm(form);

    const segment = area.dataset.segment;
    const paragraph = row.querySelector(`.segment[data-segment="${segment}"]`);
    if (paragraph) {
      paragraph.dataset.revision = String(conflict.current_revision);
      const text = paragraph.querySelector("p.text");
      if (text) text.textContent = conflict.current_text;
    }

    const box = form.querySelector(`.editor-conflict[data-for="${segment}"]`);
    const where = own
      ? `your pending revision ${own.id}`
      : `the current text (revision ${conflict.current_revision}${conflict.changed_by ? `, changed by ${conflict.changed_by}` : ""})`;
    const diff = Array.from(box.querySelectorAll(".conflict-legend, .conflict-diff"));
    box.replaceChildren(
      element("p", { className: "started-again", textContent: `Started again from ${where}. Your text is kept below, not saved: copy from it what you need.` }),
      ...diff,
    );
    yoursBox(area)?.remove();
    const id = `${area.id}-yours`;
    const yours = element("textarea", { id, className: "yours", value: typed, readOnly: true, rows: area.rows });
    yours.lang = area.lang;
    yours.dir = area.dir;
    box.after(element("div", { className: "editor-yours" }, [
      element("label", { htmlFor: id, textContent: "Your text (not saved)" }),
      yours,
    ]));
    const described = new Set((area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
    area.setAttribute("aria-describedby", [...described.add(id)].join(" "));
    area.focus();
    area.setSelectionRange(0, 0);
    say(`Started again from ${where}; your text is kept under it to copy from. Ctrl+Enter proposes, Esc cancels.`);
  }

  // -- cancelling ---------------------------------------------------------------------------

  // Whether closing would lose something: a changed text or note, or wording kept after a
  // conflict.
  function unsaved(form) {
    if (!form) return false;
    const areas = Array.from(form.querySelectorAll("textarea[data-segment]:not([disabled])"));
    const note = form.elements.note.value.trim() !== (form.dataset.note || "").trim();
    return note || areas.some((area) => area.value.trim() !== area.dataset.original.trim() || yoursBox(area));
  }

  // What an editor's unsaved changes are in, for a message: "¶ 21", "¶ 21, ¶ 23", "the note".
  function unsavedWhere(form) {
    const changed = Array.from(form.querySelectorAll("textarea[data-segment]:not([disabled])"))
      .filter((area) => area.value.trim() !== area.dataset.original.trim() || yoursBox(area))
      .map((area) => form.querySelector(`label[for="${area.id}"]`)?.textContent)
      .filter(Boolean);
    return changed.length ? changed.join(", ") : "the note";
  }

  function disarm(form) {
    if (!form.dataset.discard) return;
    delete form.dataset.discard;
    const button = form.querySelector("button.cancel");
    if (button) button.firstChild.nodeValue = "Cancel ";
  }

  // Esc (or Cancel): unchanged, the editor closes at once; with changes, the first asks and the
  // second discards. An editor that learnt of a newer text reloads its row as it closes.
  function cancel(row, form, ask) {
    const changes = unsaved(form);
    if (changes && !form.dataset.discard) {
      form.dataset.discard = "armed";
      form.querySelector("button.cancel").firstChild.nodeValue = "Discard changes ";
      return say(ask);
    }
    close(row);
    const message = changes
      ? "Edit cancelled: your changes were discarded; nothing was proposed."
      : "Edit cancelled: nothing was proposed.";
    if (form.dataset.outdated) {
      root.dispatchEvent(new CustomEvent("review:reload", { detail: { link: row.dataset.link, message } }));
    } else {
      say(message);
    }
  }

  root.addEventListener("review:edit", (event) => open(event.detail.row, event.detail.segment));

  // review.js asks before it replaces the rows (an edit, an undo, paging): an editor with
  // unsaved changes would go with them unseen, so the answer is no, and why; the editor, its
  // text and the focus stay where they are (e goes back to it, as open() does).
  root.addEventListener("review:leave", (event) => {
    const form = Array.from(document.querySelectorAll("form.inline-editor")).find(unsaved);
    if (!form) return;
    event.preventDefault();
    const where = unsavedWhere(form);
    event.detail.message = `Your changes to ${where} are not saved: propose them (Ctrl+Enter) or discard them (Esc twice) first; e goes back to them.`;
  });
})();
