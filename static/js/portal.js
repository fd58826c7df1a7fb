// Behaviour every page shares, without inline script (the Content-Security-Policy allows none):
// - <select data-autosubmit> submits its form when changed (the language menu);
// - <button data-confirm="…"> asks before its form is submitted (e.g. withdrawing a proposal);
// - <form data-confirm-first> (decisions that cannot be undone: 立案, 退回, 交办 …): the server answers a first
//   POST with a page saying what will happen and a confirm button (that is what happens without this
//   script). Here the page is asked for in the background (X-Confirm-Preview: nothing is stored) and its
//   consequences are shown in a <dialog>; confirming submits the form with confirmed=1. A submit button with
//   data-no-confirm (staging a decision) submits at once.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  // Submit for real: with the pressed button's name and value, past this handler.
  function submitAnyway(form, submitter, confirmed) {
    if (submitter && submitter.name) hidden(form, submitter.name, submitter.value);
    if (confirmed) hidden(form, "confirmed", "1");
    form.dataset.confirmPassed = "1";
    form.submit();
  }

  function showDialog(form, submitter, doc) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("data-testid", "confirm-dialog");
    dialog.appendChild(document.importNode(doc.querySelector("[data-testid=consequences]"), true));
    var actions = document.createElement("div");
    actions.className = "actions";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.textContent = doc.querySelector("[data-testid=confirm-button]").textContent;
    ok.setAttribute("data-testid", "dialog-confirm");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "secondary";
    cancel.textContent = doc.querySelector("[data-testid=cancel-link]").textContent;
    actions.appendChild(ok);
    actions.appendChild(cancel);
    dialog.appendChild(actions);
    document.body.appendChild(dialog);
    ok.addEventListener("click", function () {
      ok.disabled = true;
      submitAnyway(form, submitter, true);
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.showModal();
    ok.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm-first]") || form.dataset.confirmPassed) return;
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-no-confirm")) return;
    if (!window.fetch || !window.DOMParser || typeof HTMLDialogElement === "undefined") return;
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-Confirm-Preview": "1" },
    }).then(function (response) {
      if (response.status !== 200) return null;
      return response.text();
    }).then(function (text) {
      var doc = text ? new DOMParser().parseFromString(text, "text/html") : null;
      if (doc && doc.querySelector("[data-testid=consequences]")) showDialog(form, submitter, doc);
      else submitAnyway(form, submitter, false);  // refused input: the server says why on the next page
    }).catch(function () { submitAnyway(form, submitter, false); });
  });
})();
