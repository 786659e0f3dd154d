// Progressive enhancement only: without this file the amount, account number and transfer
// message are plain text to select. Where the Clipboard API is available, the "Copy" buttons
// beside them appear and copy the bare value (the amount in digits, as banking apps take it).
(function () {
  if (!(navigator.clipboard && window.isSecureContext)) { return; }
  document.querySelectorAll(".vietqr__copy[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
