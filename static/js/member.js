// Member page: "show full ID" asks the server (POST, recorded) and shows the answer in place.
(function () {
  "use strict";
  var form = document.getElementById("full-id-form");
  var target = document.getElementById("current-resident-id");
  if (!form || !target) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = document.querySelector('button[form="full-id-form"]');
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: {"Accept": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value}
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        target.textContent = data.resident_id;
        if (button) { button.hidden = true; }
      })
      .catch(function () { if (button) { button.disabled = false; } });
  });
})();
