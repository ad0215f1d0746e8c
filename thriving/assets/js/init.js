// Starts the GOV.UK Frontend components and tells htmx to send Django's CSRF token.
import { initAll } from "../govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.content;
  }
});
