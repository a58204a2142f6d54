/* Reader actions without a page load. The forms work on their own (a POST and a redirect
   back); this only sends them in the background and updates the buttons in place. */
(function () {
  "use strict";
  if (window.newsstandReaderActions) return; // included once per action block
  window.newsstandReaderActions = true;

  function show(form, state) {
    if (!(form.dataset.field in state)) return;
    var on = String(state[form.dataset.field]) === form.dataset.onValue;
    form.querySelector("input[name=action]").value = on ? form.dataset.onAction : form.dataset.offAction;
    form.querySelector("button").textContent = on ? form.dataset.onLabel : form.dataset.offLabel;
    form.classList.toggle("is-on", on);
  }

  function announce(form, text) {
    var box = form.closest(".reader-actions");
    var status = (box || document).querySelector("[data-reader-status]");
    if (status) status.textContent = text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-reader-action]")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var done = button.textContent;
    button.disabled = true;
    // getAttribute: the form's <input name="action"> shadows the form.action property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        var group = form.closest("[data-reader-group]");
        var forms = group ? group.querySelectorAll("form[data-reader-action]") : [form];
        Array.prototype.forEach.call(forms, function (each) { show(each, state); });
        announce(form, done + ": done.");
        button.disabled = false;
        button.focus();
      })
      .catch(function () {
        form.submit(); // let the server answer the plain way
      });
  });

  // The system share sheet where the browser has one; the list of links stays for the rest.
  if (navigator.share) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), function (box) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "action-button";
      button.textContent = "Share";
      button.addEventListener("click", function () {
        navigator.share({ title: box.dataset.title, url: box.dataset.url }).catch(function () {});
      });
      box.hidden = true;
      box.parentNode.insertBefore(button, box);
    });
  }
})();
