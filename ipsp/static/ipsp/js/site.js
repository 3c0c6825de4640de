// Progressive enhancement shared by every page; everything works without it.
(function () {
  "use strict";
  // The language menu is a <details>: close it on Escape or on a click elsewhere.
  function closeMenus(except) {
    document.querySelectorAll(".language-switcher details[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest(".language-switcher details"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector(".language-switcher details[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
