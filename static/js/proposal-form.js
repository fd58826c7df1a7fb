// New/edit proposal form (proposals/member/form.html): the collective fields only matter for a
// collective proposal, so they are shown when that type is chosen. Without this script they stay visible.
(function () {
  "use strict";

  function init() {
    var kind = document.getElementById("id_kind"), box = document.getElementById("collective-fields");
    if (!kind || !box) return;
    function sync() { box.hidden = kind.value !== "collective"; }
    kind.addEventListener("change", sync);
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
