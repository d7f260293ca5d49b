// The searchable employer picker of the union form.
// Chips carry hidden <input name="employers">; the server re-validates every id against the
// same scoped queryset, so this script only makes choosing comfortable.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function initPicker(root) {
    var input = root.querySelector(".picker-input");
    var results = root.querySelector(".picker-results");
    var chips = root.querySelector(".chips");
    var name = root.dataset.name;
    var active = -1;
    var lastQuery = null;
    var request = 0;

    function chosenIds() {
      return Array.prototype.map.call(chips.querySelectorAll("input[type=hidden]"), function (i) {
        return i.value;
      });
    }

    function addChip(item) {
      if (chosenIds().indexOf(String(item.id)) !== -1) return;
      var chip = el("li", "chip");
      chip.dataset.id = item.id;
      chip.appendChild(el("span", "chip-name", item.name));
      chip.appendChild(document.createTextNode(" "));
      chip.appendChild(el("small", "mono", item.credit_code));
      var remove = el("button", "chip-remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", root.dataset.remove + " " + item.name);
      chip.appendChild(remove);
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = item.id;
      chip.appendChild(hidden);
      chips.appendChild(chip);
    }

    function close() {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function highlight(index) {
      var options = results.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (o, i) { o.classList.toggle("active", i === active); });
      options[active].scrollIntoView({ block: "nearest" });
    }

    function render(items) {
      results.innerHTML = "";
      var chosen = chosenIds();
      var shown = items.filter(function (item) { return chosen.indexOf(String(item.id)) === -1; });
      if (!shown.length) {
        results.appendChild(el("li", "picker-empty", root.dataset.empty));
      }
      shown.forEach(function (item) {
        var li = el("li", "picker-option");
        li.setAttribute("role", "option");
        li.appendChild(el("span", "picker-option-name", item.name));
        li.appendChild(el("span", "picker-option-meta mono", item.credit_code + " · " + item.node));
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
          addChip(item);
          input.value = "";
          close();
          input.focus();
        });
        results.appendChild(li);
      });
      results.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    var search = debounce(function (q) {
      var mine = ++request;
      var url = root.dataset.url + (root.dataset.url.indexOf("?") === -1 ? "?" : "&") +
        "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === request) render(data.results); })
        .catch(function () { if (mine === request) render([]); });
    }, 200);

    input.addEventListener("input", function () {
      lastQuery = input.value.trim();
      search(lastQuery);
    });
    input.addEventListener("focus", function () { search(input.value.trim()); });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") {
        // Enter picks the highlighted result instead of submitting the whole form.
        var options = results.querySelectorAll("[role=option]");
        if (!results.hidden && options.length) {
          event.preventDefault();
          var target = options[active >= 0 ? active : 0];
          target.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
        }
      }
    });
    chips.addEventListener("click", function (event) {
      if (event.target.classList.contains("chip-remove")) {
        event.target.closest(".chip").remove();
        input.focus();
      }
    });
  }

  document.querySelectorAll(".picker").forEach(initPicker);
})();
