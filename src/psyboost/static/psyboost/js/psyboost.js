// Small progressive enhancements; every page works without this file.
// The one way a script reads the CSRF token: the <meta name="csrf-token"> of base.html.
window.psyboost = {
  csrfToken: () => document.querySelector('meta[name="csrf-token"]')?.content || "",
};

document.addEventListener("DOMContentLoaded", () => {
  // Bars drawn to a width given in pixels (no inline style: the Content-Security-Policy allows none).
  document.querySelectorAll("[data-width]").forEach((el) => {
    el.style.width = `${Number(el.dataset.width) || 0}px`;
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
