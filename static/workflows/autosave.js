/* Tự động lưu dự thảo: posts the draft form (without its files) a few seconds after the last change.
 * The form carries data-autosave-url; the status shows in .kh-autosave-status. No inline script (CSP). */
(function () {
  "use strict";
  var DELAY_MS = 3000;

  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = document.querySelector(".kh-autosave-status");
    var timer = null;
    var busy = false;
    var again = false;

    function show(text, failed) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("kh-autosave-failed", !!failed);
    }

    function payload() {
      var data = new FormData(form);
      var names = [];
      data.forEach(function (value, name) { if (value instanceof File) { names.push(name); } });
      names.forEach(function (name) { data.delete(name); });
      return data;
    }

    function save() {
      if (busy) { again = true; return; }
      busy = true;
      var data = payload();
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") || "", "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok) {
          show(result.body.message || "", false);
        } else if (result.body.errors) {
          show(form.getAttribute("data-autosave-invalid") || "", true);
        } else {
          show(result.body.error || "", true);
        }
      }).catch(function () {
        show(form.getAttribute("data-autosave-offline") || "", true);
      }).then(function () {
        busy = false;
        if (again) { again = false; schedule(); }
      });
    }

    function schedule() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, DELAY_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-autosave-url]");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
