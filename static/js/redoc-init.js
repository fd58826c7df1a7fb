// Redoc (templates/drf_spectacular/redoc.html) started from a file, not inline script: the schema URL
// and settings come from the container's data attributes.
(function () {
  "use strict";
  var box = document.getElementById("redoc-container");
  if (!box || !window.Redoc) return;
  window.Redoc.init(box.getAttribute("data-schema-url"), JSON.parse(box.getAttribute("data-settings") || "{}"), box);
})();
