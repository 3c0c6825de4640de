// Progressive enhancement of the initiative form. Without JavaScript everything works:
// organisation names are plain text, and the server prevents double submissions.
(function () {
  "use strict";

  // Organisation names: suggest organisations already in the directory.
  var list = document.getElementById("actor-suggestions");
  if (list && window.fetch) {
    var url = list.getAttribute("data-suggest-url");
    var timer = null;
    var last = "";
    var fill = function (results) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      results.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.name;
        list.appendChild(option);
      });
    };
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.hasAttribute || !input.hasAttribute("data-actor-suggest")) { return; }
      var query = input.value.trim();
      if (query.length < 2 || query === last) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        last = query;
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { "Accept": "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { fill(data.results || []); })
          .catch(function () { /* suggestions are a convenience; typing still works */ });
      }, 200);
    });
  }

  // One submission per click: a second click while the first is on its way does nothing.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-single-submit]"), function (form) {
    var sending = false;
    form.addEventListener("submit", function (event) {
      if (sending) { event.preventDefault(); return; }
      sending = true;
      window.setTimeout(function () { form.setAttribute("aria-busy", "true"); }, 0);
    });
  });
})();
