// The align form as a background job: start it, poll its progress, then link to the review
// page. Without this script the form posts normally and the server redirects when done.
(function () {
  "use strict";
  const form = document.querySelector("form.align");
  if (!form) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const status = form.querySelector(".align-status");
  const bar = status.querySelector("progress");
  const message = status.querySelector(".align-message");
  const button = form.querySelector("button[type=submit]");
  const json = { Accept: "application/json", "X-CSRF-Token": token };

  function finish(text) {
    message.textContent = text;
    button.disabled = false;
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  async function poll(url) {
    const response = await fetch(url, { headers: json, credentials: "same-origin" });
    const job = await response.json();
    if (!response.ok) return finish(job.error ? job.error.message : "Error " + response.status);
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
    }
    if (job.state === "done") {
      bar.max = 1;
      bar.value = 1;
      finish("Aligned. ");
      message.append(link(job.review_url, "Review the alignment"), " · ",
        link(location.pathname + "#alignment-" + job.alignment, "reload this page for its map"));
      return;
    }
    if (job.state === "error") return finish("The alignment failed: " + job.error);
    message.textContent = job.total ? `Aligning… ${job.done} of ${job.total}` : "Aligning…";
    setTimeout(() => poll(url).catch((e) => finish("Network error: " + e.message)), 500);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.hidden = false;
    bar.removeAttribute("value");
    message.textContent = "Starting…";
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: json, credentials: "same-origin",
      });
      const body = await response.json();
      if (!response.ok) return finish(body.error ? body.error.message : "Error " + response.status);
      await poll(body.status_url);
    } catch (error) {
      finish("Network error: " + error.message);
    }
  });
})();
