// The interactive API docs: Swagger UI (vendored) shows the OpenAPI document the page names.
// A static file, not an inline script, so the Content Security Policy can forbid inline scripts.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: container.dataset.openapiUrl, domNode: container, deepLinking: true });
})();
