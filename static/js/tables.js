// On a phone a table's rows become cards (static/css/app.css); each cell is labelled with its
// column's heading, copied here from the table's head so that templates need not repeat it.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.table:not(.table-scroll)");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.querySelectorAll("thead tr:first-child > th");
    if (!heads.length) { return; }
    var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.querySelectorAll("tbody > tr"), function (tr) {
      var column = 0;
      Array.prototype.forEach.call(tr.children, function (cell) {
        if (!cell.hasAttribute("data-label") && labels[column]) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
