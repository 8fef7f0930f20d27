// After a form that returns to a place on its page (#finding-…, #flag-…, #findings-top,
// #alignment-…), put the keyboard focus there, so keyboard and screen-reader users go on from
// where they acted instead of from the top; a link to a place on the same page (#check-…, the
// align form's "Go to its map") moves the focus there too, not only the view. And let the
// page's message be announced (it is in the page from the start, which screen readers do not
// read out as news).
"use strict";

(() => {
  function focusPlace() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }
  focusPlace();
  window.addEventListener("hashchange", focusPlace);
  const flashes = document.querySelector("ul.flashes");
  if (flashes && flashes.children.length) {
    const items = Array.from(flashes.children);
    flashes.setAttribute("aria-live", "polite");
    flashes.replaceChildren();
    setTimeout(() => flashes.append(...items), 100);
  }
})();
