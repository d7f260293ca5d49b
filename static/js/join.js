// 扫码入会: check a resident ID (GB 11643) as it is typed, before the form is sent; the server
// checks again. Also the poster page's print button.
(function () {
  "use strict";
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";

  function compact(value) { return (value || "").replace(/\s+/g, "").toUpperCase(); }

  function birthOk(id) {
    var y = +id.substr(6, 4), m = +id.substr(10, 2), d = +id.substr(12, 2);
    var date = new Date(y, m - 1, d);
    return y >= 1900 && date.getFullYear() === y && date.getMonth() === m - 1 &&
      date.getDate() === d && date <= new Date();
  }

  // "" when valid, else the reason (in Chinese: the public pages are for workers on a phone).
  function problem(value) {
    var id = compact(value);
    if (!id) { return "请填写身份证号码"; }
    if (!/^\d{17}[\dX]$/.test(id)) { return "身份证号码应为18位：17位数字加1位数字或X"; }
    if (!birthOk(id)) { return "身份证号码中的出生日期不正确"; }
    var sum = 0;
    for (var i = 0; i < 17; i++) { sum += (+id.charAt(i)) * WEIGHTS[i]; }
    if (CHECK.charAt(sum % 11) !== id.charAt(17)) { return "身份证号码校验位不正确，请逐位核对"; }
    return "";
  }

  var input = document.querySelector("input[data-resident-id]");
  var note = document.getElementById("resident-id-check");
  if (input && note) {
    var show = function (force) {
      var message = problem(input.value);
      input.setCustomValidity(message);
      var visible = message && (force || compact(input.value).length >= 18);
      note.textContent = visible ? message : "";
      note.hidden = !visible;
      input.closest(".field").classList.toggle("has-error", !!visible);
    };
    input.addEventListener("input", function () { show(false); });
    input.addEventListener("blur", function () { if (input.value) { show(true); } });
    input.form.addEventListener("submit", function (event) {
      show(true);
      if (problem(input.value)) { event.preventDefault(); input.focus(); }
    });
  }

  var print = document.getElementById("print-poster");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
