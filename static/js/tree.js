// The 组织树 on a node page: each level is HTML rendered by the server (names escaped there),
// fetched when its branch first opens. Without script the page keeps its links and tiles.
(function () {
  "use strict";
  var root = document.querySelector(".tree[data-children-url]");
  if (!root || !window.fetch) { return; }

  function load(slot, url, onFail) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) { slot.innerHTML = html; })
      .catch(onFail);
  }

  function failed(slot) {
    return function () {
      slot.textContent = root.getAttribute("data-failed") || "";
      slot.classList.add("error");
    };
  }

  // The first level replaces the tiles; if it cannot be read, the tiles stay.
  load(root, root.getAttribute("data-children-url"), function () {});

  // "toggle" does not bubble: listen in the capture phase for every branch, present and future.
  document.addEventListener("toggle", function (event) {
    var branch = event.target;
    if (!branch.matches || !branch.matches(".tree details[data-children-url]")) { return; }
    if (!branch.open || branch.getAttribute("data-loaded")) { return; }
    branch.setAttribute("data-loaded", "1");
    var slot = branch.querySelector(".tree-slot");
    load(slot, branch.getAttribute("data-children-url"), failed(slot));
  }, true);
})();
