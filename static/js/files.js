// Downloads page: the request form's month field, and the progress of files being built.
(function () {
  "use strict";
  // Each report asks for its period (month, quarter, reporting year); the roster is of today.
  var form = document.getElementById("file-request-form");
  if (!form) { return; }
  var periodField = {report: "month-field", quarterly: "quarter-field", annual: "year-field"};
  function syncKind() {
    var kind = form.querySelector("input[name=kind]:checked").value;
    Object.keys(periodField).forEach(function (name) {
      document.getElementById(periodField[name]).hidden = name !== kind;
    });
    document.getElementById("roster-help").hidden = kind !== "roster";
  }
  form.addEventListener("change", syncKind);
  syncKind();

  // Poll the small status endpoint while anything is being built; reload when one is ready.
  var rows = document.querySelectorAll("[data-file-id]");
  if (!rows.length) return;
  var ids = Array.prototype.map.call(rows, function (row) { return row.dataset.fileId; });
  var url = form.dataset.statusUrl + "?ids=" + ids.join(",");
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      var finished = false, running = false;
      data.files.forEach(function (file) {
        var row = document.querySelector('[data-file-id="' + file.id + '"]');
        if (!row) return;
        row.querySelector("progress").value = file.progress;
        row.querySelector("[data-role=label]").firstChild.textContent = file.status_label + " ";
        row.querySelector("[data-role=percent]").textContent = file.progress;
        if (file.status === "done" || file.status === "failed") finished = true; else running = true;
      });
      if (finished) window.location.reload();
      else if (running) window.setTimeout(poll, 1500);
    });
  }
  window.setTimeout(poll, 1000);
})();
