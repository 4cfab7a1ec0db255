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
})();
