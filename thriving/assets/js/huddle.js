// The running huddle: after htmx saves an agenda item and swaps it in, the keyboard stays where
// the person was. Focus goes back to the same control in the new item (found by its id); if the
// item came back with a problem, to its error summary; if the control is gone or hidden (a closed
// "Add an action"), to the item itself.
let saving = null;

document.body.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail.target;
  if (!target || !target.classList.contains("thriving-agenda-item")) {
    return;
  }
  const active = document.activeElement;
  saving = { item: target.id, control: active && target.contains(active) ? active.id : "" };
});

function shown(element) {
  return element.getClientRects().length > 0 && !element.closest("details:not([open]) > :not(summary)");
}

document.body.addEventListener("htmx:afterSettle", () => {
  if (!saving) {
    return;
  }
  const { item: itemId, control: controlId } = saving;
  saving = null;
  const item = document.getElementById(itemId);
  if (!item) {
    return;
  }
  const problem = item.querySelector(".govuk-error-summary");
  const control = controlId ? document.getElementById(controlId) : null;
  if (problem) {
    problem.focus();
  } else if (control && item.contains(control) && shown(control)) {
    control.focus();
  } else {
    item.focus();
  }
});
