// Zhifa shell behaviour. No inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // Ask before leaving a form with unsaved changes, so nothing typed is lost by accident.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-guard]").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (e) {
        if (dirty) { e.preventDefault(); e.returnValue = ""; }
      });
    });
    // Close the phone menu after choosing an entry.
    document.querySelectorAll(".sidebar a").forEach(function (a) {
      a.addEventListener("click", function () {
        var toggle = document.getElementById("nav-toggle");
        if (toggle) { toggle.checked = false; }
      });
    });
  });
})();
