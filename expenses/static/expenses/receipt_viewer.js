// The receipt viewer on the expense page: a thumbnail opens its large preview in a dialog.
// Without script (or without <dialog>) the thumbnail is a plain link to the same picture.
(function () {
  "use strict";
  var viewer = document.querySelector("dialog.receipt-viewer");
  if (!viewer || typeof viewer.showModal !== "function") { return; }
  var image = viewer.querySelector(".receipt-viewer-image");
  var download = viewer.querySelector(".receipt-viewer-download");
  var links = document.querySelectorAll("a.receipt-preview");
  for (var i = 0; i < links.length; i += 1) {
    links[i].addEventListener("click", function (event) {
      var thumbnail = this.querySelector("img");
      event.preventDefault();
      image.src = this.href;
      image.alt = thumbnail ? thumbnail.alt : "";
      download.href = this.getAttribute("data-download");
      viewer.showModal();
    });
  }
  // A click on the dimmed backdrop (the dialog itself, outside its content) closes it, as Esc does.
  viewer.addEventListener("click", function (event) {
    if (event.target === viewer) { viewer.close(); }
  });
  viewer.addEventListener("close", function () { image.removeAttribute("src"); });
})();
