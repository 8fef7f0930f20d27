// Revisions in the browser: the review page's inline text editor, and "select all" in the
// editors' work queue. Everything also works without this script (history page forms).
//
// The editor opens on the focused row (key e, or its Edit button): one textarea per target
// paragraph, with the text it had when the page was rendered. Save (Ctrl+Enter) proposes one
// revision per changed paragraph, based on the revision the page showed (data-revision); a
// paragraph changed by someone else meanwhile comes back 409 with who and the diff (an HTML
// fragment escaped by the server), and nothing is overwritten. Esc cancels. Text only reaches
// the page through textContent, textarea values or that server-escaped HTML.
//
// A paragraph with a pending revision of the user's own (a <template class="own-pending"> the
// server renders, escaped, in the row) opens on that wording and its note, and says that
// saving replaces it: proposing again supersedes one's own pending revision, so starting from
// the original text would lose it without a word. A stale one (the paragraph changed since)
// opens on the current text, naming and linking it.
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

  function open(row) {
    if (!row) return say("No link is focused: move to one with j or k.", true);
    if (!root.dataset.canEditText) {
      return say("Your role may not propose revisions here (or switch to paragraph level).", true);
    }
    const existing = row.querySelector("form.inline-editor textarea:not([disabled])");
    if (existing) return existing.focus();
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
      Object.assign(area.dataset, { segment: paragraph.dataset.segment, base: paragraph.dataset.revision, original: text });
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
        close(row);
        say("Edit cancelled: nothing was proposed.");
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        save(row, form);
      }
    });
    form.querySelector("button.cancel").addEventListener("click", () => {
      close(row);
      say("Edit cancelled: nothing was proposed.");
    });
    cell.append(form);
    row.classList.add("is-editing");
    form.querySelector("textarea").focus();
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
    const areas = Array.from(form.querySelectorAll("textarea:not([disabled])"));
    const note = form.elements.note.value;
    // a new note alone re-proposes one's pending wording with it
    const noteChanged = note.trim() !== (form.dataset.note || "").trim();
    const changed = areas.filter((area) =>
      area.value.trim() !== area.dataset.original.trim() || (noteChanged && area.dataset.pending));
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
      }).catch((error) => ({ ok: false, status: 0, data: { error: { status: 0, message: error.message } } }));
      if (result.ok) {
        const gone = result.data.replaced || [];
        proposed.push(result.data.revision);
        replaced.push(...gone);
        area.disabled = true;
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
    say(`${proposed.length ? `Proposed ${noun(proposed.length)}; ` : ""}${refused} not saved: see the message under the paragraph.`, true);
  }

  root.addEventListener("review:edit", (event) => open(event.detail.row));
})();
