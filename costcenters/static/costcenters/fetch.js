// "Fetch data" without leaving the page: post, show progress, poll the status, then reload.
// Without JavaScript the form posts normally and the page shows the same status.
(function () {
  "use strict";
  var form = document.getElementById("fetch-form");
  var status = document.getElementById("fetch-status");
  if (!form || !status) return;
  var POLL_MS = 1000;
  var pressed = false;

  function show(data) {
    status.textContent = data.summary;
    status.className = "fetch-status " + data.status_class;
  }

  function finish(data) {
    show(data);
    // The list below changed; reload it (the page then shows the same summary under "Last fetch").
    window.setTimeout(function () { window.location.reload(); }, 300);
  }

  function poll(url) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.open && data.state !== "paused") {
          // After a press the page already says "Fetching…": going back to "Waiting to start…"
          // while the worker picks the fetch up would read as a step backwards.
          if (!(pressed && data.state === "queued")) show(data);
          window.setTimeout(function () { poll(url); }, POLL_MS);
        } else {
          finish(data);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(url); }, POLL_MS * 3); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    pressed = true;
    status.textContent = form.dataset.progress;
    status.className = "fetch-status";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data.open && data.state !== "paused") poll(data.status_url);
        else finish(data);
      })
      .catch(function () { form.submit(); });
  });

  if (status.dataset.statusUrl) poll(status.dataset.statusUrl);
})();
