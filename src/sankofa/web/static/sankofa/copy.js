// Progressive enhancement: a copy button beside every [data-copy] element.
// Without JavaScript the text stays selectable; nothing else depends on this file.
document.querySelectorAll("[data-copy]").forEach(function (el) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = el.dataset.copyLabel || "Copy";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(el.textContent.trim()).then(function () {
      button.textContent = el.dataset.copiedLabel || "Copied";
      setTimeout(function () { button.textContent = el.dataset.copyLabel || "Copy"; }, 2000);
    });
  });
  el.insertAdjacentElement("afterend", button);
});
