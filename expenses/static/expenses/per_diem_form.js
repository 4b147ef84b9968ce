// Per diem form: a text filter for the long country list, and the day-rate field shown only when the
// chosen country and year have no foreign per diem yet (the server decides; this only saves typing).
(function () {
  "use strict";
  var form = document.getElementById("expense-form");
  var select = form && form.querySelector("select[name=destination]");
  var figuresNode = document.getElementById("per-diem-figures");
  if (!select || !figuresNode) { return; }
  var figures = JSON.parse(figuresNode.textContent);
  var texts = document.getElementById("per-diem-texts").dataset;
  var field = function (name) { return form.querySelector("[name=" + name + "]"); };
  var rateInput = field("day_rate");
  var rateRow = rateInput && rateInput.closest(".field");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function addFilter() {
    var input = document.createElement("input");
    input.type = "search";
    input.id = "destination-filter";
    input.placeholder = texts.filterPlaceholder;
    input.setAttribute("aria-label", texts.filterLabel);
    input.setAttribute("aria-controls", select.id);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !wanted || option.value === "FI" || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !match;
        if (match && option.value !== "FI" && !first) { first = option; }
      });
      if (wanted && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    select.parentNode.insertBefore(input, select);
  }

  function cityKey(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  function needsRate() {
    var country = select.value;
    var departure = field("departure").value;
    var back = field("return_at").value;
    if (country === "FI" || !departure) { return false; }
    if (back && (new Date(back) - new Date(departure)) < 10 * 3600 * 1000) { return false; }
    var known = figures[departure.slice(0, 4)] || [];
    var city = cityKey(field("city").value || "");
    return known.indexOf(country) === -1 && (!city || known.indexOf(country + "/" + city) === -1);
  }

  function showRate() {
    if (!rateRow) { return; }
    var keep = rateInput.value || rateRow.querySelector(".errorlist");
    rateRow.hidden = !(keep || needsRate());
  }

  addFilter();
  ["destination", "departure", "return_at", "city"].forEach(function (name) {
    var input = field(name);
    if (input) { input.addEventListener("change", showRate); input.addEventListener("input", showRate); }
  });
  showRate();
})();
