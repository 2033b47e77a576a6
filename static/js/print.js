// The "Print" button of a result sheet or worksheet, and whatever else needs this script to work
// (the model page's result in place): hidden until this script runs. A result sheet htmx puts on
// the model page later gets its button made to work then.
function enable(root) {
  root.querySelectorAll("[data-print-button][hidden]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
  root.querySelectorAll("[data-shown-by-script][hidden]").forEach((element) => {
    element.hidden = false;
  });
}

enable(document);
document.addEventListener("htmx:afterSettle", (event) => enable(event.detail.elt));

// The model page's result in place arrives by the "replace-sheet" swap (an htmx extension): the
// old sheet is dropped whole. htmx's own innerHTML swap visits every element it removes, two events
// each, to undo what it set up on them; a result sheet has nothing of that kind, and that visit of
// the drawing's hundreds of SVG elements took longer than all the rest the browser does for a new
// result. Nor is the new sheet handed back to htmx to set up: it is the result page's own sheet,
// which works without JavaScript and carries no htmx attributes (its forms and links are plain),
// and htmx's walk of it (an XPath search of every attribute for hx-on handlers, then events per
// form) was a tenth of the browser's work for a new result.
//
// The unmarked nomogram is the same for every patient: asking for a result in place, the page says
// which one it holds (the Nomogram-Base header), and the answer then carries only this patient's
// marks, with an empty <g data-in-page> where the drawing goes. The swap moves the page's drawing
// there, so it is neither sent, parsed, nor built again.
if (window.htmx) {
  document.addEventListener("htmx:configRequest", (event) => {
    const drawn = event.detail.target.querySelector("[data-nomogram-base]:not([data-in-page])");
    if (drawn) event.detail.headers["Nomogram-Base"] = drawn.dataset.nomogramBase;
  });
  window.htmx.defineExtension("replace-sheet", {
    handleSwap: (swapStyle, target, fragment) => {
      if (swapStyle !== "replace-sheet") return false;
      fragment.querySelectorAll("[data-nomogram-base][data-in-page]").forEach((slot) => {
        const { nomogramBase, panel } = slot.dataset;
        const selector = `[data-nomogram-base="${nomogramBase}"][data-panel="${panel}"]:not([data-in-page])`;
        slot.replaceWith(target.querySelector(selector));
      });
      target.replaceChildren(fragment);
      return [];
    },
  });
}
