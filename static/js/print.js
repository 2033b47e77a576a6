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

// A task for when the browser has nothing more pressing to do, at most 100 ms from now (Safari, which
// has no requestIdleCallback: soon after).
const whenIdle = (task) => (window.requestIdleCallback ? requestIdleCallback(task, { timeout: 100 }) : setTimeout(task));

// The model page's result in place arrives by the "replace-sheet" swap (an htmx extension). htmx's
// own innerHTML swap visits every element it removes, two events each, to undo what it set up on
// them; a result sheet has nothing of that kind, and that visit of the drawing's hundreds of SVG
// elements took longer than all the rest the browser does for a new result. Nor is the new sheet
// handed back to htmx to set up: it is the result page's own sheet, which works without JavaScript
// and carries no htmx attributes (its forms and links are plain), and htmx's walk of it (an XPath
// search of every attribute for hx-on handlers, then events per form) was a tenth of the browser's
// work for a new result.
//
// The first result replaces the page's sheet, if any, whole. Once the page shows a sheet, it names
// that sheet's unmarked nomogram when it asks (the Nomogram-Base header: the definition version and
// language), and, when they match, the answer carries only what differs from patient to patient:
// the sheet's parts (data-sheet-part), each put in place of its namesake, so headings, notices,
// provenance and the drawing are neither sent, parsed nor laid out again. The drawings among those
// parts carry an empty <g data-in-page> where the unmarked drawing goes, and the page's is moved in.
if (window.htmx) {
  // The model page with the values of an answer in place goes in the address bar once the answer is
  // painted (the Workspace-Address header; see calculator/views.py for why not htmx's own), when the
  // browser next has nothing more pressing to do (at most 100 ms later): changing the address costs
  // the page 1 to 2 ms, much more on a busy machine, which would otherwise come straight after the
  // frame, ahead of whatever comes next (the next change, the benchmark's mark of the frame done).
  document.addEventListener("htmx:afterRequest", (event) => {
    const address = event.detail.xhr.getResponseHeader("Workspace-Address");
    if (address) requestAnimationFrame(() => whenIdle(() => history.replaceState(history.state, "", address)));
  });
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
      if (fragment.querySelector("[data-sheet-patch]")) {
        fragment.querySelectorAll("[data-sheet-part]").forEach((part) => {
          target.querySelector(`[data-sheet-part="${part.dataset.sheetPart}"]`).replaceWith(part);
        });
        return [];
      }
      target.replaceChildren(fragment);
      return [];
    },
  });
}
