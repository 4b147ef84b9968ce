// Connect, Update and Check connection run in the background: while one runs, poll its status and
// show the progress; when it ended, load the page again, which shows the result and the new state.
// Without JavaScript the page says the same; reloading it shows the result.
(function () {
  "use strict";
  var status = document.getElementById("netvisor-job-status");
  if (!status || !status.dataset.statusUrl) return;
  var POLL_MS = 1000;

  function poll(url) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        status.textContent = data.summary;
        status.className = "fetch-status " + data.status_class;
        if (data.running) window.setTimeout(function () { poll(url); }, POLL_MS);
        else window.location.assign(data.page_url);
      })
      .catch(function () { window.setTimeout(function () { poll(url); }, POLL_MS * 3); });
  }

  poll(status.dataset.statusUrl);
})();
