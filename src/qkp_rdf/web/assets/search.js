// The index page's search box: matches the names in search.json (fetched relative to the page,
// so the site works from any folder), entirely offline. Results are built as DOM nodes with
// textContent: a name in the data is never parsed as HTML.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!form || !box || !list) { return; }
  var entries = null;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function show(items, message) {
    list.textContent = "";
    if (message) {
      var note = document.createElement("li");
      note.textContent = message;
      list.appendChild(note);
    }
    items.slice(0, 50).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.doc + ".html";
      link.textContent = entry.label;
      var kind = document.createElement("small");
      kind.textContent = " " + entry.kind;
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
  }
  function search() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    if (!words.length) { show([], ""); return; }
    var found = entries.filter(function (entry) {
      var label = fold(entry.label);
      return words.every(function (word) { return label.indexOf(word) !== -1; });
    });
    show(found, found.length ? "" : "Nothing found.");
  }
  function load() {
    if (entries) { search(); return; }
    fetch("search.json").then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      entries = data.map(function (entry) { return entry; });
      search();
    }).catch(function () {
      show([], "The search index could not be loaded (serve the site over HTTP); the people index lists everyone.");
    });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  box.addEventListener("input", load);
})();
