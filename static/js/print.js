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
