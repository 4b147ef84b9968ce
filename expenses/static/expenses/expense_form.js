// Live calculation and extra rows for the expense forms. No build step, no framework.
(function () {
  "use strict";
  var form = document.getElementById("expense-form");
  if (!form) { return; }
  var amountOut = document.getElementById("preview-amount");
  var linesOut = document.getElementById("preview-lines");
  var errorsOut = document.getElementById("preview-errors");
  var isReceipt = form.getAttribute("data-preview-url").indexOf("kind=receipt") !== -1;
  var vatLabel = form.getAttribute("data-vat-label") || "VAT";
  var timer = null;
  var latest = 0;
  // Names of the fields the person has changed: the preview speaks only of those, so a new form does
  // not open with "This field is required" under everything not typed yet.
  var touched = {};

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addRow(section) {
    var prefix = section.getAttribute("data-prefix");
    var total = section.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var most = Number(section.querySelector("input[name=" + prefix + "-MAX_NUM_FORMS]").value);
    if (Number(total.value) >= most) { return; }
    var html = section.querySelector("template.empty-row").innerHTML.replace(/__prefix__/g, total.value);
    section.querySelector(".rows").insertAdjacentHTML("beforeend", html);
    total.value = String(Number(total.value) + 1);
    // The server refuses more rows than an expense may have: the button stops offering them.
    section.querySelector(".add-row").disabled = Number(total.value) >= most;
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

  // "lines.0.amount" → the field named "lines-0-amount"; a form-wide key ("__all__", "lines") → "".
  // null: a field not changed yet, whose error is not shown before the form is submitted.
  function labelOf(key) {
    var name = key.replace(/\.(\d+)\./, "-$1-");
    var field = form.elements[name];
    if (!field || !field.id) {
      // A form-wide message, or one about a whole group of rows ("lines"): once that part was touched.
      var names = Object.keys(touched);
      var started = key === "__all__" ? names.length > 0 : names.some(function (n) { return n.indexOf(key + "-") === 0; });
      return started ? "" : null;
    }
    if (!touched[name]) { return null; }
    var label = form.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  var language = document.documentElement.lang || "en";

  function money(text) {
    return Number(text).toLocaleString(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " €";
  }

  // A row left at "Purchase type's default" shows the percent it will get: the class's rate on the date.
  function showDefaultVat(defaults) {
    if (!defaults) { return; }
    form.querySelectorAll("select[name$='-vat_rate']").forEach(function (select) {
      var option = select.querySelector("option[value='']");
      var type = form.elements[select.name.replace(/vat_rate$/, "purchase_type")];
      if (!option) { return; }
      if (!option.getAttribute("data-label")) { option.setAttribute("data-label", option.textContent); }
      var percent = type ? defaults[type.value] : null;
      var shown = percent ? Number(percent).toLocaleString(language) + " %" : "";
      option.textContent = option.getAttribute("data-label") + (shown ? " (" + shown + ")" : "");
    });
  }

  function render(data) {
    showVatRates(data.vat_rates);
    showDefaultVat(data.default_vat_rates);
    if (!data.ok) {
      amountOut.textContent = "–";
      fill(linesOut, []);
      var messages = [];
      Object.keys(data.errors || {}).forEach(function (key) {
        var label = labelOf(key);
        if (label === null) { return; }
        data.errors[key].forEach(function (text) { messages.push(label ? label + ": " + text : text); });
      });
      fill(errorsOut, messages);
      return;
    }
    fill(errorsOut, []);
    amountOut.textContent = money(data.amount_eur);
    // Receipts: the currency conversion (if any) and then each line's VAT split; allowances: the
    // calculation's own explanation lines.
    var lines = data.explanation.slice();
    if (isReceipt) {
      lines = lines.concat(data.lines.map(function (line, i) {
        return "#" + (i + 1) + ": " + money(line.amount_eur) + " = " + money(line.net) + " + " + vatLabel + " " + money(line.vat);
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

  function schedule(event) {
    var name = event && event.target ? event.target.name || "" : "";
    if (name) { touched[name] = true; }
    if (/-purchase_type$/.test(name) && event.type === "change") {
      // A newly chosen purchase type brings its own default VAT.
      var vat = form.elements[name.replace(/purchase_type$/, "vat_rate")];
      if (vat) { vat.value = ""; }
    }
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
