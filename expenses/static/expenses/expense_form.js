// Live calculation and extra rows for the expense forms. No build step, no framework.
(function () {
  "use strict";
  var form = document.getElementById("expense-form");
  if (!form) { return; }
  var amountOut = document.getElementById("preview-amount");
  var linesOut = document.getElementById("preview-lines");
  var errorsOut = document.getElementById("preview-errors");
  var isReceipt = form.getAttribute("data-preview-url").indexOf("kind=receipt") !== -1;
  var timer = null;
  var latest = 0;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addRow(section) {
    var prefix = section.getAttribute("data-prefix");
    var total = section.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var html = section.querySelector("template.empty-row").innerHTML.replace(/__prefix__/g, total.value);
    section.querySelector(".rows").insertAdjacentHTML("beforeend", html);
    total.value = String(Number(total.value) + 1);
  }

  function fill(list, items) {
    list.textContent = "";
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  function showVatRates(rates) {
    if (!rates) { return; }
    form.querySelectorAll("select[name$='-vat_rate']").forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        option.disabled = rates.indexOf(option.value) === -1;
      });
    });
  }

  function render(data) {
    showVatRates(data.vat_rates);
    if (!data.ok) {
      amountOut.textContent = "–";
      fill(linesOut, []);
      var messages = [];
      Object.keys(data.errors || {}).forEach(function (key) {
        data.errors[key].forEach(function (text) { messages.push(key + ": " + text); });
      });
      fill(errorsOut, messages);
      return;
    }
    fill(errorsOut, []);
    amountOut.textContent = data.amount_eur + " €";
    // Receipts: the currency conversion (if any) and then each line's VAT split; allowances: the
    // calculation's own explanation lines.
    var lines = data.explanation.slice();
    if (isReceipt) {
      lines = lines.concat(data.lines.map(function (line, i) {
        return "#" + (i + 1) + ": " + line.amount_eur + " € = " + line.net + " + VAT " + line.vat;
      }));
    }
    fill(linesOut, lines);
  }

  function preview() {
    var body = new FormData(form);
    body.delete("file");
    var ticket = ++latest;
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (ticket === latest) { render(data); } })
      .catch(function () { /* The saved calculation is authoritative; a failed preview is harmless. */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.querySelectorAll(".formset .add-row").forEach(function (button) {
    button.addEventListener("click", function () { addRow(button.closest(".formset")); });
  });
  preview();
})();
