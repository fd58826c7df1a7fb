// Review decision form (proposals/staff/_decision.html): show only the fields the chosen action needs.
// Without this script every field stays visible and the server checks what each action requires.
(function () {
  "use strict";
  var NEEDS = { merge: "merge_into", reject: "decline_ground", convert: "convert_to" };

  function box(form, name) {
    var input = form.querySelector('[name="' + name + '"], [name$="-' + name + '"]');
    return input ? input.closest("div") : null;
  }

  function update(form) {
    var select = form.querySelector('select[name="action"], select[name$="-action"]');
    if (!select) return;
    Object.keys(NEEDS).forEach(function (action) {
      var wrapper = box(form, NEEDS[action]);
      if (wrapper) wrapper.hidden = select.value !== action;
    });
  }

  function init(root) {
    root.querySelectorAll("form.decision-form").forEach(function (form) {
      if (form.dataset.decisionReady) return;
      form.dataset.decisionReady = "1";
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
