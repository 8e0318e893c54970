// The scoring page's live total: the sum of the figures typed so far, updated on each keystroke. Texts come from
// the output's data attributes; without JavaScript the page shows the saved total after each save instead.
(() => {
  "use strict";
  const start = () => {
    const output = document.getElementById("live-total");
    const form = output && output.closest("form");
    if (!form) return;
    const inputs = Array.from(form.querySelectorAll("input[data-max]"));
    const text = (template, values) =>
      Object.keys(values).reduce((result, key) => result.split(`{${key}}`).join(values[key]), template);
    const update = () => {
      let sum = 0;
      let missing = 0;
      let invalid = 0;
      inputs.forEach((input) => {
        const raw = input.value.trim().replace("，", ".").replace("。", ".");
        if (raw === "") {
          missing += 1;
          return;
        }
        const value = Number(raw);
        if (!Number.isFinite(value) || value < 0 || value > Number(input.dataset.max)) {
          invalid += 1;
          return;
        }
        sum += value;
      });
      let message = text(output.dataset.template, { total: sum.toFixed(2), max: output.dataset.max });
      if (missing) message += text(output.dataset.missing, { count: String(missing) });
      if (invalid) message += text(output.dataset.invalid, { count: String(invalid) });
      output.textContent = message;
    };
    inputs.forEach((input) => input.addEventListener("input", update));
    output.hidden = false;
    update();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
