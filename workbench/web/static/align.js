// The align form as a background job: start it, poll its progress, then show the result in the
// page: the alignments (with the new or redrawn map) are fetched again and put in place, and
// the keyboard focus goes to the alignment's heading, while the live message says what
// happened and links to the review page and to the map. Without this script the form posts
// normally and the server redirects to the page's #alignment-<id> when done.
(function () {
  "use strict";
  const form = document.querySelector("form.align");
  if (!form) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const status = form.querySelector(".align-status");
  const bar = status.querySelector("progress");
  const count = status.querySelector(".align-count");
  const message = form.querySelector(".align-message");
  const button = form.querySelector("button[type=submit]");
  const json = { Accept: "application/json", "X-CSRF-Token": token };

  // The message is a live region: it changes only when there is news (not with every count),
  // so a screen reader reads "Aligning…" once and then the outcome.
  function say(...parts) {
    message.replaceChildren(...parts);
  }

  function fail(text) {
    say(text);
    status.hidden = true;
    button.disabled = false;
    message.focus();
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  // The page's alignments and recent activity as the server draws them now; the heading of
  // the alignment, or null when the page could not be fetched.
  async function refresh(alignment) {
    const response = await fetch(location.pathname, {
      headers: { Accept: "text/html" }, credentials: "same-origin",
    });
    if (!response.ok) return null;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["alignment-list", "activity"]) {
      const fresh = page.getElementById(id);
      const old = document.getElementById(id);
      if (fresh && old) old.replaceWith(document.adoptNode(fresh));
    }
    return document.getElementById("alignment-heading-" + alignment);
  }

  async function done(job) {
    bar.max = 1;
    bar.value = 1;
    count.textContent = "";
    const heading = await refresh(job.alignment).catch(() => null);
    button.disabled = false;
    const review = link(job.review_url, "Review the alignment");
    if (heading) {
      say(`Aligned: alignment ${job.alignment} is ready for review, its map is above. `,
        review, " · ", link("#alignment-" + job.alignment, "Go to its map"));
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    } else {
      // a new query makes the link load the page (a link to this page's own #anchor would
      // only scroll, and the new alignment is not in this copy of the page)
      const reload = `${location.pathname}?aligned=${job.alignment}#alignment-${job.alignment}`;
      say(`Aligned: alignment ${job.alignment} is ready for review. `,
        review, " · ", link(reload, "Reload this page for its map"));
      message.focus();
    }
  }

  async function poll(url) {
    const response = await fetch(url, { headers: json, credentials: "same-origin" });
    const job = await response.json();
    if (!response.ok) return fail(job.error ? job.error.message : "Error " + response.status);
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
      count.textContent = `${job.done} of ${job.total}`;
    }
    if (job.state === "done") return done(job);
    if (job.state === "error") return fail("The alignment failed: " + job.error);
    if (message.textContent !== "Aligning…") say("Aligning…");
    setTimeout(() => poll(url).catch((e) => fail("Network error: " + e.message)), 500);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // the button is disabled while the job runs, which would drop the focus on the page's
    // body: it waits on the message instead
    button.disabled = true;
    status.hidden = false;
    bar.removeAttribute("value");
    count.textContent = "";
    say("Starting…");
    message.focus();
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: json, credentials: "same-origin",
      });
      const body = await response.json();
      if (!response.ok) return fail(body.error ? body.error.message : "Error " + response.status);
      await poll(body.status_url);
    } catch (error) {
      fail("Network error: " + error.message);
    }
  });
})();
