// The phone menu: a checkbox opens it without script; this adds what script can (the state
// read aloud, the keyboard, Escape and a tap outside to close it).
(function () {
  "use strict";
  var toggle = document.getElementById("nav-toggle");
  var button = document.querySelector(".nav-toggle-button");
  if (!toggle || !button) { return; }
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  function close() { if (toggle.checked) { toggle.checked = false; sync(); } }
  toggle.addEventListener("change", sync);
  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      toggle.checked = !toggle.checked;
      sync();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
  });
  document.addEventListener("click", function (event) {
    if (toggle.checked && !event.target.closest(".topbar")) { close(); }
  });
  sync();
})();
