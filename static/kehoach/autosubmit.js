/* A <select data-kh-autosubmit> submits its form when changed (no inline handler: CSP). */
(function () {
  if (window.khAutosubmitListening) { return; }  // Turbo runs this file again on every visit: listen once
  window.khAutosubmitListening = true;
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('[data-kh-autosubmit]') && target.form) {
      if (target.form.requestSubmit) { target.form.requestSubmit(); } else { target.form.submit(); }
    }
  });
})();
