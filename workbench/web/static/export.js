// The export menu's slow formats (PDF, DOCX, EPUB: data-slow) as background jobs, as align.js
// does for aligning: start a job (data-jobs), show its progress in the form, then download the
// file. Other formats download at once. Without this script the menu's GET carries
// progress=page, and the server shows the job's progress on the exports page instead.
// The menu partial brings this script along, so it may run more than once on a page: each
// form is set up once.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const json = { Accept: "application/json", "X-CSRF-Token": token };

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function setUp(form) {
    form.dataset.exportReady = "1";
    const slow = (form.dataset.slow || "").split(" ");
    const status = form.querySelector(".export-status");
    const bar = status.querySelector("progress");
    const count = status.querySelector(".export-count");
    const message = form.querySelector(".export-message");
    const button = form.querySelector("button[type=submit]");

    // The message is a live region: it changes only when there is news (not with every page
    // laid out), so a screen reader reads "Making the PDF…" once and then the outcome.
    function say(...parts) {
      message.replaceChildren(...parts);
    }

    function fail(text) {
      say(text);
      status.hidden = true;
      button.disabled = false;
      message.focus();
    }

    function show(job) {
      bar.max = job.total;
      bar.value = job.done;
      count.textContent = job.message;
      const news = `Making the ${job.what}…`;
      if (message.textContent !== news) say(news);
    }

    function done(job) {
      status.hidden = true;
      button.disabled = false;
      say("Ready: ", link(job.download_url, `download the ${job.what}`),
        " (the download starts by itself).");
      message.focus();
      location.assign(job.download_url);
    }

    async function poll(url) {
      const response = await fetch(url, { headers: json, credentials: "same-origin" });
      const job = await response.json();
      if (!response.ok) return fail(job.error ? job.error.message : "Error " + response.status);
      return follow(job);
    }

    function follow(job) {
      if (job.state === "done") return done(job);
      if (job.state === "error") return fail("The export failed: " + job.error);
      show(job);
      setTimeout(() => poll(job.status_url).catch((e) => fail("Network error: " + e.message)), 500);
    }

    // Options the chosen format (data-formats) or an edition would ignore are disabled, so
    // they are not sent: the server refuses them (400), as the CLI refuses such options.
    function fit() {
      const format = form.elements.format.value;
      for (const control of form.querySelectorAll("[data-formats]")) {
        control.disabled = !control.dataset.formats.split(" ").includes(format);
      }
      const approved = form.elements.approved;
      const edition = form.elements.edition;
      if (approved && edition) approved.disabled = edition.value !== "draft";
    }
    form.addEventListener("change", fit);
    fit();

    form.addEventListener("submit", async (event) => {
      if (!slow.includes(form.elements.format.value)) return;
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
        const response = await fetch(form.dataset.jobs, {
          method: "POST", body: new FormData(form), headers: json, credentials: "same-origin",
        });
        const job = await response.json();
        if (!response.ok) return fail(job.error ? job.error.message : "Error " + response.status);
        follow(job);
      } catch (error) {
        fail("Network error: " + error.message);
      }
    });
  }

  document.querySelectorAll("form.export-menu:not([data-export-ready])").forEach(setUp);
})();
