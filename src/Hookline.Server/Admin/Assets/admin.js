// Small enhancements only: every page works without this script.
(function () {
  "use strict";
  // Times arrive in UTC; show them in the browser's zone and keep UTC in the tooltip.
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) {
      el.textContent = d.toLocaleString(undefined, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    }
  });
  // "Sign out" is a link for the eye but a POST with the antiforgery token for the server.
  var form = document.getElementById("signout-form");
  document.querySelectorAll("a[data-signout]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (!form) { return; }
      e.preventDefault();
      form.submit();
    });
  });
  // A copy button copies the text of the field it names; without script the field can still be selected by hand.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy") + "-status");
      if (!field) { return; }
      field.select();
      var done = function () { if (status) { status.textContent = "Copied"; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
