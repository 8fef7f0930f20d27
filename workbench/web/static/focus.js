// After a form that returns to a place on its page (#finding-…, #flag-…, #findings-top,
// #alignment-…), put the keyboard focus there, so keyboard and screen-reader users go on from
// where they acted instead of from the top; a link to a place on the same page (#check-…, the
// align form's "Go to its map") moves the focus there too, not only the view. And let the
// page's message be announced (it is in the page from the start, which screen readers do not
// read out as news): its list becomes a polite live region, emptied and filled again. Unless
// the place the focus lands on is named by the message (aria-labelledby, as the QA report's
// next finding is): then a screen reader says it as the focus lands, and saying it again
// would only repeat it; the place drops that name once the focus leaves it (the message stays
// on the page).
"use strict";

(() => {
  function focusPlace() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    return target || null;
  }
  const place = focusPlace();
  window.addEventListener("hashchange", focusPlace);
  const namedBy = (element) => (element?.getAttribute("aria-labelledby") || "").split(/\s+/);
  for (const flashes of document.querySelectorAll("ul.flashes")) {
    if (!flashes.children.length) continue;
    flashes.setAttribute("aria-live", "polite");
    if (flashes.id && place && place === document.activeElement && namedBy(place).includes(flashes.id)) {
      place.addEventListener("blur", () => place.removeAttribute("aria-labelledby"), { once: true });
      continue;
    }
    const items = Array.from(flashes.children);
    flashes.replaceChildren();
    setTimeout(() => flashes.append(...items), 100);
  }
})();
