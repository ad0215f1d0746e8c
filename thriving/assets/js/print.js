// "Print this page" buttons: hidden until this script shows them (printing needs JavaScript, and a
// button that does nothing is worse than none), then each prints the page. No inline handlers.
for (const button of document.querySelectorAll("[data-thriving-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
