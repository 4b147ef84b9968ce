// "Select all on this page" for the Approvals table. Without script the rows are ticked one by one.
(function () {
  "use strict";
  var all = document.querySelector("input.select-all");
  if (!all) { return; }
  var rows = document.querySelectorAll("input[type=checkbox][name=expense]");
  all.hidden = false;
  all.addEventListener("change", function () {
    for (var i = 0; i < rows.length; i += 1) { rows[i].checked = all.checked; }
  });
})();
