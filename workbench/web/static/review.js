// The review page: keyboard-first moves and edits without reloading the page.
//
// Every edit is a fetch POST (with the X-CSRF-Token header) that answers JSON
// {ok, focus, message} or {error: {status, message}}; then the current window of rows is fetched again as an
// HTML partial rendered (and escaped) by the server, and the focus goes back to the affected
// row. Text from the documents only ever reaches the page through that escaped HTML or
// through textContent: never innerHTML with user text, never eval.
//
// An edit that would drop confirmed links comes back 409 with {error: {confirm: {message, verb}}}:
// the page asks (Enter goes ahead, Esc keeps the links) and posts again with confirmed_ok. So
// does z when undoing would drop links someone else confirmed since ("Undoing your merge …").
//
// The keys act on the current row (li.is-current), which follows the keyboard focus: focus
// entering a row, or one of its controls, makes it current. They act only while the focus is
// in the grid (WCAG 2.1.4: a letter typed or spoken elsewhere does nothing), and the letters
// can be turned off in the help dialog (remembered in localStorage). The grid is one Tab stop
// (the current row); a row's controls are reached from it with → and ←, or w for its reasons.
"use strict";

(() => {
  const root = document.getElementById("review");
  if (!root) return;
  // the controls this script works are hidden until it runs (review.css: .scripted)
  root.classList.add("scripted");

  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const statusLine = document.getElementById("status");
  const splitDialog = document.getElementById("split-dialog");
  const flagDialog = document.getElementById("flag-dialog");
  const helpDialog = document.getElementById("help-dialog");
  const confirmDialog = document.getElementById("confirm-dialog");
  const flagError = document.getElementById("flag-error");
  const quoteField = document.getElementById("flag-quote");
  const sideField = document.getElementById("flag-side");
  const occurrenceField = document.getElementById("flag-occurrence");
  const occurrencesSaid = document.getElementById("flag-occurrences");
  const FILTERS = ["status", "below", "q", "flagged", "qa", "level", "limit"];
  const filters = keptFilters();
  // At sentence level the same keys edit sentence links, inside their paragraph link; what
  // only exists per paragraph (flags, QA findings, text revisions) says so instead.
  const atSentences = root.dataset.level === "sentence";
  const noun = atSentences ? "sentence" : "paragraph";
  const unitSign = atSentences ? "s." : "¶";
  let current = null;
  let busy = false;
  let flagTarget = null;

  // -- the window of rows -------------------------------------------------------------------

  function keptFilters() {
    const params = new URLSearchParams(location.search);
    const kept = new URLSearchParams();
    for (const name of FILTERS) {
      const value = params.get(name);
      if (value) kept.set(name, value);
    }
    return kept;
  }

  const win = () => document.getElementById("window");
  const rows = () => Array.from(win().querySelectorAll("li.link-row"));
  const windowInfo = () => {
    const data = win().dataset;
    return { offset: Number(data.offset), limit: Number(data.limit), total: Number(data.total) };
  };

  function say(message, isError = false) {
    // the same words again (k on the first link twice) must still change the live region,
    // or a screen reader says nothing the second time: a no-break space tells them apart
    if (statusLine.textContent === message) message += "\u00a0";
    statusLine.textContent = message;
    statusLine.classList.toggle("is-error", isError);
    statusLine.classList.toggle("is-ok", !isError);
  }

  // The toolbar sticks to the top of the window and covers what scrolls under it (two or
  // three lines of buttons, more in a narrow window): rows scroll to just below it. Its
  // height is kept in --toolbar-height, which the rows' scroll-margin-top reads.
  const toolbar = root.querySelector(".toolbar");
  const GAP = 8;

  function toolbarHeight() {
    if (!toolbar || getComputedStyle(toolbar).position !== "sticky") return 0;
    return Math.ceil(toolbar.getBoundingClientRect().height);
  }

  function measureToolbar() {
    root.style.setProperty("--toolbar-height", `${toolbarHeight()}px`);
  }
  measureToolbar();
  if (toolbar && window.ResizeObserver) new ResizeObserver(measureToolbar).observe(toolbar);

  // Scroll a row into view below the toolbar. A row taller than the room below the toolbar
  // (a chapter-size paragraph) shows its start, wherever it was asked to go: "nearest"
  // would show its end when coming from above and its middle or end when coming from below;
  // but a tall row that fills the window already (one read half-way and then confirmed)
  // stays where it is. "jump": "nearest" for a row in sight, else "center" (the row an edit
  // or an undo names).
  function reveal(row, block = "nearest") {
    measureToolbar();
    const top = toolbarHeight();
    const box = row.getBoundingClientRect();
    const tall = box.height > window.innerHeight - top - 2 * GAP;
    const inSight = box.bottom > top && box.top < window.innerHeight;
    const filling = box.top <= top + GAP && box.bottom >= window.innerHeight;
    if (block === "jump") block = inSight ? "nearest" : "center";
    if (tall && filling && block === "nearest") return;
    row.scrollIntoView({ block: tall ? "start" : block });
  }

  // Make a row the current one (the grid's one Tab stop) and, unless told to leave the focus
  // where it is (a text selection being flagged, a control inside the row), focus it.
  function focusRow(row, { scroll = true, block = "nearest", keepFocus = false } = {}) {
    if (!row) return;
    if (current && current !== row) {
      current.classList.remove("is-current");
      current.tabIndex = -1;
    }
    current = row;
    row.classList.add("is-current");
    row.tabIndex = 0;
    if (!keepFocus) row.focus({ preventScroll: true });
    if (scroll) reveal(row, block);
    const params = new URLSearchParams(filters);
    params.set("at", row.dataset.link);
    history.replaceState(null, "", `${root.dataset.pageUrl}?${params}`);
  }

  // Focus a row of a fresh window: the wanted link, else the same index, else the first row.
  function placeFocus({ id = null, index = null, last = false, scroll = true, block } = {}) {
    const all = rows();
    current = null;
    if (!all.length) {
      // no row (the filter hides them all): the focus stays in the grid, on what it says, so
      // that z (undo) and n still work and a screen reader hears why the list is empty
      const empty = win().querySelector("p.empty");
      if (empty) {
        empty.tabIndex = -1;
        empty.focus({ preventScroll: true });
      }
      return;
    }
    let row = id != null ? document.getElementById(`link-${id}`) : null;
    if (!row) {
      const atIndex = win().dataset.atIndex;
      const wanted = index ?? (atIndex !== "" ? Number(atIndex) : null);
      if (last) row = all[all.length - 1];
      else if (wanted != null) {
        const at = Math.max(0, Math.min(all.length - 1, wanted - windowInfo().offset));
        row = all[at];
      } else row = all[0];
    }
    focusRow(row, { scroll, block });
  }

  async function errorMessage(response) {
    return (await failure(response)).message;
  }

  // A refused request as an Error with its message, status and JSON body (if any).
  async function failure(response) {
    let data = {};
    let message = `${response.status} ${response.statusText}`;
    try {
      data = await response.json();
      message = data.error?.message || response.statusText;
    } catch {
      // not JSON: the status says enough
    }
    return Object.assign(new Error(message), { status: response.status, data });
  }

  async function fetchHtml(url) {
    const response = await fetch(url, {
      headers: { Accept: "application/json;q=1, text/html;q=0.9" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(await errorMessage(response));
    return new DOMParser().parseFromString(await response.text(), "text/html");
  }

  // Unsaved wording in the inline editor (revisions.js) would go with the rows when the
  // window is replaced: what would replace them (an edit, an undo, paging) is refused instead,
  // as Esc asks before discarding it. revisions.js answers "review:leave" by cancelling it and
  // saying why. Null when the rows may be replaced, else that message.
  function editorKept() {
    const asking = new CustomEvent("review:leave", { cancelable: true, detail: { message: "" } });
    if (root.dispatchEvent(asking)) return null;
    return asking.detail.message || "Your changes in the editor are not saved: Ctrl+Enter proposes them, Esc twice discards them.";
  }

  // Replace the window of rows; refused (an Error with `kept`) while the editor holds unsaved
  // changes, checked at the last moment, when they would be lost.
  async function loadWindow(where, want = {}) {
    const params = new URLSearchParams(filters);
    for (const [name, value] of Object.entries(where)) params.set(name, value);
    const parsed = await fetchHtml(`${root.dataset.rowsUrl}?${params}`);
    const kept = editorKept();
    if (kept) throw Object.assign(new Error(kept), { kept: true });
    const fresh = parsed.getElementById("window");
    win().replaceWith(document.adoptNode(fresh));
    placeFocus(want);
  }

  // Show the rows again around a link after a change made outside them (a flag, a glossary
  // term, a proposed revision), then say what was done; with unsaved changes in the editor
  // the rows stay as they are, and the status line says both.
  async function showAgain(link, message) {
    try {
      await loadWindow({ at: link }, { id: link });
      say(message);
    } catch (error) {
      say(error.kept ? `${message} ${error.message}` : error.message, true);
    }
  }

  function sayWindow() {
    // a new page of rows came in under the focus: say which, as the pager would show it
    const { offset, total } = windowInfo();
    say(`Links ${offset + 1}–${offset + rows().length} of ${total}.`);
  }

  async function move(step) {
    const all = rows();
    if (!all.length) return;
    const next = (current ? all.indexOf(current) : -1) + step;
    if (next >= 0 && next < all.length) {
      focusRow(all[next]);
      return;
    }
    const { offset, limit, total } = windowInfo();
    if (busy) return;
    busy = true;
    try {
      if (step > 0 && offset + all.length < total) {
        await loadWindow({ offset: offset + limit }, { index: offset + limit, block: "start" });
        sayWindow();
      } else if (step < 0 && offset > 0) {
        await loadWindow({ offset: Math.max(0, offset - limit) }, { last: true, block: "end" });
        sayWindow();
      } else {
        say(step > 0 ? "This is the last link." : "This is the first link.");
      }
    } catch (error) {
      say(error.message, true);
    } finally {
      busy = false;
    }
  }

  // -- edits --------------------------------------------------------------------------------

  async function post(url, data, { json = false } = {}) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    const body = json ? JSON.stringify(data) : new URLSearchParams(data);
    const response = await fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  // Post an edit; when the server says it would drop confirmed links, ask first and, on a
  // yes, post it again saying so. Null when the person said no.
  async function postEdit(url, data) {
    try {
      return await post(url, data);
    } catch (error) {
      const question = error.data?.error?.confirm;
      if (error.status !== 409 || !question) throw error;
      if (!(await ask(question.message, question.verb))) return null;
      return post(url, { ...data, confirmed_ok: "1" });
    }
  }

  // The confirm dialog: resolves true on its button or Enter, false on Cancel or Esc.
  function ask(message, verb) {
    const form = document.getElementById("confirm-form");
    const yes = document.getElementById("confirm-yes");
    document.getElementById("confirm-message").textContent = `${message} ${verb}?`;
    yes.querySelector(".verb").textContent = verb;
    return new Promise((resolve) => {
      let answer = false;
      const submitted = (event) => {
        event.preventDefault();
        answer = true;
        confirmDialog.close();
      };
      form.addEventListener("submit", submitted);
      confirmDialog.addEventListener("close", () => {
        form.removeEventListener("submit", submitted);
        resolve(answer);
      }, { once: true });
      confirmDialog.showModal();
      yes.focus();
    });
  }

  const linkUrl = (row, path) => `${root.dataset.linksUrl}/${row.dataset.link}/${path}`;

  // Post an edit, then fetch the window again around the link the server names.
  async function edit(url, data = {}, row = current) {
    if (busy) return say("Wait: the last edit is still being saved.", true);
    // the rows are shown again after an edit: not over unsaved wording, so not posted at all
    const kept = editorKept();
    if (kept) return say(kept, true);
    busy = true;
    const index = row ? Number(row.dataset.index) : null;
    row?.classList.add("is-busy");
    try {
      const result = await postEdit(url, data);
      if (result === null) {
        row?.classList.remove("is-busy");
        row?.focus({ preventScroll: true });
        return say("Nothing changed: the confirmed links stay as they are.");
      }
      if (result.focus != null) {
        // the link the server names (for an undo, maybe far from here): its window, and in
        // it that link or, when the filter hides it, the row where it would be
        await loadWindow({ at: result.focus }, { id: result.focus, block: "jump" });
      } else {
        await loadWindow({ offset: windowInfo().offset }, { id: row?.dataset.link, index });
      }
      say(result.message || "Done.");
    } catch (error) {
      row?.classList.remove("is-busy");
      say(error.message, true);
    } finally {
      busy = false;
    }
  }

  // An edit of the current row. A merge or shift joins the row with a neighbour (`towards`:
  // "previous" or "next"): the page sends the id of the link it showed there (the row's
  // data-previous / data-next, as the server rendered the window), so that a neighbour
  // replaced meanwhile (another tab, another person) is refused, not joined unseen.
  function onRow(path, data, towards = null) {
    return () => {
      if (!current) return say("No link is focused: move to one with j or k.", true);
      const seen = towards ? current.dataset[towards] : "";
      return edit(linkUrl(current, path), seen ? { ...data, neighbour: seen } : data);
    };
  }

  // q: the next row with QA findings; in this window if there is one, else the server knows.
  function nextFinding() {
    if (atSentences) {
      return say("QA findings are shown on paragraph links: switch to paragraph level (Level: paragraphs) to step through them.", true);
    }
    const all = rows();
    const start = current ? all.indexOf(current) + 1 : 0;
    const row = all.slice(start).find((r) => Number(r.dataset.findings) > 0);
    if (row) {
      focusRow(row, { block: "center" });
      return say(`QA findings: link ${Number(row.dataset.index) + 1}.`);
    }
    const params = new URLSearchParams(filters);
    if (current) params.set("after", current.dataset.link);
    return jumpTo(`${root.dataset.nextFindingUrl}?${params}`);
  }

  function nextSuspicious() {
    return jumpTo(`${root.dataset.suspiciousUrl}?${filters}`);
  }

  // Ask the server for a link ({link, index, message}) and focus it, paging if needed.
  async function jumpTo(url) {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      const data = await response.json();
      if (data.link == null) return say(data.message);
      const row = document.getElementById(`link-${data.link}`);
      if (row) focusRow(row, { block: "center" });
      else await loadWindow({ at: data.link }, { id: data.link, block: "center" });
      say(data.message);
    } catch (error) {
      say(error.message, true);
    }
  }

  // -- split --------------------------------------------------------------------------------

  function paragraphs(row, side) {
    return Array.from(row.querySelectorAll(`.cell.${side} p.text[data-position]`));
  }

  // Text quoted in a dialog keeps its language and direction (right-to-left stays readable).
  function languageOf(source, target) {
    target.lang = source.closest("[lang]")?.lang || "";
    target.dir = "auto";
  }

  function excerpt(text) {
    const chars = Array.from(text);
    return chars.length > 90 ? `${chars.slice(0, 90).join("")}…` : text;
  }

  // One radio per possible boundary: after none, after the first, …, after all paragraphs.
  function boundaryChoices(fieldset, side, start, end, texts) {
    fieldset.querySelectorAll("label, p").forEach((node) => node.remove());
    const size = end - start;
    const preset = size <= 1 ? end : start + Math.ceil(size / 2);
    for (let at = start; at <= end; at += 1) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = side;
      input.value = String(at);
      input.checked = at === preset;
      const words = document.createElement("span");
      const title = document.createElement("strong");
      title.textContent = at === start ? "nothing: all go to the second part" : `${unitSign} ${at}`;
      words.append(title);
      if (at > start) {
        const text = document.createElement("span");
        text.className = "excerpt";
        text.textContent = ` ${excerpt(texts[at - start - 1].textContent)}`;
        languageOf(texts[at - start - 1], text);
        words.append(text);
      }
      label.append(input, words);
      fieldset.append(label);
    }
  }

  function openSplit() {
    const row = current;
    if (!row) return say("No link is focused: move to one with j or k.", true);
    const d = row.dataset;
    const [s0, s1, t0, t1] = [d.srcStart, d.srcEnd, d.tgtStart, d.tgtEnd].map(Number);
    if (s1 - s0 <= 1 && t1 - t0 <= 1) {
      return say(`This link has at most one ${noun} on each side: there is nothing to split (x detaches them).`, true);
    }
    boundaryChoices(document.getElementById("split-source"), "src_at", s0, s1, paragraphs(row, "source"));
    boundaryChoices(document.getElementById("split-target"), "tgt_at", t0, t1, paragraphs(row, "target"));
    document.getElementById("split-hint").textContent =
      `Link ${Number(d.index) + 1}: the first part keeps the ${noun}s up to the chosen ones, the second part the rest.`;
    splitDialog.dataset.link = d.link;
    splitDialog.showModal();
    // the keyboard starts on the chosen boundary, not on the first (unchosen) radio
    const sides = Array.from(splitDialog.querySelectorAll("fieldset"));
    const choosing = sides.find((side) => side.querySelectorAll("input").length > 1) || sides[0];
    choosing?.querySelector("input:checked")?.focus();
  }

  document.getElementById("split-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const row = document.getElementById(`link-${splitDialog.dataset.link}`);
    splitDialog.close();
    if (!row) return;
    edit(linkUrl(row, "split"), {
      src_at: form.elements.src_at?.value ?? row.dataset.srcStart,
      tgt_at: form.elements.tgt_at?.value ?? row.dataset.tgtStart,
    }, row);
  });

  // -- flags --------------------------------------------------------------------------------

  const paragraphOf = (node) =>
    (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest("p.text[data-position]");

  // a triple-clicked paragraph is that paragraph (selection.js)
  const trimmedEnd = (range) => window.workbenchSelection.trimmedEnd(range, paragraphOf);

  // The selected text as a span: side, paragraph position and code-point offsets in that
  // paragraph's text (what the server indexes by), or null when nothing is selected.
  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = trimmedEnd(selection.getRangeAt(0));
    const first = paragraphOf(range.startContainer);
    if (!first || first !== paragraphOf(range.endContainer)) {
      return { error: "Select text inside one paragraph to flag a span." };
    }
    const before = document.createRange();
    before.selectNodeContents(first);
    before.setEnd(range.startContainer, range.startOffset);
    const start = Array.from(before.toString()).length;
    const quote = range.toString();
    return {
      element: first,
      side: first.dataset.side,
      position: Number(first.dataset.position),
      start,
      end: start + Array.from(quote).length,
      quote,
    };
  }

  function openFlag() {
    if (!root.dataset.canFlag) return say("Your role may not raise flags.", true);
    if (atSentences) {
      return say("Flags are raised on paragraphs: switch to paragraph level (Level: paragraphs) to flag this text.", true);
    }
    const span = selectedSpan();
    if (span?.error) return say(span.error, true);
    const row = span ? span.element.closest("li.link-row") : current;
    if (!row) return say("No link is focused: move to one with j or k.", true);
    focusRow(row, { scroll: false, keepFocus: Boolean(span) });
    // the quote is the selected text, or words typed (the server finds them in the link)
    flagTarget = { link_id: Number(row.dataset.link), span };
    const what = document.getElementById("flag-what");
    const link = `Link ${Number(row.dataset.index) + 1}`;
    showFlagError("");
    if (span) {
      what.textContent = `${link}: the words selected in ${span.side} paragraph ${span.position + 1}. Change the quote to flag other words of the link.`;
      quoteField.value = span.quote;
      sideField.value = span.side;
    } else {
      what.textContent = `${link}: type the exact words to flag (or select them in a paragraph before pressing f).`;
      quoteField.value = "";
    }
    occurrenceField.value = "1";
    quoteLanguage();
    countOccurrences();
    flagDialog.showModal();
    quoteField.focus();
  }

  // The quote field takes the language (and so the spelling and the direction) of its side.
  function quoteLanguage() {
    const option = sideField.selectedOptions[0];
    quoteField.lang = option?.dataset.lang || "";
    quoteField.dir = "auto";
  }
  sideField.addEventListener("change", () => {
    quoteLanguage();
    countOccurrences();
  });
  quoteField.addEventListener("input", () => countOccurrences());

  // How often typed words occur in a link's paragraphs of one side, as the server counts them:
  // compared as stored (NFC) without the white space around them, every place they begin.
  function occurrences(row, side, words) {
    let count = 0;
    if (!row || !words) return count;
    for (const paragraph of paragraphs(row, side)) {
      const text = paragraph.textContent;
      for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) count += 1;
    }
    return count;
  }

  // Typed words the link holds more than once: say how often, and ask which of them to flag
  // (the first unless told otherwise). A selection as it was is flagged where it was selected.
  function countOccurrences() {
    const span = flagTarget?.span;
    const asSelected = span && quoteField.value === span.quote && sideField.value === span.side;
    const words = quoteField.value.normalize("NFC").trim();
    const row = flagTarget && document.getElementById(`link-${flagTarget.link_id}`);
    const count = asSelected ? 0 : occurrences(row, sideField.value, words);
    const several = count > 1;
    document.getElementById("flag-occurrence-field").hidden = !several;
    occurrenceField.disabled = !several;
    occurrenceField.max = several ? String(count) : "";
    if (several && Number(occurrenceField.value) > count) occurrenceField.value = String(count);
    const said = several
      ? `“${excerpt(words)}” occurs ${count} times in the ${sideField.value} text of this link: Occurrence says which one to flag (1 is the first, in reading order).`
      : "";
    if (occurrencesSaid.textContent !== said) occurrencesSaid.textContent = said;
  }

  function showFlagError(message, field = null) {
    flagError.textContent = message;
    flagError.hidden = !message;
    for (const input of [quoteField, occurrenceField]) {
      input.toggleAttribute("aria-invalid", Boolean(message) && field === input);
    }
    if (message && field) field.focus();
  }

  let raising = false;
  document.getElementById("flag-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const target = flagTarget;
    if (!target || raising) return;
    const body = {
      link_id: target.link_id,
      category: form.elements.category.value,
      severity: form.elements.severity.value,
      comment: form.elements.comment.value,
    };
    const quote = quoteField.value;
    const side = sideField.value;
    const { span } = target;
    if (span && quote === span.quote && side === span.side) {
      // the selection as it was: its exact place
      Object.assign(body, { side, position: span.position, start: span.start, end: span.end });
    } else if (quote.trim()) {
      Object.assign(body, { side, quote });
      // which of the words' occurrences, when the link holds them more than once
      if (!occurrenceField.disabled) {
        body.occurrence = occurrenceField.value === "" ? 1 : Number(occurrenceField.value);
      }
    }
    const occurring = body.occurrence ? `, occurrence ${body.occurrence} of ${occurrenceField.max}` : "";
    raising = true;
    try {
      const flag = await post(root.dataset.flagsUrl, body, { json: true });
      flagDialog.close();
      form.elements.comment.value = "";
      const where = flag.span_side
        ? `, on “${excerpt(flag.quote)}” (${flag.span_side} paragraph ${flag.span_position + 1}${occurring})`
        : ", on the whole link";
      await showAgain(target.link_id, `Flag raised: ${body.category}, ${body.severity}${where}.`);
    } catch (error) {
      // refused (words the link does not hold, an occurrence past the last, …): say why in
      // the dialog, which stays open, on the field to change
      let field = body.quote != null ? quoteField : null;
      if (body.occurrence != null && error.message.startsWith("occurrence")) field = occurrenceField;
      if (flagDialog.open) showFlagError(error.message, field);
      else say(error.message, true);
    } finally {
      raising = false;
    }
  });

  // -- sentences ----------------------------------------------------------------------------

  async function toggleSentences(row = current) {
    if (atSentences) return say("These are the sentence links already: each row is one sentence link.");
    const box = row?.querySelector(".sentences");
    const button = row?.querySelector("button.expand");
    if (!box || !button) return;
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      return;
    }
    if (!box.dataset.loaded) {
      try {
        const parsed = await fetchHtml(linkUrl(row, "sentences"));
        box.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.adoptNode(n)));
        box.dataset.loaded = "yes";
      } catch (error) {
        return say(error.message, true);
      }
    }
    box.hidden = false;
    button.setAttribute("aria-expanded", "true");
  }

  // -- text at sentence level ---------------------------------------------------------------

  // Text is revised per paragraph: open the paragraph link holding the focused sentence link
  // at paragraph level (?at= a sentence link opens its paragraph link) with its editor open,
  // focused on the paragraph holding the sentence (?segment=: its target paragraph's id; a
  // paragraph link may hold many).
  function editParagraph() {
    if (!root.dataset.canEditText) return say("Your role may not propose revisions.", true);
    if (!current) return say("No link is focused: move to one with j or k.", true);
    const params = new URLSearchParams({ level: "paragraph", at: current.dataset.link, edit: "1" });
    const held = current.querySelector(".cell.target .segment[data-paragraph]")?.dataset.paragraph;
    if (held) params.set("segment", held);
    say("Text is revised per paragraph: opening the paragraph link of this sentence link…");
    location.assign(`${root.dataset.pageUrl}?${params}`);
  }

  // -- a row's controls ----------------------------------------------------------------------

  // What the keyboard reaches inside a row: its disclosures, buttons and links as shown (a
  // closed disclosure's content and the inline editor's own fields excepted), in reading order.
  function controlsOf(row) {
    const shown = (control) => {
      const box = control.closest("details");
      const inside = box && !(control.tagName === "SUMMARY" && control.parentElement === box);
      return !(inside && !box.open) && control.getClientRects().length > 0;
    };
    return Array.from(row.querySelectorAll("summary, button, a[href]")).filter(
      (control) => !control.disabled && !control.closest("form") && shown(control),
    );
  }

  // → / ←: from the row to its first control and on, and back; Esc: back to the row.
  function stepControl(target, by) {
    const row = target.closest("li.link-row");
    const list = controlsOf(row);
    const at = target === row ? -1 : list.indexOf(target.closest("summary, button, a[href]"));
    const next = at + by;
    if (next === -1) focusRow(row, { scroll: false });
    else if (next >= 0 && next < list.length) list[next].focus();
  }

  // w: the aligner's reasons for the current row, shown (and focused) or hidden again.
  function toggleReasons() {
    if (!current) return say("No link is focused: move to one with j or k.", true);
    const reasons = current.querySelector("details.reasons");
    if (!reasons) return say(`The aligner gave no reasons for link ${Number(current.dataset.index) + 1}.`);
    reasons.open = !reasons.open;
    reasons.querySelector("summary").focus();
  }

  // -- where the keys work, and whether the letters do ---------------------------------------

  const SHORTCUTS = "workbench.review.shortcuts";
  const shortcutsBox = document.getElementById("shortcuts-on");
  let shortcutsOn = true;
  let toldOff = false;
  try {
    shortcutsOn = localStorage.getItem(SHORTCUTS) !== "off";
  } catch {
    // no storage (a private window, a policy): the letters are on for this page
  }

  function setShortcuts(on, { announce = true } = {}) {
    shortcutsOn = on;
    shortcutsBox.checked = on;
    root.classList.toggle("shortcuts-off", !on);
    try {
      localStorage.setItem(SHORTCUTS, on ? "on" : "off");
    } catch {
      // not remembered, but in force on this page
    }
    if (!announce) return;
    const message = on
      ? "Keyboard shortcuts are on: the single-letter keys act on the current link while the focus is in the list of links."
      : "Keyboard shortcuts are off: letters do nothing; the arrow keys, Enter and the toolbar's buttons still work.";
    document.getElementById("shortcuts-said").textContent = message;
    say(message);
  }
  setShortcuts(shortcutsOn, { announce: false });
  shortcutsBox.addEventListener("change", () => setShortcuts(shortcutsBox.checked));

  // The grid: a row (or anything inside it), or what the window says when it shows no row.
  const inGrid = (element) => Boolean(element.closest?.("#window li.link-row, #window > p.empty"));

  // -- wiring -------------------------------------------------------------------------------

  const actions = {
    confirm: onRow("confirm"),
    unconfirm: onRow("unconfirm"),
    "merge-next": onRow("merge", { direction: "next" }, "next"),
    "merge-previous": onRow("merge", { direction: "previous" }, "previous"),
    split: openSplit,
    "shift-target-up": onRow("shift", { side: "target", direction: "up" }, "previous"),
    "shift-target-down": onRow("shift", { side: "target", direction: "down" }, "next"),
    "shift-source-up": onRow("shift", { side: "source", direction: "up" }, "previous"),
    "shift-source-down": onRow("shift", { side: "source", direction: "down" }, "next"),
    detach: onRow("detach"),
    realign: onRow("realign"),
    flag: openFlag,
    // The inline text editor lives in revisions.js; it hears of the focused row by an event.
    edit: () => (atSentences ? editParagraph() : root.dispatchEvent(new CustomEvent("review:edit", { detail: { row: current } }))),
    undo: () => edit(root.dataset.undoUrl, {}, current),
    suspicious: nextSuspicious,
    "next-finding": nextFinding,
    // The glossary dialog lives in qa.js; it hears of the focused row by an event.
    glossary: () => root.dispatchEvent(new CustomEvent("review:glossary", { detail: { row: current } })),
    help: () => helpDialog.showModal(),
    reasons: toggleReasons,
    sentences: () => toggleSentences(),
    down: () => move(1),
    up: () => move(-1),
  };
  const KEYS = {
    j: "down", k: "up", ArrowDown: "down", ArrowUp: "up",
    c: "confirm", m: "merge-next", M: "merge-previous", s: "split",
    u: "shift-target-up", d: "shift-target-down", U: "shift-source-up", D: "shift-source-down",
    x: "detach", r: "realign", f: "flag", e: "edit", z: "undo", n: "suspicious", "?": "help", Enter: "sentences",
    q: "next-finding", g: "glossary", w: "reasons",
  };

  // The command letter a key press names. The letters are those of a Latin layout: one that
  // types another script (Russian, Greek, Arabic…) gives its own letter in event.key, so there
  // the physical key names it (event.code "KeyM": m, with Shift M), where the letter is on an
  // English keyboard. Caps Lock does not turn a lowercase command into its uppercase one (m
  // merge with the next link into M merge with the previous): with Caps Lock on, Shift says
  // which. Any other key (Enter, the arrows, ?) is itself.
  //
  // Some of those layouts type ASCII punctuation on a few letter keys: Hebrew's Q and W keys
  // give / and ', Greek's Q key ; — so q (next finding) and w (reasons) would be lost there.
  // On a layout whose letter keys type another script, punctuation typed on a Key[A-Z] code is
  // that physical letter too; on a Latin one it stays itself (AZERTY's , on the M key is no m).
  // Which layout is on: navigator.keyboard.getLayoutMap() (Chromium) says what each physical
  // key types, asked when the page loads and whenever the window gets the focus back; the key
  // presses themselves say it too, and the latest says it best (a translator switches layouts
  // while working): a letter key (without AltGr) typing another script's letter means such a
  // layout, one typing a lowercase Latin letter without Shift or Caps Lock a Latin one (Shift
  // on a Hebrew layout may type Latin capitals). Without that API (other browsers) and before
  // any such key press, punctuation is itself.
  const LATIN = /\p{Script=Latin}/u;
  const otherLetter = (typed) => /^\p{L}/u.test(typed) && !LATIN.test(typed);
  const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
  const PHYSICAL = /^Key([A-Z])$/;
  let otherScript = false; // the letter keys type another script than Latin
  let pressed = 0; // key presses that said so, so that an older answer of the API is not taken
  function askLayout() {
    const asked = pressed;
    navigator.keyboard?.getLayoutMap?.().then((layout) => {
      if (pressed !== asked) return;
      let other = 0;
      let latin = 0;
      for (const [code, typed] of layout) {
        if (!PHYSICAL.test(code)) continue;
        if (otherLetter(typed)) other += 1;
        else if (LATIN.test(typed)) latin += 1;
      }
      if (other + latin) otherScript = other > latin;
    }, () => {}); // not allowed here (a frame, a policy): the key presses tell
  }
  askLayout();
  window.addEventListener("focus", askLayout);
  // Every key press, in a field too, says which layout is on (capture: before it is acted on).
  document.addEventListener("keydown", (event) => {
    const key = event.key || "";
    if (!PHYSICAL.test(event.code || "") || event.getModifierState?.("AltGraph")) return;
    if (otherLetter(key)) otherScript = true;
    else if (/^[a-z]$/.test(key) && !event.shiftKey && !event.getModifierState?.("CapsLock")) otherScript = false;
    else return;
    pressed += 1;
  }, true);
  function commandKey(event) {
    const key = event.key || "";
    if (/^[A-Za-z]$/.test(key)) {
      if (!event.getModifierState?.("CapsLock")) return key;
      return event.shiftKey ? key.toUpperCase() : key.toLowerCase();
    }
    const physical = PHYSICAL.exec(event.code || "");
    // another script's letter: not a Latin layout's letter or punctuation (AZERTY's , is on
    // KeyM; Hebrew's / on KeyQ is q), nor what AltGr types on a letter key (µ on AltGr+M)
    if (!physical || KEYS[key] || LATIN.test(key) || event.getModifierState?.("AltGraph")) return key;
    if (/^[\x20-\x7e]*$/.test(key) && !(otherScript && PUNCTUATION.test(key))) return key;
    return event.shiftKey ? physical[1] : physical[1].toLowerCase();
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    // typing (the inline editor is a form in a row), a dialog, or outside the grid: not ours
    if (target.closest?.("input, textarea, select, [contenteditable], dialog, form")) return;
    if (document.querySelector("dialog[open]") || !inGrid(target)) return;
    const row = target.closest("li.link-row");
    if (row && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      event.preventDefault();
      return stepControl(target, event.key === "ArrowRight" ? 1 : -1);
    }
    if (row && event.key === "Escape" && target !== row) {
      event.preventDefault();
      return focusRow(row, { scroll: false });
    }
    const key = commandKey(event);
    const action = KEYS[key];
    if (!action) return;
    if (key.length === 1 && !shortcutsOn) {
      // a letter while the letters are off: said once, so that nobody wonders why
      if (!toldOff) say("Keyboard shortcuts are off: turn them on in the Keys dialog (the toolbar's Keys button).");
      toldOff = true;
      return;
    }
    if (event.key === "Enter" && target.closest("a, button, summary")) return;
    if (event.key.startsWith("Arrow") && !row) return;
    event.preventDefault();
    actions[action]();
  });

  // The row the focus enters (Tab, a screen reader, a click on one of its controls) becomes
  // the current row, the one the keys and the toolbar act on; where the page stands stays.
  root.addEventListener("focusin", (event) => {
    const row = event.target.closest?.("#window li.link-row");
    if (row && row !== current) focusRow(row, { scroll: false, keepFocus: true });
  });

  // The skip links: to the current row (so that the keys work at once), or the toolbar's first
  // button; without this script they are plain links to the two parts. They stand before the
  // site's header (the page's first Tab stops), outside the review's root.
  document.querySelector(".skip-links").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-skip]");
    if (!link) return;
    if (link.dataset.skip === "toolbar") {
      const first = toolbar.querySelector("button:not(:disabled)");
      if (!first) return;
      event.preventDefault();
      first.focus();
      return;
    }
    const row = current || rows()[0];
    event.preventDefault();
    if (row) focusRow(row, { block: "jump" });
    else placeFocus();
  });

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    const row = event.target.closest("li.link-row");
    if (row && row !== current) {
      const selecting = !window.getSelection().isCollapsed;
      focusRow(row, { scroll: false, keepFocus: selecting });
    }
    if (button) {
      event.preventDefault();
      if (button.dataset.action === "sentences") toggleSentences(row);
      else actions[button.dataset.action]?.();
      return;
    }
    const pager = event.target.closest(".pager a[data-offset], a.first-page[data-offset]");
    if (pager) {
      event.preventDefault();
      const offset = Number(pager.dataset.offset);
      loadWindow({ offset }, { index: offset, block: "start" }).catch((error) => say(error.message, true));
    }
  });

  document.getElementById("bulk-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const data = { threshold: event.target.elements.threshold.value };
    // the links the page shows: the same filters, at the same level
    for (const name of ["status", "below", "q", "flagged", "qa", "level"]) {
      if (filters.get(name)) data[name] = filters.get(name);
    }
    edit(root.dataset.bulkUrl, data, current);
  });

  flagDialog.addEventListener("close", () => showFlagError(""));

  for (const dialog of [splitDialog, flagDialog, helpDialog, confirmDialog]) {
    dialog.addEventListener("click", (event) => {
      if (event.target.closest("[data-close]")) dialog.close();
    });
  }

  // Ctrl+Enter (Cmd+Enter) submits a review dialog's form from any field, as in the inline
  // editor: a comment's textarea takes a plain Enter as a new line.
  for (const dialog of root.querySelectorAll("dialog")) {
    dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      const form = event.target.closest("form") || dialog.querySelector("form");
      if (!form) return;
      event.preventDefault();
      form.requestSubmit();
    });
  }

  // revisions.js asks for the window again after proposing a revision, qa.js after adding a
  // glossary term.
  root.addEventListener("review:reload", (event) => {
    showAgain(event.detail.link, event.detail.message || "Done.");
  });

  // Open where the URL says (?at=<link id>), else on the first row.
  const focusId = win().dataset.focus;
  const opened = new URLSearchParams(location.search);
  const editAtOpen = opened.get("edit") === "1";
  placeFocus({ id: focusId || null, scroll: Boolean(focusId), block: "center" });

  // ?edit=1 (from e at sentence level): open the editor on that row once revisions.js, a
  // later deferred script, listens, on the paragraph ?segment= names.
  if (editAtOpen && focusId && current?.dataset.link === focusId) {
    const row = current;
    const segment = opened.get("segment");
    document.addEventListener("DOMContentLoaded", () => {
      root.dispatchEvent(new CustomEvent("review:edit", { detail: { row, segment } }));
    });
  }
})();
