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
// result.
if (window.htmx) {
  window.htmx.defineExtension("replace-sheet", {
    handleSwap: (swapStyle, target, fragment) => {
      if (swapStyle !== "replace-sheet") return false;
      const added = [...fragment.childNodes];
      target.replaceChildren(fragment);
      return added;
    },
  });
}
